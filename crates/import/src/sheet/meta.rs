//! Labelled values above the table: `Invoice No.: INV-1`, `发票号：`, `Date:` | `2026-10-09`,
//! `Currency: USD`, and the title (`COMMERCIAL INVOICE`, `装箱单`) that tells the document kind.

use super::grid::{CellValue, Grid};
use super::header::key_of;
use crate::number::{DateError, currency_of, date_from_excel_serial, parse_date_text};
use model::{DocumentKind, InputError, Text};

/// What a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Number(Option<DocumentKind>),
    Date,
    Currency,
}

fn label_of(key: &str) -> Option<Label> {
    use DocumentKind::{Contract, Invoice, PackingList};
    let label = match key {
        "invoiceno"
        | "invno"
        | "invoicenumber"
        | "invoice"
        | "发票号"
        | "发票号码"
        | "发票编号"
        | "commercialinvoiceno"
        | "cino"
        | "invoicenos" => Label::Number(Some(Invoice)),
        "packinglistno" | "plno" | "装箱单号" | "装箱单编号" | "packingno"
        | "packinglistnumber" => Label::Number(Some(PackingList)),
        "contractno" | "合同号" | "合同编号" | "合同号码" | "salescontractno" | "scno"
        | "contractnumber" | "合约号" | "销售合同号" | "合同协议号" => {
            Label::Number(Some(Contract))
        }
        "no" | "number" | "编号" | "单号" | "refno" | "ref" | "reference" | "documentno"
        | "单据号" | "单据编号" => Label::Number(None),
        "date" | "日期" | "发票日期" | "invoicedate" | "开票日期" | "签订日期" | "合同日期"
        | "签约日期" | "dated" | "issuedate" | "dateofissue" | "packingdate" | "装箱日期"
        | "contractdate" | "日期date" => Label::Date,
        "currency" | "币制" | "币种" | "币别" | "货币" | "curr" | "currencyunit" => {
            Label::Currency
        }
        _ => return None,
    };
    Some(label)
}

/// The label of a bilingual text (`发票号 Invoice No.`): the whole, the Chinese part or the
/// Latin part.
fn label_of_text(text: &str) -> Option<Label> {
    let key = key_of(text);
    let chinese: String = key.chars().filter(|c| !c.is_ascii()).collect();
    let latin: String = key.chars().filter(char::is_ascii).collect();
    label_of(&key)
        .or_else(|| {
            (!chinese.is_empty() && !latin.is_empty())
                .then(|| label_of(&chinese))
                .flatten()
        })
        .or_else(|| {
            (!chinese.is_empty() && !latin.is_empty())
                .then(|| label_of(&latin))
                .flatten()
        })
}

/// Values found above the header.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SheetMeta {
    /// Document numbers by the kind their label names (`None`: a plain `No.`).
    pub numbers: Vec<(Option<DocumentKind>, String)>,
    /// The document date, ISO 8601.
    pub date: Option<String>,
    /// The currency.
    pub currency: Option<String>,
    /// Kinds named by a title cell (`COMMERCIAL INVOICE`, `装箱单`).
    pub titles: Vec<DocumentKind>,
}

impl SheetMeta {
    /// The number for a document of `kind`: its own label first, then a plain `No.`.
    pub fn number_for(&self, kind: DocumentKind) -> Option<String> {
        self.numbers
            .iter()
            .find(|(k, _)| *k == Some(kind))
            .or_else(|| self.numbers.iter().find(|(k, _)| k.is_none()))
            .map(|(_, number)| number.clone())
    }
}

/// The kind a title or file name names: invoice / 发票 / INV, packing / 装箱 / PL,
/// contract / 合同 / SC.
pub fn kinds_named(text: &str) -> Vec<DocumentKind> {
    let lower = crate::number::half_width(text).to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let has_token = |names: &[&str]| tokens.iter().any(|t| names.contains(t));
    let mut kinds = Vec::new();
    if lower.contains("invoice") || lower.contains("发票") || has_token(&["inv", "ci"]) {
        kinds.push(DocumentKind::Invoice);
    }
    if lower.contains("packing")
        || lower.contains("装箱")
        || lower.contains("箱单")
        || has_token(&["pl", "pkl"])
    {
        kinds.push(DocumentKind::PackingList);
    }
    if lower.contains("contract")
        || lower.contains("合同")
        || lower.contains("合约")
        || has_token(&["sc"])
    {
        kinds.push(DocumentKind::Contract);
    }
    kinds
}

/// Reads the labelled values in rows `0..header_row`.
pub fn read_meta(grid: &Grid, header_row: usize, errors: &mut Vec<InputError>) -> SheetMeta {
    let mut meta = SheetMeta::default();
    for row in 0..header_row.min(grid.rows.len()) {
        let cells = &grid.rows[row];
        for (column, cell) in cells.iter().enumerate() {
            let Some(text) = cell_text(cell) else {
                continue;
            };
            let (label_text, inline_value) = match text.find([':', '：']) {
                Some(at) => {
                    let colon = text[at..].chars().next().map_or(1, char::len_utf8);
                    (&text[..at], Some(text[at + colon..].trim()))
                }
                None => (text.as_str(), None),
            };
            let Some(label) = label_of_text(label_text) else {
                if inline_value.is_none() && !text.chars().any(|c| c.is_ascii_digit()) {
                    for kind in kinds_named(&text) {
                        if !meta.titles.contains(&kind) {
                            meta.titles.push(kind);
                        }
                    }
                }
                continue;
            };
            let (value_cell, value_column) = match inline_value {
                Some(value) if !value.is_empty() => (CellValue::Text(value.to_string()), column),
                _ => match next_value(cells, column) {
                    Some((value_column, value)) => (value.clone(), value_column),
                    None => continue,
                },
            };
            apply(
                &mut meta,
                label,
                &value_cell,
                grid.place(row, value_column),
                errors,
            );
        }
    }
    meta
}

fn cell_text(cell: &CellValue) -> Option<String> {
    match cell {
        CellValue::Text(_) => cell.text(),
        _ => None,
    }
}

/// The first non-empty cell within three cells right of `column`.
fn next_value(cells: &[CellValue], column: usize) -> Option<(usize, &CellValue)> {
    cells
        .iter()
        .enumerate()
        .skip(column + 1)
        .take(3)
        .find(|(_, cell)| !cell.is_blank())
}

fn apply(
    meta: &mut SheetMeta,
    label: Label,
    value: &CellValue,
    place: String,
    errors: &mut Vec<InputError>,
) {
    match label {
        Label::Number(kind) => {
            if let Some(number) = value.text()
                && !meta.numbers.iter().any(|(k, _)| *k == kind)
            {
                meta.numbers.push((kind, number));
            }
        }
        Label::Currency => {
            if let Some(text) = value.text()
                && meta.currency.is_none()
            {
                meta.currency =
                    Some(currency_of(&text).unwrap_or_else(|| model::normalize_code(&text).into()));
            }
        }
        Label::Date => {
            if meta.date.is_some() {
                return;
            }
            let date = match value {
                CellValue::Date(date) => Ok(date.clone()),
                CellValue::Number(serial) => serial
                    .to_string()
                    .parse::<f64>()
                    .ok()
                    .filter(|s| (20_000.0..80_000.0).contains(s))
                    .and_then(|s| date_from_excel_serial(s, false))
                    .ok_or(DateError::Unreadable),
                other => parse_date_text(&other.text().unwrap_or_default()),
            };
            match date {
                Ok(date) => meta.date = Some(date),
                Err(error) => {
                    let written = value.text().unwrap_or_default();
                    let (zh, en) = match error {
                        DateError::Ambiguous => (
                            format!("日期 `{written}` 无法区分日和月，请写成 2026-10-09"),
                            format!(
                                "the date `{written}` is ambiguous (day or month first?): write 2026-10-09"
                            ),
                        ),
                        DateError::Unreadable => (
                            format!("无法识别日期 `{written}`，应写成 2026-10-09"),
                            format!("`{written}` is not a date: expected e.g. 2026-10-09"),
                        ),
                    };
                    errors.push(InputError::new(place, Text::new(zh, en)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_names() {
        use DocumentKind::*;
        let cases: &[(&str, &[DocumentKind])] = &[
            ("invoice.xlsx", &[Invoice]),
            ("INV-2026-001.csv", &[Invoice]),
            ("商业发票.xlsx", &[Invoice]),
            ("packing_list.csv", &[PackingList]),
            ("装箱单.xls", &[PackingList]),
            ("PL-1.csv", &[PackingList]),
            ("CI&PL.xlsx", &[Invoice, PackingList]),
            ("sales contract.xlsx", &[Contract]),
            ("合同.xlsx", &[Contract]),
            ("COMMERCIAL INVOICE", &[Invoice]),
            ("goods.csv", &[]),
            ("plan.csv", &[]),
        ];
        for (name, expected) in cases {
            assert_eq!(kinds_named(name), expected.to_vec(), "{name}");
        }
    }
}
