//! China's tariff lines, the HS 2022 nomenclature, declaration elements per code prefix and
//! the inspection (CIQ) names of 10-digit codes.

use crate::DataFiles;
use crate::codes::CodeTables;
use crate::table::{SortedTable, TableError, for_each_row};
use rustc_hash::FxHashMap;

/// An 8-digit line of China's tariff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TariffLine {
    /// The 8-digit code.
    pub code: &'static str,
    /// Chinese name.
    pub name_zh: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// The first legal unit as a 3-digit declaration unit code (`035` for 千克), when any.
    pub unit1: Option<&'static str>,
    /// The second legal unit code, when any.
    pub unit2: Option<&'static str>,
}

/// A chapter, heading or subheading of the HS 2022 nomenclature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading {
    /// 2, 4 or 6 digits.
    pub code: &'static str,
    /// The section (Roman numeral).
    pub section: &'static str,
    /// English description.
    pub description: &'static str,
}

/// A declaration element (申报要素) required for a code prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElementRule {
    /// The element's name as the Single Window writes it (品牌类型).
    pub name: &'static str,
    /// True when the element must be filled (`ELEMENT_NULL = 1`).
    pub mandatory: bool,
}

/// The tariff and its companion tables.
#[derive(Debug, Default)]
pub struct Tariff {
    lines: FxHashMap<&'static str, TariffLine>,
    headings: FxHashMap<&'static str, Heading>,
    elements: SortedTable<ElementRule>,
    ciq_names: SortedTable<&'static str>,
}

impl Tariff {
    /// Builds the indexes; legal units are mapped to declaration unit codes through `codes`.
    pub fn load(files: &DataFiles<'static>, codes: &CodeTables) -> Result<Tariff, TableError> {
        let mut lines = FxHashMap::default();
        let unit = |name: &str| codes.unit_code_of_name(name);
        for_each_row::<5>(
            "tariff/cn-hs8-2023.tsv",
            files.get("tariff/cn-hs8-2023.tsv"),
            |row| {
                let [code, name_zh, name_en, unit1, unit2] = row;
                lines.insert(
                    code,
                    TariffLine {
                        code,
                        name_zh,
                        name_en,
                        unit1: unit(unit1),
                        unit2: unit(unit2),
                    },
                );
            },
        )?;
        let mut headings = FxHashMap::default();
        for_each_row::<5>("hs/hs2022.tsv", files.get("hs/hs2022.tsv"), |row| {
            let [code, _level, _parent, section, description] = row;
            headings.insert(
                code,
                Heading {
                    code,
                    section,
                    description,
                },
            );
        })?;
        let mut elements = Vec::with_capacity(32_000);
        for_each_row::<3>(
            "singlewindow/elements.tsv",
            files.get("singlewindow/elements.tsv"),
            |row| {
                let [prefix, name, mandatory] = row;
                elements.push((
                    prefix,
                    ElementRule {
                        name,
                        mandatory: mandatory == "1",
                    },
                ));
            },
        )?;
        let mut ciq_names = Vec::with_capacity(25_000);
        for_each_row::<2>(
            "singlewindow/ciq-names.tsv",
            files.get("singlewindow/ciq-names.tsv"),
            |row| {
                let [code13, name] = row;
                if let Some(code10) = code13.get(..10) {
                    ciq_names.push((code10, name));
                }
            },
        )?;
        Ok(Tariff {
            lines,
            headings,
            elements: SortedTable::new(elements),
            ciq_names: SortedTable::new(ciq_names),
        })
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
    pub fn elements(&self, code: &str) -> impl Iterator<Item = &ElementRule> {
        (1..=code.len().min(10))
            .rev()
            .filter_map(|len| code.get(..len))
            .map(|prefix| self.elements.get(prefix))
            .find(|rows| !rows.is_empty())
            .unwrap_or(&[])
            .iter()
            .map(|(_, rule)| rule)
    }

    /// The inspection names of a 10-digit code (one per CIQ suffix).
    pub fn ciq_names(&self, code10: &str) -> impl Iterator<Item = &'static str> + '_ {
        self.ciq_names.get(code10).iter().map(|(_, name)| *name)
    }
}

#[cfg(test)]
mod tests {
    use crate::RefData;

    #[test]
    fn longest_prefix_wins() {
        let data = RefData::embedded().unwrap();
        // 85076 is a table prefix: a 10-digit code under it takes its elements.
        assert!(data.tariff.elements("8507600090").count() > 5);
        assert_eq!(data.tariff.elements("").count(), 0);
        assert_eq!(data.tariff.ciq_names("8507600090").count(), 2);
    }
}
