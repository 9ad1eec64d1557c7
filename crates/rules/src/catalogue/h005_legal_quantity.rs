//! H005: the legal quantity is missing or not in the code's first legal unit.

use super::Rule;
use crate::{CheckInput, Finding, Severity};
use model::{DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "H005",
    severity: Severity::Error,
    title: (
        "法定数量缺失或计量单位不符",
        "legal quantity missing or not in the legal unit",
    ),
    pages: pages!("H005"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let Some(declaration) = input.declaration() else {
        return;
    };
    let codes = &input.data.codes;
    for (index, line) in declaration.lines.iter().enumerate() {
        let Some(code8) = line.hs_code.as_ref().and_then(|c| c.prefix(8)) else {
            continue;
        };
        let Some(expected_unit) = input.data.tariff.line(code8).and_then(|l| l.unit1) else {
            continue;
        };
        let unit_name = codes.unit_name(expected_unit).unwrap_or(expected_unit);
        let unit_name_en = refdata::unit_name_en(expected_unit).unwrap_or(unit_name);
        let path = |field: &str| format!("declaration.lines[{index}].{field}");
        match (&line.legal_quantity, &line.legal_unit) {
            (None, _) => out.push(
                RULE.finding(
                    Text::new(
                        format!("第 {} 行未申报法定第一数量（应以 {expected_unit} {unit_name} 计）", line.no),
                        format!("line {}: the first legal quantity is missing (in unit {expected_unit} {unit_name_en})", line.no),
                    ),
                    vec![DocumentKind::Declaration],
                    path("legal_quantity"),
                )
                .values(format!("{expected_unit} {unit_name}"), crate::Shown::missing()),
            ),
            (Some(_), Some(unit)) if unit == expected_unit => {}
            (Some(_), given) => {
                let code = line.hs_code.as_ref().map_or(code8, |c| c.as_str());
                let (actual, message) = match given.as_deref() {
                    None => (
                        crate::Shown::missing(),
                        Text::new(
                            format!(
                                "第 {} 行填了法定第一数量但未填其计量单位；商品编码 {code} 的法定第一计量单位是 {expected_unit} {unit_name}",
                                line.no
                            ),
                            format!(
                                "line {}: the legal quantity has no unit; code {code} is measured in {expected_unit} {unit_name_en}",
                                line.no
                            ),
                        ),
                    ),
                    Some(unit) => {
                        let actual = format!("{unit} {}", codes.unit_name(unit).unwrap_or("?"));
                        let actual_en = format!(
                            "{unit} {}",
                            refdata::unit_name_en(unit).or(codes.unit_name(unit)).unwrap_or("?")
                        );
                        let message = Text::new(
                            format!(
                                "第 {} 行法定第一计量单位填为 {actual}，商品编码 {code} 的法定第一计量单位是 {expected_unit} {unit_name}",
                                line.no
                            ),
                            format!(
                                "line {}: the legal unit is {actual_en}, but code {code} is measured in {expected_unit} {unit_name_en}",
                                line.no
                            ),
                        );
                        (crate::Shown::from(actual), message)
                    }
                };
                out.push(
                    RULE.finding(
                        message,
                        vec![DocumentKind::Declaration],
                        path("legal_unit"),
                    )
                    .values(format!("{expected_unit} {unit_name}"), actual),
                );
            }
        }
    }
}
