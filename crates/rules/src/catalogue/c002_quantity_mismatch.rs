//! C002: a line's quantity differs from the declaration's by more than 3 %.

use super::Rule;
use super::line_tolerance::{LineValue, check_lines};
use crate::{CheckInput, Finding, Severity};

pub(crate) const RULE: Rule = Rule {
    code: "C002",
    severity: Severity::Error,
    title: (
        "数量与报关单相差超过 3%",
        "quantity differs from the declaration by more than 3 %",
    ),
    pages: pages!("C002"),
    check,
};

const QUANTITY: LineValue = LineValue {
    declared: |line| line.quantity,
    documented: |line| line.quantity,
    field: "quantity",
    label: ("数量", "quantity"),
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    check_lines(&RULE, &QUANTITY, input, out);
}
