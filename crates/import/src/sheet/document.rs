//! One sheet to its documents: the header, the labelled values above it, the goods lines, and
//! the totals row. The document kind comes from the sheet or file name, then the title, then
//! the columns (prices → invoice, weights and packages → packing list, both → both).

use super::grid::Grid;
use super::header::Column;
use super::meta::{SheetMeta, kinds_named, read_meta};
use super::table::{HEADER_SEARCH_ROWS, Header, ReadRow, RowKind, find_header, read_row};
use model::{CommercialDocument, Decimal, DocumentKind, GoodsLine, InputError, Text};

/// A document read from a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetDocument {
    /// Invoice, packing list or contract.
    pub kind: DocumentKind,
    /// The document.
    pub document: CommercialDocument,
}

/// Reads the documents of one sheet. `name_kinds` are the kinds the file name names.
pub fn read_sheet(
    grid: &Grid,
    name_kinds: &[DocumentKind],
    errors: &mut Vec<InputError>,
) -> Vec<SheetDocument> {
    let Some(header) = find_header(grid) else {
        if grid.rows.iter().any(|r| r.iter().any(|c| !c.is_blank())) {
            errors.push(InputError::new(
                grid.sheet_place(),
                Text::new(
                    format!("前 {HEADER_SEARCH_ROWS} 行中找不到表头（应有“品名”“数量”“金额”等列）"),
                    format!(
                        "no header row in the first {HEADER_SEARCH_ROWS} rows: expected columns such as Description/品名, Quantity/数量, Amount/金额"
                    ),
                ),
            ));
        }
        return Vec::new();
    };
    let meta = read_meta(grid, header.first_row, errors);
    let (lines, total, line_currencies) = read_lines(grid, &header, errors);
    let kinds = document_kinds(grid, name_kinds, &meta, &header);
    let currency = meta
        .currency
        .clone()
        .or_else(|| header.cell(Column::Amount).and_then(|c| c.currency.clone()))
        .or_else(|| {
            header
                .cell(Column::UnitPrice)
                .and_then(|c| c.currency.clone())
        })
        .or_else(|| agreed(&line_currencies));
    kinds
        .into_iter()
        .map(|kind| SheetDocument {
            kind,
            document: CommercialDocument {
                no: meta.number_for(kind).map(Into::into),
                date: meta.date.as_deref().map(Into::into),
                currency: currency.as_deref().map(Into::into),
                total_amount: total
                    .as_ref()
                    .and_then(|t| t.line.amount)
                    .or_else(|| sum(&lines, |l| l.amount)),
                packages: total
                    .as_ref()
                    .and_then(|t| t.line.packages)
                    .or_else(|| sum_count(&lines)),
                gross_weight_kg: total
                    .as_ref()
                    .and_then(|t| t.line.gross_weight_kg)
                    .or_else(|| sum(&lines, |l| l.gross_weight_kg)),
                net_weight_kg: total
                    .as_ref()
                    .and_then(|t| t.line.net_weight_kg)
                    .or_else(|| sum(&lines, |l| l.net_weight_kg)),
                lines: lines.clone(),
            },
        })
        .collect()
}

fn agreed(currencies: &[String]) -> Option<String> {
    let first = currencies.first()?;
    currencies.iter().all(|c| c == first).then(|| first.clone())
}

/// The sum of a value over the lines, when every line has it.
fn sum(lines: &[GoodsLine], value: impl Fn(&GoodsLine) -> Option<Decimal>) -> Option<Decimal> {
    if lines.is_empty() {
        return None;
    }
    lines
        .iter()
        .try_fold(Decimal::ZERO, |total, line| total.checked_add(value(line)?))
}

fn sum_count(lines: &[GoodsLine]) -> Option<u64> {
    if lines.is_empty() {
        return None;
    }
    lines
        .iter()
        .try_fold(0_u64, |total, line| total.checked_add(line.packages?))
}

/// The goods lines, the totals row (if any) and the currencies written in the rows.
fn read_lines(
    grid: &Grid,
    header: &Header,
    errors: &mut Vec<InputError>,
) -> (Vec<GoodsLine>, Option<ReadRow>, Vec<String>) {
    let mut lines: Vec<GoodsLine> = Vec::new();
    let mut currencies = Vec::new();
    let mut total = None;
    for row in header.row + 1..grid.rows.len() {
        let mut row_errors = Vec::new();
        match read_row(grid, header, row, &mut row_errors) {
            RowKind::Skip => {}
            RowKind::Total(read) => {
                errors.append(&mut row_errors);
                total = Some(*read);
                break;
            }
            RowKind::Line(read) => {
                if is_unlabelled_total(&read, &lines) {
                    total = Some(*read);
                    break;
                }
                errors.append(&mut row_errors);
                let position = u32::try_from(lines.len() + 1).unwrap_or(u32::MAX);
                let mut line = read.line;
                line.no = read.written_no.unwrap_or(position);
                currencies.extend(read.currencies);
                lines.push(line);
            }
        }
    }
    (lines, total, currencies)
}

/// A row with no name, code or number of its own whose values are the sums of the lines above
/// is the totals row, even without a `合计` label.
fn is_unlabelled_total(read: &ReadRow, lines: &[GoodsLine]) -> bool {
    let line = &read.line;
    if lines.is_empty()
        || line.name.is_some()
        || line.name_en.is_some()
        || line.hs_code.is_some()
        || read.written_no.is_some()
    {
        return false;
    }
    let matches = |value: Option<Decimal>, of: fn(&GoodsLine) -> Option<Decimal>| {
        value.is_some_and(|v| sum(lines, of) == Some(v))
    };
    matches(line.amount, |l| l.amount)
        || matches(line.quantity, |l| l.quantity)
        || matches(line.gross_weight_kg, |l| l.gross_weight_kg)
        || matches(line.net_weight_kg, |l| l.net_weight_kg)
        || line.packages.is_some_and(|p| sum_count(lines) == Some(p))
}

fn document_kinds(
    grid: &Grid,
    name_kinds: &[DocumentKind],
    meta: &SheetMeta,
    header: &Header,
) -> Vec<DocumentKind> {
    let sheet_kinds = grid.sheet.as_deref().map(kinds_named).unwrap_or_default();
    for kinds in [&sheet_kinds, &name_kinds.to_vec(), &meta.titles] {
        if !kinds.is_empty() {
            return kinds.clone();
        }
    }
    let money = header.has(Column::Amount) || header.has(Column::UnitPrice);
    let weights = header.has(Column::GrossWeight)
        || header.has(Column::NetWeight)
        || header.has(Column::Packages);
    match (money, weights) {
        (true, true) => vec![DocumentKind::Invoice, DocumentKind::PackingList],
        (false, true) => vec![DocumentKind::PackingList],
        _ => vec![DocumentKind::Invoice],
    }
}
