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

/// Supervision certificates that only imports need: import licences (1, 2, 7, O, M, P), drug
/// and veterinary-drug clearance (Q, R), the import prohibitions (6, 9), inbound inspection
/// (A), the endangered-species import permit (F) and the disc-processing record (Z).
const IMPORT_ONLY: &[&str] = &[
    "1", "2", "6", "7", "9", "A", "F", "M", "O", "P", "Q", "R", "Z",
];

/// Supervision certificates that only exports need: export licences (3, 4, 5, G), the export
/// prohibition (8), outbound inspection (B), the endangered-species export permit (E) and the
/// human genetic resources export certificate (V).
const EXPORT_ONLY: &[&str] = &["3", "4", "5", "8", "B", "E", "G", "V"];

/// True when certificate `code` concerns a shipment in this direction. The conditions column
/// of a code lists the certificates of both directions (`A B` is inbound and outbound
/// inspection), so an export is not asked for the import ones, nor the reverse.
fn applies(code: &str, export: bool) -> bool {
    let only = if export { IMPORT_ONLY } else { EXPORT_ONLY };
    !only.contains(&code)
}

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let (Some(declaration), Some(conditions)) = (input.declaration(), input.conditions) else {
        return;
    };
    let attachments = &input.bundle.attachments;
    let export = input.is_export();
    for (index, line) in declaration.lines.iter().enumerate() {
        let Some(code) = line.hs_code.as_ref().filter(|c| c.is_digits()) else {
            continue;
        };
        for required in conditions.required_for(code.as_str()) {
            if !applies(required, export) || attachments.iter().any(|a| satisfies(a, required)) {
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
                .values(
                    crate::Shown::Words(model::Text::new(
                        format!("监管证件 {required}"),
                        format!("licence {required}"),
                    )),
                    crate::Shown::none(),
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::applies;

    #[test]
    fn certificates_follow_the_direction() {
        let cases = [
            ("A", true, false),
            ("A", false, true),
            ("B", true, true),
            ("B", false, false),
            ("E", true, true),
            ("F", true, false),
            ("4", true, true),
            ("1", true, false),
            ("L", true, true),
            ("L", false, true),
        ];
        for (code, export, needed) in cases {
            assert_eq!(applies(code, export), needed, "{code} export={export}");
        }
    }
}
