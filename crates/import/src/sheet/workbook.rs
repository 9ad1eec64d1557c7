//! Workbooks (xlsx, and the older xls and ods through calamine) into [`Grid`]s, one per
//! visible worksheet.
//!
//! Memory stays bounded: the xlsx package is first measured by unpacking each part into a sink
//! (a small file that unpacks to gigabytes is refused before calamine sees it), cells are then
//! streamed, and rows, columns and sheets are capped.

use super::grid::{CellValue, Grid, MAX_COLUMNS, MAX_ROWS};
use crate::number::{date_from_excel_serial, decimal_from_f64, parse_date_text};
use calamine::{Data, DataRef, Reader, SheetType, SheetVisible};
use model::{Decimal, InputError, Text};
use std::io::{Cursor, Read, Seek};

/// The most bytes a workbook package may unpack to.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
/// The most worksheets read from one workbook.
pub const MAX_SHEETS: usize = 16;
/// The most cells read from one worksheet.
const MAX_CELLS: usize = 2_000_000;

/// Which workbook format the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbookKind {
    /// Office Open XML (zip with `xl/`).
    Xlsx,
    /// OpenDocument spreadsheet (zip with `content.xml`).
    Ods,
    /// Excel 97–2003 (OLE compound file).
    Xls,
}

/// Reads every visible worksheet.
pub fn read_workbook(bytes: &[u8], kind: WorkbookKind) -> (Vec<Grid>, Vec<InputError>) {
    let mut errors = Vec::new();
    let grids = match kind {
        WorkbookKind::Xlsx => {
            if let Err(error) = check_unpacked_size(bytes) {
                errors.push(error);
                return (Vec::new(), errors);
            }
            read_xlsx(bytes, &mut errors)
        }
        WorkbookKind::Ods => {
            if let Err(error) = check_unpacked_size(bytes) {
                errors.push(error);
                return (Vec::new(), errors);
            }
            match calamine::Ods::new(Cursor::new(bytes)) {
                Ok(mut workbook) => read_ranges(&mut workbook, &mut errors),
                Err(error) => {
                    errors.push(unreadable(&error.to_string()));
                    Vec::new()
                }
            }
        }
        WorkbookKind::Xls => match calamine::Xls::new(Cursor::new(bytes)) {
            Ok(mut workbook) => read_ranges(&mut workbook, &mut errors),
            Err(error) => {
                errors.push(unreadable(&error.to_string()));
                Vec::new()
            }
        },
    };
    (grids, errors)
}

fn unreadable(detail: &str) -> InputError {
    InputError::new(
        "sheet 1",
        Text::new(
            format!("无法读取电子表格：{detail}"),
            format!("cannot read the workbook: {detail}"),
        ),
    )
}

/// Unpacks every part of the zip package into a sink, counting the real bytes.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), InputError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e.to_string()))?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let part = archive
            .by_index(index)
            .map_err(|e| unreadable(&e.to_string()))?;
        let remaining = MAX_UNPACKED_BYTES.saturating_sub(total);
        let unpacked = std::io::copy(&mut part.take(remaining + 1), &mut std::io::sink())
            .map_err(|e| unreadable(&e.to_string()))?;
        total = total.saturating_add(unpacked);
        if total > MAX_UNPACKED_BYTES {
            return Err(InputError::new(
                "sheet 1",
                Text::new(
                    format!(
                        "电子表格解压后超过 {} MiB，未读取",
                        MAX_UNPACKED_BYTES >> 20
                    ),
                    format!(
                        "the workbook unpacks to more than {} MiB: not read",
                        MAX_UNPACKED_BYTES >> 20
                    ),
                ),
            ));
        }
    }
    Ok(())
}

fn visible_worksheets(sheets: &[calamine::Sheet]) -> Vec<String> {
    sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .take(MAX_SHEETS)
        .map(|s| s.name.clone())
        .collect()
}

fn read_xlsx(bytes: &[u8], errors: &mut Vec<InputError>) -> Vec<Grid> {
    let mut workbook = match calamine::Xlsx::new(Cursor::new(bytes)) {
        Ok(workbook) => workbook,
        Err(error) => {
            errors.push(unreadable(&error.to_string()));
            return Vec::new();
        }
    };
    let names = visible_worksheets(workbook.sheets_metadata());
    let mut grids = Vec::new();
    for name in names {
        let mut grid = Grid {
            sheet: Some(name.clone()),
            rows: Vec::new(),
        };
        let mut cells = match workbook.worksheet_cells_reader(&name) {
            Ok(cells) => cells,
            Err(error) => {
                errors.push(InputError::new(
                    grid.sheet_place(),
                    Text::new(
                        format!("无法读取工作表：{error}"),
                        format!("cannot read the sheet: {error}"),
                    ),
                ));
                continue;
            }
        };
        let mut count = 0_usize;
        let mut cut = false;
        loop {
            match cells.next_cell() {
                Ok(Some(cell)) => {
                    count += 1;
                    if count > MAX_CELLS {
                        cut = true;
                        break;
                    }
                    let (row, column) = cell.get_position();
                    let value = from_data_ref(cell.get_value());
                    if value != CellValue::Empty && !grid.set(row as usize, column as usize, value)
                    {
                        cut = true;
                    }
                }
                Ok(None) => break,
                Err(error) => {
                    errors.push(InputError::new(
                        grid.sheet_place(),
                        Text::new(
                            format!("工作表读取中断：{error}"),
                            format!("reading the sheet stopped: {error}"),
                        ),
                    ));
                    break;
                }
            }
        }
        if cut {
            errors.push(cut_error(&grid));
        }
        grids.push(grid);
    }
    grids
}

fn cut_error(grid: &Grid) -> InputError {
    InputError::new(
        grid.sheet_place(),
        Text::new(
            format!("工作表超过 {MAX_ROWS} 行或 {MAX_COLUMNS} 列，超出部分未读取"),
            format!(
                "the sheet is larger than {MAX_ROWS} rows or {MAX_COLUMNS} columns: the rest was not read"
            ),
        ),
    )
}

fn read_ranges<RS, R>(workbook: &mut R, errors: &mut Vec<InputError>) -> Vec<Grid>
where
    RS: Read + Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let names = visible_worksheets(workbook.sheets_metadata());
    let mut grids = Vec::new();
    for name in names {
        let mut grid = Grid {
            sheet: Some(name.clone()),
            rows: Vec::new(),
        };
        match workbook.worksheet_range(&name) {
            Ok(range) => {
                let (start_row, start_column) = range.start().unwrap_or((0, 0));
                let mut cut = false;
                for (count, (row, column, value)) in range.used_cells().enumerate() {
                    if count >= MAX_CELLS {
                        cut = true;
                        break;
                    }
                    let row = start_row as usize + row;
                    let column = start_column as usize + column;
                    let value = from_data(value);
                    if value != CellValue::Empty && !grid.set(row, column, value) {
                        cut = true;
                    }
                }
                if cut {
                    errors.push(cut_error(&grid));
                }
                grids.push(grid);
            }
            Err(error) => errors.push(InputError::new(
                grid.sheet_place(),
                Text::new(
                    format!("无法读取工作表：{error}"),
                    format!("cannot read the sheet: {error}"),
                ),
            )),
        }
    }
    grids
}

fn from_number(value: Result<Decimal, crate::number::NumberError>) -> CellValue {
    match value {
        Ok(number) => CellValue::Number(number),
        Err(_) => CellValue::Error("number out of range".to_string()),
    }
}

fn from_data_ref(value: &DataRef<'_>) -> CellValue {
    match value {
        DataRef::Int(int) => CellValue::Number(Decimal::from(*int)),
        DataRef::Float(float) => from_number(decimal_from_f64(*float)),
        DataRef::String(text) => CellValue::Text(text.clone()),
        DataRef::SharedString(text) => CellValue::Text((*text).to_string()),
        DataRef::Bool(flag) => CellValue::Text(if *flag { "TRUE" } else { "FALSE" }.to_string()),
        DataRef::DateTime(date) if date.is_datetime() => {
            date_from_excel_serial(date.as_f64(), false).map_or_else(
                || CellValue::Error("date out of range".to_string()),
                CellValue::Date,
            )
        }
        DataRef::DateTime(date) => CellValue::Text(date.as_f64().to_string()),
        DataRef::DateTimeIso(text) => {
            parse_date_text(text).map_or_else(|_| CellValue::Text(text.clone()), CellValue::Date)
        }
        DataRef::DurationIso(text) => CellValue::Text(text.clone()),
        DataRef::Error(error) => CellValue::Error(error.to_string()),
        DataRef::Empty => CellValue::Empty,
    }
}

fn from_data(value: &Data) -> CellValue {
    match value {
        Data::Int(int) => CellValue::Number(Decimal::from(*int)),
        Data::Float(float) => from_number(decimal_from_f64(*float)),
        Data::String(text) => CellValue::Text(text.clone()),
        Data::Bool(flag) => CellValue::Text(if *flag { "TRUE" } else { "FALSE" }.to_string()),
        Data::DateTime(date) if date.is_datetime() => date_from_excel_serial(date.as_f64(), false)
            .map_or_else(
                || CellValue::Error("date out of range".to_string()),
                CellValue::Date,
            ),
        Data::DateTime(date) => CellValue::Text(date.as_f64().to_string()),
        Data::DateTimeIso(text) => {
            parse_date_text(text).map_or_else(|_| CellValue::Text(text.clone()), CellValue::Date)
        }
        Data::DurationIso(text) => CellValue::Text(text.clone()),
        Data::Error(error) => CellValue::Error(error.to_string()),
        Data::Empty => CellValue::Empty,
    }
}
