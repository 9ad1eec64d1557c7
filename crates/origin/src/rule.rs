//! The product-specific rule as a tree (WO, CC, CTH, CTSH, RVC, CR, `or`, `and`, exceptions)
//! and its canonical rendering, which the parser in `rule_parse` reads back unchanged.

use crate::hs::{HsLevel, HsSpan};
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// Which formula of Article 3.5 an RVC requirement accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RvcMethod {
    /// Either formula, the exporter's choice (RCEP `RVC40`).
    Either,
    /// Only the build-up (direct) formula.
    BuildUp,
    /// Only the build-down (indirect) formula.
    BuildDown,
}

/// A product-specific rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Rule {
    /// `WO`: wholly obtained or produced (Art. 3.3); Art. 3.2(b) also satisfies it.
    WhollyObtained,
    /// `CC`, `CTH`, `CTSH`: every non-originating material changed classification at the
    /// level, and none comes from an excepted code.
    TariffShift {
        /// Chapter for CC, heading for CTH, subheading for CTSH.
        level: HsLevel,
        /// Codes non-originating materials must not come from (`except from …`).
        except: Vec<HsSpan>,
    },
    /// `RVC40`: regional value content of at least the threshold, in percent.
    RegionalValueContent {
        /// The threshold in percent (0–100); reaching it exactly passes.
        threshold: Decimal,
        /// Which formula counts.
        method: RvcMethod,
    },
    /// `CR`: a chemical reaction took place in a Party.
    ChemicalReaction,
    /// Alternatives: meeting any one is enough (Annex 3A headnote 4).
    AnyOf(Vec<Rule>),
    /// Conditions that must all be met.
    AllOf(Vec<Rule>),
    /// A rule text this program cannot check; it never passes by itself.
    NotMachineReadable(String),
}

impl Rule {
    /// The short code of a single test (`CTH`, `RVC40`…), or `or`/`and` for combinations.
    pub fn code(&self) -> String {
        match self {
            Rule::WhollyObtained => "WO".to_string(),
            Rule::TariffShift { level, .. } => shift_code(*level).to_string(),
            Rule::RegionalValueContent { threshold, .. } => format!("RVC{}", threshold.normalize()),
            Rule::ChemicalReaction => "CR".to_string(),
            Rule::AnyOf(_) => "or".to_string(),
            Rule::AllOf(_) => "and".to_string(),
            Rule::NotMachineReadable(_) => "TEXT".to_string(),
        }
    }

    /// The single tests of the rule, left to right.
    pub fn leaves(&self) -> Vec<&Rule> {
        let mut leaves = Vec::new();
        self.collect_leaves(&mut leaves);
        leaves
    }

    fn collect_leaves<'a>(&'a self, leaves: &mut Vec<&'a Rule>) {
        match self {
            Rule::AnyOf(parts) | Rule::AllOf(parts) => {
                parts.iter().for_each(|part| part.collect_leaves(leaves))
            }
            leaf => leaves.push(leaf),
        }
    }

    /// The same rule with nested `or` inside `or` (and `and` inside `and`) flattened and
    /// one-element combinations unwrapped: the form the parser produces.
    pub fn normalized(self) -> Rule {
        match self {
            Rule::AnyOf(parts) => flatten(parts, true),
            Rule::AllOf(parts) => flatten(parts, false),
            leaf => leaf,
        }
    }
}

fn flatten(parts: Vec<Rule>, any: bool) -> Rule {
    let mut flat = Vec::with_capacity(parts.len());
    for part in parts.into_iter().map(Rule::normalized) {
        match part {
            Rule::AnyOf(inner) if any => flat.extend(inner),
            Rule::AllOf(inner) if !any => flat.extend(inner),
            other => flat.push(other),
        }
    }
    match flat.len() {
        1 => flat.pop().unwrap_or(Rule::AnyOf(Vec::new())),
        _ if any => Rule::AnyOf(flat),
        _ => Rule::AllOf(flat),
    }
}

/// `CC`, `CTH` or `CTSH`.
pub fn shift_code(level: HsLevel) -> &'static str {
    match level {
        HsLevel::Chapter => "CC",
        HsLevel::Heading => "CTH",
        HsLevel::Subheading => "CTSH",
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::WhollyObtained | Rule::ChemicalReaction => f.write_str(&self.code()),
            Rule::TariffShift { level, except } => {
                f.write_str(shift_code(*level))?;
                for (index, span) in except.iter().enumerate() {
                    f.write_str(if index == 0 { " except from " } else { ", " })?;
                    write!(f, "{span}")?;
                }
                Ok(())
            }
            Rule::RegionalValueContent { threshold, method } => {
                write!(f, "RVC{}", threshold.normalize())?;
                match method {
                    RvcMethod::Either => Ok(()),
                    RvcMethod::BuildUp => f.write_str(" build-up"),
                    RvcMethod::BuildDown => f.write_str(" build-down"),
                }
            }
            Rule::AnyOf(parts) => join(f, parts, " or ", false),
            Rule::AllOf(parts) => join(f, parts, " and ", true),
            Rule::NotMachineReadable(text) => {
                f.write_str("\"")?;
                for c in text.chars() {
                    match c {
                        '"' => f.write_str("\\\"")?,
                        '\\' => f.write_str("\\\\")?,
                        '\n' | '\r' | '\t' => f.write_str(" ")?,
                        c => write!(f, "{c}")?,
                    }
                }
                f.write_str("\"")
            }
        }
    }
}

fn join(f: &mut fmt::Formatter<'_>, parts: &[Rule], word: &str, inside_and: bool) -> fmt::Result {
    if parts.is_empty() {
        return f.write_str("\"\"");
    }
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            f.write_str(word)?;
        }
        // `and` binds tighter than `or`, so only an `or` inside an `and` needs parentheses;
        // a nested combination of the same kind is parenthesised to keep its shape.
        let needs_parens = matches!(
            (part, inside_and),
            (Rule::AnyOf(_), _) | (Rule::AllOf(_), true)
        );
        if needs_parens {
            write!(f, "({part})")?;
        } else {
            write!(f, "{part}")?;
        }
    }
    Ok(())
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_canonically() {
        let rule = Rule::AnyOf(vec![
            Rule::TariffShift {
                level: HsLevel::Heading,
                except: vec![HsSpan::single("1001").unwrap()],
            },
            Rule::RegionalValueContent {
                threshold: Decimal::new(400, 1),
                method: RvcMethod::Either,
            },
        ]);
        assert_eq!(rule.to_string(), "CTH except from heading 10.01 or RVC40");
        let both = Rule::AllOf(vec![
            Rule::AnyOf(vec![Rule::WhollyObtained, Rule::ChemicalReaction]),
            Rule::NotMachineReadable("a \"quoted\" proviso".to_string()),
        ]);
        assert_eq!(
            both.to_string(),
            "(WO or CR) and \"a \\\"quoted\\\" proviso\""
        );
    }

    #[test]
    fn normalizes_nesting() {
        let nested = Rule::AnyOf(vec![
            Rule::AnyOf(vec![Rule::WhollyObtained]),
            Rule::AnyOf(vec![Rule::ChemicalReaction, Rule::WhollyObtained]),
        ]);
        assert_eq!(
            nested.normalized(),
            Rule::AnyOf(vec![
                Rule::WhollyObtained,
                Rule::ChemicalReaction,
                Rule::WhollyObtained
            ])
        );
    }
}
