//! Invoices, packing lists and contracts as spreadsheets (xlsx, xls, ods) or delimited text
//! (csv in UTF-8, UTF-8 with a BOM or GB18030): the header row is found among the first rows by
//! its Chinese or English column names, labelled values above it give the number, date and
//! currency, and a `合计` / `TOTAL` row gives the totals.

mod csv_grid;
mod document;
mod grid;
mod header;
mod header_names;
mod meta;
mod table;
mod workbook;

pub use document::SheetDocument;
pub use grid::{CellValue, Grid, MAX_COLUMNS, MAX_ROWS};
pub use header::{Column, HeaderCell, classify_header};
pub use meta::kinds_named;
pub use workbook::{MAX_SHEETS, MAX_UNPACKED_BYTES, WorkbookKind};

use model::{InputError, Text};

/// What a spreadsheet file gave.
#[derive(Debug, Default)]
pub struct SheetImport {
    /// The documents, at most one of each kind, in sheet order.
    pub documents: Vec<SheetDocument>,
    /// Every problem, each with its sheet, row and column.
    pub errors: Vec<InputError>,
}

/// The sheets of a table file as grids of cells, whatever the document: a workbook (by its
/// content) or delimited text. Used for tables that are not shipment documents, such as a
/// batch of product descriptions to classify.
pub fn read_grids(bytes: &[u8]) -> (Vec<Grid>, Vec<InputError>) {
    match crate::workbook_kind(bytes) {
        Some(kind) => workbook::read_workbook(bytes, kind),
        None => {
            let (grid, errors) = csv_grid::read_csv(bytes);
            (grid.into_iter().collect(), errors)
        }
    }
}

/// Reads the documents of delimited text (csv, tsv). `file_name` hints at the document kind.
pub fn import_csv(file_name: &str, bytes: &[u8]) -> SheetImport {
    let (grid, mut errors) = csv_grid::read_csv(bytes);
    let grids: Vec<Grid> = grid.into_iter().collect();
    let documents = documents_of(file_name, &grids, &mut errors);
    SheetImport { documents, errors }
}

/// Reads the documents of a workbook, one sheet after the other.
pub fn import_workbook(file_name: &str, bytes: &[u8], kind: WorkbookKind) -> SheetImport {
    let (grids, mut errors) = workbook::read_workbook(bytes, kind);
    let documents = documents_of(file_name, &grids, &mut errors);
    SheetImport { documents, errors }
}

fn documents_of(
    file_name: &str,
    grids: &[Grid],
    errors: &mut Vec<InputError>,
) -> Vec<SheetDocument> {
    let name_kinds = kinds_named(file_name);
    let mut documents: Vec<(SheetDocument, String)> = Vec::new();
    let mut any_header = false;
    for grid in grids {
        let mut sheet_errors = Vec::new();
        let found = document::read_sheet(grid, &name_kinds, &mut sheet_errors);
        let had_header = !found.is_empty();
        any_header |= had_header;
        // A sheet without a table in a workbook that has one elsewhere is a cover or notes sheet.
        if had_header || grids.len() == 1 {
            errors.append(&mut sheet_errors);
        }
        for document in found {
            if let Some((_, first_place)) = documents.iter().find(|(d, _)| d.kind == document.kind)
            {
                let (zh, en) = document.kind.names();
                errors.push(InputError::new(
                    grid.sheet_place(),
                    Text::new(
                        format!("{first_place} 已有一份{zh}，此工作表的{zh}未导入"),
                        format!("{first_place} already holds the {en}: this sheet's {en} was not imported"),
                    ),
                ));
                continue;
            }
            documents.push((document, grid.sheet_place()));
        }
    }
    if !any_header && grids.len() > 1 {
        errors.push(InputError::new(
            "sheet 1",
            Text::new(
                "所有工作表中都找不到表头（应有“品名”“数量”“金额”等列）",
                "no sheet has a header row: expected columns such as Description/品名, Quantity/数量, Amount/金额",
            ),
        ));
    }
    documents
        .into_iter()
        .map(|(document, _)| document)
        .collect()
}
