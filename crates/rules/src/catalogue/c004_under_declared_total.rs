//! C004: the declared total is below the invoice total (under-declared price).

use super::Rule;
use crate::compare::show;
use crate::{CheckInput, Finding, Severity};
use model::{Decimal, DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "C004",
    severity: Severity::Error,
    title: (
        "申报总价低于发票总价（低报价格）",
        "declared total below the invoice total (under-declared price)",
    ),
    pages: pages!("C004"),
    check,
};

/// The total of a document: its stated total, else the sum of its line amounts when every
/// line has one.
pub(crate) fn total_of(
    stated: Option<Decimal>,
    amounts: impl Iterator<Item = Option<Decimal>>,
) -> Option<Decimal> {
    stated.or_else(|| {
        let mut sum = Decimal::ZERO;
        let mut any = false;
        for amount in amounts {
            sum = sum.checked_add(amount?)?;
            any = true;
        }
        any.then_some(sum)
    })
}

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let (Some(declaration), Some(invoice)) = (input.declaration(), &input.bundle.invoice) else {
        return;
    };
    let codes = &input.data.codes;
    let same_currency = match (&declaration.currency, &invoice.currency) {
        (Some(a), Some(b)) => match (codes.currency(a), codes.currency(b)) {
            (Some(x), Some(y)) => x.iso3 == y.iso3,
            _ => a == b,
        },
        _ => true,
    };
    if !same_currency {
        return; // C010 reports the currency difference; totals in two currencies don't compare.
    }
    let declared = total_of(
        declaration.total_amount,
        declaration.lines.iter().map(|l| l.amount),
    );
    let invoiced = total_of(invoice.total_amount, invoice.lines.iter().map(|l| l.amount));
    let (Some(declared), Some(invoiced)) = (declared, invoiced) else {
        return;
    };
    if declared >= invoiced {
        return;
    }
    let gap = invoiced - declared;
    out.push(
        RULE.finding(
            Text::new(
                format!(
                    "申报总价 {} 低于发票总价 {}，少报 {}；申报价格不得低于实际成交价格",
                    show(declared),
                    show(invoiced),
                    show(gap)
                ),
                format!(
                    "declared total {} is below the invoice total {} by {}: the declared price must not be below the real price",
                    show(declared),
                    show(invoiced),
                    show(gap)
                ),
            ),
            vec![DocumentKind::Invoice, DocumentKind::Declaration],
            "declaration.total_amount",
        )
        .values(show(invoiced), show(declared)),
    );
}
