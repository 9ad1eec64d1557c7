//! The shipment history from a spreadsheet (xlsx, xls, ods): its first sheet, read like the CSV.
//!
//! Numbers are taken by their shortest decimal text (`12500.5`), so fees stay exact decimals as
//! typed; date cells become `YYYY-MM-DDTHH:MM:SS` in China time (the 1900 date system).

use crate::history::{HistoryOutcome, parse_rows_from};
use calamine::{Data, Reader};
use jiff::civil::{DateTime, date};
use model::{InputError, Text};
use std::io::Cursor;

/// Reads a history from the bytes of a spreadsheet file.
pub fn parse_history_xlsx(bytes: &[u8]) -> HistoryOutcome {
    let unreadable = |detail: String| HistoryOutcome {
        records: Vec::new(),
        errors: vec![InputError::new(
            "sheet 1",
            Text::new(
                format!("应为可读取的 xlsx/xls/ods 工作簿（{detail}）"),
                format!("expected a readable xlsx/xls/ods workbook ({detail})"),
            ),
        )],
    };
    let mut workbook = match calamine::open_workbook_auto_from_rs(Cursor::new(bytes)) {
        Ok(workbook) => workbook,
        Err(error) => return unreadable(error.to_string()),
    };
    let range = match workbook.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(error)) => return unreadable(error.to_string()),
        None => return unreadable("no sheet".to_owned()),
    };
    let first_line = range.start().map_or(1, |(row, _)| u64::from(row) + 1);
    let first_column = range.start().map_or(0, |(_, column)| column as usize);
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|row| {
            // Cells left of the used range are empty, so column numbers stay the sheet's.
            std::iter::repeat_n(String::new(), first_column)
                .chain(row.iter().map(cell_text))
                .collect()
        })
        .collect();
    parse_rows_from(&rows, first_line)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) => number.to_string(),
        Data::Bool(flag) => flag.to_string(),
        Data::DateTime(moment) => excel_serial_to_text(moment.as_f64()),
        Data::Error(error) => format!("#{error:?}"),
    }
}

/// An Excel serial date (days since 1899-12-30, the fraction being the time of day).
fn excel_serial_to_text(serial: f64) -> String {
    let seconds = (serial * 86_400.0).round() as i64;
    let moment =
        DateTime::from(date(1899, 12, 30)).checked_add(jiff::SignedDuration::from_secs(seconds));
    moment.map_or_else(|_| serial.to_string(), |moment| moment.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_dates_become_iso_text() {
        assert_eq!(excel_serial_to_text(46304.375), "2026-10-09T09:00:00");
        assert_eq!(excel_serial_to_text(46304.0), "2026-10-09T00:00:00");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let outcome = parse_history_xlsx(b"not a workbook");
        assert_eq!(outcome.errors.len(), 1);
        assert_eq!(outcome.errors[0].path, "sheet 1");
    }
}
