//! K001: an unknown currency code.

use super::Rule;
use super::known_codes::{Occurrence, Place, header, line_fields, report_unknown};
use crate::{CheckInput, Finding, Severity};
use model::DocumentKind;

pub(crate) const RULE: Rule = Rule {
    code: "K001",
    severity: Severity::Error,
    title: ("币制代码无效", "unknown currency code"),
    pages: pages!("K001"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let bundle = input.bundle;
    let mut occurrences = header(input, "currency", |d| d.currency.as_ref());
    occurrences.extend(line_fields(input, "currency", |l| l.currency.as_ref()));
    for (document, commercial) in [
        (DocumentKind::Invoice, &bundle.invoice),
        (DocumentKind::PackingList, &bundle.packing_list),
        (DocumentKind::Contract, &bundle.contract),
    ] {
        if let Some(code) = commercial.as_ref().and_then(|c| c.currency.as_deref()) {
            occurrences.push(Occurrence {
                document,
                path: Place::Field("currency"),
                code,
            });
        }
    }
    report_unknown(
        &RULE,
        occurrences,
        |code| input.data.codes.currency(code).is_some(),
        ("币制", "currency"),
        out,
    );
}
