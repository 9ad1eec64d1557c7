//! The comparison that C002 (quantity) and C003 (amount) share: each document's line value
//! against the declaration's, 3 % of the declared value allowed.

use super::Rule;
use crate::compare::{
    deviation_percent, doc_en, doc_zh, exceeds, goods_documents, line_path, show,
};
use crate::{CheckInput, Finding};
use model::{Decimal, DeclarationLine, DocumentKind, GoodsLine, Text};

/// Which value of a line is compared, and how it is named.
pub(crate) struct LineValue {
    pub declared: fn(&DeclarationLine) -> Option<Decimal>,
    pub documented: fn(&GoodsLine) -> Option<Decimal>,
    pub field: &'static str,
    pub label: (&'static str, &'static str),
}

pub(crate) fn check_lines(
    rule: &Rule,
    value: &LineValue,
    input: &CheckInput<'_>,
    out: &mut Vec<Finding>,
) {
    let (label_zh, label_en) = value.label;
    for (document, lines) in goods_documents(input.bundle) {
        for (index, line) in lines.iter().enumerate() {
            let Some((_, declared)) = input.declaration_line(line.no) else {
                continue;
            };
            let (Some(expected), Some(actual)) =
                ((value.declared)(declared), (value.documented)(line))
            else {
                continue;
            };
            if !exceeds(expected, actual, Decimal::from(3)) {
                continue;
            }
            let deviation = deviation_percent(expected, actual);
            out.push(
                rule.finding(
                    Text::new(
                        format!(
                            "第 {} 行{label_zh}：{}为 {}，报关单为 {}，相差 {deviation}（允许 3%）",
                            line.no,
                            doc_zh(document),
                            show(actual),
                            show(expected)
                        ),
                        format!(
                            "line {}: {label_en} {} on the {} against {} declared, off by {deviation} (3 % allowed)",
                            line.no,
                            show(actual),
                            doc_en(document),
                            show(expected)
                        ),
                    ),
                    vec![DocumentKind::Declaration, document],
                    line_path(document, index, value.field),
                )
                .values(show(expected), show(actual)),
            );
        }
    }
}
