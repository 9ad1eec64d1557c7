//! C010: currencies differ between contract, invoice and declaration.

use super::Rule;
use crate::compare::{doc_en, doc_zh};
use crate::{CheckInput, Finding, Severity};
use model::{DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "C010",
    severity: Severity::Error,
    title: (
        "合同、发票与报关单币制不一致",
        "currencies differ between contract, invoice and declaration",
    ),
    pages: pages!("C010"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let bundle = input.bundle;
    let codes = &input.data.codes;
    // Old numeric and new alpha codes name the same currency: compare the ISO code.
    let canonical = |code: &str| {
        codes
            .currency(code)
            .map_or_else(|| code.to_string(), |c| c.iso3.to_string())
    };
    let declaration = bundle.declaration.as_ref();
    let stated = [
        (
            DocumentKind::Declaration,
            "declaration.currency".to_string(),
            declaration.and_then(|d| d.currency.clone()),
        ),
        (
            DocumentKind::Invoice,
            "invoice.currency".to_string(),
            bundle.invoice.as_ref().and_then(|d| d.currency.clone()),
        ),
        (
            DocumentKind::Contract,
            "contract.currency".to_string(),
            bundle.contract.as_ref().and_then(|d| d.currency.clone()),
        ),
    ];
    let Some((reference_doc, _, Some(reference_code))) =
        stated.iter().find(|(_, _, c)| c.is_some())
    else {
        return;
    };
    let reference = canonical(reference_code);
    let mut compare = |document: DocumentKind, path: String, code: &str, against: DocumentKind| {
        let actual = canonical(code);
        if actual == reference {
            return;
        }
        out.push(
            RULE.finding(
                Text::new(
                    format!(
                        "币制不一致：{}为 {actual}，{}为 {reference}",
                        doc_zh(document),
                        doc_zh(against)
                    ),
                    format!(
                        "currencies differ: {actual} on the {}, {reference} on the {}",
                        doc_en(document),
                        doc_en(against)
                    ),
                ),
                vec![against, document],
                path,
            )
            .values(reference.clone(), actual),
        );
    };
    for (document, path, code) in &stated {
        if let Some(code) = code
            && document != reference_doc
        {
            compare(*document, path.clone(), code, *reference_doc);
        }
    }
    if let Some(declaration) = declaration {
        for (index, line) in declaration.lines.iter().enumerate() {
            if let Some(code) = &line.currency {
                compare(
                    DocumentKind::Declaration,
                    format!("declaration.lines[{index}].currency"),
                    code,
                    *reference_doc,
                );
            }
        }
    }
}
