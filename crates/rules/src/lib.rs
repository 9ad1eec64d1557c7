//! The rule catalogue: every check a shipment goes through (CONTRACT §4).
//!
//! [`check`] takes a bundle and the reference data and returns the findings, ordered
//! deterministically. Each rule lives in its own file under `catalogue/`, with a stable code,
//! a severity and a bilingual page (`docs/rules/{zh,en}/CODE.md`) that `declarant explain`
//! prints.
//!
//! **Invariant:** rules do no IO, read no clock and no environment; the same input gives the
//! same findings.

pub mod catalogue;
mod compare;
mod conditions;
mod context;
mod finding;
mod name_fit;
mod report;

pub use catalogue::{RULES, Rule, rule};
pub use conditions::{Conditions, ConditionsError};
pub use context::{CheckInput, FitVerdict, NameFit, SuggestedCode};
pub use finding::{Finding, FindingJson, Severity, Shown, SuggestionJson};
pub use name_fit::CachedNameFit;
pub use report::{
    BundleReport, BundleReportJson, FileInputError, InputErrorJson, Report, ReportJson, Summary,
};

/// Checks one bundle against every rule of the catalogue.
pub fn check(input: &CheckInput<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in RULES {
        (rule.check)(input, &mut findings);
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}
