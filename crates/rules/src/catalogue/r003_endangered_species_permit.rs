//! R003: endangered-species goods without an endangered-species permit.

use super::Rule;
use crate::{CheckInput, Finding, Severity};
use model::{Attachment, DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "R003",
    severity: Severity::Error,
    title: (
        "濒危物种商品缺少允许进出口证明书",
        "endangered-species goods without a permit",
    ),
    pages: pages!("R003"),
    check,
};

/// True when an inspection name marks the goods as endangered: it says 濒危, not as 非濒危
/// ("其他非濒危昆虫"), and the clause that follows does not end in 除外 ("濒危野马除外"
/// excludes them).
pub(crate) fn marks_endangered(name: &str) -> bool {
    name.match_indices("濒危").any(|(at, word)| {
        if name[..at].ends_with('非') {
            return false;
        }
        let rest = &name[at + word.len()..];
        let clause = rest
            .split(['，', ',', '；', ';', '（', '(', '）', ')', '、'])
            .next()
            .unwrap_or("");
        !clause.contains("除外")
    })
}

/// True when `attachment` is an endangered-species permit: one named as such, or the
/// supervision certificate `permit` (E to export, F to import: an import permit does not clear
/// an export, nor the reverse).
fn is_permit(attachment: &Attachment, permit: &str) -> bool {
    attachment.kind == "endangered_species_permit"
        || (attachment.kind == "licence" && attachment.code.as_deref() == Some(permit))
}

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let Some(declaration) = input.declaration() else {
        return;
    };
    let (permit, permit_zh, permit_en) = if input.is_export() {
        ("E", "濒危物种允许出口证明书", "export permit")
    } else {
        ("F", "濒危物种允许进口证明书", "import permit")
    };
    if input
        .bundle
        .attachments
        .iter()
        .any(|a| is_permit(a, permit))
    {
        return;
    }
    // Lines repeat codes: each code's inspection names are read once per shipment.
    let mut seen: Vec<(&str, Option<&'static str>)> = Vec::new();
    for (index, line) in declaration.lines.iter().enumerate() {
        let Some(code) = line.hs_code.as_ref().filter(|c| c.is_ten_digits()) else {
            continue;
        };
        let known = seen
            .iter()
            .find(|(seen_code, _)| *seen_code == code.as_str());
        let marking = match known {
            Some((_, marking)) => *marking,
            None => {
                let marking = input
                    .data
                    .tariff
                    .ciq_names(code.as_str())
                    .find(|name| marks_endangered(name));
                seen.push((code.as_str(), marking));
                marking
            }
        };
        let Some(marking) = marking else {
            continue;
        };
        out.push(
            RULE.finding(
                Text::new(
                    format!("第 {} 行（{code}）检验检疫名称“{marking}”表明涉及濒危物种，须随附{permit_zh}（监管证件 {permit}）", line.no),
                    format!(
                        "line {} ({code}): its inspection name `{marking}` marks endangered species; attach the endangered-species {permit_en} (certificate {permit})",
                        line.no
                    ),
                ),
                vec![DocumentKind::Declaration, DocumentKind::Attachments],
                format!("declaration.lines[{index}].hs_code"),
            )
            .values("endangered_species_permit", crate::Shown::none()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::marks_endangered;

    #[test]
    fn exclusions_do_not_mark() {
        let cases = [
            ("改良种用濒危野马", true),
            ("改良种用马（濒危野马除外）", false),
            ("鲜或干的去壳其他濒危松子（提取(晒干的除外)、压榨）", true),
            ("其他锂离子蓄电池", false),
            ("其他非濒危昆虫(包括人工驯养、繁殖的有害昆虫)", false),
            ("其他濒危昆虫", true),
        ];
        for (name, marked) in cases {
            assert_eq!(marks_endangered(name), marked, "{name}");
        }
    }
}
