//! Reading the tab-separated tables: one `#header` line, then rows of tab-separated fields.
//! Rows borrow from the text: loading allocates no string.

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

/// Calls `row` with the first `N` fields of every data row (skipping the header and blank
/// lines); a row with fewer fields is an error naming its line.
pub(crate) fn for_each_row<'a, const N: usize>(
    table: &'static str,
    text: &'a str,
    mut row: impl FnMut([&'a str; N]),
) -> Result<usize, TableError> {
    let mut count = 0;
    for (index, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = [""; N];
        let mut parts = line.split('\t');
        for (slot, field) in fields.iter_mut().enumerate() {
            match parts.next() {
                Some(value) => *field = value,
                None => {
                    return Err(TableError::ShortRow {
                        table,
                        line: index + 1,
                        expected: N,
                        found: slot,
                    });
                }
            }
        }
        row(fields);
        count += 1;
    }
    if count == 0 {
        return Err(TableError::Empty { table });
    }
    Ok(count)
}

/// Rows sorted by key, looked up by binary search: compact, and no allocation per key.
#[derive(Debug)]
pub(crate) struct SortedTable<T> {
    rows: Vec<(&'static str, T)>,
}

impl<T> Default for SortedTable<T> {
    fn default() -> Self {
        SortedTable { rows: Vec::new() }
    }
}

impl<T> SortedTable<T> {
    pub(crate) fn new(mut rows: Vec<(&'static str, T)>) -> Self {
        rows.sort_by(|a, b| a.0.cmp(b.0)); // stable: rows of one key keep their order
        SortedTable { rows }
    }

    /// Every row whose key is `key`, in table order.
    pub(crate) fn get(&self, key: &str) -> &[(&'static str, T)] {
        let start = self.rows.partition_point(|(k, _)| *k < key);
        let end = start + self.rows[start..].partition_point(|(k, _)| *k == key);
        &self.rows[start..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_bad_line() {
        let text = "#a\tb\n1\t2\n3\n";
        let error = for_each_row::<2>("t.tsv", text, |_| {}).unwrap_err();
        assert_eq!(
            error.to_string(),
            "table `t.tsv`, line 3: expected 2 tab-separated fields, found 1"
        );
        assert_eq!(
            for_each_row::<2>("t.tsv", "#only a header\n", |_| {}),
            Err(TableError::Empty { table: "t.tsv" })
        );
    }

    #[test]
    fn sorted_table_finds_every_row_of_a_key() {
        let table = SortedTable::new(vec![("b", 1), ("a", 2), ("b", 3), ("c", 4)]);
        assert_eq!(table.get("b"), [("b", 1), ("b", 3)]);
        assert!(table.get("d").is_empty());
        assert!(table.get("").is_empty());
    }
}
