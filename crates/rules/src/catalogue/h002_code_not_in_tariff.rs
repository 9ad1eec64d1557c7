//! H002: the commodity code is not in China's tariff.

use super::Rule;
use crate::{CheckInput, Finding, Severity};
use model::{DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "H002",
    severity: Severity::Error,
    title: ("商品编码不在税则中", "commodity code not in China's tariff"),
    pages: pages!("H002"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let Some(declaration) = input.declaration() else {
        return;
    };
    let tariff = &input.data.tariff;
    for (index, line) in declaration.lines.iter().enumerate() {
        let Some(code) = &line.hs_code else { continue };
        let Some(code8) = code.prefix(8) else {
            continue;
        };
        if tariff.line(code8).is_some() {
            continue;
        }
        let nearest = code
            .prefix(6)
            .and_then(|hs6| tariff.heading(hs6))
            .map(|h| h.code);
        let hint_zh = nearest.as_ref().map_or(String::new(), |hs6| {
            format!("（子目 {hs6} 存在，请核对后两位）")
        });
        let hint_en = nearest.as_ref().map_or(String::new(), |hs6| {
            format!(" (subheading {hs6} exists: check the last digits)")
        });
        out.push(
            RULE.finding(
                Text::new(
                    format!("第 {} 行商品编码 {code} 的前 8 位 {code8} 不在中国进出口税则中{hint_zh}", line.no),
                    format!("line {}: the first 8 digits `{code8}` of `{code}` match no line of China's tariff{hint_en}", line.no),
                ),
                vec![DocumentKind::Declaration],
                format!("declaration.lines[{index}].hs_code"),
            )
            .values(model::Text::new("税则中的税号", "a tariff line"), code.as_str()),
        );
    }
}
