//! C011: a line exists in one document and not in another.

use super::Rule;
use crate::compare::{doc_en, doc_zh, goods_documents};
use crate::{CheckInput, Finding, Severity};
use model::{DocumentKind, Text};
use std::collections::HashSet;

pub(crate) const RULE: Rule = Rule {
    code: "C011",
    severity: Severity::Error,
    title: (
        "商品行在各单证间不对应",
        "a line exists in one document and not in another",
    ),
    pages: pages!("C011"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let Some(declaration) = input.declaration() else {
        return;
    };
    for (document, lines) in goods_documents(input.bundle) {
        // A document given with totals only (no lines) takes no part in line matching.
        if lines.is_empty() || declaration.lines.is_empty() {
            continue;
        }
        // Lines numbered 1..n (the usual case) need no set to look numbers up in.
        let numbered_in_order = lines
            .iter()
            .enumerate()
            .all(|(index, line)| usize::try_from(line.no).is_ok_and(|no| no == index + 1));
        let numbers: HashSet<u32> = if numbered_in_order {
            HashSet::new()
        } else {
            lines.iter().map(|l| l.no).collect()
        };
        let listed = |no: u32| {
            if numbered_in_order {
                usize::try_from(no).is_ok_and(|no| (1..=lines.len()).contains(&no))
            } else {
                numbers.contains(&no)
            }
        };
        for (index, line) in lines.iter().enumerate() {
            if input.declaration_line(line.no).is_some() {
                continue;
            }
            let name = line.name.as_deref().unwrap_or("-");
            out.push(
                RULE.finding(
                    Text::new(
                        format!(
                            "{}第 {} 行（{name}）在报关单中没有对应的商品行",
                            doc_zh(document),
                            line.no
                        ),
                        format!(
                            "{} line {} (`{name}`) has no matching line on the declaration",
                            doc_en(document),
                            line.no
                        ),
                    ),
                    vec![DocumentKind::Declaration, document],
                    format!("{}.lines[{index}]", document.key()),
                )
                .values(crate::Shown::none(), line_words(line.no)),
            );
        }
        for (index, line) in declaration.lines.iter().enumerate() {
            if listed(line.no) {
                continue;
            }
            let name = line.name.as_deref().unwrap_or("-");
            out.push(
                RULE.finding(
                    Text::new(
                        format!(
                            "报关单第 {} 行（{name}）在{}中没有对应的商品行",
                            line.no,
                            doc_zh(document)
                        ),
                        format!(
                            "declaration line {} (`{name}`) has no matching line on the {}",
                            line.no,
                            doc_en(document)
                        ),
                    ),
                    vec![document, DocumentKind::Declaration],
                    format!("declaration.lines[{index}]"),
                )
                .values(line_words(line.no), crate::Shown::none()),
            );
        }
    }
}

/// "line N", in both languages.
fn line_words(no: impl std::fmt::Display) -> crate::Shown {
    crate::Shown::Words(model::Text::new(
        format!("第 {no} 行"),
        format!("line {no}"),
    ))
}
