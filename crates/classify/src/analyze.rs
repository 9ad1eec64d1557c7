//! Turns text into index terms: Chinese through jieba word segmentation (with the compact
//! lexicon) plus character bigrams, English through tokenising, stop words and Snowball
//! stemming. Tariff texts and queries go through the same steps.

use crate::normalize::{for_each_piece, is_cjk};
use crate::stopwords::{CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS};
use crate::synonyms;
use jieba_rs::Jieba;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

/// The weight of a character bigram relative to a word: bigrams catch compounds the lexicon
/// does not know, but are weaker evidence.
const BIGRAM_WEIGHT: f32 = 0.35;

/// The prefix that keeps bigram keys apart from word keys.
const BIGRAM_PREFIX: char = '\u{1}';

/// One term of an analysed text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    /// The index key: a Chinese word, an English stem, or a prefixed bigram.
    pub key: String,
    /// The word as it stood in the text (for the basis shown to people).
    pub surface: String,
    pub weight: f32,
    /// The word stands in a clause that rules goods out ("other than cotton").
    pub excluded: bool,
}

/// The analyser: the segmenter with its lexicon, and the English stemmer.
pub(crate) struct Analyzer {
    jieba: Jieba,
    stemmer: Stemmer,
    english_stop: rustc_hash::FxHashSet<&'static str>,
    chinese_stop: rustc_hash::FxHashSet<&'static str>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer").finish_non_exhaustive()
    }
}

/// Caches used while building the index, where the same words and phrases recur: English
/// stems, and the segmentation of Chinese runs (as byte spans of the run).
#[derive(Default)]
pub(crate) struct StemCache {
    stems: FxHashMap<String, String>,
    runs: FxHashMap<String, Vec<(u32, u32)>>,
}

impl Analyzer {
    /// Loads the lexicon (jieba's `word count` lines) and the synonym table's Chinese words.
    /// (The product names of `data/lexicon/` are not added: measured on the tuning sets,
    /// segmenting them as words did worse than their characters' bigrams.)
    pub(crate) fn new(lexicon: &str) -> Result<Analyzer, jieba_rs::Error> {
        let mut jieba = Jieba::with_dict(&mut lexicon.as_bytes())?;
        for word in synonyms::chinese_words() {
            if !jieba.has_word(word) {
                jieba.add_word(word, Some(20), None);
            }
        }
        Ok(Analyzer {
            jieba,
            stemmer: Stemmer::create(Algorithm::English),
            english_stop: ENGLISH_STOP_WORDS.iter().copied().collect(),
            chinese_stop: CHINESE_STOP_WORDS.iter().copied().collect(),
        })
    }

    /// Analyses a normalised tariff text, marking the words of excluding clauses.
    pub(crate) fn analyze_tariff_text(
        &self,
        normalized: &str,
        cache: &mut StemCache,
        emit: &mut dyn FnMut(&str, &str, f32, bool),
    ) {
        for_each_piece(normalized, &mut |text, excluded| {
            self.analyze_piece(text, 1.0, excluded, false, Some(&mut *cache), &mut *emit);
        });
    }

    /// Analyses a normalised piece of text into tokens.
    pub(crate) fn tokens(&self, text: &str, weight: f32, out: &mut Vec<Token>) {
        self.analyze_piece(
            text,
            weight,
            false,
            true,
            None,
            &mut |key, surface, weight, excluded| {
                out.push(Token {
                    key: key.to_string(),
                    surface: surface.to_string(),
                    weight,
                    excluded,
                });
            },
        );
    }

    /// Analyses a normalised piece of text with the given weight, handing each term to `emit`
    /// as `(key, surface, weight, excluded)`. `hmm` lets jieba guess words the lexicon lacks
    /// (needed for queries; tariff texts are covered by the lexicon, which comes from them).
    pub(crate) fn analyze_piece(
        &self,
        text: &str,
        weight: f32,
        excluded: bool,
        hmm: bool,
        mut cache: Option<&mut StemCache>,
        emit: &mut dyn FnMut(&str, &str, f32, bool),
    ) {
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if c.is_ascii_alphanumeric() {
                let mut end = start + c.len_utf8();
                while let Some(&(index, next)) = chars.peek() {
                    if next.is_ascii_alphanumeric() {
                        end = index + next.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                self.english_word(
                    &text[start..end],
                    weight,
                    excluded,
                    cache.as_deref_mut(),
                    emit,
                );
            } else if is_cjk(c) {
                let mut end = start + c.len_utf8();
                while let Some(&(index, next)) = chars.peek() {
                    if is_cjk(next) {
                        end = index + next.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let runs = cache.as_deref_mut().map(|cache| &mut cache.runs);
                self.chinese_run(&text[start..end], weight, excluded, hmm, runs, emit);
            }
        }
    }

    fn english_word(
        &self,
        word: &str,
        weight: f32,
        excluded: bool,
        cache: Option<&mut StemCache>,
        emit: &mut dyn FnMut(&str, &str, f32, bool),
    ) {
        // American spellings meet the tariff's British ones ("sulfide", "fiber", "tire").
        let word = british(word);
        // Numbers and model numbers (A2894, 200gsm) name no kind of goods.
        if word.len() < 2
            || word.bytes().any(|b| b.is_ascii_digit())
            || self.english_stop.contains(word)
        {
            return;
        }
        let word = singular(word);
        match cache {
            Some(cache) => {
                let stem = match cache.stems.get(word) {
                    Some(stem) => stem,
                    None => {
                        let stem = self.stemmer.stem(word).into_owned();
                        cache.stems.entry(word.to_string()).or_insert(stem)
                    }
                };
                if stem.len() >= 2 {
                    emit(stem, word, weight, excluded);
                }
            }
            None => {
                let stem = self.stemmer.stem(word);
                if stem.len() >= 2 {
                    emit(&stem, word, weight, excluded);
                }
            }
        }
    }

    fn chinese_run(
        &self,
        run: &str,
        weight: f32,
        excluded: bool,
        hmm: bool,
        runs: Option<&mut FxHashMap<String, Vec<(u32, u32)>>>,
        emit: &mut dyn FnMut(&str, &str, f32, bool),
    ) {
        // A word right after 未 or 非 ("未冷冻", "未漂白", "非合金钢") is ruled out, not named:
        // "not frozen" must not match "frozen".
        let negated = |start: usize, raw: &str| {
            !raw.starts_with(NEGATIONS) && run[..start].ends_with(NEGATIONS)
        };
        let mut emit_word = |raw: &str, start: usize| {
            let mut word = raw;
            if word.chars().count() >= 2 {
                word = word.strip_suffix('制').unwrap_or(word);
            }
            if !word.is_empty() && !self.chinese_stop.contains(word) {
                emit(word, raw, weight, excluded || negated(start, raw));
            }
        };
        match runs {
            Some(runs) => {
                if let Some(spans) = runs.get(run) {
                    for &(start, end) in spans {
                        if let Some(word) = run.get(start as usize..end as usize) {
                            emit_word(word, start as usize);
                        }
                    }
                } else {
                    let tokens = self.jieba.cut_for_search(run, hmm);
                    let spans = tokens
                        .iter()
                        .map(|token| (token.byte_start as u32, token.byte_end as u32))
                        .collect();
                    for token in &tokens {
                        emit_word(token.word, token.byte_start);
                    }
                    runs.insert(run.to_string(), spans);
                }
            }
            None => {
                for token in self.jieba.cut_for_search(run, hmm) {
                    emit_word(token.word, token.byte_start);
                }
            }
        }
        // CJK ideographs are 3 bytes in UTF-8 (all blocks of `is_cjk`).
        if run.len() >= 6 {
            let mut key = String::with_capacity(8);
            let mut start = 0;
            while start + 6 <= run.len() {
                if let Some(bigram) = run.get(start..start + 6) {
                    key.clear();
                    key.push(BIGRAM_PREFIX);
                    key.push_str(bigram);
                    let ruled_out = excluded || negated(start, bigram);
                    emit(&key, bigram, weight * BIGRAM_WEIGHT, ruled_out);
                }
                start += 3;
            }
        }
    }
}

impl Analyzer {
    /// The index key of an English word (`None` for stop words, numbers, model numbers).
    pub(crate) fn english_key(&self, word: &str) -> Option<String> {
        let mut key = None;
        self.english_word(word, 1.0, false, None, &mut |stem, _, _, _| {
            key = Some(stem.to_string());
        });
        key
    }

    /// The words of a run of Chinese characters, as jieba segments it (guessing unknown
    /// words), without the search-mode sub-words.
    pub(crate) fn chinese_words<'a>(&self, run: &'a str) -> Vec<&'a str> {
        self.jieba
            .cut(run, true)
            .into_iter()
            .map(|token| token.word)
            .collect()
    }

    /// The lexicon knows `word`.
    pub(crate) fn knows(&self, word: &str) -> bool {
        self.jieba.has_word(word)
    }

    /// `word` is a Chinese stop word.
    pub(crate) fn is_chinese_stop(&self, word: &str) -> bool {
        self.chinese_stop.contains(word)
    }
}

/// The key of a character bigram.
pub(crate) fn bigram_key(bigram: &str) -> String {
    let mut key = String::with_capacity(bigram.len() + 1);
    key.push(BIGRAM_PREFIX);
    key.push_str(bigram);
    key
}

/// The weight of a bigram relative to a word.
pub(crate) const fn bigram_weight() -> f32 {
    BIGRAM_WEIGHT
}

/// English plurals the stemmer does not fold (`knives` → `knife`).
fn singular(word: &str) -> &str {
    match word {
        "knives" => "knife",
        "leaves" => "leaf",
        "shelves" => "shelf",
        "halves" => "half",
        "wives" => "wife",
        "lives" => "life",
        "loaves" => "loaf",
        "calves" => "calf",
        "wolves" => "wolf",
        "children" => "child",
        "feet" => "foot",
        "teeth" => "tooth",
        "mice" => "mouse",
        "geese" => "goose",
        "oxen" => "ox",
        // The tariff says "men's or boys'", descriptions often "man's".
        "men" => "man",
        "women" => "woman",
        "gentlemen" => "gentleman",
        _ => word,
    }
}

/// The British spelling of an American one, as most of the tariff's English writes it (it
/// mixes both: "fibre" 328 times, "fiber" 18), so that either spelling finds both.
fn british(word: &str) -> &str {
    match word {
        "sulfur" => "sulphur",
        "sulfurs" => "sulphurs",
        "sulfuric" => "sulphuric",
        "sulfurous" => "sulphurous",
        "sulfide" => "sulphide",
        "sulfides" => "sulphides",
        "sulfate" => "sulphate",
        "sulfates" => "sulphates",
        "sulfite" => "sulphite",
        "sulfites" => "sulphites",
        "sulfonic" => "sulphonic",
        "sulfonate" => "sulphonate",
        "sulfonates" => "sulphonates",
        "sulfonamide" => "sulphonamide",
        "sulfonamides" => "sulphonamides",
        "fiber" => "fibre",
        "fibers" => "fibres",
        "fiberboard" => "fibreboard",
        "fiberglass" => "fibreglass",
        "color" => "colour",
        "colors" => "colours",
        "colored" => "coloured",
        "tire" => "tyre",
        "tires" => "tyres",
        "jewelry" => "jewellery",
        "mold" => "mould",
        "molds" => "moulds",
        "molded" => "moulded",
        "molding" => "moulding",
        "moldings" => "mouldings",
        "gray" => "grey",
        "center" => "centre",
        "centers" => "centres",
        "vulcanized" => "vulcanised",
        "fertilizer" => "fertiliser",
        "fertilizers" => "fertilisers",
        "vapor" => "vapour",
        "vapors" => "vapours",
        "flavor" => "flavour",
        "flavors" => "flavours",
        "flavored" => "flavoured",
        "flavoring" => "flavouring",
        "flavorings" => "flavourings",
        "airplane" => "aeroplane",
        "airplanes" => "aeroplanes",
        "woolen" => "woollen",
        "pajamas" => "pyjamas",
        "plow" => "plough",
        "plows" => "ploughs",
        "polymerized" => "polymerised",
        "liter" => "litre",
        "liters" => "litres",
        "aging" => "ageing",
        "odor" => "odour",
        "odors" => "odours",
        "catalog" => "catalogue",
        "catalogs" => "catalogues",
        "analyzer" => "analyser",
        "analyzers" => "analysers",
        _ => word,
    }
}

/// The characters that negate the word after them in Chinese tariff texts.
const NEGATIONS: [char; 2] = ['未', '非'];

/// True when a key is a character bigram rather than a word.
pub(crate) fn is_bigram(key: &str) -> bool {
    key.starts_with(BIGRAM_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_text;

    fn analyzer() -> Analyzer {
        Analyzer::new(crate::tables::LEXICON).unwrap()
    }

    fn keys(analyzer: &Analyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        analyzer.tokens(&normalize_text(text), 1.0, &mut out);
        out.into_iter()
            .filter(|token| !is_bigram(&token.key))
            .map(|token| token.key)
            .collect()
    }

    #[test]
    fn english_is_stemmed_without_stop_words() {
        let analyzer = analyzer();
        assert_eq!(
            keys(&analyzer, "Men's cotton knitted T-shirts, model A2894"),
            ["man", "cotton", "knit", "tshirt"]
        );
        assert_eq!(
            keys(&analyzer, "Lithium-ion electric accumulators"),
            ["lithium", "ion", "electr", "accumul"]
        );
    }

    #[test]
    fn american_and_british_spellings_meet() {
        let analyzer = analyzer();
        for (american, british) in [
            ("carbonyl sulfide", "carbonyl sulphide"),
            ("polyester fibers", "polyester fibre"),
            ("truck tires", "truck tyres"),
            ("molded fiberboard", "moulded fibreboard"),
        ] {
            assert_eq!(
                keys(&analyzer, american),
                keys(&analyzer, british),
                "{american} / {british}"
            );
        }
    }

    #[test]
    fn a_negated_word_is_ruled_out() {
        let analyzer = analyzer();
        let mut cache = StemCache::default();
        let mut found = Vec::new();
        analyzer.analyze_tariff_text(
            &normalize_text("非冷冻橙汁"),
            &mut cache,
            &mut |key, _, _, excluded| found.push((key.to_string(), excluded)),
        );
        assert!(found.contains(&("冷冻".to_string(), true)), "{found:?}");
        assert!(found.contains(&("橙汁".to_string(), false)), "{found:?}");
    }

    #[test]
    fn chinese_is_segmented() {
        let analyzer = analyzer();
        let words = keys(&analyzer, "棉制针织或钩编的Ｔ恤衫");
        assert!(words.contains(&"棉".to_string()), "{words:?}");
        assert!(words.contains(&"针织".to_string()), "{words:?}");
        assert!(words.contains(&"tshirt".to_string()), "{words:?}");
        let words = keys(&analyzer, "锂离子蓄电池");
        assert!(words.contains(&"锂离子".to_string()), "{words:?}");
        assert!(words.contains(&"蓄电池".to_string()), "{words:?}");
    }

    #[test]
    fn excluded_clauses_are_marked() {
        let analyzer = analyzer();
        let mut out: Vec<(String, bool)> = Vec::new();
        let mut cache = StemCache::default();
        analyzer.analyze_tariff_text(
            &normalize_text("of textile materials (other than cotton)"),
            &mut cache,
            &mut |key, _, _, excluded| out.push((key.to_string(), excluded)),
        );
        assert!(out.contains(&("cotton".to_string(), true)));
        assert!(out.contains(&("textil".to_string(), false)));
    }
}
