//! R001: lithium batteries (8507.60) without a UN38.3 test report.

use super::Rule;
use crate::{CheckInput, Finding, Severity};
use model::{DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "R001",
    severity: Severity::Error,
    title: (
        "锂电池缺少 UN38.3 测试报告",
        "lithium batteries without a UN38.3 test report",
    ),
    pages: pages!("R001"),
    check,
};

/// The attachment kind that satisfies the rule.
pub(crate) const UN38_3: &str = "un38_3_test_report";

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let Some(declaration) = input.declaration() else {
        return;
    };
    if input.bundle.attachments.iter().any(|a| a.kind == UN38_3) {
        return;
    }
    for (index, line) in declaration.lines.iter().enumerate() {
        let Some(code) = &line.hs_code else { continue };
        if code.prefix(6) != Some("850760") {
            continue;
        }
        out.push(
            RULE.finding(
                Text::new(
                    format!("第 {} 行为锂离子蓄电池（{code}），未随附 UN38.3 测试报告", line.no),
                    format!("line {}: lithium-ion batteries ({code}) need a UN38.3 test report, none is attached", line.no),
                ),
                vec![DocumentKind::Declaration, DocumentKind::Attachments],
                format!("declaration.lines[{index}].hs_code"),
            )
            .values(UN38_3, crate::Shown::none()),
        );
    }
}
