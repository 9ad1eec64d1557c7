//! C003: a line's amount differs from the declaration's by more than 3 %.

use super::Rule;
use super::line_tolerance::{LineValue, check_lines};
use crate::{CheckInput, Finding, Severity};

pub(crate) const RULE: Rule = Rule {
    code: "C003",
    severity: Severity::Error,
    title: (
        "金额与报关单相差超过 3%",
        "amount differs from the declaration by more than 3 %",
    ),
    pages: pages!("C003"),
    check,
};

const AMOUNT: LineValue = LineValue {
    declared: |line| line.amount,
    documented: |line| line.amount,
    field: "amount",
    label: ("金额", "amount"),
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    check_lines(&RULE, &AMOUNT, input, out);
}
