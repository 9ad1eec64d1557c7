//! The bill of materials of one product (CONTRACT §6), and the typed field reader that the
//! JSON and spreadsheet readers share, collecting every problem with its place.

use crate::hs::{HsCodeProblem, HsVersion, subheading_of};
use crate::rule::Rule;
use crate::rule_parse::parse_rule;
use model::{DecimalError, InputError, Text, parse_decimal_text};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Where each field of a product or material was read, for messages (`materials[2].value`,
/// `line 7, column value`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places(BTreeMap<String, String>);

impl Places {
    /// Records where `field` was read.
    pub fn set(&mut self, field: &str, place: String) {
        self.0.insert(field.to_string(), place);
    }

    /// Where `field` was read, or the field's name when unknown.
    pub fn of(&self, field: &str) -> String {
        self.0
            .get(field)
            .cloned()
            .unwrap_or_else(|| field.to_string())
    }
}

/// The finished product whose origin is determined.
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    /// What the product is.
    pub description: String,
    /// The code as written.
    pub hs_written: String,
    /// Its six-digit subheading.
    pub hs: String,
    /// The HS edition of the codes, when the bill states it.
    pub hs_version: Option<HsVersion>,
    /// The FOB value (Art. 3.1(e)).
    pub fob: Decimal,
    /// The currency of every value in the bill.
    pub currency: String,
    /// The Party where the product is produced and exported from.
    pub exporting_party: Option<String>,
    /// The Party of importation.
    pub importing_party: Option<String>,
    /// The product's weight, for the de minimis by weight of chapters 50–63.
    pub weight_kg: Option<Decimal>,
    /// A rule the exporter gives for the product, used instead of the table's.
    pub psr: Option<Rule>,
    /// True when the exporter declares the product wholly obtained (Art. 3.3).
    pub wholly_obtained: bool,
    /// Where each field was read.
    pub places: Places,
}

/// One material used in production.
#[derive(Debug, Clone, PartialEq)]
pub struct Material {
    /// What the material is.
    pub description: String,
    /// The code as written.
    pub hs_written: String,
    /// Its six-digit subheading.
    pub hs: String,
    /// The HS edition of its code, when it differs from the product's.
    pub hs_version: Option<HsVersion>,
    /// Its value (CIF at import, or the earliest price paid in the Party; Art. 3.5.3).
    pub value: Decimal,
    /// Whether it is originating; `None` when not stated (counted as non-originating,
    /// Art. 3.5.4).
    pub originating: Option<bool>,
    /// The country it originates in.
    pub origin_country: Option<String>,
    /// Its weight in kilograms.
    pub weight_kg: Option<Decimal>,
    /// The currency of its value, when the bill gives one per material.
    pub currency: Option<String>,
    /// Where each field was read.
    pub places: Places,
}

/// The producer's costs for the build-up formula (Art. 3.5.1(b)).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Costs {
    /// Direct labour cost.
    pub direct_labour: Decimal,
    /// Direct overhead cost.
    pub direct_overhead: Decimal,
    /// Profit.
    pub profit: Decimal,
    /// Other costs.
    pub other: Decimal,
    /// The currency of the costs, when the bill gives one.
    pub currency: Option<String>,
    /// True when the bill gave no costs at all.
    pub absent: bool,
    /// Where each field was read.
    pub places: Places,
}

/// A bill of materials.
#[derive(Debug, Clone, PartialEq)]
pub struct BillOfMaterials {
    /// The agreement the origin is claimed under (`RCEP`), upper-case.
    pub agreement: String,
    /// The product.
    pub product: Product,
    /// The materials, in the bill's order.
    pub materials: Vec<Material>,
    /// The producer's costs.
    pub costs: Costs,
    /// The operations carried out on the materials, as keywords (`assembly`, `packaging`).
    pub operations: Vec<String>,
}

/// Why a bill of materials cannot be used: every problem, each with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BomError {
    /// Every problem found.
    pub errors: Vec<InputError>,
}

/// Reads typed fields and collects every problem; shared by the JSON and sheet readers.
#[derive(Default)]
pub(crate) struct FieldReader {
    pub errors: Vec<InputError>,
}

impl FieldReader {
    pub fn error(&mut self, place: String, zh: impl Into<String>, en: impl Into<String>) {
        self.errors.push(InputError::new(place, Text::new(zh, en)));
    }

    /// A six-digit subheading from a written code.
    pub fn hs(&mut self, written: &str, place: &str) -> Option<String> {
        match subheading_of(written) {
            Ok(code) => Some(code),
            Err(HsCodeProblem::Malformed) => {
                self.error(
                    place.to_string(),
                    format!("HS 编码 `{written}` 格式错误：应为至少 6 位数字（如 850760 或 8507.60）"),
                    format!("malformed HS code `{written}`: expected at least six digits (850760 or 8507.60)"),
                );
                None
            }
            Err(HsCodeProblem::NoSuchChapter) => {
                self.error(
                    place.to_string(),
                    format!("HS 编码 `{written}` 不存在：没有这一章"),
                    format!("unknown HS code `{written}`: the HS has no such chapter"),
                );
                None
            }
        }
    }

    /// A non-negative exact decimal.
    pub fn amount(&mut self, written: &str, place: &str) -> Option<Decimal> {
        match parse_decimal_text(written) {
            Ok(value) if value.is_sign_negative() && !value.is_zero() => {
                self.error(
                    place.to_string(),
                    format!("金额 `{written}` 不能为负"),
                    format!("negative value `{written}`: values must not be negative"),
                );
                None
            }
            Ok(value) => Some(value),
            Err(DecimalError::NotANumber) => {
                self.error(
                    place.to_string(),
                    format!("`{written}` 不是数字"),
                    format!("`{written}` is not a number: expected a decimal such as `30.00`"),
                );
                None
            }
            Err(DecimalError::OutOfRange) => {
                self.error(
                    place.to_string(),
                    format!("`{written}` 超出合理范围"),
                    format!("`{written}` is out of range (must be below 10^15)"),
                );
                None
            }
        }
    }

    /// A yes/no answer (`true`, `yes`, `是`, `Y`, `1`…).
    pub fn yes_no(&mut self, written: &str, place: &str) -> Option<bool> {
        match written.trim().to_lowercase().as_str() {
            "true" | "yes" | "y" | "1" | "是" | "原产" | "originating" => Some(true),
            "false" | "no" | "n" | "0" | "否" | "非原产" | "non-originating" => Some(false),
            _ => {
                self.error(
                    place.to_string(),
                    format!("`{written}` 应为 是/否（true/false）"),
                    format!("`{written}`: expected true or false (yes/no)"),
                );
                None
            }
        }
    }

    pub fn version(&mut self, written: &str, place: &str) -> Option<HsVersion> {
        let version = HsVersion::parse(written);
        if version.is_none() {
            self.error(
                place.to_string(),
                format!("HS 版本 `{written}` 应为 2012、2017 或 2022"),
                format!("HS version `{written}`: expected 2012, 2017 or 2022"),
            );
        }
        version
    }

    pub fn rule(&mut self, written: &str, place: &str) -> Option<Rule> {
        match parse_rule(written) {
            Ok(rule) => Some(rule),
            Err(error) => {
                self.error(
                    format!("{place}, character {}", error.column),
                    format!("规则 `{written}`：{}", error.message.zh),
                    format!("rule `{written}`: {}", error.message.en),
                );
                None
            }
        }
    }

    pub fn missing(&mut self, place: &str, zh_name: &str, en_name: &str) {
        self.error(
            place.to_string(),
            format!("缺少{zh_name}"),
            format!("the {en_name} is missing"),
        );
    }
}

/// Splits operations written in one cell (`assembly; testing`, `组装、测试`).
pub(crate) fn split_operations(text: &str) -> Vec<String> {
    text.split([',', ';', '，', '；', '、', '|'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect()
}
