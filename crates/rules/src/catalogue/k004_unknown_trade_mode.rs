//! K004: unknown trade mode (supervision mode) code.

use super::Rule;
use super::known_codes::{header, report_unknown};
use crate::{CheckInput, Finding, Severity};

pub(crate) const RULE: Rule = Rule {
    code: "K004",
    severity: Severity::Error,
    title: (
        "监管方式代码无效",
        "unknown trade mode (supervision mode) code",
    ),
    pages: pages!("K004"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let occurrences = header(input, "trade_mode", |d| d.trade_mode.as_ref());
    report_unknown(
        &RULE,
        occurrences,
        |code| input.data.codes.trade_mode(code).is_some(),
        ("监管方式", "trade mode"),
        out,
    );
}
