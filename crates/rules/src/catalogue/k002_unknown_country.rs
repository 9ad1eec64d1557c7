//! K002: an unknown country code.

use super::Rule;
use super::known_codes::{Occurrence, Place, header, line_fields, report_unknown};
use crate::{CheckInput, Finding, Severity};
use model::DocumentKind;

pub(crate) const RULE: Rule = Rule {
    code: "K002",
    severity: Severity::Error,
    title: ("国别（地区）代码无效", "unknown country code"),
    pages: pages!("K002"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let mut occurrences = header(input, "trade_country", |d| d.trade_country.as_ref());
    occurrences.extend(header(input, "destination_country", |d| {
        d.destination_country.as_ref()
    }));
    occurrences.extend(line_fields(input, "origin_country", |l| {
        l.origin_country.as_ref()
    }));
    occurrences.extend(line_fields(input, "destination_country", |l| {
        l.destination_country.as_ref()
    }));
    if let Some(certificate) = &input.bundle.certificate_of_origin {
        let document = DocumentKind::CertificateOfOrigin;
        if let Some(code) = certificate.origin_country.as_deref() {
            occurrences.push(Occurrence {
                document,
                path: Place::Field("origin_country"),
                code,
            });
        }
        for (index, line) in certificate.lines.iter().enumerate() {
            if let Some(code) = line.origin_country.as_deref() {
                occurrences.push(Occurrence {
                    document,
                    path: Place::Line(index, "origin_country"),
                    code,
                });
            }
        }
    }
    report_unknown(
        &RULE,
        occurrences,
        |code| input.data.codes.country(code).is_some(),
        ("国别", "country"),
        out,
    );
}
