//! C009: a document does not add up: quantity × unit price ≠ amount, or lines ≠ total.

use super::Rule;
use crate::compare::{doc_en, doc_zh, show};
use crate::{CheckInput, Finding, Severity};
use model::{Decimal, DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "C009",
    severity: Severity::Error,
    title: ("单证金额计算不符", "document does not add up"),
    pages: pages!("C009"),
    check,
};

/// Rounding slack: one cent.
fn slack() -> Decimal {
    Decimal::new(1, 2)
}

struct Line {
    no: u32,
    quantity: Option<Decimal>,
    unit_price: Option<Decimal>,
    amount: Option<Decimal>,
}

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let bundle = input.bundle;
    if let Some(declaration) = &bundle.declaration {
        let lines: Vec<Line> = declaration
            .lines
            .iter()
            .map(|l| Line {
                no: l.no,
                quantity: l.quantity,
                unit_price: l.unit_price,
                amount: l.amount,
            })
            .collect();
        check_amounts(
            DocumentKind::Declaration,
            &lines,
            declaration.total_amount,
            out,
        );
    }
    for (document, commercial) in [
        (DocumentKind::Invoice, &bundle.invoice),
        (DocumentKind::Contract, &bundle.contract),
        (DocumentKind::PackingList, &bundle.packing_list),
    ] {
        let Some(commercial) = commercial else {
            continue;
        };
        let lines: Vec<Line> = commercial
            .lines
            .iter()
            .map(|l| Line {
                no: l.no,
                quantity: l.quantity,
                unit_price: l.unit_price,
                amount: l.amount,
            })
            .collect();
        check_amounts(document, &lines, commercial.total_amount, out);
        check_sum(
            document,
            "packages",
            ("件数", "packages"),
            commercial.packages.map(Decimal::from),
            commercial
                .lines
                .iter()
                .map(|l| l.packages.map(Decimal::from)),
            out,
        );
        check_sum(
            document,
            "gross_weight_kg",
            ("毛重", "gross weight"),
            commercial.gross_weight_kg,
            commercial.lines.iter().map(|l| l.gross_weight_kg),
            out,
        );
        check_sum(
            document,
            "net_weight_kg",
            ("净重", "net weight"),
            commercial.net_weight_kg,
            commercial.lines.iter().map(|l| l.net_weight_kg),
            out,
        );
    }
}

fn check_amounts(
    document: DocumentKind,
    lines: &[Line],
    total: Option<Decimal>,
    out: &mut Vec<Finding>,
) {
    for (index, line) in lines.iter().enumerate() {
        let (Some(quantity), Some(price), Some(amount)) =
            (line.quantity, line.unit_price, line.amount)
        else {
            continue;
        };
        let Some(product) = quantity.checked_mul(price) else {
            continue;
        };
        if (product - amount).abs() <= slack() {
            continue;
        }
        let computed = product.round_dp(4).normalize();
        out.push(
            RULE.finding(
                Text::new(
                    format!(
                        "{}第 {} 行：数量 {} × 单价 {} = {computed}，但金额为 {}",
                        doc_zh(document),
                        line.no,
                        show(quantity),
                        show(price),
                        show(amount)
                    ),
                    format!(
                        "{} line {}: quantity {} × unit price {} = {computed}, but the amount is {}",
                        doc_en(document),
                        line.no,
                        show(quantity),
                        show(price),
                        show(amount)
                    ),
                ),
                vec![document],
                format!("{}.lines[{index}].amount", document.key()),
            )
            .values(computed.to_string(), show(amount)),
        );
    }
    check_sum(
        document,
        "total_amount",
        ("总价", "total amount"),
        total,
        lines.iter().map(|l| l.amount),
        out,
    );
}

/// A stated header total against the sum of its lines, when every line states its part.
fn check_sum(
    document: DocumentKind,
    field: &str,
    label: (&str, &str),
    stated: Option<Decimal>,
    parts: impl Iterator<Item = Option<Decimal>>,
    out: &mut Vec<Finding>,
) {
    let Some(stated) = stated else { return };
    let mut sum = Decimal::ZERO;
    let mut count = 0;
    for part in parts {
        let Some(part) = part else { return };
        let Some(next) = sum.checked_add(part) else {
            return;
        };
        sum = next;
        count += 1;
    }
    if count == 0 || (sum - stated).abs() <= slack() {
        return;
    }
    out.push(
        RULE.finding(
            Text::new(
                format!(
                    "{}{}为 {}，但各行合计 {}",
                    doc_zh(document),
                    label.0,
                    show(stated),
                    show(sum)
                ),
                format!(
                    "{} {} is {}, but its lines add up to {}",
                    doc_en(document),
                    label.1,
                    show(stated),
                    show(sum)
                ),
            ),
            vec![document],
            format!("{}.{field}", document.key()),
        )
        .values(show(sum), show(stated)),
    );
}
