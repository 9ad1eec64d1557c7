//! Test helpers: workbooks built with rust_xlsxwriter from a small cell table, and GB18030 text.

#![allow(dead_code, reason = "each test binary uses a part of the helpers")]
#![expect(
    clippy::unwrap_used,
    reason = "test helper: failing to build a test workbook fails the test"
)]

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

/// One cell of a test sheet.
#[derive(Debug, Clone)]
pub enum Cell {
    /// Nothing.
    E,
    /// Text.
    S(&'static str),
    /// A number cell (a binary float, as Excel stores it).
    N(f64),
    /// A date cell (year, month, day), formatted as a date.
    D(u16, u8, u8),
}

/// An xlsx workbook with the given sheets, as bytes.
pub fn workbook(sheets: &[(&str, Vec<Vec<Cell>>)]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    // A fixed creation time, so that generating the examples again gives the same bytes.
    let created = ExcelDateTime::from_ymd(2026, 10, 9).unwrap();
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let wrap = Format::new().set_text_wrap();
    for (name, rows) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Cell::E => {}
                    Cell::S(text) if text.contains('\n') => {
                        sheet.write_string_with_format(r, c, *text, &wrap).unwrap();
                    }
                    Cell::S(text) => {
                        sheet.write_string(r, c, *text).unwrap();
                    }
                    Cell::N(number) => {
                        sheet.write_number(r, c, *number).unwrap();
                    }
                    Cell::D(y, m, d) => {
                        let date = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        sheet
                            .write_datetime_with_format(r, c, &date, &date_format)
                            .unwrap();
                    }
                }
            }
        }
        sheet.set_column_width(1, 24).unwrap();
    }
    workbook.save_to_buffer().unwrap()
}

/// Text encoded in GB18030, as Chinese Excel saves csv.
pub fn gb18030(text: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(text).0.into_owned()
}
