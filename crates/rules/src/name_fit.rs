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

/// Remembers the engine's verdicts: a batch repeats the same products line after line, and a
/// classification query costs far more than the rest of a check. Deterministic: the verdict
/// for a (name, code) pair is the same whether it is computed or remembered.
pub struct CachedNameFit<'a> {
    engine: &'a dyn NameFit,
    verdicts: std::sync::RwLock<std::collections::HashMap<(String, String), Option<FitVerdict>>>,
}

/// The most verdicts remembered; past it, new ones are computed and not kept.
const CACHE_LIMIT: usize = 100_000;

impl<'a> CachedNameFit<'a> {
    /// A cache in front of `engine`.
    pub fn new(engine: &'a dyn NameFit) -> Self {
        CachedNameFit {
            engine,
            verdicts: std::sync::RwLock::default(),
        }
    }
}

impl NameFit for CachedNameFit<'_> {
    fn fit(&self, name: &str, code: &str) -> Option<FitVerdict> {
        let key = (name.to_string(), code.to_string());
        if let Ok(verdicts) = self.verdicts.read()
            && let Some(verdict) = verdicts.get(&key)
        {
            return verdict.clone();
        }
        let verdict = self.engine.fit(name, code);
        if let Ok(mut verdicts) = self.verdicts.write()
            && verdicts.len() < CACHE_LIMIT
        {
            verdicts.insert(key, verdict.clone());
        }
        verdict
    }
}
