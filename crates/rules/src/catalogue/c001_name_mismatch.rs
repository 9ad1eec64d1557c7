//! C001: a line's product name differs between documents.

use super::Rule;
use crate::compare::{doc_en, doc_zh, goods_documents, is_cjk, line_path, same_name};
use crate::{CheckInput, Finding, Severity};
use model::{DeclarationLine, DocumentKind, GoodsLine, Text};

pub(crate) const RULE: Rule = Rule {
    code: "C001",
    severity: Severity::Warning,
    title: ("各单证品名不一致", "product name differs between documents"),
    pages: pages!("C001"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    for (document, lines) in goods_documents(input.bundle) {
        for (index, line) in lines.iter().enumerate() {
            let Some((_, declared)) = input.declaration_line(line.no) else {
                continue;
            };
            if let Some((expected, actual)) = disagreement(line, declared) {
                out.push(
                    RULE.finding(
                        Text::new(
                            format!(
                                "第 {} 行品名：{}为“{actual}”，报关单为“{expected}”",
                                line.no,
                                doc_zh(document)
                            ),
                            format!(
                                "line {}: the {} names the goods `{actual}`, the declaration `{expected}`",
                                line.no,
                                doc_en(document)
                            ),
                        ),
                        vec![DocumentKind::Declaration, document],
                        line_path(document, index, "name"),
                    )
                    .values(expected, actual),
                );
            }
        }
    }
}

/// The declared and document names when every comparable pair (same script) differs after
/// normalisation; `None` when they agree or cannot be compared.
fn disagreement<'a>(
    line: &'a GoodsLine,
    declared: &'a DeclarationLine,
) -> Option<(&'a str, &'a str)> {
    let ours = [line.name.as_deref(), line.name_en.as_deref()];
    let theirs = [declared.name.as_deref(), declared.name_en.as_deref()];
    let mut first_difference = None;
    for actual in ours.into_iter().flatten() {
        for expected in theirs.into_iter().flatten() {
            if is_cjk(actual) != is_cjk(expected) {
                continue;
            }
            if same_name(actual, expected) {
                return None;
            }
            first_difference.get_or_insert((expected, actual));
        }
    }
    first_difference
}
