//! K006: an unknown customs office code.

use super::Rule;
use super::known_codes::{header, report_unknown};
use crate::{CheckInput, Finding, Severity};

pub(crate) const RULE: Rule = Rule {
    code: "K006",
    severity: Severity::Error,
    title: ("关区代码无效", "unknown customs office code"),
    pages: pages!("K006"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let mut occurrences = header(input, "customs_office", |d| d.customs_office.as_ref());
    occurrences.extend(header(input, "port_office", |d| d.port_office.as_ref()));
    report_unknown(
        &RULE,
        occurrences,
        |code| input.data.codes.customs_office(code).is_some(),
        ("关区", "customs office"),
        out,
    );
}
