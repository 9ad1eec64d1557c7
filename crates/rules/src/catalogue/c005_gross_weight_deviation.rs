//! C005: the bill of lading's gross weight differs from the declared one by more than 5 %.

use super::Rule;
use crate::compare::{deviation_percent, exceeds, show};
use crate::{CheckInput, Finding, Severity};
use model::{Decimal, DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "C005",
    severity: Severity::Error,
    title: (
        "提单毛重与申报毛重相差超过 5%",
        "bill-of-lading gross weight differs from the declared by more than 5 %",
    ),
    pages: pages!("C005"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let (Some(declaration), Some(bill)) = (input.declaration(), &input.bundle.bill_of_lading)
    else {
        return;
    };
    let (Some(declared), Some(shipped)) = (declaration.gross_weight_kg, bill.gross_weight_kg)
    else {
        return;
    };
    if !exceeds(declared, shipped, Decimal::from(5)) {
        return;
    }
    let deviation = deviation_percent(declared, shipped);
    out.push(
        RULE.finding(
            Text::new(
                format!(
                    "提单毛重 {} 千克，申报毛重 {} 千克，相差 {deviation}（允许 5%）",
                    show(shipped),
                    show(declared)
                ),
                format!(
                    "bill of lading gross weight {} kg against {} kg declared, off by {deviation} (5 % allowed)",
                    show(shipped),
                    show(declared)
                ),
            ),
            vec![DocumentKind::Declaration, DocumentKind::BillOfLading],
            "bill_of_lading.gross_weight_kg",
        )
        .values(show(declared), show(shipped)),
    );
}
