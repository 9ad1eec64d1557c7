//! The regulatory-conditions table (监管条件) for R004, loaded from the user's CSV.
//!
//! No public per-code table exists, so an agency keeps its own: one row per commodity code
//! or prefix, with the supervision-certificate codes it requires, e.g.
//! `8507600090,4 B` or `0301,"A,B"`. A header row (`code,certificates`) is optional; the
//! longest matching prefix wins.

use model::{InputError, Text};
use std::collections::HashMap;

/// The table: code prefix → required supervision-certificate codes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conditions {
    by_prefix: HashMap<String, Vec<String>>,
}

/// Rows of the table that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionsError {
    /// Each problem with its `line N` place.
    pub errors: Vec<InputError>,
}

impl Conditions {
    /// Parses the CSV text: `code,certificates` where certificates are Single Window codes
    /// separated by spaces, `|`, `;` or commas inside quotes.
    pub fn parse_csv(text: &str) -> Result<Conditions, ConditionsError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut table = Conditions::default();
        let mut errors = Vec::new();
        for (index, raw_line) in text.lines().enumerate() {
            let line = raw_line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (code_field, certificates_field) = match line.split_once(',') {
                Some(parts) => parts,
                None => (line, ""),
            };
            let code: String = code_field
                .trim()
                .trim_matches('"')
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '.')
                .collect();
            if index == 0 && !code.chars().any(|c| c.is_ascii_digit()) {
                continue; // header row
            }
            if code.is_empty() || code.len() > 10 || !code.chars().all(|c| c.is_ascii_digit()) {
                errors.push(InputError::new(
                    format!("line {}", index + 1),
                    Text::new(
                        format!("商品编码 `{}` 应为 2 至 10 位数字", code_field.trim()),
                        format!(
                            "`{}` is not a commodity code or prefix (2 to 10 digits)",
                            code_field.trim()
                        ),
                    ),
                ));
                continue;
            }
            let certificates: Vec<String> = certificates_field
                .trim()
                .trim_matches('"')
                .split(|c: char| c.is_whitespace() || matches!(c, '|' | ';' | ',' | '/'))
                .filter(|part| !part.is_empty())
                .map(|part| part.to_ascii_uppercase())
                .collect();
            table
                .by_prefix
                .entry(code)
                .or_default()
                .extend(certificates);
        }
        if errors.is_empty() {
            Ok(table)
        } else {
            Err(ConditionsError { errors })
        }
    }

    /// The certificates required for a commodity code (longest matching prefix).
    pub fn required_for(&self, code: &str) -> &[String] {
        (1..=code.len().min(10))
            .rev()
            .find_map(|len| {
                code.get(..len)
                    .and_then(|prefix| self.by_prefix.get(prefix))
            })
            .map_or(&[], Vec::as_slice)
    }

    /// Number of rows (prefixes) loaded.
    pub fn len(&self) -> usize {
        self.by_prefix.len()
    }

    /// True when nothing is loaded.
    pub fn is_empty(&self) -> bool {
        self.by_prefix.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_prefixes_and_reports_bad_rows() {
        let table =
            Conditions::parse_csv("code,certificates\n850760,\"4 B\"\n8507600090,A|B\n").unwrap();
        assert_eq!(table.required_for("8507600090"), ["A", "B"]);
        assert_eq!(table.required_for("8507600010"), ["4", "B"]);
        assert!(table.required_for("0101210010").is_empty());
        let error = Conditions::parse_csv("85x7,4\n").unwrap_err();
        assert_eq!(error.errors[0].path, "line 1");
    }
}
