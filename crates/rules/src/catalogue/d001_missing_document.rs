//! D001: a document the shipment needs is missing.

use super::Rule;
use crate::{CheckInput, Finding, Severity};
use model::{DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "D001",
    severity: Severity::Error,
    title: ("缺少必备单证", "a required document is missing"),
    pages: pages!("D001"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let bundle = input.bundle;
    let mut missing = |document: DocumentKind, why_zh: &str, why_en: &str| {
        let (zh, en) = document.names();
        out.push(
            RULE.finding(
                Text::new(
                    format!("缺少{zh}：{why_zh}"),
                    format!("the {en} is missing: {why_en}"),
                ),
                vec![document],
                document.key(),
            )
            .values(document.key(), crate::Shown::missing()),
        );
    };
    let Some(declaration) = &bundle.declaration else {
        missing(
            DocumentKind::Declaration,
            "每票货都须有报关单",
            "every shipment needs its declaration",
        );
        return;
    };
    if bundle.invoice.is_none() {
        missing(
            DocumentKind::Invoice,
            "每票货都须随附商业发票",
            "every shipment needs its commercial invoice",
        );
    }
    if bundle.packing_list.is_none() {
        missing(
            DocumentKind::PackingList,
            "每票货都须随附装箱单",
            "every shipment needs its packing list",
        );
    }
    if let (Some(bl_no), None) = (&declaration.bl_no, &bundle.bill_of_lading) {
        missing(
            DocumentKind::BillOfLading,
            &format!("报关单申报了提运单号 {bl_no}"),
            &format!("the declaration gives bill of lading number `{bl_no}`"),
        );
    }
    // Numbers of the attached-documents column that no attached licence or electronic
    // document explains stand for the agent certificate.
    let unexplained: Vec<&str> = declaration
        .attached_documents
        .iter()
        .map(model::CompactString::as_str)
        .filter(|number| {
            !bundle
                .attachments
                .iter()
                .any(|a| a.no.as_deref() == Some(*number))
        })
        .collect();
    if !unexplained.is_empty() && bundle.agent_certificate.is_none() {
        missing(
            DocumentKind::AgentCertificate,
            &format!("报关单随附单证栏填有 {}", unexplained.join("、")),
            &format!(
                "the declaration's attached-documents column lists `{}`",
                unexplained.join(", ")
            ),
        );
    }
}
