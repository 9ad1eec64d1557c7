//! K007: unknown package kind code.

use super::Rule;
use super::known_codes::{header, report_unknown};
use crate::{CheckInput, Finding, Severity};

pub(crate) const RULE: Rule = Rule {
    code: "K007",
    severity: Severity::Error,
    title: ("包装种类代码无效", "unknown package kind code"),
    pages: pages!("K007"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let occurrences = header(input, "package_kind", |d| d.package_kind.as_ref());
    report_unknown(
        &RULE,
        occurrences,
        |code| input.data.codes.package_kind(code).is_some(),
        ("包装种类", "package kind"),
        out,
    );
}
