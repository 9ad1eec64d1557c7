//! K005: unknown transaction terms code.

use super::Rule;
use super::known_codes::{header, report_unknown};
use crate::{CheckInput, Finding, Severity};

pub(crate) const RULE: Rule = Rule {
    code: "K005",
    severity: Severity::Error,
    title: ("成交方式代码无效", "unknown transaction terms code"),
    pages: pages!("K005"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let occurrences = header(input, "transaction_terms", |d| d.transaction_terms.as_ref());
    report_unknown(
        &RULE,
        occurrences,
        |code| input.data.codes.transaction_terms(code).is_some(),
        ("成交方式", "transaction terms"),
        out,
    );
}
