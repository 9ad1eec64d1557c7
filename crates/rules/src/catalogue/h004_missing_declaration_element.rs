//! H004: a mandatory declaration element of the code is missing or empty.

use super::Rule;
use crate::compare::normalized_chars;
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

/// The mandatory elements of one code: their names, base names and normalised base names.
struct Mandatory<'a> {
    code: &'a str,
    names: Vec<&'static str>,
    bases: Vec<&'static str>,
    keys: Vec<String>,
}

/// The normalised base names of a line's elements, written one after another into `names`,
/// each at its `bounds`.
fn normalize_names(
    elements: &model::Elements,
    names: &mut String,
    bounds: &mut Vec<(usize, usize)>,
) {
    names.clear();
    bounds.clear();
    for (name, _) in elements.entries() {
        let start = names.len();
        names.extend(normalized_chars(base_name(
            name.as_deref().unwrap_or_default(),
        )));
        bounds.push((start, names.len()));
    }
}

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let Some(declaration) = input.declaration() else {
        return;
    };
    // Lines repeat codes: the table is looked up once per code.
    let mut by_code: Vec<Mandatory<'_>> = Vec::new();
    // The normalised base names of a line's elements, one buffer reused line after line.
    let mut names = String::new();
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    for (index, line) in declaration.lines.iter().enumerate() {
        let Some(code) = &line.hs_code else { continue };
        if !code.is_digits() || code.as_str().len() < 4 {
            continue;
        }
        let position = match by_code.iter().position(|m| m.code == code.as_str()) {
            Some(position) => position,
            None => {
                by_code.push(mandatory_of(input, code.as_str()));
                by_code.len() - 1
            }
        };
        let mandatory = &by_code[position];
        if mandatory.names.is_empty() {
            continue;
        }
        let elements = &line.elements;
        if elements.all_named() {
            // The line's names are normalised only when some element is not written
            // exactly as the table names it.
            let mut normalized = false;
            for ((wanted, base), key) in mandatory
                .names
                .iter()
                .zip(&mandatory.bases)
                .zip(&mandatory.keys)
            {
                let exact = elements.entries().iter().find(|(name, _)| {
                    name.as_deref()
                        .is_some_and(|name| name == *base || name == *wanted)
                });
                let value = match exact {
                    Some((_, value)) => Some(value.trim()),
                    None => {
                        if !normalized {
                            normalize_names(elements, &mut names, &mut bounds);
                            normalized = true;
                        }
                        elements
                            .entries()
                            .iter()
                            .zip(&bounds)
                            .find(|(_, (start, end))| names[*start..*end] == **key)
                            .map(|((_, value), _)| value.trim())
                    }
                };
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
                    .values(
                        format!("{wanted}: …"),
                        Text::new(format!("（{}）", state.0), format!("({})", state.1)),
                    ),
                );
            }
        } else {
            let mandatory = &mandatory.names;
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

/// The mandatory elements of `code` (the longest prefix of the table), without the export
/// preference on imports.
fn mandatory_of<'a>(input: &CheckInput<'_>, code: &'a str) -> Mandatory<'a> {
    let mut names: Vec<&'static str> = Vec::new();
    for element in input.data.tariff.elements(code) {
        if element.mandatory
            && !names.contains(&element.name)
            && (input.is_export() || element.name != EXPORT_PREFERENCE)
        {
            names.push(element.name);
        }
    }
    let bases: Vec<&'static str> = names.iter().map(|name| base_name(name)).collect();
    let keys = bases
        .iter()
        .map(|base| normalized_chars(base).collect())
        .collect();
    Mandatory {
        code,
        names,
        bases,
        keys,
    }
}

/// The name of an element without its explanation in brackets
/// (`品牌（中文或外文名称）` → `品牌`), compared after normalisation.
fn base_name(name: &str) -> &str {
    name.split(['（', '(']).next().unwrap_or(name)
}
