//! K003: an unknown unit-of-quantity code.

use super::Rule;
use super::known_codes::{line_fields, report_unknown};
use crate::{CheckInput, Finding, Severity};

pub(crate) const RULE: Rule = Rule {
    code: "K003",
    severity: Severity::Error,
    title: ("计量单位代码无效", "unknown unit code"),
    pages: pages!("K003"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let mut occurrences = line_fields(input, "unit", |l| l.unit.as_ref());
    occurrences.extend(line_fields(input, "legal_unit", |l| l.legal_unit.as_ref()));
    occurrences.extend(line_fields(input, "second_unit", |l| {
        l.second_unit.as_ref()
    }));
    report_unknown(
        &RULE,
        occurrences,
        |code| input.data.codes.unit_name(code).is_some(),
        ("计量单位", "unit"),
        out,
    );
}
