//! The basis of a suggestion, so that a broker can judge it: which words of the description
//! matched which tariff texts, and the path section → chapter → heading → subheading →
//! tariff line → national code with the names of each level.

use crate::analyze::{Analyzer, is_bigram};
use crate::index::Index;
use crate::normalize::normalize_text;
use crate::rank::QueryTerm;
use model::Lang;
use rustc_hash::FxHashSet;

/// A level of the tariff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// HS section (roman numeral).
    Section,
    /// HS chapter (2 digits).
    Chapter,
    /// HS heading (4 digits).
    Heading,
    /// HS subheading (6 digits).
    Subheading,
    /// China tariff line (8 digits).
    TariffLine,
    /// China national code (10 digits) with its inspection names.
    NationalCode,
    /// The declaration elements of the code.
    Elements,
    /// The product names of the lexicon for the heading or subheading.
    ProductNames,
}

impl Level {
    /// The level's name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Level::Section, Lang::Zh) => "类",
            (Level::Section, Lang::En) => "section",
            (Level::Chapter, Lang::Zh) => "章",
            (Level::Chapter, Lang::En) => "chapter",
            (Level::Heading, Lang::Zh) => "品目",
            (Level::Heading, Lang::En) => "heading",
            (Level::Subheading, Lang::Zh) => "子目",
            (Level::Subheading, Lang::En) => "subheading",
            (Level::TariffLine, Lang::Zh) => "税则号列",
            (Level::TariffLine, Lang::En) => "tariff line",
            (Level::NationalCode, Lang::Zh) => "商品编码",
            (Level::NationalCode, Lang::En) => "national code",
            (Level::Elements, Lang::Zh) => "申报要素",
            (Level::Elements, Lang::En) => "declaration elements",
            (Level::ProductNames, Lang::Zh) => "商品俗名",
            (Level::ProductNames, Lang::En) => "product names",
        }
    }
}

/// A tariff text that a word matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedText {
    /// Its level.
    pub level: Level,
    /// The code of that level (for elements, the code prefix they are declared under).
    pub code: String,
}

/// A word of the description and the tariff texts it matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordMatch {
    /// The word as written (lower-cased), or the synonym it was expanded to.
    pub word: String,
    /// True when the word comes from the synonym table rather than the description.
    pub synonym: bool,
    /// Where it matched, most specific level last.
    pub texts: Vec<MatchedText>,
}

/// One step of the path through the tariff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStep {
    /// The level.
    pub level: Level,
    /// The code as written at that level (`XVI`, `85`, `8507`, `8507.60`, `8507.6000`,
    /// `8507600090`).
    pub code: String,
    /// The Chinese name, where the tables have one (tariff lines and national codes).
    pub name_zh: Option<String>,
    /// The English name, where the tables have one (HS levels and tariff lines).
    pub name_en: Option<String>,
}

/// The basis of a suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basis {
    /// The matched words, in the order of the description.
    pub matches: Vec<WordMatch>,
    /// Section → chapter → heading → subheading → tariff line → national code.
    pub path: Vec<PathStep>,
}

impl Basis {
    /// A one-line account for people: the matched words and the path.
    pub fn summary(&self, lang: Lang) -> String {
        let matches: Vec<String> = self
            .matches
            .iter()
            .map(|word_match| {
                let places: Vec<String> = word_match
                    .texts
                    .iter()
                    .map(|text| format!("{} {}", text.level.name(lang), text.code))
                    .collect();
                let separator = if lang == Lang::Zh { "、" } else { ", " };
                let note = match (word_match.synonym, lang) {
                    (false, _) => "",
                    (true, Lang::Zh) => "（同义词）",
                    (true, Lang::En) => " (synonym)",
                };
                format!("{}{note} → {}", word_match.word, places.join(separator))
            })
            .collect();
        let path: Vec<String> = self
            .path
            .iter()
            .map(|step| {
                let name = match lang {
                    Lang::Zh => step.name_zh.as_ref().or(step.name_en.as_ref()),
                    Lang::En => step.name_en.as_ref().or(step.name_zh.as_ref()),
                };
                match (step.level, name) {
                    (Level::Section, _) => match lang {
                        Lang::Zh => format!("第 {} 类", step.code),
                        Lang::En => format!("section {}", step.code),
                    },
                    (_, Some(name)) => format!("{} {}", step.code, name),
                    (_, None) => step.code.clone(),
                }
            })
            .collect();
        match lang {
            Lang::Zh => {
                let matched = if matches.is_empty() {
                    "无".to_string()
                } else {
                    matches.join("；")
                };
                format!("匹配：{matched}。路径：{}", path.join(" › "))
            }
            Lang::En => {
                let matched = if matches.is_empty() {
                    "none".to_string()
                } else {
                    matches.join("; ")
                };
                format!("matched: {matched}. path: {}", path.join(" › "))
            }
        }
    }
}

/// How many leading characters of a key a product name must contain to be analysed for the
/// basis (stems keep the start of their word: "batteri" of "battery").
const PROBE_CHARS: usize = 4;

fn keys(analyzer: &Analyzer, texts: &[&str]) -> FxHashSet<String> {
    let mut keys = FxHashSet::default();
    let mut cache = Default::default();
    for text in texts {
        analyzer.analyze_tariff_text(
            &normalize_text(text),
            &mut cache,
            &mut |key, _, _, excluded| {
                if !excluded {
                    keys.insert(key.to_string());
                }
            },
        );
    }
    keys
}

/// Builds the basis of `leaf` for the description's `terms`.
pub(crate) fn build_basis(
    analyzer: &Analyzer,
    index: &Index,
    leaf: u32,
    terms: &[QueryTerm],
) -> Basis {
    let details = &index.leaves[leaf as usize];
    let line = &index.tariff[details.tariff as usize];
    let code8 = &line.code8;
    let hs = |code: &str| index.hs.get(code);
    let chapter = hs(&code8[..2]);
    let heading = hs(&code8[..4]);
    let subheading = hs(&code8[..6]);
    let national_name = crate::rank::national_name(&details.national_names).map(str::to_string);

    let mut path = Vec::new();
    if let Some(section) = chapter
        .map(|entry| entry.section.clone())
        .filter(|s| !s.is_empty())
    {
        path.push(PathStep {
            level: Level::Section,
            code: section,
            name_zh: None,
            name_en: None,
        });
    }
    let mut levels: Vec<(Level, String, FxHashSet<String>)> = Vec::new();
    for (level, code, entry) in [
        (Level::Chapter, code8[..2].to_string(), chapter),
        (Level::Heading, code8[..4].to_string(), heading),
        (
            Level::Subheading,
            format!("{}.{}", &code8[..4], &code8[4..6]),
            subheading,
        ),
    ] {
        path.push(PathStep {
            level,
            code: code.clone(),
            name_zh: None,
            name_en: entry.map(|entry| entry.description.clone()),
        });
        if let Some(entry) = entry {
            levels.push((level, code, keys(analyzer, &[&entry.description])));
        }
    }
    // The product names of the heading and of the subheading: a row may hold hundreds, so only
    // the names that contain the start of one of the description's keys are analysed.
    let probes: Vec<String> = terms
        .iter()
        .map(|term| {
            // A bigram's key is a marker character and the bigram.
            let skip = usize::from(is_bigram(&term.key));
            term.key
                .chars()
                .skip(skip)
                .take(PROBE_CHARS)
                .collect::<String>()
        })
        .filter(|probe| !probe.is_empty())
        .collect();
    for length in [4, 6] {
        let prefix = &details.code[..length];
        if let Some(row) = index.product_names(prefix) {
            let names: Vec<&str> = row
                .names()
                .filter(|name| {
                    let normalized = normalize_text(name);
                    probes
                        .iter()
                        .any(|probe| normalized.contains(probe.as_str()))
                })
                .collect();
            levels.push((
                Level::ProductNames,
                prefix.to_string(),
                keys(analyzer, &names),
            ));
        }
    }

    let tariff_code = format!("{}.{}", &code8[..4], &code8[4..]);
    path.push(PathStep {
        level: Level::TariffLine,
        code: tariff_code.clone(),
        name_zh: Some(line.name_zh.clone()),
        name_en: Some(line.name_en.clone()),
    });
    levels.push((
        Level::TariffLine,
        tariff_code,
        keys(analyzer, &[&line.name_zh, &line.name_en]),
    ));
    if let Some(name) = &national_name {
        path.push(PathStep {
            level: Level::NationalCode,
            code: details.code.clone(),
            name_zh: Some(name.clone()),
            name_en: None,
        });
        let names: Vec<&str> = details.national_names.iter().map(String::as_str).collect();
        levels.push((
            Level::NationalCode,
            details.code.clone(),
            keys(analyzer, &names),
        ));
    }
    for length in 2..=details.code.len() {
        let prefix = &details.code[..length];
        if let Some(names) = index.elements.get(prefix) {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            levels.push((Level::Elements, prefix.to_string(), keys(analyzer, &names)));
        }
    }

    // Per concept of the description: the most specific of its keys that matched (a whole
    // word rather than its parts, a word rather than a bigram), each with its texts.
    let mut matches: Vec<WordMatch> = Vec::new();
    let mut start = 0;
    while start < terms.len() {
        let group = terms[start].group;
        let end = start
            + terms[start..]
                .iter()
                .take_while(|t| t.group == group)
                .count();
        let members = &terms[start..end];
        start = end;
        let matched: Vec<&QueryTerm> = members
            .iter()
            .filter(|term| {
                term.id
                    .is_some_and(|id| index.term_in_leaf(id, leaf) == Some(true))
            })
            .collect();
        // A lone bigram spanning two words says nothing a person can check.
        if members.len() == 1 && members.iter().all(|term| is_bigram(&term.key)) {
            continue;
        }
        let words: Vec<&QueryTerm> = if matched.iter().any(|term| !is_bigram(&term.key)) {
            matched
                .iter()
                .copied()
                .filter(|term| !is_bigram(&term.key))
                .collect()
        } else {
            matched
        };
        for term in &words {
            let covered = words.iter().any(|other| {
                other.surface != term.surface && other.surface.contains(term.surface.as_str())
            });
            if covered || matches.iter().any(|m| m.word == term.surface) {
                continue;
            }
            let texts: Vec<MatchedText> = levels
                .iter()
                .filter(|(_, _, keys)| keys.contains(&term.key))
                .map(|(level, code, _)| MatchedText {
                    level: *level,
                    code: code.clone(),
                })
                .collect();
            if texts.is_empty() {
                continue;
            }
            matches.push(WordMatch {
                word: term.surface.clone(),
                // A part of the description's own word (锂离子 of 锂离子蓄电池) is no synonym.
                synonym: !term.original
                    || (term.weight < 1.0
                        && !is_bigram(&term.key)
                        && !members
                            .first()
                            .is_some_and(|word| word.surface.contains(term.surface.as_str()))),
                texts,
            });
        }
    }
    Basis { matches, path }
}
