//! China's tariff lines, the HS 2022 nomenclature, declaration elements per code prefix and
//! the inspection (CIQ) names of 10-digit codes.

use crate::DataFiles;
use crate::codes::CodeTables;
use crate::table::{TableError, rows};
use std::collections::HashMap;

/// An 8-digit line of China's tariff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TariffLine {
    /// The 8-digit code.
    pub code: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// The first legal unit as a 3-digit declaration unit code (`035` for 千克), when any.
    pub unit1: Option<String>,
    /// The second legal unit code, when any.
    pub unit2: Option<String>,
}

/// A chapter, heading or subheading of the HS 2022 nomenclature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 2, 4 or 6 digits.
    pub code: String,
    /// The section (Roman numeral).
    pub section: String,
    /// English description.
    pub description: String,
}

/// A declaration element (申报要素) required for a code prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementRule {
    /// The element's name as the Single Window writes it (品牌类型).
    pub name: String,
    /// True when the element must be filled (`ELEMENT_NULL = 1`).
    pub mandatory: bool,
}

/// The tariff and its companion tables.
#[derive(Debug, Default)]
pub struct Tariff {
    lines: HashMap<String, TariffLine>,
    headings: HashMap<String, Heading>,
    elements: HashMap<String, Vec<ElementRule>>,
    ciq_names: HashMap<String, Vec<String>>,
}

impl Tariff {
    /// Builds the indexes; legal units are mapped to declaration unit codes through `codes`.
    pub fn load(files: &DataFiles<'_>, codes: &CodeTables) -> Result<Tariff, TableError> {
        let mut tariff = Tariff::default();
        let table = "tariff/cn-hs8-2023.tsv";
        let unit_code = |name: &str| -> Option<String> {
            (!name.is_empty())
                .then(|| codes.unit_code_of_name(name).map(str::to_string))
                .flatten()
        };
        for row in rows(table, files.get(table), 5) {
            let row = row?;
            let line = TariffLine {
                code: row[0].to_string(),
                name_zh: row[1].to_string(),
                name_en: row[2].to_string(),
                unit1: unit_code(row[3]),
                unit2: unit_code(row[4]),
            };
            tariff.lines.insert(line.code.clone(), line);
        }
        if tariff.lines.is_empty() {
            return Err(TableError::Empty { table });
        }
        let table = "hs/hs2022.tsv";
        for row in rows(table, files.get(table), 5) {
            let row = row?;
            let heading = Heading {
                code: row[0].to_string(),
                section: row[3].to_string(),
                description: row[4].to_string(),
            };
            tariff.headings.insert(heading.code.clone(), heading);
        }
        let table = "singlewindow/elements.tsv";
        for row in rows(table, files.get(table), 3) {
            let row = row?;
            tariff
                .elements
                .entry(row[0].to_string())
                .or_default()
                .push(ElementRule {
                    name: row[1].to_string(),
                    mandatory: row[2] == "1",
                });
        }
        let table = "singlewindow/ciq-names.tsv";
        for row in rows(table, files.get(table), 2) {
            let row = row?;
            if let Some(code10) = row[0].get(..10) {
                tariff
                    .ciq_names
                    .entry(code10.to_string())
                    .or_default()
                    .push(row[1].to_string());
            }
        }
        Ok(tariff)
    }

    /// The tariff line of an 8-digit code.
    pub fn line(&self, code8: &str) -> Option<&TariffLine> {
        self.lines.get(code8)
    }

    /// Every tariff line, in no particular order.
    pub fn lines(&self) -> impl Iterator<Item = &TariffLine> {
        self.lines.values()
    }

    /// The HS 2022 chapter (2 digits), heading (4) or subheading (6).
    pub fn heading(&self, code: &str) -> Option<&Heading> {
        self.headings.get(code)
    }

    /// The declaration elements of a code, from the longest matching prefix of the table.
    pub fn elements(&self, code: &str) -> &[ElementRule] {
        (1..=code.len().min(10))
            .rev()
            .find_map(|len| code.get(..len).and_then(|prefix| self.elements.get(prefix)))
            .map_or(&[], Vec::as_slice)
    }

    /// The inspection names of a 10-digit code (one per CIQ suffix).
    pub fn ciq_names(&self, code10: &str) -> &[String] {
        self.ciq_names.get(code10).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use crate::RefData;

    #[test]
    fn longest_prefix_wins() {
        let data = RefData::embedded().unwrap();
        // 85076 is a table prefix: a 10-digit code under it takes its elements.
        let elements = data.tariff.elements("8507600090");
        assert!(!elements.is_empty());
        assert!(data.tariff.elements("").is_empty());
    }
}
