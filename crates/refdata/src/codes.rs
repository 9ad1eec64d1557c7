//! The Single Window code tables and ISO lists, with old (numeric) and new (alpha) codes
//! resolved to one canonical form.

use crate::DataFiles;
use crate::table::{TableError, rows};
use std::collections::HashMap;

/// A country resolved from an ISO alpha-3, alpha-2 or customs numeric code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country<'a> {
    /// ISO 3166 alpha-3 (`USA`).
    pub iso3: &'a str,
    /// Chinese name.
    pub name_zh: &'a str,
    /// English name.
    pub name_en: &'a str,
}

/// A currency resolved from an ISO 4217 alpha code or a customs numeric code (`502`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency<'a> {
    /// ISO 4217 alpha code (`USD`).
    pub iso3: &'a str,
    /// Name (Chinese when the Single Window gives one, else English).
    pub name: &'a str,
}

#[derive(Debug)]
struct Named {
    name_zh: String,
    name_en: String,
}

/// The code tables. Lookups take codes as written (any case, either generation of code).
#[derive(Debug, Default)]
pub struct CodeTables {
    units: HashMap<String, String>,
    unit_codes_by_name: HashMap<String, String>,
    trade_modes: HashMap<String, String>,
    transaction_terms: HashMap<String, String>,
    customs_offices: HashMap<String, String>,
    package_kinds: HashMap<String, String>,
    licence_documents: HashMap<String, String>,
    districts: HashMap<String, String>,
    countries: HashMap<String, Named>,
    country_aliases: HashMap<String, String>,
    currencies: HashMap<String, String>,
    currency_aliases: HashMap<String, String>,
}

fn pairs(
    files: &DataFiles<'_>,
    table: &'static str,
    value_column: usize,
) -> Result<HashMap<String, String>, TableError> {
    let mut map = HashMap::new();
    for row in rows(table, files.get(table), value_column + 1) {
        let row = row?;
        map.insert(row[0].to_ascii_uppercase(), row[value_column].to_string());
    }
    if map.is_empty() {
        return Err(TableError::Empty { table });
    }
    Ok(map)
}

impl CodeTables {
    /// Builds the tables from their texts.
    pub fn load(files: &DataFiles<'_>) -> Result<CodeTables, TableError> {
        let units = pairs(files, "singlewindow/units.tsv", 1)?;
        let unit_codes_by_name = units
            .iter()
            .map(|(code, name)| (name.clone(), code.clone()))
            .collect();
        let mut transaction_terms = HashMap::new();
        for (code, spec) in pairs(files, "singlewindow/transaction-terms.tsv", 1)? {
            transaction_terms.insert(spec.to_ascii_uppercase(), code.clone());
            transaction_terms.insert(code.clone(), code);
        }
        // Incoterms that the declaration filling rules (报关单填制规范) map onto the customs codes.
        let incoterms = [
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
        for (alias, code) in incoterms {
            transaction_terms
                .entry(alias.to_string())
                .or_insert_with(|| code.to_string());
        }
        let mut tables = CodeTables {
            units,
            unit_codes_by_name,
            trade_modes: pairs(files, "singlewindow/trade-modes.tsv", 1)?,
            transaction_terms,
            customs_offices: pairs(files, "singlewindow/customs-offices.tsv", 2)?,
            package_kinds: pairs(files, "singlewindow/package-kinds.tsv", 2)?,
            licence_documents: pairs(files, "singlewindow/licence-documents.tsv", 1)?,
            districts: pairs(files, "singlewindow/districts.tsv", 1)?,
            ..CodeTables::default()
        };
        tables.load_countries(files)?;
        tables.load_currencies(files)?;
        Ok(tables)
    }

    fn load_countries(&mut self, files: &DataFiles<'_>) -> Result<(), TableError> {
        let iso = "iso/countries.tsv";
        for row in rows(iso, files.get(iso), 5) {
            let row = row?;
            let iso3 = row[0].to_ascii_uppercase();
            self.country_aliases
                .insert(row[1].to_ascii_uppercase(), iso3.clone());
            self.countries.insert(
                iso3,
                Named {
                    name_zh: row[4].to_string(),
                    name_en: row[3].to_string(),
                },
            );
        }
        let customs = "singlewindow/countries.tsv";
        for row in rows(customs, files.get(customs), 4) {
            let row = row?;
            let iso3 = row[0].to_ascii_uppercase();
            if !row[1].is_empty() {
                self.country_aliases
                    .insert(row[1].to_string(), iso3.clone());
            }
            let entry = self.countries.entry(iso3).or_insert_with(|| Named {
                name_zh: String::new(),
                name_en: row[3].to_string(),
            });
            if !row[2].is_empty() {
                entry.name_zh = row[2].to_string();
            }
        }
        if self.countries.is_empty() {
            return Err(TableError::Empty { table: iso });
        }
        Ok(())
    }

    fn load_currencies(&mut self, files: &DataFiles<'_>) -> Result<(), TableError> {
        let iso = "iso/currencies.tsv";
        for row in rows(iso, files.get(iso), 3) {
            let row = row?;
            self.currencies
                .insert(row[0].to_ascii_uppercase(), row[2].to_string());
        }
        let customs = "singlewindow/currencies.tsv";
        for row in rows(customs, files.get(customs), 3) {
            let row = row?;
            let iso3 = row[0].to_ascii_uppercase();
            if !row[1].is_empty() {
                self.currency_aliases
                    .insert(row[1].to_string(), iso3.clone());
            }
            if !row[2].is_empty() {
                self.currencies.insert(iso3, row[2].to_string());
            }
        }
        if self.currencies.is_empty() {
            return Err(TableError::Empty { table: iso });
        }
        Ok(())
    }

    /// The name of a 3-digit declaration unit code (`035` → 千克).
    pub fn unit_name(&self, code: &str) -> Option<&str> {
        self.units.get(code).map(String::as_str)
    }

    /// The declaration unit code of a unit name (千克 → `035`).
    pub fn unit_code_of_name(&self, name: &str) -> Option<&str> {
        self.unit_codes_by_name.get(name.trim()).map(String::as_str)
    }

    /// The abbreviated name of a supervision mode (`0110` → 一般贸易).
    pub fn trade_mode(&self, code: &str) -> Option<&str> {
        self.trade_modes.get(code).map(String::as_str)
    }

    /// The transaction-terms code (`FOB` or `3` → `3`).
    pub fn transaction_terms(&self, code: &str) -> Option<&str> {
        let key: String = code
            .split_whitespace()
            .collect::<String>()
            .to_ascii_uppercase();
        self.transaction_terms.get(&key).map(String::as_str)
    }

    /// The name of a customs office (`2244`).
    pub fn customs_office(&self, code: &str) -> Option<&str> {
        self.customs_offices.get(code).map(String::as_str)
    }

    /// The name of a package kind (`2` carton, or a 2-digit kind such as `22`).
    pub fn package_kind(&self, code: &str) -> Option<&str> {
        self.package_kinds.get(code).map(String::as_str)
    }

    /// The name of a supervision certificate code (`E` → 濒危物种允许出口证明书).
    pub fn licence_document(&self, code: &str) -> Option<&str> {
        self.licence_documents
            .get(&code.to_ascii_uppercase())
            .map(String::as_str)
    }

    /// The name of a domestic district (5 digits).
    pub fn district(&self, code: &str) -> Option<&str> {
        self.districts.get(code).map(String::as_str)
    }

    /// Resolves a country written as ISO alpha-3, alpha-2 or customs numeric code.
    pub fn country(&self, code: &str) -> Option<Country<'_>> {
        let key = code.trim().to_ascii_uppercase();
        let iso3 = if self.countries.contains_key(&key) {
            key
        } else {
            self.country_aliases.get(&key)?.clone()
        };
        let (iso3, named) = self.countries.get_key_value(&iso3)?;
        Some(Country {
            iso3,
            name_zh: &named.name_zh,
            name_en: &named.name_en,
        })
    }

    /// Resolves a currency written as ISO 4217 alpha code or customs numeric code.
    pub fn currency(&self, code: &str) -> Option<Currency<'_>> {
        let key = code.trim().to_ascii_uppercase();
        let iso3 = if self.currencies.contains_key(&key) {
            key
        } else {
            self.currency_aliases.get(&key)?.clone()
        };
        let (iso3, name) = self.currencies.get_key_value(&iso3)?;
        Some(Currency { iso3, name })
    }
}
