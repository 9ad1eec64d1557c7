//! C006: a net weight exceeds its gross weight (any document, header or line).

use super::Rule;
use crate::compare::{doc_en, doc_zh, show};
use crate::{CheckInput, Finding, Severity};
use model::{Decimal, DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "C006",
    severity: Severity::Error,
    title: ("净重大于毛重", "net weight exceeds gross weight"),
    pages: pages!("C006"),
    check,
};

/// The weights stated at one place of one document.
struct Weighed {
    document: DocumentKind,
    /// The line number, for a line's weights.
    line_no: Option<u32>,
    /// The line's index (`packing_list.lines[2]`), for a line's weights; the path is
    /// written only when the rule fires.
    index: Option<usize>,
    net: Option<Decimal>,
    gross: Option<Decimal>,
}

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let bundle = input.bundle;
    let mut weights: Vec<Weighed> = Vec::new();
    if let Some(declaration) = &bundle.declaration {
        weights.push(Weighed {
            document: DocumentKind::Declaration,
            line_no: None,
            index: None,
            net: declaration.net_weight_kg,
            gross: declaration.gross_weight_kg,
        });
    }
    for (document, commercial) in [
        (DocumentKind::Invoice, &bundle.invoice),
        (DocumentKind::PackingList, &bundle.packing_list),
        (DocumentKind::Contract, &bundle.contract),
    ] {
        let Some(commercial) = commercial else {
            continue;
        };
        weights.push(Weighed {
            document,
            line_no: None,
            index: None,
            net: commercial.net_weight_kg,
            gross: commercial.gross_weight_kg,
        });
        for (index, line) in commercial.lines.iter().enumerate() {
            weights.push(Weighed {
                document,
                line_no: Some(line.no),
                index: Some(index),
                net: line.net_weight_kg,
                gross: line.gross_weight_kg,
            });
        }
    }
    if let Some(bill) = &bundle.bill_of_lading {
        weights.push(Weighed {
            document: DocumentKind::BillOfLading,
            line_no: None,
            index: None,
            net: bill.net_weight_kg,
            gross: bill.gross_weight_kg,
        });
    }
    for Weighed {
        document,
        line_no,
        index,
        net,
        gross,
    } in weights
    {
        let (Some(net), Some(gross)) = (net, gross) else {
            continue;
        };
        if net <= gross {
            continue;
        }
        let (where_zh, where_en) = match line_no {
            Some(no) => (
                format!("{}第 {no} 行", doc_zh(document)),
                format!("{} line {no}", doc_en(document)),
            ),
            None => (doc_zh(document).to_string(), doc_en(document).to_string()),
        };
        out.push(
            RULE.finding(
                Text::new(
                    format!(
                        "{where_zh}净重 {} 千克大于毛重 {} 千克",
                        show(net),
                        show(gross)
                    ),
                    format!(
                        "{where_en}: net weight {} kg exceeds the gross weight {} kg",
                        show(net),
                        show(gross)
                    ),
                ),
                vec![document],
                match index {
                    Some(index) => format!("{}.lines[{index}].net_weight_kg", document.key()),
                    None => format!("{}.net_weight_kg", document.key()),
                },
            )
            .values(format!("≤ {}", show(gross)), show(net)),
        );
    }
}
