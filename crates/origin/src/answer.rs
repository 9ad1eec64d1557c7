//! The answer of a determination (CONTRACT §6): the rule applied, both RVC figures, every test
//! with the materials that failed it, de minimis, accumulation, minimal operations, the
//! conclusion, and notes. It serialises to the JSON that `declarant origin --format json`
//! prints; texts a person reads carry both languages.

use crate::hs::HsVersion;
use crate::table::Confidence;
use model::Text;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

/// Serialises a bilingual text as `{"zh": …, "en": …}`.
pub(crate) fn bilingual<S: Serializer>(text: &Text, serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut s = serializer.serialize_struct("Text", 2)?;
    s.serialize_field("zh", &text.zh)?;
    s.serialize_field("en", &text.en)?;
    s.end()
}

/// The figures of a test, in the order they were worked out; serialised as a JSON object
/// whose key order does not depend on serde_json's features.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures(pub Vec<(&'static str, String)>);

impl Figures {
    /// Adds a figure.
    pub fn push(&mut self, key: &'static str, value: impl ToString) {
        self.0.push((key, value.to_string()));
    }

    /// The figure named `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }
}

impl Serialize for Figures {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// Whether a test, or the whole rule, was met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The test is met.
    Met,
    /// The test is not met.
    NotMet,
    /// The input does not decide it (a rule text that cannot be checked, HS editions that
    /// differ where the rule needs them): the answer says so instead of guessing.
    Undetermined,
}

impl Status {
    /// Any alternative met is enough; otherwise an undetermined one leaves it undetermined.
    pub fn any(statuses: impl IntoIterator<Item = Status>) -> Status {
        let mut result = Status::NotMet;
        for status in statuses {
            match status {
                Status::Met => return Status::Met,
                Status::Undetermined => result = Status::Undetermined,
                Status::NotMet => {}
            }
        }
        result
    }

    /// Every condition must be met; one not met decides, otherwise an undetermined one
    /// leaves it undetermined.
    pub fn all(statuses: impl IntoIterator<Item = Status>) -> Status {
        let mut result = Status::Met;
        for status in statuses {
            match status {
                Status::NotMet => return Status::NotMet,
                Status::Undetermined => result = Status::Undetermined,
                Status::Met => {}
            }
        }
        result
    }

    /// The status's word in both languages.
    pub fn text(self) -> Text {
        match self {
            Status::Met => Text::new("满足", "met"),
            Status::NotMet => Text::new("不满足", "not met"),
            Status::Undetermined => Text::new("无法判定", "undetermined"),
        }
    }
}

/// The overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Conclusion {
    /// The product originates.
    Originating,
    /// The product does not originate.
    NotOriginating,
    /// The input does not decide it; the notes say what is missing.
    Undetermined,
}

/// What kind of test a rule leaf is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TestKind {
    /// WO (Art. 3.3), also met by Art. 3.2(b).
    WhollyObtained,
    /// CC, CTH, CTSH.
    TariffShift,
    /// RVC.
    RegionalValueContent,
    /// CR.
    ChemicalReaction,
    /// A rule text that cannot be checked.
    NotMachineReadable,
}

/// A material named in a test or a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MaterialRef {
    /// Its position in the bill (0-based, as in `materials[0]`).
    pub index: usize,
    /// Where it was read (`materials[0]`, `line 7`).
    pub place: String,
    /// Its description.
    pub description: String,
    /// Its code as written.
    pub hs: String,
    /// Its value.
    pub value: Decimal,
}

/// One test of the rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestReport {
    /// The test as text (`CTH except from heading 10.01`, `RVC40`).
    pub test: String,
    /// The kind of test.
    pub kind: TestKind,
    /// True when met.
    pub met: bool,
    /// Met, not met or undetermined.
    pub status: Status,
    /// The non-originating materials that failed it (tariff shift, WO).
    pub failed_materials: Vec<MaterialRef>,
    /// Materials whose result the input does not decide.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub undetermined_materials: Vec<MaterialRef>,
    /// True when the test is met only thanks to de minimis (Art. 3.7).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub met_by_de_minimis: bool,
    /// The figures of the test, in a fixed order.
    pub figures: Figures,
    /// Why, in both languages.
    #[serde(serialize_with = "bilingual")]
    pub explanation: Text,
}

/// De minimis (Art. 3.7) as considered for a tariff-shift test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeMinimisReport {
    /// The test it was considered for.
    pub test: String,
    /// `value` or `weight` (chapters 50–63), whichever decided.
    pub basis: &'static str,
    /// Value of the non-originating materials that failed the shift.
    pub failing_value: Decimal,
    /// 10 % of the FOB.
    pub value_limit: Decimal,
    /// The failing value as a percentage of the FOB.
    pub percent_of_fob: Decimal,
    /// Weight of the failing materials, when weighed (chapters 50–63).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failing_weight_kg: Option<Decimal>,
    /// 10 % of the product's weight, when weighed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight_limit_kg: Option<Decimal>,
    /// True when the failing materials stay within the limit.
    pub met: bool,
    /// The materials that failed the shift.
    pub materials: Vec<MaterialRef>,
}

/// Accumulation (Art. 3.4): originating materials of other Parties counted as originating.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccumulationReport {
    /// The materials counted as originating by accumulation, with their Party.
    pub materials: Vec<AccumulatedMaterial>,
    /// Their total value.
    pub value: Decimal,
    /// The build-down RVC had they been counted as non-originating.
    pub rvc_build_down_without: Decimal,
    /// The build-up RVC had they been counted as non-originating.
    pub rvc_build_up_without: Decimal,
    /// Whether the rule would be met without accumulation.
    pub rule_without: Status,
}

/// A material counted as originating by accumulation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccumulatedMaterial {
    /// The material.
    #[serde(flatten)]
    pub material: MaterialRef,
    /// The Party it originates in.
    pub party: String,
}

/// One declared operation, checked against Article 3.6.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OperationCheck {
    /// The keyword as declared.
    pub operation: String,
    /// The Article 3.6 item it falls under (`b`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article_3_6_item: Option<&'static str>,
    /// What the item or remark says.
    #[serde(serialize_with = "bilingual")]
    pub explanation: Text,
}

/// Minimal operations (Art. 3.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OperationsReport {
    /// Each declared operation.
    pub operations: Vec<OperationCheck>,
    /// True when every declared operation is a minimal one (and at least one is declared).
    pub only_minimal: bool,
    /// True when Art. 3.6 applies: non-originating materials were used.
    pub applies: bool,
    /// True when origin is refused because of it.
    pub refused: bool,
}

/// How one material was counted and how it fared in each tariff-shift test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaterialReport {
    /// The material.
    #[serde(flatten)]
    pub material: MaterialRef,
    /// Its subheadings in the rule's HS edition (several when the code split or merged).
    pub rule_edition_codes: Vec<String>,
    /// Its weight, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight_kg: Option<Decimal>,
    /// Its country of origin, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin_country: Option<String>,
    /// `originating`, `accumulated` (originating in another Party), `non_originating` or
    /// `undetermined_origin` (not stated: counted as non-originating, Art. 3.5.4).
    pub status: &'static str,
    /// True when it counts in VOM, false when in VNM.
    pub counted_as_originating: bool,
    /// Its result in each tariff-shift test of the rule; empty for materials counted as
    /// originating, which need no change (Annex 3A headnote 5).
    pub tariff_shift: Vec<ShiftCheck>,
}

/// One material's result in one tariff-shift test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShiftCheck {
    /// The test (`CTH`).
    pub test: String,
    /// `met`, `failed` or `undetermined`.
    pub result: &'static str,
    /// Why, in both languages.
    #[serde(serialize_with = "bilingual")]
    pub explanation: Text,
}

/// Where the rule came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PsrSource {
    /// The table (or `bill of materials` when the bill gave the rule).
    pub table: String,
    /// The table row's code.
    pub code: String,
    /// The HS edition of the row.
    pub hs_version: HsVersion,
    /// How far the row can be trusted.
    pub confidence: Confidence,
    /// Where the row was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The printed wording, where it differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original: Option<String>,
}

/// The product as the answer repeats it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductSummary {
    /// What the product is.
    pub description: String,
    /// Its code as written.
    pub hs: String,
    /// The HS edition the bill gives; `null` when it gives none.
    pub hs_version: Option<HsVersion>,
    /// The edition the codes were read in (the bill's, or HS 2022 when it gives none).
    pub hs_version_used: HsVersion,
    /// Its subheadings in the rule's HS edition.
    pub rule_edition_codes: Vec<String>,
    /// FOB value.
    pub fob: Decimal,
    /// Currency of all values.
    pub currency: String,
    /// Exporting Party.
    pub exporting_party: Option<String>,
    /// Importing Party.
    pub importing_party: Option<String>,
}

/// The value figures behind both RVC formulas.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueSummary {
    /// Currency.
    pub currency: String,
    /// FOB.
    pub fob: Decimal,
    /// Value of non-originating materials.
    pub vnm: Decimal,
    /// Value of originating materials.
    pub vom: Decimal,
    /// Direct labour cost.
    pub direct_labour: Decimal,
    /// Direct overhead cost.
    pub direct_overhead: Decimal,
    /// Profit.
    pub profit: Decimal,
    /// Other costs.
    pub other: Decimal,
}

/// A remark the reader should see: assumptions, low-confidence rows, edition differences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// A stable code for the kind of remark (`hs_version_assumed`).
    pub code: &'static str,
    /// The remark.
    #[serde(serialize_with = "bilingual")]
    pub message: Text,
}

/// The answer of one determination.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Determination {
    /// The agreement.
    pub agreement: String,
    /// The product.
    pub product: ProductSummary,
    /// The rule applied, as text.
    pub psr: String,
    /// Where the rule came from.
    pub psr_source: PsrSource,
    /// `(FOB − VNM) / FOB × 100`, two decimals.
    pub rvc_build_down: Decimal,
    /// `(VOM + labour + overhead + profit + other) / FOB × 100`, two decimals.
    pub rvc_build_up: Decimal,
    /// The figures of both formulas.
    pub values: ValueSummary,
    /// Every test of the rule, left to right.
    pub tests: Vec<TestReport>,
    /// Whether the rule as a whole is met.
    pub rule_status: Status,
    /// De minimis, when a tariff-shift test had failing materials.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub de_minimis: Option<DeMinimisReport>,
    /// Accumulation, when materials of other Parties were counted as originating.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accumulation: Option<AccumulationReport>,
    /// Minimal operations (Art. 3.6).
    pub minimal_operations: OperationsReport,
    /// Every material, how it was counted and its tariff-shift results.
    pub materials: Vec<MaterialReport>,
    /// The origin criterion met (`WO`, `PE`, `CTC`, `RVC`, `CR`), when originating.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criterion: Option<String>,
    /// `ACU` when accumulation was used, `DMI` when de minimis was.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criterion_markers: Vec<&'static str>,
    /// Originating, not originating, or undetermined.
    pub conclusion: Conclusion,
    /// True only when the product originates.
    pub originating: bool,
    /// The conclusion explained, in both languages.
    #[serde(serialize_with = "bilingual")]
    pub reason: Text,
    /// Remarks: assumptions, low-confidence rows, edition differences.
    pub notes: Vec<Note>,
}

impl Determination {
    /// The exit status of `declarant origin`: 0 originating, 1 not originating, 2 when the
    /// input does not decide it (undetermined).
    pub fn exit_code(&self) -> i32 {
        match self.conclusion {
            Conclusion::Originating => 0,
            Conclusion::NotOriginating => 1,
            Conclusion::Undetermined => 2,
        }
    }

    /// The answer as pretty-printed JSON (decimals as strings, deterministic order).
    pub fn to_json(&self) -> String {
        // Serialising these plain structs to a string cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_string())
    }
}
