//! Reading the tab-separated tables: one `#header` line, then rows of tab-separated fields.

use thiserror::Error;

/// A table that could not be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum TableError {
    /// A row has fewer fields than the table needs.
    #[error(
        "table `{table}`, line {line}: expected {expected} tab-separated fields, found {found}"
    )]
    ShortRow {
        /// The table's file name.
        table: &'static str,
        /// 1-based line number.
        line: usize,
        /// Fields needed.
        expected: usize,
        /// Fields found.
        found: usize,
    },
    /// A table the product needs is empty or missing.
    #[error("table `{table}` is empty or missing")]
    Empty {
        /// The table's file name.
        table: &'static str,
    },
}

/// The data rows of a table: (1-based line number, fields), skipping the header and blank lines.
pub(crate) fn rows<'a>(
    table: &'static str,
    text: &'a str,
    min_fields: usize,
) -> impl Iterator<Item = Result<Vec<&'a str>, TableError>> + 'a {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty())
        .map(move |(index, line)| {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() < min_fields {
                Err(TableError::ShortRow {
                    table,
                    line: index + 1,
                    expected: min_fields,
                    found: fields.len(),
                })
            } else {
                Ok(fields)
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_bad_line() {
        let text = "#a\tb\n1\t2\n3\n";
        let result: Result<Vec<_>, _> = rows("t.tsv", text, 2).collect();
        assert_eq!(
            result.unwrap_err().to_string(),
            "table `t.tsv`, line 3: expected 2 tab-separated fields, found 1"
        );
    }
}
