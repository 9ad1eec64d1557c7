//! C008: package counts differ between packing list, declaration and bill of lading.

use super::Rule;
use crate::compare::{doc_en, doc_zh};
use crate::{CheckInput, Finding, Severity};
use model::{DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "C008",
    severity: Severity::Error,
    title: ("件数不一致", "package counts differ"),
    pages: pages!("C008"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let bundle = input.bundle;
    let packing_list = bundle.packing_list.as_ref().and_then(|list| {
        list.packages.or_else(|| {
            let counts: Option<Vec<u64>> = list.lines.iter().map(|l| l.packages).collect();
            counts.filter(|c| !c.is_empty()).map(|c| c.iter().sum())
        })
    });
    let counts = [
        (
            DocumentKind::Declaration,
            "declaration.packages",
            bundle.declaration.as_ref().and_then(|d| d.packages),
        ),
        (
            DocumentKind::PackingList,
            "packing_list.packages",
            packing_list,
        ),
        (
            DocumentKind::BillOfLading,
            "bill_of_lading.packages",
            bundle.bill_of_lading.as_ref().and_then(|b| b.packages),
        ),
    ];
    // The first document that states a count is the reference (the declaration when it does).
    let Some(&(reference_doc, _, Some(reference))) =
        counts.iter().find(|(_, _, count)| count.is_some())
    else {
        return;
    };
    for &(document, path, count) in &counts[1..] {
        let Some(count) = count else { continue };
        if document == reference_doc || count == reference {
            continue;
        }
        out.push(
            RULE.finding(
                Text::new(
                    format!(
                        "件数不一致：{}为 {count} 件，{}为 {reference} 件",
                        doc_zh(document),
                        doc_zh(reference_doc)
                    ),
                    format!(
                        "package counts differ: {count} on the {}, {reference} on the {}",
                        doc_en(document),
                        doc_en(reference_doc)
                    ),
                ),
                vec![reference_doc, document],
                path,
            )
            .values(reference.to_string(), count.to_string()),
        );
    }
}
