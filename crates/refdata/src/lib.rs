//! Reference data: China's tariff lines, the HS 2022 nomenclature and the Single Window code
//! tables, parsed from the tab-separated tables of `data/` into compact indexes.
//!
//! [`DataFiles::embedded`] gives the tables compiled into the binary; a shell may read a
//! directory of the same layout instead (`--data DIR`) so that new tables need no rebuild.
//!
//! Rows borrow from the tables' text (`&'static str`), so loading allocates no string: the
//! embedded tables are static, and a shell that reads a directory leaks its texts once.
//!
//! **Invariant:** this crate does no IO; callers hand it the tables' text.

mod codes;
mod files;
mod table;
mod tariff;
mod unit_names;

pub use codes::{CodeTables, Country, Currency};
pub use files::{DataFiles, TABLE_NAMES};
pub use table::TableError;
pub use tariff::{ElementRule, Heading, Tariff, TariffLine};
pub use unit_names::unit_name_en;

/// Everything the rules look up, loaded once and shared read-only.
#[derive(Debug)]
pub struct RefData {
    /// Tariff lines, HS nomenclature, declaration elements and inspection names.
    pub tariff: Tariff,
    /// Code tables: units, countries, currencies, trade modes, offices, package kinds…
    pub codes: CodeTables,
}

impl RefData {
    /// Builds the indexes from the tables' text. An error names the table and line.
    pub fn load(files: &DataFiles<'static>) -> Result<RefData, TableError> {
        let codes = CodeTables::load(files)?;
        let tariff = Tariff::load(files, &codes)?;
        Ok(RefData { tariff, codes })
    }

    /// The reference data compiled into the binary.
    pub fn embedded() -> Result<RefData, TableError> {
        RefData::load(&DataFiles::embedded())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_load_and_answer() {
        let data = RefData::embedded().unwrap();
        let line = data.tariff.line("85076000").unwrap();
        assert!(line.name_zh.contains("锂离子"), "{line:?}");
        assert_eq!(line.unit1, Some("007"));
        assert_eq!(data.codes.currency("502").map(|c| c.iso3), Some("USD"));
        assert_eq!(data.codes.currency("usd").map(|c| c.iso3), Some("USD"));
        assert!(data.codes.currency("XYZ").is_none());
        assert_eq!(data.codes.country("502").map(|c| c.iso3), Some("USA"));
        assert_eq!(data.codes.country("CHN").map(|c| c.iso3), Some("CHN"));
        assert_eq!(data.codes.transaction_terms("FOB"), Some("3"));
        assert_eq!(data.codes.transaction_terms("3"), Some("3"));
        assert_eq!(data.codes.transaction_terms("CFR"), Some("2"));
        assert!(data.codes.unit_name("035").is_some());
        assert!(data.codes.trade_mode("0110").is_some());
        assert!(data.codes.customs_office("2244").is_some());
        assert!(data.codes.package_kind("2").is_some());
        assert!(data.codes.package_kind("22").is_some());
        assert!(
            data.tariff
                .elements("8507600090")
                .any(|e| e.name == "品牌类型" && e.mandatory)
        );
        assert_eq!(data.tariff.heading("8507").map(|h| h.code), Some("8507"));
    }
}
