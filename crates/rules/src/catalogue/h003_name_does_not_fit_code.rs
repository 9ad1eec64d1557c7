//! H003: the product name does not fit the commodity code (warning, with suggested codes).

use super::Rule;
use crate::{CheckInput, Finding, Severity};
use model::{DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "H003",
    severity: Severity::Warning,
    title: (
        "品名与商品编码不符",
        "product name does not fit the commodity code",
    ),
    pages: pages!("H003"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let (Some(declaration), Some(engine)) = (input.declaration(), input.name_fit) else {
        return;
    };
    for (index, line) in declaration.lines.iter().enumerate() {
        let Some(code) = &line.hs_code else { continue };
        // Only real tariff lines are judged; H001/H002 report the others.
        let Some(code8) = code.prefix(8) else {
            continue;
        };
        let Some(tariff_line) = input.data.tariff.line(code8) else {
            continue;
        };
        let Some(name) = line.name.as_deref().or(line.name_en.as_deref()) else {
            continue;
        };
        let Some(verdict) = engine.misfit(name, code.as_str()) else {
            continue;
        };
        let listed_zh: Vec<String> = verdict
            .suggestions
            .iter()
            .take(3)
            .map(|s| format!("{} {}", s.code, s.name_zh))
            .collect();
        let listed_en: Vec<String> = verdict
            .suggestions
            .iter()
            .take(3)
            .map(|s| format!("{} {}", s.code, s.name_en))
            .collect();
        let mut finding = RULE
            .finding(
                Text::new(
                    format!(
                        "第 {} 行品名“{name}”与商品编码 {code}（{}）不符，建议核对归类：{}",
                        line.no,
                        tariff_line.name_zh,
                        listed_zh.join("；")
                    ),
                    format!(
                        "line {}: `{name}` does not fit code {code} ({}); consider: {}",
                        line.no,
                        tariff_line.name_en,
                        listed_en.join("; ")
                    ),
                ),
                vec![DocumentKind::Declaration],
                format!("declaration.lines[{index}].hs_code"),
            )
            .values(
                verdict
                    .suggestions
                    .first()
                    .map_or_else(String::new, |s| s.code.clone()),
                code.as_str(),
            );
        finding.suggestions = verdict.suggestions;
        out.push(finding);
    }
}
