//! R004: a supervision certificate required by the loaded regulatory-conditions table is not
//! attached.

use super::Rule;
use crate::{CheckInput, Finding, Severity};
use model::{Attachment, DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "R004",
    severity: Severity::Error,
    title: (
        "缺少监管条件要求的监管证件",
        "supervision certificate required by the conditions table missing",
    ),
    pages: pages!("R004"),
    check,
};

/// True when `attachment` is the supervision certificate `code`: a `licence` (or
/// `certificate`) attachment with that code, or a named kind that stands for it.
fn satisfies(attachment: &Attachment, code: &str) -> bool {
    if attachment
        .code
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case(code))
    {
        return true;
    }
    let stands_for: &[&str] = match attachment.kind.as_str() {
        "export_licence" => &["4"],
        "import_licence" => &["1"],
        "endangered_species_permit" => &["E", "F"],
        "inspection_certificate" => &["A", "B"],
        _ => &[],
    };
    stands_for.contains(&code)
}

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let (Some(declaration), Some(conditions)) = (input.declaration(), input.conditions) else {
        return;
    };
    let attachments = &input.bundle.attachments;
    for (index, line) in declaration.lines.iter().enumerate() {
        let Some(code) = line.hs_code.as_ref().filter(|c| c.is_digits()) else {
            continue;
        };
        for required in conditions.required_for(code.as_str()) {
            if attachments.iter().any(|a| satisfies(a, required)) {
                continue;
            }
            let name = input.data.codes.licence_document(required).unwrap_or("?");
            out.push(
                RULE.finding(
                    Text::new(
                        format!("第 {} 行（{code}）监管条件要求监管证件 {required}（{name}），未随附", line.no),
                        format!(
                            "line {} ({code}): the regulatory conditions require supervision certificate {required} ({name}), none is attached",
                            line.no
                        ),
                    ),
                    vec![DocumentKind::Declaration, DocumentKind::Attachments],
                    format!("declaration.lines[{index}].hs_code"),
                )
                .values(format!("licence {required}"), "(none)"),
            );
        }
    }
}
