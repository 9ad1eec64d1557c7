//! R002: dangerous goods (lithium batteries among them) exported without a dangerous-goods
//! packaging certificate.

use super::Rule;
use crate::{CheckInput, Finding, Severity};
use model::{DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "R002",
    severity: Severity::Error,
    title: (
        "危险货物出口缺少危包证",
        "dangerous goods exported without a packaging certificate",
    ),
    pages: pages!("R002"),
    check,
};

const CERTIFICATE: &str = "dangerous_goods_packaging_certificate";

/// Code prefixes of goods that travel as dangerous goods whatever their packing: lithium
/// cells and batteries (primary 8506.50, rechargeable 8507.60), explosives, fuses and
/// detonators, fireworks (36.01–36.04).
const DANGEROUS_PREFIXES: [&str; 6] = ["850650", "850760", "3601", "3602", "3603", "3604"];

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let Some(declaration) = input.declaration() else {
        return;
    };
    if !input.is_export()
        || input
            .bundle
            .attachments
            .iter()
            .any(|a| a.kind == CERTIFICATE)
    {
        return;
    }
    for (index, line) in declaration.lines.iter().enumerate() {
        let Some(code) = &line.hs_code else { continue };
        if !code.is_digits()
            || !DANGEROUS_PREFIXES
                .iter()
                .any(|prefix| code.as_str().starts_with(prefix))
        {
            continue;
        }
        out.push(
            RULE.finding(
                Text::new(
                    format!("第 {} 行（{code}）属危险货物，出口须随附出境危险货物运输包装使用鉴定结果单（危包证）", line.no),
                    format!(
                        "line {} ({code}) is dangerous goods: its export needs the dangerous-goods packaging certificate",
                        line.no
                    ),
                ),
                vec![DocumentKind::Declaration, DocumentKind::Attachments],
                format!("declaration.lines[{index}].hs_code"),
            )
            .values(CERTIFICATE, crate::Shown::none()),
        );
    }
}
