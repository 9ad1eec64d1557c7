//! Finding the header row of a sheet and reading its goods rows.

use super::grid::{CellValue, Grid};
use super::header::{Column, HeaderCell, classify_header, key_of};
use crate::number::{NumberError, WrittenNumber, half_width, parse_written_number};
use model::{CommodityCode, Decimal, GoodsLine, InputError, Text};
use std::collections::BTreeMap;

/// How many rows from the top are searched for the header.
pub const HEADER_SEARCH_ROWS: usize = 20;

/// The header: which column holds what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The (last) header row, 0-based.
    pub row: usize,
    /// The first header row (the same unless the header spans two rows).
    pub first_row: usize,
    /// Column index → what it holds.
    pub columns: BTreeMap<usize, HeaderCell>,
    /// Header texts, for error places (`数量`).
    pub titles: BTreeMap<usize, String>,
}

impl Header {
    /// The column index holding `column`, if any.
    pub fn find(&self, column: Column) -> Option<usize> {
        self.columns
            .iter()
            .find(|(_, c)| c.column == column)
            .map(|(i, _)| *i)
    }

    /// The header cell of `column`.
    pub fn cell(&self, column: Column) -> Option<&HeaderCell> {
        self.columns.values().find(|c| c.column == column)
    }

    /// True when a column of this kind exists.
    pub fn has(&self, column: Column) -> bool {
        self.find(column).is_some()
    }
}

fn row_headers(cells: &[CellValue]) -> Vec<(usize, HeaderCell, String)> {
    cells
        .iter()
        .enumerate()
        .filter_map(|(index, cell)| {
            let CellValue::Text(text) = cell else {
                return None;
            };
            // `Invoice No.: INV-1` is a label with its value, not a header.
            if let Some(at) = text.find([':', '：']) {
                let after = text[at..].chars().skip(1).collect::<String>();
                if !after.trim().is_empty() {
                    return None;
                }
            }
            if text.chars().count() > 60 {
                return None;
            }
            classify_header(text).map(|header| (index, header, text.trim().to_string()))
        })
        .collect()
}

fn score(headers: &[(usize, HeaderCell, String)]) -> usize {
    let mut kinds: Vec<Column> = headers
        .iter()
        .map(|(_, h, _)| h.column)
        .filter(|c| *c != Column::Ignored)
        .collect();
    kinds.sort();
    kinds.dedup();
    let has_goods_value = kinds.iter().any(|c| {
        matches!(
            c,
            Column::Name
                | Column::Quantity
                | Column::Amount
                | Column::UnitPrice
                | Column::GrossWeight
                | Column::NetWeight
                | Column::Packages
        )
    });
    if kinds.len() >= 2 && has_goods_value {
        kinds.len()
    } else {
        0
    }
}

/// Finds the header among the first rows: the row naming the most known columns (at least
/// two, one of them a goods value). A second header row right below (`G.W.` | `N.W.` under a
/// merged `Weight`) completes it.
pub fn find_header(grid: &Grid) -> Option<Header> {
    let mut best: Option<(usize, usize)> = None;
    for row in 0..grid.rows.len().min(HEADER_SEARCH_ROWS) {
        let found = score(&row_headers(&grid.rows[row]));
        if found > 0 && best.is_none_or(|(s, _)| found > s) {
            best = Some((found, row));
        }
    }
    let (_, row) = best?;
    let mut header = Header {
        row,
        first_row: row,
        columns: BTreeMap::new(),
        titles: BTreeMap::new(),
    };
    add_headers(&mut header, row_headers(&grid.rows[row]));
    if let Some(next) = grid.rows.get(row + 1) {
        let below = row_headers(next);
        let only_text = next
            .iter()
            .all(|c| matches!(c, CellValue::Empty | CellValue::Text(_)))
            && next
                .iter()
                .all(|c| c.text().is_none_or(|t| parse_written_number(&t).is_err()));
        let adds_new = below
            .iter()
            .any(|(i, h, _)| h.column != Column::Ignored && !header.columns.contains_key(i));
        if only_text && adds_new {
            add_headers(&mut header, below);
            header.row = row + 1;
        }
    }
    Some(header)
}

fn add_headers(header: &mut Header, found: Vec<(usize, HeaderCell, String)>) {
    for (index, cell, title) in found {
        let existing = header
            .columns
            .iter()
            .find(|(_, c)| c.column == cell.column && c.column != Column::Ignored)
            .map(|(i, c)| (*i, c.is_total));
        match existing {
            None => {
                header.columns.insert(index, cell);
                header.titles.insert(index, title);
            }
            Some((_, _)) if cell.column == Column::Name && !header.has(Column::NameEn) => {
                let first_is_cjk = header
                    .titles
                    .get(&header.find(Column::Name).unwrap_or(usize::MAX))
                    .is_some_and(|t| !t.is_ascii());
                if first_is_cjk && title.is_ascii() {
                    header.columns.insert(
                        index,
                        HeaderCell {
                            column: Column::NameEn,
                            ..cell
                        },
                    );
                    header.titles.insert(index, title);
                }
            }
            Some((old_index, old_total)) if cell.is_total && !old_total => {
                header.columns.remove(&old_index);
                header.titles.remove(&old_index);
                header.columns.insert(index, cell);
                header.titles.insert(index, title);
            }
            Some(_) => {}
        }
    }
}

/// What a row below the header is.
#[derive(Debug, Clone, PartialEq)]
pub enum RowKind {
    /// A goods line.
    Line(Box<ReadRow>),
    /// The totals row (`合计`, `TOTAL:`): its values.
    Total(Box<ReadRow>),
    /// Blank, a subtotal, `SAY TOTAL …` or a text-only continuation: nothing to read.
    Skip,
}

/// The values of one row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadRow {
    /// The goods line's values (its `no` is 0 until numbered).
    pub line: GoodsLine,
    /// The line number written in the row, when it is a whole number.
    pub written_no: Option<u32>,
    /// Currencies written in the row (the currency column or `USD 12.50`).
    pub currencies: Vec<String>,
    /// True when a label cell says this is a total.
    pub labelled_total: bool,
}

const TOTAL_WORDS: &[&str] = &[
    "合计",
    "总计",
    "共计",
    "总合计",
    "total",
    "totals",
    "grandtotal",
    "sum",
    "totalsum",
    "合计total",
    "total合计",
    "totalamount",
    "totalvalue",
    "总金额合计",
];

/// `合计`, `TOTAL`, `Total:`, `TOTAL (USD)`, `合计：` — but not a product called `TOTAL STATION`.
fn is_total_label(text: &str) -> bool {
    let key = key_of(text);
    if TOTAL_WORDS.contains(&key.as_str())
        || key.starts_with("合计")
        || key.starts_with("总计")
        || key.starts_with("共计")
    {
        return true;
    }
    let upper = half_width(text).trim().to_uppercase();
    ["TOTAL", "GRAND TOTAL"].iter().any(|word| {
        upper
            .strip_prefix(word)
            .and_then(|rest| rest.trim_start().chars().next())
            .is_some_and(|next| matches!(next, ':' | '：' | '(' | '（' | '['))
    })
}

/// Reads one row below the header. Value errors go to `errors` with the cell's place.
pub fn read_row(grid: &Grid, header: &Header, row: usize, errors: &mut Vec<InputError>) -> RowKind {
    let cells = &grid.rows[row];
    if cells.iter().all(CellValue::is_blank) {
        return RowKind::Skip;
    }
    let mut labelled_total = false;
    for (index, cell) in cells.iter().enumerate() {
        let CellValue::Text(text) = cell else {
            continue;
        };
        let key = key_of(text);
        let numeric_column = header
            .columns
            .get(&index)
            .is_some_and(|c| is_numeric(c.column));
        if numeric_column && parse_written_number(text).is_ok() {
            continue;
        }
        if key.starts_with("say") || key.starts_with("小计") || key.starts_with("subtotal") {
            return RowKind::Skip;
        }
        if is_total_label(text) {
            labelled_total = true;
        }
    }
    let errors_before = errors.len();
    let mut read = ReadRow {
        labelled_total,
        ..ReadRow::default()
    };
    for (&index, header_cell) in &header.columns {
        let cell = grid.cell(row, index);
        if cell.is_blank() {
            continue;
        }
        let place = || {
            let title = header.titles.get(&index).map(String::as_str).unwrap_or("");
            format!("{} ({})", grid.place(row, index), title.replace('\n', " "))
        };
        read_cell(&mut read, header_cell, cell, &place, labelled_total, errors);
    }
    if labelled_total {
        return RowKind::Total(Box::new(read));
    }
    let line = &read.line;
    let has_value = line.quantity.is_some()
        || line.amount.is_some()
        || line.unit_price.is_some()
        || line.packages.is_some()
        || line.gross_weight_kg.is_some()
        || line.net_weight_kg.is_some()
        || line.hs_code.is_some();
    // A named row whose only values were unreadable is still a line: its errors must show.
    let named_with_errors = line.name.is_some() && errors.len() > errors_before;
    if !has_value && !named_with_errors {
        return RowKind::Skip;
    }
    RowKind::Line(Box::new(read))
}

fn is_numeric(column: Column) -> bool {
    matches!(
        column,
        Column::Quantity
            | Column::UnitPrice
            | Column::Amount
            | Column::Packages
            | Column::GrossWeight
            | Column::NetWeight
            | Column::LineNo
    )
}

fn read_cell(
    read: &mut ReadRow,
    header: &HeaderCell,
    cell: &CellValue,
    place: &dyn Fn() -> String,
    in_total_row: bool,
    errors: &mut Vec<InputError>,
) {
    let text = cell.text().unwrap_or_default();
    match header.column {
        Column::LineNo => {
            read.written_no = match cell {
                CellValue::Number(n) if n.fract().is_zero() => u32::try_from(n.trunc()).ok(),
                _ => text.trim().trim_end_matches('.').parse::<u32>().ok(),
            }
            .filter(|n| *n >= 1);
        }
        Column::Name => {
            if !in_total_row {
                read.line.name = Some(single_line(&text).into());
            }
        }
        Column::NameEn => {
            if !in_total_row {
                read.line.name_en = Some(single_line(&text).into());
            }
        }
        Column::HsCode => read.line.hs_code = CommodityCode::parse(&half_width(&text)),
        Column::Unit => read.line.unit = Some(text.trim().into()),
        Column::Currency => {
            let code = crate::number::currency_of(&text)
                .unwrap_or_else(|| model::normalize_code(&text).into());
            read.currencies.push(code);
        }
        Column::Ignored => {}
        Column::Quantity
        | Column::UnitPrice
        | Column::Amount
        | Column::Packages
        | Column::GrossWeight
        | Column::NetWeight => {
            let Some(number) = number_of(cell, place, errors) else {
                return;
            };
            if let Some(currency) = &number.currency {
                read.currencies.push(currency.clone());
            }
            let value = number.value;
            match header.column {
                Column::Quantity => {
                    read.line.quantity = Some(value);
                    if read.line.unit.is_none() {
                        read.line.unit = number.unit.as_deref().map(Into::into);
                    }
                }
                Column::UnitPrice => read.line.unit_price = Some(value),
                Column::Amount => read.line.amount = Some(value),
                Column::Packages => read.line.packages = whole(value, place, errors),
                _ => {
                    let per_unit = number
                        .unit
                        .as_deref()
                        .and_then(super::header::kilograms_per)
                        .or(header.kilograms_per_unit)
                        .unwrap_or(Decimal::ONE);
                    let kilograms = value.checked_mul(per_unit).map(|kg| {
                        if per_unit == Decimal::ONE {
                            kg
                        } else {
                            kg.normalize()
                        }
                    });
                    if header.column == Column::GrossWeight {
                        read.line.gross_weight_kg = kilograms;
                    } else {
                        read.line.net_weight_kg = kilograms;
                    }
                }
            }
        }
    }
}

fn single_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn number_of(
    cell: &CellValue,
    place: &dyn Fn() -> String,
    errors: &mut Vec<InputError>,
) -> Option<WrittenNumber> {
    let parsed = match cell {
        CellValue::Number(value) => Ok(Some(WrittenNumber {
            value: *value,
            currency: None,
            unit: None,
        })),
        CellValue::Text(text) => parse_written_number(text),
        CellValue::Date(date) => {
            errors.push(InputError::new(
                place(),
                Text::new(
                    format!("此处应是数字，却是日期 {date}"),
                    format!("expected a number, found the date {date}"),
                ),
            ));
            return None;
        }
        CellValue::Error(error) => {
            errors.push(InputError::new(
                place(),
                Text::new(
                    format!("单元格显示错误 {error}，应是数字"),
                    format!("the cell shows the error {error}: expected a number"),
                ),
            ));
            return None;
        }
        CellValue::Empty => Ok(None),
    };
    let written = cell.text().unwrap_or_default();
    match parsed {
        Ok(Some(number)) if number.value.is_sign_negative() && !number.value.is_zero() => {
            errors.push(InputError::new(
                place(),
                Text::new(
                    format!("数值 `{written}` 不能为负"),
                    format!("`{written}` must not be negative"),
                ),
            ));
            None
        }
        Ok(number) => number,
        Err(NumberError::NotANumber) => {
            errors.push(InputError::new(
                place(),
                Text::new(
                    format!("`{written}` 不是数字"),
                    format!("`{written}` is not a number: expected e.g. `12,500.00`"),
                ),
            ));
            None
        }
        Err(NumberError::OutOfRange) => {
            errors.push(InputError::new(
                place(),
                Text::new(
                    format!("数值 `{written}` 超出合理范围"),
                    format!("`{written}` is out of range"),
                ),
            ));
            None
        }
    }
}

fn whole(value: Decimal, place: &dyn Fn() -> String, errors: &mut Vec<InputError>) -> Option<u64> {
    let count = (value.fract().is_zero() && value <= Decimal::from(1_000_000_000_u64))
        .then(|| u64::try_from(value.trunc()).ok())
        .flatten();
    if count.is_none() {
        errors.push(InputError::new(
            place(),
            Text::new(
                format!("件数 `{value}` 应是整数"),
                format!("the package count `{value}` must be a whole number"),
            ),
        ));
    }
    count
}
