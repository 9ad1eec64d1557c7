//! What a check needs: the bundle, the reference data, the optional conditions table and
//! the classification engine (injected, so the rules stay independent of how it works).

use crate::Conditions;
use model::{Bundle, Declaration, DeclarationLine};
use refdata::RefData;
use std::collections::HashMap;

/// A commodity code suggested for a product name.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestedCode {
    /// 10-digit China code, or the HS subheading.
    pub code: String,
    /// Chinese tariff name.
    pub name_zh: String,
    /// English tariff name.
    pub name_en: String,
    /// Confidence between 0 and 1 (a ranking score, not money).
    pub score: f32,
}

impl SuggestedCode {
    /// The score rounded to two decimals, for reports.
    pub fn rounded_score(&self) -> f64 {
        (f64::from(self.score) * 100.0).round() / 100.0
    }
}

/// The classification engine's opinion on a declared code (rule H003).
#[derive(Debug, Clone, PartialEq)]
pub struct FitVerdict {
    /// False when the name clearly points elsewhere.
    pub fits: bool,
    /// The best codes for the name, best first.
    pub suggestions: Vec<SuggestedCode>,
}

/// Judges whether a product name fits a commodity code (implemented by the classifier).
pub trait NameFit: Sync {
    /// `None` when the engine cannot judge (too little text).
    fn fit(&self, name: &str, code: &str) -> Option<FitVerdict>;

    /// The verdict only when the name does not fit the code (what H003 reports). An engine
    /// that remembers verdicts answers a fitting pair without copying its suggestions.
    fn misfit(&self, name: &str, code: &str) -> Option<FitVerdict> {
        self.fit(name, code).filter(|verdict| !verdict.fits)
    }
}

/// Everything one check reads.
pub struct CheckInput<'a> {
    /// The shipment.
    pub bundle: &'a Bundle,
    /// Reference data.
    pub data: &'a RefData,
    /// The regulatory-conditions table for R004, when loaded.
    pub conditions: Option<&'a Conditions>,
    /// The classification engine for H003, when loaded.
    pub name_fit: Option<&'a dyn NameFit>,
    /// Declaration line number → index; `None` when the lines are numbered 1, 2, 3… in order
    /// (the usual case: the index is the number less one).
    declaration_lines: Option<HashMap<u32, usize>>,
}

impl<'a> CheckInput<'a> {
    /// A check of `bundle` with `data`; add the optional parts with the builder methods.
    pub fn new(bundle: &'a Bundle, data: &'a RefData) -> Self {
        let lines = bundle
            .declaration
            .as_ref()
            .map_or(&[][..], |d| &d.lines[..]);
        let in_order = lines
            .iter()
            .enumerate()
            .all(|(index, line)| line.no as usize == index + 1);
        let declaration_lines = (!in_order).then(|| {
            lines
                .iter()
                .enumerate()
                .map(|(index, line)| (line.no, index))
                .collect()
        });
        CheckInput {
            bundle,
            data,
            conditions: None,
            name_fit: None,
            declaration_lines,
        }
    }

    /// Uses a regulatory-conditions table (R004).
    pub fn with_conditions(mut self, conditions: Option<&'a Conditions>) -> Self {
        self.conditions = conditions;
        self
    }

    /// Uses a classification engine (H003).
    pub fn with_name_fit(mut self, name_fit: Option<&'a dyn NameFit>) -> Self {
        self.name_fit = name_fit;
        self
    }

    /// The declaration, when the shipment has one.
    pub fn declaration(&self) -> Option<&'a Declaration> {
        self.bundle.declaration.as_ref()
    }

    /// The declaration line numbered `no` and its index.
    pub fn declaration_line(&self, no: u32) -> Option<(usize, &'a DeclarationLine)> {
        let index = match &self.declaration_lines {
            Some(numbers) => *numbers.get(&no)?,
            None => (no as usize).checked_sub(1)?,
        };
        let line = self.bundle.declaration.as_ref()?.lines.get(index)?;
        Some((index, line))
    }

    /// True when the shipment is an export (or its direction is not given but the trade mode
    /// and documents do not say otherwise).
    pub fn is_export(&self) -> bool {
        self.bundle.direction != Some(model::Direction::Import)
    }
}
