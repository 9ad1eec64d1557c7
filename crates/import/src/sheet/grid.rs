//! A sheet as rows of cells, whatever file it came from (csv, xlsx, xls, ods).

use crate::position::column_letters;
use model::Decimal;

/// The most rows read from one sheet.
pub const MAX_ROWS: usize = 100_000;
/// The most columns read from one sheet.
pub const MAX_COLUMNS: usize = 256;

/// One cell's value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CellValue {
    /// Nothing.
    #[default]
    Empty,
    /// Text as written (csv cells are always text).
    Text(String),
    /// A number cell, already exact.
    Number(Decimal),
    /// A date cell, as ISO 8601.
    Date(String),
    /// A spreadsheet error (`#REF!`) or a value that could not be read (`out of range`).
    Error(String),
}

impl CellValue {
    /// The cell as text (numbers and dates rendered), `None` when empty.
    pub fn text(&self) -> Option<String> {
        match self {
            CellValue::Empty => None,
            CellValue::Text(text) => {
                let trimmed = text.trim();
                (!trimmed.is_empty()).then(|| trimmed.to_string())
            }
            CellValue::Number(number) => Some(number.to_string()),
            CellValue::Date(date) => Some(date.clone()),
            CellValue::Error(error) => Some(error.clone()),
        }
    }

    /// True when the cell holds nothing (or only spaces).
    pub fn is_blank(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }
}

/// A sheet: `rows[r][c]` is spreadsheet row `r + 1`, column `c` (0 = `A`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// The sheet's name (workbooks), `None` for csv.
    pub sheet: Option<String>,
    /// The rows.
    pub rows: Vec<Vec<CellValue>>,
}

impl Grid {
    /// The cell at (row, column), 0-based; empty when outside.
    pub fn cell(&self, row: usize, column: usize) -> &CellValue {
        static EMPTY: CellValue = CellValue::Empty;
        self.rows
            .get(row)
            .and_then(|r| r.get(column))
            .unwrap_or(&EMPTY)
    }

    /// Sets a cell, growing the grid; cells beyond the caps are dropped (returns false).
    pub fn set(&mut self, row: usize, column: usize, value: CellValue) -> bool {
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return false;
        }
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut self.rows[row];
        if cells.len() <= column {
            cells.resize_with(column + 1, CellValue::default);
        }
        cells[column] = value;
        true
    }

    /// `sheet "Invoice", row 5, column D` (the sheet part only for workbooks).
    pub fn place(&self, row: usize, column: usize) -> String {
        let cell = format!("row {}, column {}", row + 1, column_letters(column));
        match &self.sheet {
            Some(sheet) => format!("sheet \"{sheet}\", {cell}"),
            None => cell,
        }
    }

    /// `sheet "Invoice"` or `row 1` for a place that is the whole sheet.
    pub fn sheet_place(&self) -> String {
        match &self.sheet {
            Some(sheet) => format!("sheet \"{sheet}\""),
            None => "row 1, column A".to_string(),
        }
    }
}
