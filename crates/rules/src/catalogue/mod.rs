//! The catalogue: one file per rule, each with its code, severity, title, pages and check.
//!
//! To add a rule: write `catalogue/<code>_<what>.rs` with a `pub(crate) const RULE`, add it to
//! [`RULES`], write `docs/rules/zh/<CODE>.md` and `docs/rules/en/<CODE>.md`, and add fixtures
//! under `crates/rules/tests/fixtures/<CODE>/` that fire and that must stay silent.

use crate::{CheckInput, Finding, Severity};
use model::{DocumentKind, Lang, Text};

/// The two pages (Chinese, English) of a rule, from `docs/rules/`.
macro_rules! pages {
    ($code:literal) => {
        (
            include_str!(concat!("../../../../docs/rules/zh/", $code, ".md")),
            include_str!(concat!("../../../../docs/rules/en/", $code, ".md")),
        )
    };
}

mod c001_name_mismatch;
mod c002_quantity_mismatch;
mod c003_amount_mismatch;
mod c004_under_declared_total;
mod c005_gross_weight_deviation;
mod c006_net_exceeds_gross;
mod c007_agent_certificate_not_attached;
mod c008_package_count_mismatch;
mod c009_document_does_not_add_up;
mod c010_currency_mismatch;
mod c011_unmatched_line;
mod c012_transport_mismatch;
mod d001_missing_document;
mod d002_no_joint_liability_clause;
mod h001_code_not_ten_digits;
mod h002_code_not_in_tariff;
mod h003_name_does_not_fit_code;
mod h004_missing_declaration_element;
mod h005_legal_quantity;
mod k001_unknown_currency;
mod k002_unknown_country;
mod k003_unknown_unit;
mod k004_unknown_trade_mode;
mod k005_unknown_transaction_terms;
mod k006_unknown_customs_office;
mod k007_unknown_package_kind;
mod known_codes;
mod line_tolerance;
mod r001_lithium_without_un38_3;
mod r002_dangerous_goods_packaging;
mod r003_endangered_species_permit;
mod r004_regulatory_conditions;
mod r005_certificate_of_origin_mismatch;

/// A rule of the catalogue.
pub struct Rule {
    /// The stable code (`C003`), never reused.
    pub code: &'static str,
    /// The severity of its findings.
    pub severity: Severity,
    /// A one-line title: (Chinese, English).
    pub title: (&'static str, &'static str),
    /// The rule's page: (Chinese, English) Markdown with What / Why / How to fix / Example.
    pub pages: (&'static str, &'static str),
    /// The check itself: reads the input, appends findings.
    pub check: fn(&CheckInput<'_>, &mut Vec<Finding>),
}

impl Rule {
    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.title.0,
            Lang::En => self.title.1,
        }
    }

    /// The page in `lang`.
    pub fn page(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.pages.0,
            Lang::En => self.pages.1,
        }
    }

    /// A finding of this rule.
    pub(crate) fn finding(
        &self,
        message: Text,
        documents: Vec<DocumentKind>,
        path: impl Into<String>,
    ) -> Finding {
        Finding {
            rule: self.code,
            severity: self.severity,
            message,
            documents,
            path: path.into(),
            expected: None,
            actual: None,
            suggestions: Vec::new(),
        }
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("code", &self.code)
            .field("severity", &self.severity)
            .finish()
    }
}

/// Every rule, in code order.
pub static RULES: &[&Rule] = &[
    &d001_missing_document::RULE,
    &d002_no_joint_liability_clause::RULE,
    &c001_name_mismatch::RULE,
    &c002_quantity_mismatch::RULE,
    &c003_amount_mismatch::RULE,
    &c004_under_declared_total::RULE,
    &c005_gross_weight_deviation::RULE,
    &c006_net_exceeds_gross::RULE,
    &c007_agent_certificate_not_attached::RULE,
    &c008_package_count_mismatch::RULE,
    &c009_document_does_not_add_up::RULE,
    &c010_currency_mismatch::RULE,
    &c011_unmatched_line::RULE,
    &c012_transport_mismatch::RULE,
    &h001_code_not_ten_digits::RULE,
    &h002_code_not_in_tariff::RULE,
    &h003_name_does_not_fit_code::RULE,
    &h004_missing_declaration_element::RULE,
    &h005_legal_quantity::RULE,
    &r001_lithium_without_un38_3::RULE,
    &r002_dangerous_goods_packaging::RULE,
    &r003_endangered_species_permit::RULE,
    &r004_regulatory_conditions::RULE,
    &r005_certificate_of_origin_mismatch::RULE,
    &k001_unknown_currency::RULE,
    &k002_unknown_country::RULE,
    &k003_unknown_unit::RULE,
    &k004_unknown_trade_mode::RULE,
    &k005_unknown_transaction_terms::RULE,
    &k006_unknown_customs_office::RULE,
    &k007_unknown_package_kind::RULE,
];

/// The rule with `code` (case-insensitive).
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|rule| rule.code.eq_ignore_ascii_case(code.trim()))
}
