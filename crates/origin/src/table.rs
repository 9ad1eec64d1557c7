//! Product-specific rule tables as data: entries keyed by code (chapter, heading, subheading or
//! a range), the RCEP Annex 3A CSV layout, overlays of user tables, and the lookup that picks
//! the most specific entry for a product.

use crate::hs::{HsLevel, HsVersion, printed_code};
use crate::rule::Rule;
use crate::rule_parse::parse_rule;
use model::{InputError, Text};
use serde::Serialize;
use std::fmt;

/// How far a table row can be trusted (see `data/origin/rcep-NOTES.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Read verbatim from the treaty's table.
    High,
    /// Read clearly, but from an unofficial translation.
    Medium,
    /// The excerpt was cut or the row alignment is uncertain.
    Low,
    /// Supplied by the user (their rules file or the bill of materials).
    User,
    /// The file gave no confidence.
    Unrated,
}

impl Confidence {
    fn parse(text: &str) -> Option<Confidence> {
        match text.trim().to_ascii_lowercase().as_str() {
            "high" | "高" => Some(Confidence::High),
            "medium" | "中" => Some(Confidence::Medium),
            "low" | "低" => Some(Confidence::Low),
            "user" | "用户" => Some(Confidence::User),
            "" | "unrated" => Some(Confidence::Unrated),
            _ => None,
        }
    }

    /// The confidence as the tables write it (`high`, `medium`…).
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
            Confidence::User => "user",
            Confidence::Unrated => "unrated",
        }
    }

    /// The confidence in both languages.
    pub fn text(self) -> Text {
        match self {
            Confidence::High => Text::new("高", "high"),
            Confidence::Medium => Text::new("中（非官方译本）", "medium (unofficial translation)"),
            Confidence::Low => Text::new("低（摘录不完整）", "low (excerpt cut)"),
            Confidence::User => Text::new("用户提供", "user-supplied"),
            Confidence::Unrated => Text::new("未标注", "unrated"),
        }
    }

    /// True for rows that should be checked against the official text before a claim.
    pub fn needs_checking(self) -> bool {
        matches!(
            self,
            Confidence::Medium | Confidence::Low | Confidence::Unrated
        )
    }
}

/// One row of a rule table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleEntry {
    /// The agreement (`RCEP`, `CPTPP`…), upper-case.
    pub agreement: String,
    /// The HS edition the row's codes belong to.
    pub hs_version: HsVersion,
    /// The code as the table gives it (`8507`, `850760`, `0101-0106`).
    pub code: String,
    /// The first six-digit subheading the row covers.
    pub from: String,
    /// The last six-digit subheading the row covers.
    pub to: String,
    /// The rule.
    pub rule: Rule,
    /// The rule text as written in the table.
    pub text: String,
    /// How far the row can be trusted.
    pub confidence: Confidence,
    /// Where the row was read (a page address, a document).
    pub source: Option<String>,
    /// The printed wording where it differs from `text`.
    pub original: Option<String>,
    /// Which loaded table the row came from.
    pub table: String,
    /// Later layers win over earlier ones for the same codes.
    #[serde(skip)]
    pub layer: u32,
}

impl RuleEntry {
    /// The code as printed (`85.07`, `8507.60`, `Chapter 14`).
    pub fn printed_code(&self) -> String {
        match self.code.len() {
            2 => format!("Chapter {}", self.code),
            4 | 6 => printed_code(&self.code),
            _ => self.code.clone(),
        }
    }

    fn width(&self) -> u64 {
        let number = |code: &str| code.parse::<u64>().unwrap_or(0);
        number(&self.to).saturating_sub(number(&self.from))
    }
}

/// The six-digit bounds a written row code covers: `85` → 850000–859999, `8507` →
/// 850700–850799, `850760` → itself, `0101-0106` → 010100–010699.
pub(crate) fn code_bounds(code: &str) -> Option<(String, String)> {
    let pad = |digits: &str, fill: char| {
        let mut padded = digits.to_string();
        while padded.len() < 6 {
            padded.push(fill);
        }
        padded
    };
    let clean = |text: &str| -> Option<String> {
        let digits: String = text.chars().filter(|c| *c != '.' && *c != ' ').collect();
        (matches!(digits.len(), 2 | 4 | 6) && digits.bytes().all(|b| b.is_ascii_digit()))
            .then_some(digits)
    };
    let (first, last) = match code.split_once('-') {
        Some((first, last)) => (clean(first)?, clean(last)?),
        None => {
            let single = clean(code)?;
            (single.clone(), single)
        }
    };
    let (from, to) = (pad(&first, '0'), pad(&last, '9'));
    (from <= to).then_some((from, to))
}

/// Every problem found in a rules file; nothing is loaded when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTableError {
    /// Each problem with its place (`line 5, column rule`, or a JSON path).
    pub errors: Vec<InputError>,
}

impl fmt::Display for RuleTableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.errors.iter().enumerate() {
            if index > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", error.path, error.message.en)?;
        }
        Ok(())
    }
}

impl std::error::Error for RuleTableError {}

/// A set of product-specific rules, possibly of several agreements and layers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RuleTable {
    entries: Vec<RuleEntry>,
}

impl RuleTable {
    /// A table of the given entries.
    pub fn from_entries(entries: Vec<RuleEntry>) -> RuleTable {
        RuleTable { entries }
    }

    /// Every entry, in load order.
    pub fn entries(&self) -> &[RuleEntry] {
        &self.entries
    }

    /// How many entries the table has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the table is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds `other` on top: its rows win over this table's rows for the same codes, so a user
    /// file corrects or completes the embedded one.
    pub fn overlay(&mut self, other: RuleTable) {
        let layer = self
            .entries
            .iter()
            .map(|e| e.layer)
            .max()
            .map_or(0, |l| l + 1);
        self.entries.extend(
            other
                .entries
                .into_iter()
                .map(|entry| RuleEntry { layer, ..entry }),
        );
    }

    /// The most specific entry of `agreement` covering the six-digit `subheading` (of the
    /// edition `hs_version`); a later layer wins at equal specificity.
    pub fn lookup(
        &self,
        agreement: &str,
        hs_version: HsVersion,
        subheading: &str,
    ) -> Option<&RuleEntry> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, entry)| {
                entry.agreement.eq_ignore_ascii_case(agreement)
                    && entry.hs_version == hs_version
                    && entry.from.as_str() <= subheading
                    && subheading <= entry.to.as_str()
            })
            .min_by_key(|(index, entry)| {
                (
                    entry.width(),
                    std::cmp::Reverse(entry.layer),
                    std::cmp::Reverse(*index),
                )
            })
            .map(|(_, entry)| entry)
    }

    /// The HS editions the table holds rules in for `agreement`.
    pub fn versions_of(&self, agreement: &str) -> Vec<HsVersion> {
        let mut versions: Vec<HsVersion> = self
            .entries
            .iter()
            .filter(|entry| entry.agreement.eq_ignore_ascii_case(agreement))
            .map(|entry| entry.hs_version)
            .collect();
        versions.sort();
        versions.dedup();
        versions
    }

    /// Reads the Annex 3A CSV layout: `hs,level,rule,source_page,confidence,original`, with
    /// optional `agreement` and `hs_version` columns (defaults: `agreement` and HS 2012).
    /// Columns are found by their header; `hs` and `rule` are required. Every problem is
    /// reported with its line and column.
    pub fn from_csv(text: &str, agreement: &str, table: &str) -> Result<RuleTable, RuleTableError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut errors = Vec::new();
        let headers = match reader.headers() {
            Ok(headers) => headers.clone(),
            Err(error) => {
                return Err(RuleTableError {
                    errors: vec![csv_error(&error)],
                });
            }
        };
        let column = |name: &str| {
            headers
                .iter()
                .position(|header| header.eq_ignore_ascii_case(name))
        };
        let (Some(hs_column), Some(rule_column)) = (column("hs"), column("rule")) else {
            return Err(RuleTableError {
                errors: vec![InputError::new(
                    "line 1",
                    Text::new(
                        "表头应至少包含 hs 和 rule 两列",
                        "the header must name at least the columns `hs` and `rule`",
                    ),
                )],
            });
        };
        let level_column = column("level");
        let source_column = column("source_page").or_else(|| column("source"));
        let confidence_column = column("confidence");
        let original_column = column("original");
        let agreement_column = column("agreement");
        let version_column = column("hs_version");
        let mut entries = Vec::new();
        for record in reader.records() {
            let record = match record {
                Ok(record) => record,
                Err(error) => {
                    errors.push(csv_error(&error));
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line());
            let cell = |index: Option<usize>| index.and_then(|i| record.get(i)).unwrap_or("");
            if record.iter().all(str::is_empty) {
                continue;
            }
            let place = |name: &str| format!("line {line}, column `{name}`");
            let fields = RowFields {
                code: cell(Some(hs_column)),
                level: cell(level_column),
                rule: cell(Some(rule_column)),
                confidence: cell(confidence_column),
                source: cell(source_column),
                original: cell(original_column),
                agreement: Some(cell(agreement_column)).filter(|a| !a.is_empty()),
                hs_version: cell(version_column),
            };
            match entry_from_fields(&fields, agreement, table, &place) {
                Ok(entry) => entries.push(entry),
                Err(mut row_errors) => errors.append(&mut row_errors),
            }
        }
        if errors.is_empty() {
            Ok(RuleTable { entries })
        } else {
            Err(RuleTableError { errors })
        }
    }
}

/// The text cells of one row, whatever the file's layout.
pub(crate) struct RowFields<'a> {
    pub code: &'a str,
    pub level: &'a str,
    pub rule: &'a str,
    pub confidence: &'a str,
    pub source: &'a str,
    pub original: &'a str,
    pub agreement: Option<&'a str>,
    pub hs_version: &'a str,
}

/// Builds an entry from a row, reporting each bad cell at `place(column name)`.
pub(crate) fn entry_from_fields(
    fields: &RowFields<'_>,
    default_agreement: &str,
    table: &str,
    place: &dyn Fn(&str) -> String,
) -> Result<RuleEntry, Vec<InputError>> {
    let mut errors = Vec::new();
    let code: String = fields.code.chars().filter(|c| *c != ' ').collect();
    let bounds = code_bounds(&code);
    if bounds.is_none() {
        errors.push(InputError::new(
            place("hs"),
            Text::new(
                format!("`{}` 不是章、品目、子目编码或编码范围（如 85、8507、850760、8501-8504）", fields.code),
                format!(
                    "`{}` is not a chapter, heading, subheading or range (85, 8507, 850760, 8501-8504)",
                    fields.code
                ),
            ),
        ));
    }
    let digits = code.chars().filter(char::is_ascii_digit).count();
    if !fields.level.is_empty() && !code.contains('-') {
        let level_ok = fields
            .level
            .parse::<usize>()
            .ok()
            .and_then(HsLevel::from_digits)
            .is_some_and(|level| level.digits() == digits);
        if !level_ok {
            errors.push(InputError::new(
                place("level"),
                Text::new(
                    format!(
                        "层级 `{}` 与编码 `{}` 的位数不符",
                        fields.level, fields.code
                    ),
                    format!(
                        "level `{}` does not match the {digits} digits of `{}`",
                        fields.level, fields.code
                    ),
                ),
            ));
        }
    }
    let rule = match parse_rule(fields.rule) {
        Ok(rule) => Some(rule),
        Err(error) => {
            errors.push(InputError::new(
                format!("{}, character {}", place("rule"), error.column),
                Text::new(
                    format!("规则 `{}`：{}", fields.rule, error.message.zh),
                    format!("rule `{}`: {}", fields.rule, error.message.en),
                ),
            ));
            None
        }
    };
    let confidence = Confidence::parse(fields.confidence).unwrap_or_else(|| {
        errors.push(InputError::new(
            place("confidence"),
            Text::new(
                format!(
                    "可信度 `{}` 应为 high、medium、low 或 user",
                    fields.confidence
                ),
                format!(
                    "confidence `{}`: expected high, medium, low or user",
                    fields.confidence
                ),
            ),
        ));
        Confidence::Unrated
    });
    let hs_version = if fields.hs_version.is_empty() {
        Some(HsVersion::Hs2012)
    } else {
        HsVersion::parse(fields.hs_version)
    };
    if hs_version.is_none() {
        errors.push(InputError::new(
            place("hs_version"),
            Text::new(
                format!("HS 版本 `{}` 应为 2012、2017 或 2022", fields.hs_version),
                format!(
                    "HS version `{}`: expected 2012, 2017 or 2022",
                    fields.hs_version
                ),
            ),
        ));
    }
    match (bounds, rule, hs_version) {
        (Some((from, to)), Some(rule), Some(hs_version)) if errors.is_empty() => Ok(RuleEntry {
            agreement: fields
                .agreement
                .unwrap_or(default_agreement)
                .trim()
                .to_ascii_uppercase(),
            hs_version,
            code,
            from,
            to,
            rule,
            text: fields.rule.to_string(),
            confidence,
            source: Some(fields.source.to_string()).filter(|s| !s.is_empty()),
            original: Some(fields.original.to_string()).filter(|s| !s.is_empty()),
            table: table.to_string(),
            layer: 0,
        }),
        _ => Err(errors),
    }
}

fn csv_error(error: &csv::Error) -> InputError {
    let place = error
        .position()
        .map_or_else(|| "line 1".to_string(), |p| format!("line {}", p.line()));
    InputError::new(
        place,
        Text::new(
            format!("CSV 无法读取：{error}"),
            format!("unreadable CSV: {error}"),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "hs,level,rule,source_page,confidence,original\n\
        85,2,CTH or RVC40,p1,high,\n\
        8507,4,CTSH or RVC40,p2,medium,\n\
        850760,6,CC,p3,low,\n";

    #[test]
    fn most_specific_row_wins() {
        let table = RuleTable::from_csv(SAMPLE, "RCEP", "sample").unwrap();
        let find = |code| {
            table
                .lookup("rcep", HsVersion::Hs2012, code)
                .map(|e| e.code.as_str())
        };
        assert_eq!(find("850760"), Some("850760"));
        assert_eq!(find("850710"), Some("8507"));
        assert_eq!(find("851712"), Some("85"));
        assert_eq!(find("840110"), None);
        assert!(table.lookup("CPTPP", HsVersion::Hs2012, "850760").is_none());
        assert!(table.lookup("RCEP", HsVersion::Hs2022, "850760").is_none());
    }

    #[test]
    fn overlay_wins_at_equal_specificity() {
        let mut table = RuleTable::from_csv(SAMPLE, "RCEP", "base").unwrap();
        let user =
            RuleTable::from_csv("hs,rule,confidence\n8507,WO,user\n", "RCEP", "user").unwrap();
        table.overlay(user);
        let entry = table.lookup("RCEP", HsVersion::Hs2012, "850710").unwrap();
        assert_eq!(entry.table, "user");
        assert_eq!(entry.rule, Rule::WhollyObtained);
        // The more specific base row still wins over a broader user row.
        assert_eq!(
            table
                .lookup("RCEP", HsVersion::Hs2012, "850760")
                .unwrap()
                .code,
            "850760"
        );
    }

    #[test]
    fn every_bad_cell_is_reported_with_its_place() {
        let text = "hs,level,rule,confidence\n\
            85x,2,CTH,high\n\
            8507,6,CTH,high\n\
            850760,6,CTH or,high\n\
            850790,6,CTH,maybe\n";
        let error = RuleTable::from_csv(text, "RCEP", "bad").unwrap_err();
        let places: Vec<&str> = error.errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            places,
            [
                "line 2, column `hs`",
                "line 3, column `level`",
                "line 4, column `rule`, character 7",
                "line 5, column `confidence`",
            ]
        );
        let missing = RuleTable::from_csv("code,text\n85,CTH\n", "RCEP", "bad").unwrap_err();
        assert!(missing.errors[0].message.en.contains("`hs` and `rule`"));
    }

    #[test]
    fn bounds_of_codes() {
        assert_eq!(
            code_bounds("85"),
            Some(("850000".to_string(), "859999".to_string()))
        );
        assert_eq!(
            code_bounds("0101-0106"),
            Some(("010100".to_string(), "010699".to_string()))
        );
        assert_eq!(
            code_bounds("85.07"),
            Some(("850700".to_string(), "850799".to_string()))
        );
        assert_eq!(code_bounds("0106-0101"), None);
        assert_eq!(code_bounds("850"), None);
    }
}
