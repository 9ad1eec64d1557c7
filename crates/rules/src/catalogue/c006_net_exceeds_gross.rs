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

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let bundle = input.bundle;
    // (document, line number for line weights, JSON place, net, gross)
    let mut weights: Vec<(
        DocumentKind,
        Option<u32>,
        String,
        Option<Decimal>,
        Option<Decimal>,
    )> = Vec::new();
    if let Some(declaration) = &bundle.declaration {
        weights.push((
            DocumentKind::Declaration,
            None,
            "declaration".into(),
            declaration.net_weight_kg,
            declaration.gross_weight_kg,
        ));
    }
    for (document, commercial) in [
        (DocumentKind::Invoice, &bundle.invoice),
        (DocumentKind::PackingList, &bundle.packing_list),
        (DocumentKind::Contract, &bundle.contract),
    ] {
        let Some(commercial) = commercial else {
            continue;
        };
        weights.push((
            document,
            None,
            document.key().into(),
            commercial.net_weight_kg,
            commercial.gross_weight_kg,
        ));
        for (index, line) in commercial.lines.iter().enumerate() {
            weights.push((
                document,
                Some(line.no),
                format!("{}.lines[{index}]", document.key()),
                line.net_weight_kg,
                line.gross_weight_kg,
            ));
        }
    }
    if let Some(bill) = &bundle.bill_of_lading {
        weights.push((
            DocumentKind::BillOfLading,
            None,
            "bill_of_lading".into(),
            bill.net_weight_kg,
            bill.gross_weight_kg,
        ));
    }
    for (document, line_no, place, net, gross) in weights {
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
                format!("{place}.net_weight_kg"),
            )
            .values(format!("≤ {}", show(gross)), show(net)),
        );
    }
}
