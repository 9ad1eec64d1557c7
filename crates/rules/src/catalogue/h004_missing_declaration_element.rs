//! H004: a mandatory declaration element of the code is missing or empty.

use super::Rule;
use crate::compare::same_name;
use crate::{CheckInput, Finding, Severity};
use model::{DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "H004",
    severity: Severity::Error,
    title: ("缺少必填申报要素", "mandatory declaration element missing"),
    pages: pages!("H004"),
    check,
};

/// 出口享惠情况 is filled on export declarations only: the Single Window table lists it for
/// every code, but an import declaration leaves it out.
const EXPORT_PREFERENCE: &str = "出口享惠情况";

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let Some(declaration) = input.declaration() else {
        return;
    };
    for (index, line) in declaration.lines.iter().enumerate() {
        let Some(code) = &line.hs_code else { continue };
        if !code.is_digits() || code.as_str().len() < 4 {
            continue;
        }
        let mut mandatory: Vec<&str> = Vec::new();
        for element in input.data.tariff.elements(code.as_str()) {
            if element.mandatory
                && !mandatory.contains(&element.name)
                && (input.is_export() || element.name != EXPORT_PREFERENCE)
            {
                mandatory.push(element.name);
            }
        }
        if mandatory.is_empty() {
            continue;
        }
        let elements = &line.elements;
        if elements.all_named() {
            for wanted in &mandatory {
                let key = base_name(wanted);
                let value = elements
                    .entries()
                    .iter()
                    .find(|(name, _)| {
                        same_name(base_name(name.as_deref().unwrap_or_default()), key)
                    })
                    .map(|(_, value)| value.trim());
                if value.is_some_and(|v| !v.is_empty()) {
                    continue;
                }
                let state = if value.is_some() {
                    ("为空", "empty")
                } else {
                    ("缺失", "missing")
                };
                out.push(
                    RULE.finding(
                        Text::new(
                            format!(
                                "第 {} 行（{code}）必填申报要素“{wanted}”{}",
                                line.no, state.0
                            ),
                            format!(
                                "line {} ({code}): mandatory declaration element `{wanted}` is {}",
                                line.no, state.1
                            ),
                        ),
                        vec![DocumentKind::Declaration],
                        format!("declaration.lines[{index}].elements.{wanted}"),
                    )
                    .values(format!("{wanted}: …"), format!("({})", state.1)),
                );
            }
        } else {
            let filled = elements
                .entries()
                .iter()
                .filter(|(_, value)| !value.trim().is_empty())
                .count();
            if filled >= mandatory.len() {
                continue;
            }
            out.push(
                RULE.finding(
                    Text::new(
                        format!(
                            "第 {} 行（{code}）规格型号只填了 {filled} 项，该编码必填 {} 项申报要素：{}",
                            line.no,
                            mandatory.len(),
                            mandatory.join("、")
                        ),
                        format!(
                            "line {} ({code}): {filled} declaration elements given, the code requires {}: {}",
                            line.no,
                            mandatory.len(),
                            mandatory.join(", ")
                        ),
                    ),
                    vec![DocumentKind::Declaration],
                    format!("declaration.lines[{index}].elements"),
                )
                .values(mandatory.join("|"), elements.to_raw()),
            );
        }
    }
}

/// The name of an element without its explanation in brackets
/// (`品牌（中文或外文名称）` → `品牌`), compared after normalisation.
fn base_name(name: &str) -> &str {
    name.split(['（', '(']).next().unwrap_or(name)
}
