//! C012: bill of lading number, vessel or voyage differ between declaration and bill of lading.

use super::Rule;
use crate::compare::normalize_identifier;
use crate::{CheckInput, Finding, Severity};
use model::{DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "C012",
    severity: Severity::Error,
    title: (
        "提运单号、船名或航次与提单不一致",
        "B/L number, vessel or voyage differ from the bill of lading",
    ),
    pages: pages!("C012"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let (Some(declaration), Some(bill)) = (input.declaration(), &input.bundle.bill_of_lading)
    else {
        return;
    };
    let fields = [
        (
            "bl_no",
            ("提运单号", "bill of lading number"),
            &declaration.bl_no,
            &bill.no,
        ),
        (
            "vessel",
            ("运输工具名称", "vessel"),
            &declaration.vessel,
            &bill.vessel,
        ),
        (
            "voyage",
            ("航次号", "voyage"),
            &declaration.voyage,
            &bill.voyage,
        ),
    ];
    for (declared_field, (label_zh, label_en), declared, shipped) in fields {
        let (Some(declared), Some(shipped)) = (declared, shipped) else {
            continue;
        };
        if normalize_identifier(declared) == normalize_identifier(shipped) {
            continue;
        }
        out.push(
            RULE.finding(
                Text::new(
                    format!("{label_zh}不一致：报关单为 {declared}，提单为 {shipped}"),
                    format!("{label_en} differs: `{declared}` declared, `{shipped}` on the bill of lading"),
                ),
                vec![DocumentKind::BillOfLading, DocumentKind::Declaration],
                format!("declaration.{declared_field}"),
            )
            .values(shipped.clone(), declared.clone()),
        );
    }
}
