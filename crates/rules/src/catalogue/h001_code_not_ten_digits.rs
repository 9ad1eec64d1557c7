//! H001: the commodity code is not 10 digits.

use super::Rule;
use crate::{CheckInput, Finding, Severity};
use model::{DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "H001",
    severity: Severity::Error,
    title: ("商品编码不是 10 位", "commodity code is not 10 digits"),
    pages: pages!("H001"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let Some(declaration) = input.declaration() else {
        return;
    };
    for (index, line) in declaration.lines.iter().enumerate() {
        let (actual, message) = match &line.hs_code {
            Some(code) if code.is_ten_digits() => continue,
            Some(code) => (
                code.as_str().to_string(),
                Text::new(
                    format!(
                        "第 {} 行商品编码 {code} 不是 10 位数字；报关单须填报 10 位商品编号（8 位税则号列加 2 位附加编号）",
                        line.no
                    ),
                    format!(
                        "line {}: commodity code `{code}` is not 10 digits; declarations need the full 10-digit China code (8-digit tariff line and 2-digit suffix)",
                        line.no
                    ),
                ),
            ),
            None => (
                "(empty)".to_string(),
                Text::new(
                    format!("第 {} 行未填商品编码；报关单须填报 10 位商品编号", line.no),
                    format!(
                        "line {}: no commodity code; declarations need the full 10-digit China code",
                        line.no
                    ),
                ),
            ),
        };
        out.push(
            RULE.finding(
                message,
                vec![DocumentKind::Declaration],
                format!("declaration.lines[{index}].hs_code"),
            )
            .values(model::Text::new("10 位数字", "10 digits"), actual),
        );
    }
}
