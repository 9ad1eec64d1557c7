//! Column headers in Chinese and English: `品名`, `Description`, `数量 QTY`, `毛重(KG)`,
//! `G.W.`, `单价（美元）`, `Ｑｔｙ`… A header is reduced to a key (half-width, lower case,
//! letters and CJK only, bracketed parts set aside), then matched exactly or by the longest
//! known name it contains.

use super::header_names::SYNONYMS;
use crate::number::{currency_of, half_width};
use model::Decimal;
use std::collections::HashMap;
use std::sync::OnceLock;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// 序号 / No.
    LineNo,
    /// 品名 / Description
    Name,
    /// 英文品名 / English name
    NameEn,
    /// 商品编码 / HS code
    HsCode,
    /// 数量 / Quantity
    Quantity,
    /// 单位 / Unit
    Unit,
    /// 单价 / Unit price
    UnitPrice,
    /// 金额 / Amount
    Amount,
    /// 币制 / Currency
    Currency,
    /// 件数 / Packages
    Packages,
    /// 毛重 / Gross weight
    GrossWeight,
    /// 净重 / Net weight
    NetWeight,
    /// A known column the documents do not use (marks, carton numbers, measurements…): known
    /// so that it is not mistaken for another.
    Ignored,
}

/// A recognised header cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderCell {
    /// What the column holds.
    pub column: Column,
    /// Kilograms per unit when the header names a weight unit (`(T)` → 1000).
    pub kilograms_per_unit: Option<Decimal>,
    /// A currency named in the header (`Amount (USD)`, `单价（美元）`).
    pub currency: Option<String>,
    /// The header mentions a total (`Total G.W.`, `总毛重`): preferred over a per-unit column.
    pub is_total: bool,
}

/// Reduces text to a matching key: half-width, lower case, letters, digits and CJK only.
pub fn key_of(text: &str) -> String {
    half_width(text)
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Splits `毛重(KG)` into the text outside brackets and the bracketed parts.
fn split_brackets(text: &str) -> (String, Vec<String>) {
    let mut outside = String::new();
    let mut inside = Vec::new();
    let mut current = String::new();
    let mut depth = 0_usize;
    for c in text.chars() {
        match c {
            '(' | '（' | '[' | '【' | '<' | '《' => {
                depth += 1;
                if depth == 1 {
                    current.clear();
                }
            }
            ')' | '）' | ']' | '】' | '>' | '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    inside.push(std::mem::take(&mut current));
                }
            }
            _ if depth > 0 => current.push(c),
            _ => outside.push(c),
        }
    }
    if depth > 0 {
        inside.push(current);
    }
    (outside, inside)
}

fn is_exact_only(synonym: &str) -> bool {
    synonym.is_ascii() && (synonym.len() <= 2 || synonym == "net") || synonym.chars().count() == 1
}

/// Every synonym to its column, built once.
fn exact_names() -> &'static HashMap<&'static str, Column> {
    static NAMES: OnceLock<HashMap<&'static str, Column>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names = HashMap::new();
        for (column, synonyms) in SYNONYMS {
            for synonym in *synonyms {
                names.entry(*synonym).or_insert(*column);
            }
        }
        names
    })
}

/// The column a key names: an exact synonym, else the longest synonym it contains.
fn column_of_key(key: &str) -> Option<Column> {
    if key.is_empty() {
        return None;
    }
    if let Some(column) = exact_names().get(key) {
        return Some(*column);
    }
    let mut best: Option<(usize, Column)> = None;
    for (column, synonyms) in SYNONYMS {
        for synonym in synonyms.iter() {
            if synonym.len() < key.len() && key.contains(synonym) && !is_exact_only(synonym) {
                let weight = synonym.chars().count() * if synonym.is_ascii() { 1 } else { 3 };
                if best.is_none_or(|(w, _)| weight > w) {
                    best = Some((weight, *column));
                }
            }
        }
    }
    best.map(|(_, column)| column)
}

/// Kilograms per unit of a weight unit word: `KG` 1, `T` 1000, `G` 0.001, `LBS` 0.45359237.
pub fn kilograms_per(unit: &str) -> Option<Decimal> {
    match key_of(unit).as_str() {
        "kg" | "kgs" | "千克" | "公斤" | "kilogram" | "kilograms" | "kilo" | "kilos" => {
            Some(Decimal::ONE)
        }
        "t" | "mt" | "吨" | "ton" | "tons" | "tonne" | "tonnes" | "公吨" => {
            Some(Decimal::from(1000))
        }
        "g" | "克" | "gram" | "grams" | "gs" => Some(Decimal::new(1, 3)),
        "lb" | "lbs" | "磅" => Some(Decimal::new(45_359_237, 8)),
        _ => None,
    }
}

/// Recognises a header cell, or `None` when the text names no known column.
pub fn classify_header(text: &str) -> Option<HeaderCell> {
    let trimmed = text.trim();
    if trimmed == "#" || trimmed == "№" || trimmed == "No" {
        return Some(plain(Column::LineNo));
    }
    let half = half_width(trimmed);
    let (outside, brackets) = split_brackets(&half);
    let bracket_keys: Vec<String> = brackets.iter().map(|b| key_of(b)).collect();
    // `G.W. KGS`, `Amount USD`: unit and currency words are not part of the name.
    let name_words: String = outside
        .split_whitespace()
        .filter(|w| kilograms_per(w).is_none() && currency_of(w).is_none())
        .collect::<Vec<_>>()
        .join(" ");
    let mut column = column_of_key(&key_of(&name_words)).or_else(|| {
        // `数量\nQTY`, `品名 Description`: one of the parts may be enough.
        outside
            .split(['\n', '\r', '/'])
            .find_map(|part| column_of_key(&key_of(part)))
    })?;
    if column == Column::Name
        && bracket_keys
            .iter()
            .any(|k| matches!(k.as_str(), "英文" | "english" | "en" | "eng"))
    {
        column = Column::NameEn;
    }
    let words: Vec<&str> = half
        .split(|c: char| c.is_whitespace() || "()（）[]【】/:：".contains(c))
        .collect();
    let currency = brackets
        .iter()
        .chain(
            words
                .iter()
                .map(|w| w.to_string())
                .collect::<Vec<_>>()
                .iter(),
        )
        .find_map(|part| currency_of(part))
        .or_else(|| {
            ["美元", "人民币", "欧元", "日元", "港币", "港元", "英镑"]
                .iter()
                .find(|name| outside.contains(*name))
                .and_then(|name| currency_of(name))
        });
    let kilograms_per_unit = if matches!(column, Column::GrossWeight | Column::NetWeight) {
        brackets
            .iter()
            .map(String::as_str)
            .chain(words.iter().copied())
            .find_map(kilograms_per)
            .or_else(|| {
                ["千克", "公斤", "吨"]
                    .iter()
                    .find(|unit| outside.contains(*unit))
                    .and_then(|unit| kilograms_per(unit))
            })
    } else {
        None
    };
    let outside_key = key_of(&outside);
    let is_total =
        outside_key.contains("total") || outside_key.contains('总') || outside_key.contains("合计");
    Some(HeaderCell {
        column,
        kilograms_per_unit,
        currency,
        is_total,
    })
}

fn plain(column: Column) -> HeaderCell {
    HeaderCell {
        column,
        kilograms_per_unit: None,
        currency: None,
        is_total: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_chinese_and_english() {
        let cases: &[(&str, Option<Column>)] = &[
            ("品名", Some(Column::Name)),
            ("商品名称", Some(Column::Name)),
            ("货物名称", Some(Column::Name)),
            ("Description", Some(Column::Name)),
            ("DESCRIPTION OF GOODS", Some(Column::Name)),
            ("Product name", Some(Column::Name)),
            ("品名 Description", Some(Column::Name)),
            ("英文品名", Some(Column::NameEn)),
            ("品名(英文)", Some(Column::NameEn)),
            ("数量", Some(Column::Quantity)),
            ("Qty", Some(Column::Quantity)),
            ("ＱＴＹ", Some(Column::Quantity)),
            ("Quantity (PCS)", Some(Column::Quantity)),
            ("数量\nQUANTITY", Some(Column::Quantity)),
            ("单价", Some(Column::UnitPrice)),
            ("Unit price", Some(Column::UnitPrice)),
            ("单价（美元）", Some(Column::UnitPrice)),
            ("金额", Some(Column::Amount)),
            ("总价", Some(Column::Amount)),
            ("Amount", Some(Column::Amount)),
            ("Total", Some(Column::Amount)),
            ("TOTAL AMOUNT USD", Some(Column::Amount)),
            ("币制", Some(Column::Currency)),
            ("Currency", Some(Column::Currency)),
            ("件数", Some(Column::Packages)),
            ("箱数", Some(Column::Packages)),
            ("Packages", Some(Column::Packages)),
            ("CTNS", Some(Column::Packages)),
            ("No. of Packages", Some(Column::Packages)),
            ("毛重", Some(Column::GrossWeight)),
            ("毛重(KG)", Some(Column::GrossWeight)),
            ("G.W.", Some(Column::GrossWeight)),
            ("G.W.(KGS)", Some(Column::GrossWeight)),
            ("Gross weight", Some(Column::GrossWeight)),
            ("Total G.W.", Some(Column::GrossWeight)),
            ("净重", Some(Column::NetWeight)),
            ("N.W.", Some(Column::NetWeight)),
            ("Net Weight (kg)", Some(Column::NetWeight)),
            ("HS", Some(Column::HsCode)),
            ("HS CODE", Some(Column::HsCode)),
            ("商品编码", Some(Column::HsCode)),
            ("序号", Some(Column::LineNo)),
            ("No.", Some(Column::LineNo)),
            ("Item", Some(Column::LineNo)),
            ("#", Some(Column::LineNo)),
            ("单位", Some(Column::Unit)),
            ("Unit", Some(Column::Unit)),
            ("Carton No.", Some(Column::Ignored)),
            ("G.W./CTN", Some(Column::Ignored)),
            ("PCS/CTN", Some(Column::Ignored)),
            ("Item Description", Some(Column::Name)),
            ("规格型号", Some(Column::Ignored)),
            ("Shipping Marks", Some(Column::Ignored)),
            ("Invoice No.", None),
            ("Date", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(
                classify_header(text).map(|h| h.column),
                *expected,
                "header {text:?}"
            );
        }
    }

    #[test]
    fn units_and_currencies_in_headers() {
        let gross = classify_header("毛重(T)").unwrap();
        assert_eq!(gross.kilograms_per_unit, Some(Decimal::from(1000)));
        let net = classify_header("N.W. KGS").unwrap();
        assert_eq!(net.kilograms_per_unit, Some(Decimal::ONE));
        assert_eq!(
            classify_header("Amount (USD)").unwrap().currency.as_deref(),
            Some("USD")
        );
        assert_eq!(
            classify_header("单价（美元）").unwrap().currency.as_deref(),
            Some("USD")
        );
        assert_eq!(
            classify_header("Unit Price US$")
                .unwrap()
                .currency
                .as_deref(),
            Some("USD")
        );
        assert!(classify_header("Total G.W.").unwrap().is_total);
        assert!(!classify_header("G.W.").unwrap().is_total);
    }
}
