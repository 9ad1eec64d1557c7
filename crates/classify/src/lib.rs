//! Commodity classification: suggests China tariff codes for a product description in Chinese
//! or English, best first, each with its tariff names, a 0–1 score and its basis (which words
//! matched which tariff texts, and the path section → chapter → heading → subheading → tariff
//! line → national code). [`Classifier::fit`] answers rule H003: does a declared code fit its
//! description?
//!
//! The engine is classic retrieval written by hand: every national (10-digit) code is a
//! document made of the texts on its path through the reference tables, scored with BM25F;
//! the scores roll up to HS subheadings, one suggestion per subheading. Chinese is segmented
//! by jieba with a compact lexicon taken from the tariff texts; English is stemmed; a small
//! synonym table bridges everyday words and tariff words, and a lexicon of commercial
//! product names per heading or subheading (`data/lexicon/`, "rice cooker", 电饭煲) is a
//! field of its own.
//!
//! The analysis of the embedded tables' texts is stored in an index snapshot
//! (`data/index.bin`, `src/snapshot.rs`) so that building takes about a tenth of a second;
//! other tables are analysed when the classifier is built.
//!
//! Queries are analysed into concept groups (a word with its parts and bigrams, or a
//! synonym's expansion), each counted once by its best match; the last known word of the
//! first clause is the head (the kind of goods): it weighs more, and a document that misses
//! it loses a tenth of its score (not residual "articles n.e.c." lines, nor parts lines for a
//! part). Figures are held against the thresholds of the lines (`quantity`), the predominant
//! constituent of a mixture weighs like the head, and a line that names headings by number
//! also carries their words. "Other" lines win ties against named lines whose distinguishing words are absent;
//! clauses that rule goods out ("other than cotton", "…除外") count against a document.
//!
//! Where the tariff's legal notes, not its words, decide, small rule modules read the
//! description and move the scores: woven and knitted fabrics by Section XI's fibre rules and
//! made-up textiles by the material that predominates (`textile`), copolymers by chapter 39's
//! monomer rules (`polymer`), fish by its state, cooked crustaceans, chapter 16's 20 % meat
//! rule and raw frozen vegetables (`foodstate`), knitted or woven, men's or women's, coated
//! and furskin garments (`garment`), footwear by upper and sole (`footwear`), medicaments by
//! presentation and contraceptives (`medicament`), flat-rolled steel by width, thickness and
//! composition (`steel`), and the material an article is said to be made of (`material`).
//! What a description negates is ruled out, not named: a Chinese word after 未 or 非, a later
//! Chinese clause opened by 未经, 无 or 不含, an English word after "not" and a clause after
//! "without". Packing phrases ("塑料袋装"), how the goods come ("总成", "单独进口"), weight
//! words and quoted brands are not the goods. Further subheadings of the first suggestion's
//! heading give way a little to the best of other headings.
//!
//! ```no_run
//! use classify::{Classifier, embedded_tables};
//! use model::Lang;
//!
//! let classifier = Classifier::build(&embedded_tables())?;
//! let answer = classifier.classify("锂离子蓄电池", 5)?;
//! for suggestion in &answer.suggestions {
//!     // The JSON of `declarant classify`: code, name, score, basis.
//!     println!(
//!         "{} {} {:.2} {}",
//!         suggestion.code,
//!         suggestion.name(Lang::Zh),
//!         suggestion.score,
//!         suggestion.basis.summary(Lang::Zh)
//!     );
//! }
//! // Rule H003: fires when `fit.mismatch`; the finding lists `fit.classification.suggestions`.
//! let fit = classifier.fit("men's cotton knitted T-shirt", "8507600090", 5)?;
//! assert!(fit.mismatch);
//! # Ok::<(), classify::ClassifyError>(())
//! ```
//!
//! Measured accuracy and speed: `BENCHMARKS.md`. The evaluation set and its sources:
//! `eval/classification/`.
//!
//! **Invariant:** this crate does no IO: the tables come in as text, answers go out as values
//! (building uses three threads, joined before it returns).

mod analyze;
mod basis;
mod corpus;
mod foodstate;
mod footwear;
mod garment;
mod index;
mod material;
mod medicament;
mod normalize;
mod polymer;
mod products;
mod quantity;
mod query;
mod rank;
mod snapshot;
mod steel;
mod stopwords;
mod synonyms;
mod tables;
mod terms;
mod textile;

pub use basis::{Basis, Level, MatchedText, PathStep, WordMatch};
pub use normalize::{MAX_DESCRIPTION_CHARS, is_cjk, normalize_text};
pub use tables::{Tables, embedded_tables};

use analyze::Analyzer;
use index::Index;
use model::Text;

/// Why the classifier could not be built or could not answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClassifyError {
    /// A row of a reference table is malformed.
    #[error("{table} table, line {line}: {message}")]
    Table {
        /// `tariff`, `hs`, `ciq` or `elements`.
        table: &'static str,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A reference table that must have rows has none.
    #[error("the {table} table has no rows")]
    EmptyTable {
        /// `tariff` or `hs`.
        table: &'static str,
    },
    /// The segmentation lexicon could not be loaded.
    #[error("the segmentation lexicon is malformed: {0}")]
    Lexicon(String),
    /// The description is empty (or only spaces and control characters).
    #[error("the description is empty")]
    EmptyDescription,
    /// The declared code is not 8 or 10 digits.
    #[error("`{code}` is not an 8- or 10-digit commodity code")]
    InvalidCode {
        /// The code as given.
        code: String,
    },
}

impl ClassifyError {
    /// The message in both languages.
    pub fn message(&self) -> Text {
        match self {
            ClassifyError::Table {
                table,
                line,
                message,
            } => Text::new(
                format!("参考表 {table} 第 {line} 行格式错误：{message}"),
                self.to_string(),
            ),
            ClassifyError::EmptyTable { table } => {
                Text::new(format!("参考表 {table} 没有数据行"), self.to_string())
            }
            ClassifyError::Lexicon(detail) => {
                Text::new(format!("分词词典格式错误：{detail}"), self.to_string())
            }
            ClassifyError::EmptyDescription => {
                Text::new("商品描述为空，请输入品名、材质、用途等", self.to_string())
            }
            ClassifyError::InvalidCode { code } => Text::new(
                format!("`{code}` 不是 8 位或 10 位商品编码"),
                self.to_string(),
            ),
        }
    }
}

/// One suggested code.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The 10-digit China code (national code), the best one under its subheading.
    pub code: String,
    /// The HS subheading (6 digits) the suggestion stands for.
    pub subheading: String,
    /// Chinese name: the 10-digit code's inspection name, else its tariff line's name.
    pub name_zh: String,
    /// English name: the tariff line's English name.
    pub name_en: String,
    /// A 0–1 confidence: the share of the evidence this subheading holds among the
    /// candidates, lowered when the description's words are mostly unmatched.
    pub score: f32,
    /// Which words matched which tariff texts, and the path through the tariff.
    pub basis: Basis,
}

impl Suggestion {
    /// The name in `lang`.
    pub fn name(&self, lang: model::Lang) -> &str {
        match lang {
            model::Lang::Zh => &self.name_zh,
            model::Lang::En => &self.name_en,
        }
    }
}

/// A word of the description and whether any tariff text matched it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// The word as written (lower-cased).
    pub word: String,
    /// Some tariff text contains it (or, for a Chinese word, its characters).
    pub matched: bool,
}

/// The answer to a description.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// Best first, one per HS subheading.
    pub suggestions: Vec<Suggestion>,
    /// The answer is weak: too few of the description's words matched, or the description
    /// names no goods (only a brand or a model number). The notes say why.
    pub low_confidence: bool,
    /// Remarks for the person: low confidence and its reason, truncated input.
    pub notes: Vec<Text>,
    /// The description's words, each with whether it matched.
    pub words: Vec<QueryWord>,
}

/// Whether a declared code fits its description (rule H003).
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The suggestions for the description.
    pub classification: Classification,
    /// The declared code, separators removed.
    pub declared_code: String,
    /// The declared code's first 8 digits name a line of the tariff.
    pub declared_known: bool,
    /// The 1-based rank of the declared code's subheading among the suggestions.
    pub declared_rank: Option<usize>,
    /// The declared subheading's score on the suggestions' 0–1 scale.
    pub declared_score: f32,
    /// How many times more likely the best suggestion is than the declared subheading
    /// (capped at 1000).
    pub likelihood_ratio: f32,
    /// H003 fires: the declared subheading is not among the suggestions, the best suggestion
    /// is clearly more likely, and the answer is not a low-confidence one.
    pub mismatch: bool,
}

/// The classifier: the index over the reference tables, built once, then shared (it is
/// `Send + Sync`; queries take `&self`).
#[derive(Debug)]
pub struct Classifier {
    analyzer: Analyzer,
    index: Index,
    from_snapshot: bool,
}

/// The index snapshot of `tables` (`data/index.bin` for the embedded tables): their texts
/// analysed, without weights. `cargo run -p classify --release --example snapshot` writes it.
pub fn index_snapshot(tables: &Tables<'_>) -> Result<Vec<u8>, ClassifyError> {
    let parsed = tables::parse_tables(tables)?;
    let products = products::embedded_rows()?;
    let analyzer = Analyzer::new(tables::LEXICON)
        .map_err(|error| ClassifyError::Lexicon(error.to_string()))?;
    let documents = corpus::documents(parsed);
    let analysed = corpus::analyse(&analyzer, &documents, &products);
    Ok(snapshot::encode(&analysed, snapshot::fingerprint(tables)))
}

type Lines = (corpus::Lines, Vec<Vec<quantity::Bound>>, Analyzer);

/// A share of the build: the tariff lines and HS texts, their thresholds, the analyser.
fn lines(tables: &Tables<'_>) -> Result<Lines, ClassifyError> {
    let (tariff, hs) = tables::parse_tariff_and_hs(tables)?;
    let lines = corpus::Lines::new(tariff, hs);
    let bounds = index::line_bounds(&lines);
    let analyzer = Analyzer::new(tables::LEXICON)
        .map_err(|error| ClassifyError::Lexicon(error.to_string()))?;
    Ok((lines, bounds, analyzer))
}

/// A share: the inspection names and declaration elements.
fn names(tables: &Tables<'_>) -> Result<corpus::Names, ClassifyError> {
    let (inspection, elements) = tables::parse_inspection_and_elements(tables)?;
    Ok(corpus::Names::new(inspection, elements))
}

type Snapshot = (
    Vec<products::ProductRow>,
    Result<index::Prepared, snapshot::Unused>,
);

/// A share: the product names and the snapshot.
fn products_and_snapshot(tables: &Tables<'_>) -> Result<Snapshot, ClassifyError> {
    let products = products::embedded_rows()?;
    let snapshot = snapshot::embedded(snapshot::fingerprint(tables)).map(index::Prepared::new);
    Ok((products, snapshot))
}

impl Classifier {
    /// Builds the classifier from the tables. For the embedded tables the analysis of their
    /// texts comes from the index snapshot (`data/index.bin`; see `BENCHMARKS.md` for the
    /// time); other tables, or a snapshot made by other analysis code, are analysed here.
    /// The work is split over three threads, joined before it returns.
    pub fn build(tables: &Tables<'_>) -> Result<Classifier, ClassifyError> {
        let (first, second, third) = std::thread::scope(|scope| {
            let second = scope.spawn(|| names(tables));
            let third = scope.spawn(|| products_and_snapshot(tables));
            let first = lines(tables);
            // A failed thread is no reason to fail: do its share here.
            let second = second.join().unwrap_or_else(|_| names(tables));
            let third = third
                .join()
                .unwrap_or_else(|_| products_and_snapshot(tables));
            (first, second, third)
        });
        let (lines, bounds, analyzer) = first?;
        let names = second?;
        let (products, snapshot) = third?;
        let documents = corpus::documents_of(lines, names);
        let (prepared, from_snapshot) = match snapshot {
            Ok(prepared) if prepared.fits(documents.leaves.len()) => (prepared, true),
            _ => {
                let analysed = corpus::analyse(&analyzer, &documents, &products);
                (index::Prepared::new(analysed), false)
            }
        };
        let index = Index::assemble(documents, prepared, bounds, products);
        Ok(Classifier {
            analyzer,
            index,
            from_snapshot,
        })
    }

    /// The texts' analysis came from the index snapshot rather than from the tables (false
    /// for other tables, or when the snapshot is stale: `cargo run -p classify --release
    /// --example snapshot` makes it again).
    pub fn from_snapshot(&self) -> bool {
        self.from_snapshot
    }

    /// Suggests at most `top` codes for `description`, best first.
    pub fn classify(&self, description: &str, top: usize) -> Result<Classification, ClassifyError> {
        let ranking = rank::rank(&self.analyzer, &self.index, description)?;
        Ok(ranking.classification(&self.analyzer, &self.index, top))
    }

    /// For H003: does `code` (10 or 8 digits; dots and spaces allowed) fit `description`?
    /// Returns the suggestions, where the declared subheading ranks among them, and how much
    /// more likely the best suggestion is.
    pub fn fit(&self, description: &str, code: &str, top: usize) -> Result<Fit, ClassifyError> {
        let declared: String = code
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
            .collect();
        if !(declared.len() == 8 || declared.len() == 10)
            || !declared.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(ClassifyError::InvalidCode {
                code: code.to_string(),
            });
        }
        let ranking = rank::rank(&self.analyzer, &self.index, description)?;
        Ok(ranking.fit(&self.analyzer, &self.index, declared, top))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifier_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Classifier>();
    }
}
