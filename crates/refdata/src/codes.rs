//! The Single Window code tables and ISO lists, with old (numeric) and new (alpha) codes
//! resolved to one canonical form.

use crate::DataFiles;
use crate::table::{TableError, for_each_row};
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// A country resolved from an ISO alpha-3, alpha-2 or customs numeric code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166 alpha-3 (`USA`).
    pub iso3: &'static str,
    /// Chinese name.
    pub name_zh: &'static str,
    /// English name.
    pub name_en: &'static str,
}

/// A currency resolved from an ISO 4217 alpha code or a customs numeric code (`502`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency {
    /// ISO 4217 alpha code (`USD`).
    pub iso3: &'static str,
    /// Name (Chinese when the Single Window gives one, else English).
    pub name: &'static str,
}

type Map<V> = FxHashMap<&'static str, V>;

/// The code tables. Lookups take codes as written (any case, either generation of code).
#[derive(Debug, Default)]
pub struct CodeTables {
    units: Map<&'static str>,
    unit_codes_by_name: Map<&'static str>,
    trade_modes: Map<&'static str>,
    transaction_terms: Map<&'static str>,
    customs_offices: Map<&'static str>,
    package_kinds: Map<&'static str>,
    licence_documents: Map<&'static str>,
    districts: Map<&'static str>,
    countries: Map<Country>,
    country_aliases: Map<&'static str>,
    currencies: Map<Currency>,
    currency_aliases: Map<&'static str>,
}

/// Incoterms that the declaration filling rules (报关单填制规范) map onto the customs codes
/// of transaction terms.
const INCOTERMS: [(&str, &str); 13] = [
    ("CFR", "2"),
    ("CNF", "2"),
    ("C+F", "2"),
    ("CPT", "2"),
    ("C+I", "4"),
    ("CIP", "1"),
    ("DAT", "1"),
    ("DPU", "1"),
    ("DAP", "1"),
    ("DDP", "1"),
    ("FCA", "3"),
    ("FAS", "3"),
    ("EXWORKS", "7"),
];

fn pairs(files: &DataFiles<'static>, table: &'static str) -> Result<Map<&'static str>, TableError> {
    let mut map = Map::default();
    for_each_row::<2>(table, files.get(table), |[code, name]| {
        map.insert(code, name);
    })?;
    Ok(map)
}

/// Upper-cases and trims a code, borrowing when it already is.
fn key(code: &str) -> Cow<'_, str> {
    let trimmed = code.trim();
    if trimmed.bytes().any(|b| b.is_ascii_lowercase() || b == b' ') {
        Cow::Owned(
            trimmed
                .split_whitespace()
                .collect::<String>()
                .to_ascii_uppercase(),
        )
    } else {
        Cow::Borrowed(trimmed)
    }
}

impl CodeTables {
    /// Builds the tables from their texts.
    pub fn load(files: &DataFiles<'static>) -> Result<CodeTables, TableError> {
        let units = pairs(files, "singlewindow/units.tsv")?;
        let unit_codes_by_name = units.iter().map(|(code, name)| (*name, *code)).collect();
        let mut transaction_terms = Map::default();
        for_each_row::<2>(
            "singlewindow/transaction-terms.tsv",
            files.get("singlewindow/transaction-terms.tsv"),
            |[code, spec]| {
                transaction_terms.insert(spec, code);
                transaction_terms.insert(code, code);
            },
        )?;
        for (alias, code) in INCOTERMS {
            transaction_terms.entry(alias).or_insert(code);
        }
        let mut customs_offices = Map::default();
        for_each_row::<3>(
            "singlewindow/customs-offices.tsv",
            files.get("singlewindow/customs-offices.tsv"),
            |row| {
                customs_offices.insert(row[0], row[2]);
            },
        )?;
        let mut package_kinds = Map::default();
        for_each_row::<3>(
            "singlewindow/package-kinds.tsv",
            files.get("singlewindow/package-kinds.tsv"),
            |row| {
                package_kinds.insert(row[0], row[2]);
            },
        )?;
        let mut trade_modes = Map::default();
        for_each_row::<2>(
            "singlewindow/trade-modes.tsv",
            files.get("singlewindow/trade-modes.tsv"),
            |row| {
                trade_modes.insert(row[0], row[1]);
            },
        )?;
        let mut tables = CodeTables {
            units,
            unit_codes_by_name,
            trade_modes,
            transaction_terms,
            customs_offices,
            package_kinds,
            licence_documents: pairs(files, "singlewindow/licence-documents.tsv")?,
            districts: pairs(files, "singlewindow/districts.tsv")?,
            ..CodeTables::default()
        };
        tables.load_countries(files)?;
        tables.load_currencies(files)?;
        Ok(tables)
    }

    fn load_countries(&mut self, files: &DataFiles<'static>) -> Result<(), TableError> {
        let countries = &mut self.countries;
        let aliases = &mut self.country_aliases;
        for_each_row::<5>("iso/countries.tsv", files.get("iso/countries.tsv"), |row| {
            let [iso3, alpha2, _numeric, name_en, name_zh] = row;
            aliases.insert(alpha2, iso3);
            countries.insert(
                iso3,
                Country {
                    iso3,
                    name_zh,
                    name_en,
                },
            );
        })?;
        for_each_row::<4>(
            "singlewindow/countries.tsv",
            files.get("singlewindow/countries.tsv"),
            |row| {
                let [iso3, customs_code, name_zh, name_en] = row;
                if !customs_code.is_empty() {
                    aliases.insert(customs_code, iso3);
                }
                let entry = countries.entry(iso3).or_insert(Country {
                    iso3,
                    name_zh: "",
                    name_en,
                });
                if !name_zh.is_empty() {
                    entry.name_zh = name_zh;
                }
            },
        )?;
        Ok(())
    }

    fn load_currencies(&mut self, files: &DataFiles<'static>) -> Result<(), TableError> {
        let currencies = &mut self.currencies;
        let aliases = &mut self.currency_aliases;
        for_each_row::<3>(
            "iso/currencies.tsv",
            files.get("iso/currencies.tsv"),
            |row| {
                let [iso3, _numeric, name] = row;
                currencies.insert(iso3, Currency { iso3, name });
            },
        )?;
        for_each_row::<3>(
            "singlewindow/currencies.tsv",
            files.get("singlewindow/currencies.tsv"),
            |row| {
                let [iso3, customs_code, name_zh] = row;
                if !customs_code.is_empty() {
                    aliases.insert(customs_code, iso3);
                }
                if !name_zh.is_empty() {
                    currencies.insert(
                        iso3,
                        Currency {
                            iso3,
                            name: name_zh,
                        },
                    );
                }
            },
        )?;
        Ok(())
    }

    /// The name of a 3-digit declaration unit code (`035` → 千克).
    pub fn unit_name(&self, code: &str) -> Option<&'static str> {
        self.units.get(code.trim()).copied()
    }

    /// The declaration unit code of a unit name (千克 → `035`).
    pub fn unit_code_of_name(&self, name: &str) -> Option<&'static str> {
        self.unit_codes_by_name.get(name.trim()).copied()
    }

    /// The abbreviated name of a supervision mode (`0110` → 一般贸易).
    pub fn trade_mode(&self, code: &str) -> Option<&'static str> {
        self.trade_modes.get(code.trim()).copied()
    }

    /// The transaction-terms code (`FOB` or `3` → `3`; Incoterms mapped as the filling rules say).
    pub fn transaction_terms(&self, code: &str) -> Option<&'static str> {
        self.transaction_terms.get(key(code).as_ref()).copied()
    }

    /// The name of a customs office (`2244`).
    pub fn customs_office(&self, code: &str) -> Option<&'static str> {
        self.customs_offices.get(code.trim()).copied()
    }

    /// The name of a package kind (`2` carton, or a 2-digit kind such as `22`).
    pub fn package_kind(&self, code: &str) -> Option<&'static str> {
        self.package_kinds.get(code.trim()).copied()
    }

    /// The name of a supervision certificate code (`E` → 濒危物种允许出口证明书).
    pub fn licence_document(&self, code: &str) -> Option<&'static str> {
        self.licence_documents.get(key(code).as_ref()).copied()
    }

    /// The name of a domestic district (5 digits).
    pub fn district(&self, code: &str) -> Option<&'static str> {
        self.districts.get(code.trim()).copied()
    }

    /// Resolves a country written as ISO alpha-3, alpha-2 or customs numeric code.
    pub fn country(&self, code: &str) -> Option<Country> {
        let key = key(code);
        self.countries
            .get(key.as_ref())
            .or_else(|| {
                let iso3 = self.country_aliases.get(key.as_ref())?;
                self.countries.get(iso3)
            })
            .copied()
    }

    /// Resolves a currency written as ISO 4217 alpha code or customs numeric code.
    pub fn currency(&self, code: &str) -> Option<Currency> {
        let key = key(code);
        self.currencies
            .get(key.as_ref())
            .or_else(|| {
                let iso3 = self.currency_aliases.get(key.as_ref())?;
                self.currencies.get(iso3)
            })
            .copied()
    }
}
