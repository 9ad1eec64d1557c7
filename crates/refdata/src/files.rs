//! The set of table texts the reference data is built from.

/// Declares the tables once: their file names and, for the built-in set, their texts.
macro_rules! tables {
    ($($name:literal),* $(,)?) => {
        /// The file names (relative to the data directory) of every table, in [`DataFiles`] order.
        pub const TABLE_NAMES: [&str; 15] = [$($name),*];

        impl DataFiles<'static> {
            /// The tables compiled into the binary.
            pub fn embedded() -> DataFiles<'static> {
                DataFiles { texts: [$(include_str!(concat!("../../../data/", $name))),*] }
            }
        }
    };
}

tables!(
    "tariff/cn-hs8-2023.tsv",
    "hs/hs2022.tsv",
    "singlewindow/elements.tsv",
    "singlewindow/ciq-names.tsv",
    "singlewindow/units.tsv",
    "singlewindow/trade-modes.tsv",
    "singlewindow/transaction-terms.tsv",
    "singlewindow/customs-offices.tsv",
    "singlewindow/package-kinds.tsv",
    "singlewindow/countries.tsv",
    "singlewindow/currencies.tsv",
    "singlewindow/licence-documents.tsv",
    "iso/currencies.tsv",
    "iso/countries.tsv",
    "singlewindow/districts.tsv",
);

/// The texts of the tables (see `data/PROVENANCE.md`), borrowed or owned by the caller.
#[derive(Debug, Clone, Copy)]
pub struct DataFiles<'a> {
    /// The texts in [`TABLE_NAMES`] order.
    pub texts: [&'a str; 15],
}

impl<'a> DataFiles<'a> {
    /// The text of the table called `name` (one of [`TABLE_NAMES`]).
    pub fn get(&self, name: &str) -> &'a str {
        TABLE_NAMES
            .iter()
            .position(|candidate| *candidate == name)
            .map_or("", |index| self.texts[index])
    }
}
