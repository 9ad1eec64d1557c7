//! Harmonized System codes as origin rules see them: chapter, heading and subheading levels,
//! code spans used by exceptions, HS editions, the optional nomenclature that tells a known code
//! from an unknown one, and the HS 2022 → HS 2012 correlation table.

use model::{InputError, Text};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The level of the Harmonized System a rule compares codes at (Annex 3A headnote 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HsLevel {
    /// The first two digits.
    Chapter,
    /// The first four digits.
    Heading,
    /// The first six digits.
    Subheading,
}

impl HsLevel {
    /// How many digits the level compares.
    pub fn digits(self) -> usize {
        match self {
            HsLevel::Chapter => 2,
            HsLevel::Heading => 4,
            HsLevel::Subheading => 6,
        }
    }

    /// The level of a code written with `digits` digits (2, 4 or 6).
    pub fn from_digits(digits: usize) -> Option<HsLevel> {
        match digits {
            2 => Some(HsLevel::Chapter),
            4 => Some(HsLevel::Heading),
            6 => Some(HsLevel::Subheading),
            _ => None,
        }
    }

    /// The level's name in both languages.
    pub fn name(self) -> Text {
        match self {
            HsLevel::Chapter => Text::new("章", "chapter"),
            HsLevel::Heading => Text::new("品目", "heading"),
            HsLevel::Subheading => Text::new("子目", "subheading"),
        }
    }
}

/// An edition of the Harmonized System.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum HsVersion {
    /// HS 2012 (RCEP Annex 3A is based on it, headnote 9).
    #[serde(rename = "2012")]
    Hs2012,
    /// HS 2017.
    #[serde(rename = "2017")]
    Hs2017,
    /// HS 2022 (China's tariff since 2022).
    #[serde(rename = "2022")]
    Hs2022,
}

impl HsVersion {
    /// Reads `2012`, `HS2012`, `HS 2022`, `2022`… (case-insensitive).
    pub fn parse(text: &str) -> Option<HsVersion> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let year = compact.strip_prefix("HS").unwrap_or(&compact);
        match year {
            "2012" | "12" => Some(HsVersion::Hs2012),
            "2017" | "17" => Some(HsVersion::Hs2017),
            "2022" | "22" => Some(HsVersion::Hs2022),
            _ => None,
        }
    }

    /// The edition's year as text.
    pub fn year(self) -> &'static str {
        match self {
            HsVersion::Hs2012 => "2012",
            HsVersion::Hs2017 => "2017",
            HsVersion::Hs2022 => "2022",
        }
    }
}

impl fmt::Display for HsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HS {}", self.year())
    }
}

/// Why a written commodity code is not usable for origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HsCodeProblem {
    /// Not digits after removing dots and spaces, or fewer than six digits.
    Malformed,
    /// Six digits or more, but chapter 00, 77 or above 97 does not exist.
    NoSuchChapter,
}

/// Normalises a written commodity code (`8507.60`, `8507 60 00 90`) and keeps its first six
/// digits: the subheading origin rules work with. National digits beyond six are dropped.
pub fn subheading_of(text: &str) -> Result<String, HsCodeProblem> {
    let digits: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
        .collect();
    if digits.len() < 6 || digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(HsCodeProblem::Malformed);
    }
    let chapter: u32 = digits[..2].parse().map_err(|_| HsCodeProblem::Malformed)?;
    if chapter == 0 || chapter == 77 || chapter > 97 {
        return Err(HsCodeProblem::NoSuchChapter);
    }
    Ok(digits[..6].to_string())
}

/// A code as printed in rule texts: `01` (chapter), `10.01` (heading), `1211.20` (subheading).
pub fn printed_code(code: &str) -> String {
    match code.len() {
        4 => format!("{}.{}", &code[..2], &code[2..]),
        6 => format!("{}.{}", &code[..4], &code[4..]),
        _ => code.to_string(),
    }
}

/// A run of codes at one level, `from` to `to` inclusive (`10.01`–`10.04`, or one code).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct HsSpan {
    /// The level both ends are written at.
    pub level: HsLevel,
    /// The first code (digits only, as many as the level has).
    pub from: String,
    /// The last code (equal to `from` for a single code).
    pub to: String,
}

impl HsSpan {
    /// A span of one code; the level follows the number of digits (2, 4 or 6).
    pub fn single(code: &str) -> Option<HsSpan> {
        HsSpan::range(code, code)
    }

    /// A span from `from` to `to`, both with the same number of digits (2, 4 or 6), in order.
    pub fn range(from: &str, to: &str) -> Option<HsSpan> {
        let level = HsLevel::from_digits(from.len())?;
        let digits = |code: &str| code.bytes().all(|b| b.is_ascii_digit());
        (from.len() == to.len() && digits(from) && digits(to) && from <= to).then(|| HsSpan {
            level,
            from: from.to_string(),
            to: to.to_string(),
        })
    }

    /// True when the six-digit `subheading` falls inside the span.
    pub fn contains(&self, subheading: &str) -> bool {
        let digits = self.level.digits();
        subheading.len() >= digits && {
            let prefix = &subheading[..digits];
            self.from.as_str() <= prefix && prefix <= self.to.as_str()
        }
    }
}

impl fmt::Display for HsSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = match self.level {
            HsLevel::Chapter => "Chapter",
            HsLevel::Heading => "heading",
            HsLevel::Subheading => "subheading",
        };
        if self.from == self.to {
            write!(f, "{word} {}", printed_code(&self.from))
        } else {
            write!(
                f,
                "{word} {}-{}",
                printed_code(&self.from),
                printed_code(&self.to)
            )
        }
    }
}

/// The set of subheadings that exist in one edition: tells an unknown code from a known one.
#[derive(Debug, Clone, Default)]
pub struct Nomenclature {
    version: Option<HsVersion>,
    subheadings: BTreeSet<String>,
}

impl Nomenclature {
    /// Reads the project's `data/hs/hs2022.tsv` layout (`#code level parent section
    /// description`; tab-separated) and keeps the six-digit codes. Lines that are not
    /// six-digit rows are skipped.
    pub fn from_hs_tsv(text: &str, version: HsVersion) -> Nomenclature {
        let subheadings = text
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split('\t').next())
            .map(str::trim)
            .filter(|code| code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_string)
            .collect();
        Nomenclature {
            version: Some(version),
            subheadings,
        }
    }

    /// A nomenclature from a list of six-digit codes.
    pub fn from_codes<'a>(
        version: HsVersion,
        codes: impl IntoIterator<Item = &'a str>,
    ) -> Nomenclature {
        Nomenclature {
            version: Some(version),
            subheadings: codes.into_iter().map(str::to_string).collect(),
        }
    }

    /// The edition the nomenclature lists.
    pub fn version(&self) -> Option<HsVersion> {
        self.version
    }

    /// True when the six-digit code exists in this edition.
    pub fn contains(&self, subheading: &str) -> bool {
        self.subheadings.contains(subheading)
    }

    /// How many subheadings the nomenclature lists.
    pub fn len(&self) -> usize {
        self.subheadings.len()
    }

    /// True when the nomenclature lists nothing.
    pub fn is_empty(&self) -> bool {
        self.subheadings.is_empty()
    }
}

/// A correlation between HS 2022 and HS 2012 subheadings, loaded from CSV `hs2022,hs2012`
/// (one pair a row; a code that split or merged has several rows). It lists the subheadings
/// that changed: a subheading absent from both columns is taken as unchanged between the two
/// editions, and the answer says so.
#[derive(Debug, Clone, Default)]
pub struct Correlation {
    to_2012: BTreeMap<String, BTreeSet<String>>,
    to_2022: BTreeMap<String, BTreeSet<String>>,
}

impl Correlation {
    /// Reads `hs2022,hs2012` rows (a header row is allowed and skipped; codes may carry dots).
    /// Every bad row is reported with its line number; nothing is loaded when any row is bad.
    pub fn from_csv(text: &str) -> Result<Correlation, Vec<InputError>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut correlation = Correlation::default();
        let mut errors = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line_no = index + 1;
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let cells: Vec<&str> = trimmed.split([',', '\t', ';']).map(str::trim).collect();
            if line_no == 1
                && cells
                    .iter()
                    .any(|c| c.to_ascii_lowercase().starts_with("hs"))
            {
                continue;
            }
            let parsed = match cells.as_slice() {
                [new, old, ..] => subheading_of(new).ok().zip(subheading_of(old).ok()),
                _ => None,
            };
            match parsed {
                Some((new, old)) => {
                    correlation
                        .to_2012
                        .entry(new.clone())
                        .or_default()
                        .insert(old.clone());
                    correlation.to_2022.entry(old).or_default().insert(new);
                }
                None => errors.push(InputError::new(
                    format!("line {line_no}"),
                    Text::new(
                        format!("对照表行 `{trimmed}` 应为两个六位编码：hs2022,hs2012"),
                        format!("`{trimmed}`: expected two six-digit codes `hs2022,hs2012`"),
                    ),
                )),
            }
        }
        if errors.is_empty() {
            Ok(correlation)
        } else {
            Err(errors)
        }
    }

    /// The subheadings of edition `to` that the subheading `code` of edition `from`
    /// corresponds to, and whether the table listed it (false: taken as unchanged).
    pub fn convert(&self, code: &str, from: HsVersion, to: HsVersion) -> (Vec<String>, bool) {
        let map = match (from, to) {
            (HsVersion::Hs2022, HsVersion::Hs2012) => &self.to_2012,
            (HsVersion::Hs2012, HsVersion::Hs2022) => &self.to_2022,
            _ => return (vec![code.to_string()], false),
        };
        match map.get(code) {
            Some(targets) => (targets.iter().cloned().collect(), true),
            None => (vec![code.to_string()], false),
        }
    }

    /// True when the table knows `code` in either column (for checking HS 2012 codes).
    pub fn mentions(&self, code: &str) -> bool {
        self.to_2012.contains_key(code) || self.to_2022.contains_key(code)
    }

    /// How many HS 2022 subheadings the table maps.
    pub fn len(&self) -> usize {
        self.to_2012.len()
    }

    /// True when the table maps nothing.
    pub fn is_empty(&self) -> bool {
        self.to_2012.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subheadings_of_written_codes() {
        let cases: &[(&str, Result<&str, HsCodeProblem>)] = &[
            ("850760", Ok("850760")),
            ("8507.60", Ok("850760")),
            ("8507 60 00 90", Ok("850760")),
            ("8507600090", Ok("850760")),
            ("8507", Err(HsCodeProblem::Malformed)),
            ("85A760", Err(HsCodeProblem::Malformed)),
            ("", Err(HsCodeProblem::Malformed)),
            ("000000", Err(HsCodeProblem::NoSuchChapter)),
            ("770000", Err(HsCodeProblem::NoSuchChapter)),
            ("990100", Err(HsCodeProblem::NoSuchChapter)),
            ("1234567890123", Err(HsCodeProblem::Malformed)),
        ];
        for (text, want) in cases {
            let got = subheading_of(text);
            assert_eq!(got.as_deref().map_err(Clone::clone), *want, "{text}");
        }
    }

    #[test]
    fn spans_contain_codes_at_their_level() {
        let heading = HsSpan::range("1001", "1004").unwrap();
        assert!(heading.contains("100190"));
        assert!(heading.contains("100410"));
        assert!(!heading.contains("100510"));
        let chapter = HsSpan::single("01").unwrap();
        assert!(chapter.contains("010121"));
        assert!(!chapter.contains("020110"));
        assert_eq!(heading.to_string(), "heading 10.01-10.04");
        assert_eq!(chapter.to_string(), "Chapter 01");
        assert!(HsSpan::range("1004", "1001").is_none());
        assert!(HsSpan::single("123").is_none());
    }

    #[test]
    fn correlation_maps_both_ways() {
        let table = Correlation::from_csv("hs2022,hs2012\n8517.13,8517.12\n851714,851712\n")
            .expect("valid");
        assert_eq!(
            table.convert("851713", HsVersion::Hs2022, HsVersion::Hs2012),
            (vec!["851712".to_string()], true)
        );
        assert_eq!(
            table.convert("851712", HsVersion::Hs2012, HsVersion::Hs2022),
            (vec!["851713".to_string(), "851714".to_string()], true)
        );
        assert_eq!(
            table.convert("850760", HsVersion::Hs2022, HsVersion::Hs2012),
            (vec!["850760".to_string()], false)
        );
        let errors = Correlation::from_csv("851713,x\n").unwrap_err();
        assert_eq!(errors[0].path, "line 1");
    }

    #[test]
    fn versions_read_loosely() {
        assert_eq!(HsVersion::parse("HS 2012"), Some(HsVersion::Hs2012));
        assert_eq!(HsVersion::parse("2022"), Some(HsVersion::Hs2022));
        assert_eq!(HsVersion::parse("hs2017"), Some(HsVersion::Hs2017));
        assert_eq!(HsVersion::parse("2007"), None);
    }
}
