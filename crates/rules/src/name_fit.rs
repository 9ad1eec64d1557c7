//! The classification engine as rule H003's judge.

use crate::{FitVerdict, NameFit, SuggestedCode};

/// How many suggestions H003 offers.
const SUGGESTIONS: usize = 3;

impl NameFit for classify::Classifier {
    fn fit(&self, name: &str, code: &str) -> Option<FitVerdict> {
        let fit = classify::Classifier::fit(self, name, code, SUGGESTIONS).ok()?;
        Some(FitVerdict {
            fits: !fit.mismatch,
            suggestions: fit
                .classification
                .suggestions
                .into_iter()
                .map(|s| SuggestedCode {
                    code: s.code,
                    name_zh: s.name_zh,
                    name_en: s.name_en,
                    score: s.score,
                })
                .collect(),
        })
    }
}
