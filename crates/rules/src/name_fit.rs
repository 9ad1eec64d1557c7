//! The classification engine as rule H003's judge.

use crate::{FitVerdict, NameFit, SuggestedCode};
use std::collections::HashMap;
use std::sync::Arc;

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
/// for a (name, code) pair is the same whether it is computed or remembered. Looking a pair
/// up allocates nothing (names, then codes, each keyed by its text).
pub struct CachedNameFit<'a> {
    engine: Engine<'a>,
    verdicts: std::sync::RwLock<Verdicts>,
}

/// The engine behind the cache: borrowed for one batch, or shared for the life of a service.
enum Engine<'a> {
    Borrowed(&'a dyn NameFit),
    Shared(Arc<dyn NameFit + Send>),
}

impl Engine<'_> {
    fn get(&self) -> &dyn NameFit {
        match self {
            Engine::Borrowed(engine) => *engine,
            Engine::Shared(engine) => engine.as_ref(),
        }
    }
}

/// Verdicts by name, then by code, and how many there are.
#[derive(Default)]
struct Verdicts {
    by_name: HashMap<String, HashMap<String, Option<FitVerdict>>>,
    count: usize,
}

/// The most verdicts remembered; past it, new ones are computed and not kept.
const CACHE_LIMIT: usize = 100_000;

impl<'a> CachedNameFit<'a> {
    /// A cache in front of `engine`.
    pub fn new(engine: &'a dyn NameFit) -> Self {
        CachedNameFit {
            engine: Engine::Borrowed(engine),
            verdicts: std::sync::RwLock::default(),
        }
    }

    /// A cache that owns its share of `engine`, for a service that checks for as long as it
    /// runs.
    pub fn shared(engine: Arc<dyn NameFit + Send>) -> CachedNameFit<'static> {
        CachedNameFit {
            engine: Engine::Shared(engine),
            verdicts: std::sync::RwLock::default(),
        }
    }

    /// The remembered verdict of a pair, seen through `read`; `None` when not remembered.
    fn remembered<T>(
        &self,
        name: &str,
        code: &str,
        read: impl FnOnce(&Option<FitVerdict>) -> T,
    ) -> Option<T> {
        let verdicts = self.verdicts.read().ok()?;
        verdicts.by_name.get(name)?.get(code).map(read)
    }

    fn compute(&self, name: &str, code: &str) -> Option<FitVerdict> {
        let verdict = self.engine.get().fit(name, code);
        if let Ok(mut verdicts) = self.verdicts.write()
            && verdicts.count < CACHE_LIMIT
        {
            let previous = verdicts
                .by_name
                .entry(name.to_string())
                .or_default()
                .insert(code.to_string(), verdict.clone());
            if previous.is_none() {
                verdicts.count += 1;
            }
        }
        verdict
    }
}

impl NameFit for CachedNameFit<'_> {
    fn fit(&self, name: &str, code: &str) -> Option<FitVerdict> {
        match self.remembered(name, code, Clone::clone) {
            Some(verdict) => verdict,
            None => self.compute(name, code),
        }
    }

    fn misfit(&self, name: &str, code: &str) -> Option<FitVerdict> {
        let remembered = self.remembered(name, code, |verdict| {
            verdict.as_ref().filter(|v| !v.fits).cloned()
        });
        match remembered {
            Some(misfit) => misfit,
            None => self.compute(name, code).filter(|verdict| !verdict.fits),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]
    use super::*;

    #[test]
    fn remembered_verdicts_equal_computed_ones() {
        let engine = classify::Classifier::build(&classify::embedded_tables()).unwrap();
        let cached = CachedNameFit::new(&engine);
        let pairs = [
            ("锂离子蓄电池", "8507600090"),
            ("男式棉制针织T恤衫", "8507600090"),
            ("steel bolts", "7318159090"),
            ("活体黄粉虫", "0106490090"),
            ("", "8507600090"),
        ];
        for round in 0..2 {
            for (name, code) in pairs {
                let fresh = NameFit::fit(&engine, name, code);
                let misfit = fresh.clone().filter(|v| !v.fits);
                // First round computes, second remembers; misfit first on odd pairs too.
                if round == 0 && name.len() % 2 == 1 {
                    assert_eq!(cached.misfit(name, code), misfit, "{name} {code}");
                    assert_eq!(cached.fit(name, code), fresh, "{name} {code}");
                } else {
                    assert_eq!(cached.fit(name, code), fresh, "{name} {code}");
                    assert_eq!(cached.misfit(name, code), misfit, "{name} {code}");
                }
            }
        }
        assert!(pairs.iter().any(|(n, c)| cached.misfit(n, c).is_some()));
    }
}
