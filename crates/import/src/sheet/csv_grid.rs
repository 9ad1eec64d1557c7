//! CSV (and tab- or semicolon-separated text) into a [`Grid`]: UTF-8, UTF-8 with a BOM,
//! UTF-16 with a BOM, or GB18030/GBK (what Chinese Excel writes by default).

use super::grid::{CellValue, Grid, MAX_COLUMNS, MAX_ROWS};
use crate::decode::decode_text;
use model::{InputError, Text};

/// Reads delimited text into a grid; the error names the place where reading stopped.
pub fn read_csv(bytes: &[u8]) -> (Option<Grid>, Vec<InputError>) {
    let mut errors = Vec::new();
    let Ok(decoded) = decode_text(bytes) else {
        errors.push(InputError::new(
            "row 1, column A",
            Text::new(
                "无法识别文件的字符编码（应为 UTF-8 或 GB18030/GBK 文本）",
                "unknown text encoding: expected UTF-8 or GB18030/GBK text",
            ),
        ));
        return (None, errors);
    };
    let text = decoded.text.as_ref();
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut grid = Grid::default();
    let mut cut = false;
    for (row, record) in reader.records().enumerate() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(row + 1, |p| p.line() as usize);
                errors.push(InputError::new(
                    format!("row {}, column A", row + 1),
                    Text::new(
                        format!("第 {line} 行之后无法读取：{error}"),
                        format!("cannot read past line {line}: {error}"),
                    ),
                ));
                break;
            }
        };
        if row >= MAX_ROWS {
            errors.push(InputError::new(
                format!("row {}, column A", row + 1),
                Text::new(
                    format!("超过 {MAX_ROWS} 行，其余未读取"),
                    format!("more than {MAX_ROWS} rows: the rest were not read"),
                ),
            ));
            break;
        }
        for (column, field) in record.iter().enumerate() {
            if column >= MAX_COLUMNS {
                cut = true;
                break;
            }
            if !field.trim().is_empty() {
                grid.set(row, column, CellValue::Text(field.to_string()));
            }
        }
        if grid.rows.len() <= row {
            grid.rows.resize_with(row + 1, Vec::new);
        }
    }
    if cut {
        errors.push(InputError::new(
            "row 1, column A",
            Text::new(
                format!("超过 {MAX_COLUMNS} 列的内容未读取"),
                format!("columns beyond {MAX_COLUMNS} were not read"),
            ),
        ));
    }
    (Some(grid), errors)
}

/// The delimiter found on the most of the first lines: tab when it is on at least as many lines
/// as the comma (`12,500.00` in a tab-separated file), semicolon when it beats the comma, else
/// comma. Title lines without any delimiter do not count.
fn sniff_delimiter(text: &str) -> u8 {
    let sample: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let lines_with = |delimiter: char| sample.iter().filter(|l| l.contains(delimiter)).count();
    let (tabs, commas, semicolons) = (lines_with('\t'), lines_with(','), lines_with(';'));
    if tabs > 0 && tabs >= commas {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        let cases = [
            ("a,b\n1,2", b','),
            ("a\tb\n1\t2,5", b'\t'),
            ("a;b\n1,5;2\n3;4", b';'),
            ("Title\nNo\tName\n1\tx", b'\t'),
            ("", b','),
        ];
        for (text, expected) in cases {
            assert_eq!(sniff_delimiter(text), expected, "{text:?}");
        }
    }

    #[test]
    fn reads_gb18030() {
        let bytes = encoding_rs::GB18030
            .encode("品名,数量\n锂电池,100\n")
            .0
            .into_owned();
        let (grid, errors) = read_csv(&bytes);
        assert!(errors.is_empty());
        let grid = grid.unwrap();
        assert_eq!(grid.cell(1, 0), &CellValue::Text("锂电池".to_string()));
        assert_eq!(grid.place(1, 1), "row 2, column B");
    }
}
