//! D002: the agency agreement lacks the joint-liability clause.

use super::Rule;
use crate::{CheckInput, Finding, Severity};
use model::{DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "D002",
    severity: Severity::Error,
    title: (
        "代理协议缺少单证真实性连带责任条款",
        "agency agreement lacks the joint-liability clause",
    ),
    pages: pages!("D002"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let Some(agreement) = &input.bundle.agency_agreement else {
        return;
    };
    if agreement.joint_liability_clause == Some(true) {
        return;
    }
    // The agreement's number, when it has one, with the space it needs in each language.
    let (number_zh, number_en) = agreement
        .no
        .as_deref()
        .map_or((String::new(), String::new()), |no| {
            (format!(" {no} "), format!(" `{no}`"))
        });
    out.push(
        RULE.finding(
            Text::new(
                format!("代理报关委托协议{number_zh}未约定委托方与代理方对单证真实性承担连带责任"),
                format!(
                    "agency agreement{number_en} has no clause making principal and agent jointly liable for the authenticity of the documents"
                ),
            ),
            vec![DocumentKind::AgencyAgreement],
            "agency_agreement.joint_liability_clause",
        )
        .values(
            "true",
            agreement
                .joint_liability_clause
                .map_or_else(crate::Shown::missing, |v| crate::Shown::from(v.to_string())),
        ),
    );
}
