//! C007: the agent certificate number is not among the declaration's attached documents.

use super::Rule;
use crate::compare::normalize_identifier;
use crate::{CheckInput, Finding, Severity};
use model::{DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "C007",
    severity: Severity::Error,
    title: (
        "代理证明编号未填入随附单证栏",
        "agent certificate number not in the attached-documents column",
    ),
    pages: pages!("C007"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let (Some(declaration), Some(certificate)) =
        (input.declaration(), &input.bundle.agent_certificate)
    else {
        return;
    };
    let Some(number) = &certificate.no else {
        return;
    };
    let wanted = normalize_identifier(number);
    if declaration
        .attached_documents
        .iter()
        .any(|listed| normalize_identifier(listed) == wanted)
    {
        return;
    }
    let (message, listed) = if declaration.attached_documents.is_empty() {
        (
            Text::new(
                format!("代理证明编号 {number} 未填入报关单随附单证栏（该栏为空）"),
                format!(
                    "agent certificate `{number}` is not in the declaration's attached documents (the column is empty)"
                ),
            ),
            "(empty)".to_string(),
        )
    } else {
        let listed = declaration.attached_documents.join(", ");
        (
            Text::new(
                format!("代理证明编号 {number} 未出现在报关单随附单证栏（现为：{listed}）"),
                format!(
                    "agent certificate `{number}` is not in the declaration's attached documents (`{listed}`)"
                ),
            ),
            listed,
        )
    };
    out.push(
        RULE.finding(
            message,
            vec![DocumentKind::AgentCertificate, DocumentKind::Declaration],
            "declaration.attached_documents",
        )
        .values(number.clone(), listed),
    );
}
