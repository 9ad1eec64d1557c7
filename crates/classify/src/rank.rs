//! Scoring a description against the index: query analysis (with synonyms), BM25F scores per
//! national code, the roll-up to one candidate per HS subheading ("other" lines winning ties),
//! the 0–1 confidence, and the answers for `classify` and `fit`.

use crate::analyze::{Analyzer, Token, is_bigram};
use crate::basis::build_basis;
use crate::foodstate;
use crate::footwear;
use crate::garment;
use crate::index::{Index, K1};
use crate::material;
use crate::medicament::{self, Presentation};
use crate::normalize::{MAX_DESCRIPTION_CHARS, normalize_text};
use crate::polymer;
use crate::quantity;
use crate::query::analyze_query;
use crate::steel;
use crate::terms;
use crate::textile;
use crate::{Classification, ClassifyError, Fit, QueryWord, Suggestion};
use model::Text;

/// The lift of an "other" line per level (8-digit, 10-digit), so that it wins a tie with the
/// named lines whose distinguishing words the description does not contain.
const OTHER_BONUS: f32 = 0.03;
/// A document that excludes a description's word ("other than cotton") loses this share of
/// the word's weight.
const EXCLUDED_PENALTY: f32 = 0.6;
/// The lift of the head word, the last known word of the description's first clause (the
/// kind of goods; the other words say what it is made of or used for).
const HEAD_BOOST: f32 = 1.5;
/// Up to this many known words of a description count in full; more share their weight.
const MODIFIERS_AT_FULL_WEIGHT: f32 = 4.0;
/// The share of its score a document keeps when it does not match the head word.
const HEAD_MISS_FACTOR: f32 = 0.9;
/// Whether a product name of the lexicon that matches the head word counts as the tariff
/// naming the kind of goods. It does not: a document whose head word only a product name
/// matches loses [`HEAD_MISS_FACTOR`] like one that misses it (the lexicon's match still
/// adds to its score); measured on the tuning sets, see `BENCHMARKS.md`.
const LEXICON_NAMES_HEAD: bool = false;
/// The share of its score a document keeps when only a product name matches its head word
/// (on top of the above).
const LEXICON_HEAD_FACTOR: f32 = 1.0;
/// A line whose thresholds the description's figures meet ("棉55%" against "棉<85%") gains,
/// one whose thresholds they miss loses.
const THRESHOLD_MET: f32 = 1.2;
const THRESHOLD_MISSED: f32 = 0.6;
/// The weight of a constituent that does not predominate, relative to other modifiers.
const MINOR_SHARE_FACTOR: f32 = 0.4;
/// The lift of a parts line when the description says the goods are a part.
const PARTS_BOOST: f32 = 1.3;
/// The lift of the headings a rule module (woven fabrics, copolymers, steel, footwear…) gives,
/// and what the lines it rules out keep.
const RULE_LIFT: f32 = 1.5;
const RULE_OTHER_FACTOR: f32 = 0.6;
/// The further lift of the subheading it gives when the description says enough.
const RULE_SUBHEADING_LIFT: f32 = 1.5;
/// What a line keeps when its chapter sorts by a material the description does not name.
const MATERIAL_MISMATCH_FACTOR: f32 = 0.7;
/// What a line keeps when it is of the other construction (knitted, woven) or gender.
const GARMENT_MISMATCH_FACTOR: f32 = 0.6;
/// The chapters of made-up textile goods whose subheadings sort by material (carpets,
/// special fabrics' articles, garments, household linen and other made-up articles).
const MADE_UP_CHAPTERS: &[&str] = &["57", "58", "61", "62", "63"];
/// What the confidence of a further subheading of the first suggestion's heading keeps
/// (measured on the tuning sets: 0.6 / 0.7 / 0.8 / 0.9 / 1.0 / 1.3 → 79.6 / 79.9 / 80.2 /
/// 79.9 / 79.6 / 79.3 % top-3 at 6 digits).
const SAME_HEADING_FACTOR: f32 = 0.8;
/// How many subheadings share the confidence.
const CANDIDATES: usize = 20;
/// The sharpness of the softmax over relative scores.
const SHARPNESS: f32 = 14.0;
/// Below this best score, or this coverage of the description's words, the answer is weak.
const LOW_SCORE: f32 = 0.2;
const LOW_COVERAGE: f32 = 0.3;
/// H003 fires only when the best suggestion has at least this score and is this many times
/// more likely than the declared subheading.
const MISMATCH_MIN_SCORE: f32 = 0.25;
const MISMATCH_MIN_RATIO: f32 = 4.0;

/// A term of the description.
#[derive(Debug, Clone)]
pub(crate) struct QueryTerm {
    pub key: String,
    pub surface: String,
    pub weight: f32,
    /// From the description itself (not a synonym's expansion).
    pub original: bool,
    pub id: Option<u32>,
    /// The concept group it belongs to (its keys count once, by the best match).
    pub group: usize,
}

/// A candidate subheading.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    group: u32,
    leaf: u32,
    raw: f32,
    /// The 0–1 confidence shown to people (filled once all candidates are known).
    score: f32,
}

/// The scored description, ready to answer `classify` or `fit`.
#[derive(Debug)]
pub(crate) struct Ranking {
    terms: Vec<QueryTerm>,
    truncated: bool,
    /// Best first; only subheadings with a positive score.
    candidates: Vec<Candidate>,
    /// The best raw score and leaf of every subheading group (0 when nothing matched).
    group_best: Vec<(f32, u32)>,
    /// The idf mass of the description's own terms (unknown terms count as rare).
    total_mass: f32,
    /// The idf mass of the description's terms (synonyms included) each document matches.
    matched_mass: Vec<f32>,
}

/// The description's terms, grouped by concept, and the weight of each group.
fn query_terms(
    analyzer: &Analyzer,
    index: &Index,
    normalized: &str,
    implied: &[&str],
) -> (Vec<QueryTerm>, Vec<f32>, Option<usize>) {
    let groups = analyze_query(analyzer, normalized, implied);
    let known = |token: &Token| {
        index
            .terms
            .get(&token.key)
            .is_some_and(|id| index.idf_known(*id))
    };
    // The head names the kind of goods: the last known word of the first clause that has
    // one (the other words say what the goods are made of or used for).
    // A constituent given with its share ("按重量计含棉85%") says what the goods are made
    // of, not what they are.
    let names_goods = |group: &crate::query::QueryGroup| {
        group.percent.is_none() && group.tokens.iter().any(known)
    };
    let head_clause = groups
        .iter()
        .filter(|group| names_goods(group))
        .filter_map(|group| group.clause)
        .min();
    // Participles and adverbs ("powered", "finely") describe; they are not the goods.
    let describes = |group: &crate::query::QueryGroup| {
        group.tokens.first().is_some_and(|first| {
            first.surface.is_ascii()
                && (first.surface.ends_with("ed") || first.surface.ends_with("ly"))
        })
    };
    let head = groups
        .iter()
        .rposition(|group| {
            group.clause.is_some()
                && group.clause == head_clause
                && names_goods(group)
                && !describes(group)
        })
        .or_else(|| {
            groups.iter().rposition(|group| {
                group.clause.is_some() && group.clause == head_clause && names_goods(group)
            })
        });
    // In a long description the modifiers together must not drown the head: beyond a few,
    // each counts less.
    let known_groups = groups
        .iter()
        .filter(|group| group.tokens.iter().any(known))
        .count()
        .max(1) as f32;
    let modifier_weight = (MODIFIERS_AT_FULL_WEIGHT / known_groups).sqrt().min(1.0);
    // Mixtures are classified by the constituent that predominates (textiles by fibre,
    // polymers by monomer, alloys by metal): of the constituents given with a share, the
    // largest counts as much as the head, the others little.
    let shares: Vec<(usize, f32)> = groups
        .iter()
        .enumerate()
        .filter(|(_, group)| group.tokens.iter().any(known))
        .filter_map(|(number, group)| group.percent.map(|percent| (number, percent)))
        .collect();
    let predominant = (shares.len() >= 2)
        .then(|| {
            let best = shares.iter().map(|(_, p)| *p).fold(0.0f32, f32::max);
            let leaders: Vec<usize> = shares
                .iter()
                .filter(|(_, p)| *p == best)
                .map(|(number, _)| *number)
                .collect();
            (leaders.len() == 1).then(|| leaders[0])
        })
        .flatten();
    let mut terms = Vec::new();
    let mut group_weights = Vec::with_capacity(groups.len());
    for (number, group) in groups.into_iter().enumerate() {
        group_weights.push(if Some(number) == head || Some(number) == predominant {
            HEAD_BOOST
        } else if predominant.is_some() && group.percent.is_some() {
            modifier_weight * MINOR_SHARE_FACTOR
        } else {
            modifier_weight
        });
        let mut keys: Vec<String> = Vec::new();
        for token in group.tokens {
            if keys.contains(&token.key) {
                continue;
            }
            keys.push(token.key.clone());
            let id = index.terms.get(&token.key).copied();
            terms.push(QueryTerm {
                key: token.key,
                surface: token.surface,
                weight: token.weight,
                original: group.original,
                id,
                group: number,
            });
        }
    }
    (terms, group_weights, head)
}

fn saturate(weighted_tf: f32) -> f32 {
    weighted_tf * (K1 + 1.0) / (weighted_tf + K1)
}

/// The description says the goods are a part or component of something.
fn describes_a_part(normalized: &str) -> bool {
    ["零件", "部件", "配件"]
        .iter()
        .any(|word| normalized.contains(word))
        || normalized
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| matches!(word, "part" | "parts" | "component" | "components"))
}

/// Which other lines lose when a rule places the goods.
#[derive(Debug, Clone, PartialEq)]
enum Losing {
    /// Every other line.
    All,
    /// The other lines under these prefixes (the rule's chapter).
    Within(Vec<&'static str>),
    /// The lines outside this prefix.
    Outside(&'static str),
}

/// Where a rule module places the goods: the lines it lifts and those that lose.
#[derive(Debug, Clone, PartialEq)]
struct Placement {
    /// Headings (or other prefixes) lifted.
    lifted: Vec<&'static str>,
    /// Within them, the subheading the rule gives, lifted again.
    subheading: Option<String>,
    losing: Losing,
}

impl Placement {
    fn new(lifted: Vec<&'static str>, subheading: Option<String>, losing: Losing) -> Placement {
        Placement {
            lifted,
            subheading,
            losing,
        }
    }

    /// The factor for the line `code`.
    fn factor(&self, code: &str) -> f32 {
        if self.lifted.iter().any(|prefix| code.starts_with(prefix)) {
            let specific = self
                .subheading
                .as_deref()
                .is_some_and(|subheading| code.starts_with(subheading));
            return if specific {
                RULE_LIFT * RULE_SUBHEADING_LIFT
            } else {
                RULE_LIFT
            };
        }
        let loses = match &self.losing {
            Losing::All => true,
            Losing::Within(prefixes) => prefixes.iter().any(|prefix| code.starts_with(prefix)),
            Losing::Outside(prefix) => !code.starts_with(prefix),
        };
        if loses { RULE_OTHER_FACTOR } else { 1.0 }
    }
}

/// The placements of every rule module that recognises the description.
fn rule_placements(
    normalized: &str,
    fabric: Option<&textile::Fabric>,
    textile_facts: &garment::TextileFacts,
) -> Vec<Placement> {
    let mut placements = Vec::new();
    if let Some(fabric) = fabric {
        placements.push(Placement::new(
            fabric.headings.clone(),
            fabric.subheading.clone(),
            Losing::All,
        ));
    }
    // Garments of furskin are articles of furskin (4303), not of chapters 61, 62.
    if let Some(heading) = textile_facts.fur_heading() {
        placements.push(Placement::new(
            vec![heading],
            None,
            Losing::Within(vec!["61", "62"]),
        ));
    }
    // Garments of coated fabric leave the other garment headings (notes to 61, 62).
    if let Some(heading) = textile_facts.coated_heading() {
        placements.push(Placement::new(
            vec![heading],
            None,
            Losing::Within(vec!["61", "62"]),
        ));
    }
    if let Some((heading, subheading)) = steel::placement(normalized) {
        placements.push(Placement::new(
            vec![heading],
            subheading.map(str::to_string),
            Losing::Within(vec!["72"]),
        ));
    }
    if let Some((heading, subheading)) = footwear::placement(normalized) {
        placements.push(Placement::new(
            vec![heading],
            subheading.map(str::to_string),
            Losing::Within(vec!["64"]),
        ));
    }
    // Dosed or retail 3004, neither 3003, an active substance in bulk not chapter 30.
    match medicament::presentation(normalized) {
        Some(Presentation::Dosed) => {
            placements.push(Placement::new(vec!["3004"], None, Losing::Outside("30")));
        }
        Some(Presentation::Bulk) => {
            placements.push(Placement::new(vec!["3003"], None, Losing::Outside("30")));
        }
        Some(Presentation::Contraceptive) => {
            placements.push(Placement::new(
                vec!["3006"],
                Some("300660".to_string()),
                Losing::Within(vec!["30"]),
            ));
        }
        Some(Presentation::Substance) => {
            placements.push(Placement::new(Vec::new(), None, Losing::Within(vec!["30"])));
        }
        None => {}
    }
    // Fish by its state (frozen, fillets, smoked…), raw frozen vegetables in 0710.
    if let Some(state) = foodstate::placement(normalized) {
        let losing = if state.exclusive {
            Losing::All
        } else {
            Losing::Within(state.unlike.clone())
        };
        placements.push(Placement::new(state.prefixes.clone(), None, losing));
    }
    if let Some(copolymer) = polymer::copolymer(normalized) {
        placements.push(Placement::new(
            vec![copolymer.heading],
            copolymer.subheading.map(str::to_string),
            Losing::All,
        ));
    }
    placements
}

/// What a line keeps for the description's material and textile make:
/// - an article of one material is not in the chapters of the others;
/// - knitted or woven, men's or women's: the lines of the other kind lose;
/// - made-up textile goods go by the material that predominates: the subheadings of another
///   material lose (lifting the one of theirs as well measured worse: it outranks the lines
///   that do not sort by material, such as other accessories).
fn line_factor(
    index: &Index,
    code: &str,
    materials: &[&str],
    textile_facts: &garment::TextileFacts,
    made_of: Option<textile::MadeOf>,
) -> f32 {
    let mut factor = 1.0;
    if material::contradicts(materials, code) {
        factor *= MATERIAL_MISMATCH_FACTOR;
    }
    if textile_facts.contradicts(code) {
        factor *= GARMENT_MISMATCH_FACTOR;
    }
    if let Some(made_of) = made_of
        && MADE_UP_CHAPTERS
            .iter()
            .any(|chapter| code.starts_with(chapter))
        && let Some(entry) = code
            .get(..6)
            .and_then(|subheading| index.hs.get(subheading))
        && textile::takes(&entry.description, made_of) == Some(false)
    {
        factor *= GARMENT_MISMATCH_FACTOR;
    }
    factor
}

/// How the goods are packed ("塑料袋装", "每袋250克" is not a plastic bag): the packing
/// phrases of a description, left out of its words (the rules still read the whole text).
const PACKING_PHRASES: &[&str] = &[
    "密封塑料袋",
    "真空包装",
    "塑料袋装",
    "塑料瓶装",
    "塑料盒装",
    "塑料桶装",
    "纸袋装",
    "纸盒装",
    "纸箱装",
    "玻璃瓶装",
    "编织袋装",
    "袋装",
    "瓶装",
    "盒装",
    "箱装",
    "桶装",
    "vacuum packed",
    "packed in plastic bags",
    "packed in cartons",
    "in plastic bags",
    "in cardboard boxes",
];

fn without_packing(normalized: &str) -> String {
    without_brands(&terms::without(normalized, PACKING_PHRASES))
}

/// The keys of declaration elements whose values say nothing of what the goods are
/// ("品牌:无品牌|型号:LFP-100|品牌类型:0").
const BRAND_KEYS: &[&str] = &[
    "品牌类型",
    "出口享惠情况",
    "享惠情况",
    "品牌",
    "型号",
    "货号",
    "brand",
    "model",
];

/// A brand in quotes ("“熊猫”牌", "\"Panda\"牌") and the values of brand and model elements
/// left out: a brand is not the goods, and its words ("熊猫", "金鱼") may name other goods.
fn without_brands(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('牌') {
        let before = &rest[..at];
        let quoted = before
            .char_indices()
            .next_back()
            .filter(|(_, c)| matches!(c, '”' | '"' | '」' | '』' | '’' | '\''))
            .and_then(|(close, _)| {
                before[..close]
                    .char_indices()
                    .rev()
                    .take(16)
                    .find(|(_, c)| matches!(c, '“' | '"' | '「' | '『' | '‘' | '\''))
                    .map(|(open, _)| open)
            });
        match quoted {
            Some(open) => {
                out.push_str(&before[..open]);
                out.push(' ');
            }
            None => {
                out.push_str(before);
                out.push('牌');
            }
        }
        rest = &rest[at + '牌'.len_utf8()..];
    }
    out.push_str(rest);
    // "品牌:无品牌|型号:X": the key and its value, to the next separator.
    // (Normalising has made full-width colons and separators ASCII.)
    for key in BRAND_KEYS {
        let element = format!("{key}:");
        while let Some(at) = out.find(&element) {
            let value_start = at + key.len();
            let end = out[value_start..]
                .char_indices()
                .skip(1)
                .find(|(_, c)| matches!(c, '|' | ',' | ';' | '\n'))
                .map_or(out.len(), |(offset, _)| value_start + offset);
            out.replace_range(at..end, " ");
        }
    }
    out
}

/// The order of the suggestions: confidence, then raw score, then code.
fn by_confidence(index: &Index, a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    b.score
        .total_cmp(&a.score)
        .then_with(|| b.raw.total_cmp(&a.raw))
        .then_with(|| index.groups[a.group as usize].cmp(&index.groups[b.group as usize]))
}

/// Scores `description` against the index.
pub(crate) fn rank(
    analyzer: &Analyzer,
    index: &Index,
    description: &str,
) -> Result<Ranking, ClassifyError> {
    let normalized = normalize_text(description);
    if normalized.trim().is_empty() {
        return Err(ClassifyError::EmptyDescription);
    }
    let truncated = description.chars().nth(MAX_DESCRIPTION_CHARS).is_some();
    // A woven fabric goes where the rules of Section XI put it, whatever its words match.
    let fabric =
        textile::woven_fabric(&normalized).or_else(|| textile::knitted_fabric(&normalized));
    let implied = fabric.as_ref().map_or(&[][..], |fabric| &fabric.words[..]);
    let words = without_packing(&normalized);
    let (terms, group_weights, head) = query_terms(analyzer, index, &words, implied);
    let max_idf = index.idf.iter().copied().fold(0.0f32, f32::max);
    let term_mass =
        |term: &QueryTerm| term.weight * term.id.map_or(max_idf, |id| index.idf[id as usize]);
    let mut total_mass = 0.0;
    for (group, weight) in group_weights.iter().enumerate() {
        let best = terms
            .iter()
            .filter(|term| term.group == group && term.original)
            .map(term_mass)
            .fold(0.0f32, f32::max);
        total_mass += best * weight;
    }

    let leaf_count = index.leaves.len();
    let mut scores = vec![0f32; leaf_count];
    let mut matched_mass = vec![0f32; leaf_count];
    let mut term_tf = vec![0f32; leaf_count];
    // The width (in leaves) of the narrowest node that names the current term, per leaf.
    let mut narrowest = vec![u32::MAX; leaf_count];
    let mut group_score = vec![0f32; leaf_count];
    let mut group_mass = vec![0f32; leaf_count];
    let mut head_matched = vec![false; if head.is_some() { leaf_count } else { 0 }];
    // The head matched by a tariff text, not only by a product name of the lexicon.
    let mut head_in_text = vec![false; if head.is_some() { leaf_count } else { 0 }];
    let mut term_touched: Vec<u32> = Vec::new();
    let mut group_touched: Vec<u32> = Vec::new();
    let mut start = 0;
    while start < terms.len() {
        let group = terms[start].group;
        let end = start
            + terms[start..]
                .iter()
                .take_while(|t| t.group == group)
                .count();
        let weight = group_weights.get(group).copied().unwrap_or(1.0);
        for (position, term) in terms[start..end].iter().enumerate() {
            let Some(id) = term.id else { continue };
            let idf = index.idf[id as usize];
            let postings = index.postings(id);
            let is_head = Some(group) == head;
            for posting in postings.iter().filter(|posting| !posting.excluded) {
                let node = index.nodes[posting.node as usize];
                let text = is_head && !index.lexicon_nodes[posting.node as usize];
                let width = node.end - node.start;
                for leaf in node.start..node.end {
                    let tf = &mut term_tf[leaf as usize];
                    if *tf == 0.0 {
                        term_touched.push(leaf);
                    }
                    *tf += posting.weighted_tf;
                    let narrow = &mut narrowest[leaf as usize];
                    *narrow = (*narrow).min(width);
                    if text {
                        head_in_text[leaf as usize] = true;
                    }
                }
            }
            // A document that rules out the group's word ("other than gas") loses, unless
            // a text as narrow as it names the word (a heading that names gas does not undo
            // its subheading's "fuels other than gas").
            if position == 0 {
                for posting in postings.iter().filter(|posting| posting.excluded) {
                    let node = index.nodes[posting.node as usize];
                    let width = node.end - node.start;
                    for leaf in node.start..node.end {
                        if narrowest[leaf as usize] > width {
                            scores[leaf as usize] -= weight * term.weight * idf * EXCLUDED_PENALTY;
                        }
                    }
                }
            }
            for &leaf in &term_touched {
                let leaf = leaf as usize;
                narrowest[leaf] = u32::MAX;
                let score = term.weight * idf * saturate(term_tf[leaf]);
                if group_score[leaf] == 0.0 {
                    group_touched.push(leaf as u32);
                }
                group_score[leaf] = group_score[leaf].max(score);
                group_mass[leaf] = group_mass[leaf].max(term.weight * idf);
                term_tf[leaf] = 0.0;
            }
            term_touched.clear();
        }
        for &leaf in &group_touched {
            let leaf = leaf as usize;
            if Some(group) == head {
                head_matched[leaf] = true;
            }
            scores[leaf] += weight * group_score[leaf];
            matched_mass[leaf] += weight * group_mass[leaf];
            group_score[leaf] = 0.0;
            group_mass[leaf] = 0.0;
        }
        group_touched.clear();
        start = end;
    }

    // The kind of goods must match: a document that misses the head word keeps only part
    // of its score.
    let parts_wanted = describes_a_part(&normalized);
    if head.is_some() {
        for (((score, &any), &in_text), leaf) in scores
            .iter_mut()
            .zip(&head_matched)
            .zip(&head_in_text)
            .zip(&index.leaves)
        {
            let exempt = leaf.residual || (parts_wanted && leaf.parts);
            let matched = if LEXICON_NAMES_HEAD { any } else { in_text };
            if !matched && *score > 0.0 && !exempt {
                *score *= HEAD_MISS_FACTOR;
            }
            if any && !in_text {
                *score *= LEXICON_HEAD_FACTOR;
            }
        }
    }

    // A part goes to the parts line of what it belongs to.
    if parts_wanted {
        for (score, leaf) in scores.iter_mut().zip(&index.leaves) {
            if leaf.parts && *score > 0.0 {
                *score *= PARTS_BOOST;
            }
        }
    }

    // Figures of the description against the thresholds of the lines.
    let figures = quantity::figures(&normalized);
    if !figures.is_empty() {
        for (score, leaf) in scores.iter_mut().zip(&index.leaves) {
            if *score <= 0.0 {
                continue;
            }
            let bounds = &index.bounds[leaf.tariff as usize];
            match quantity::meets(bounds, &figures) {
                Some(true) => *score *= THRESHOLD_MET,
                Some(false) => *score *= THRESHOLD_MISSED,
                None => {}
            }
        }
    }

    // What the description says of its material, its textile make and where the tariff's
    // notes place it: one factor per line, from every rule that applies.
    let materials = material::named_chapters(&normalized);
    let textile_facts = garment::facts(&normalized);
    let made_of = fabric
        .is_none()
        .then(|| textile::made_of(&normalized))
        .flatten();
    let placements = rule_placements(&normalized, fabric.as_ref(), &textile_facts);
    if !materials.is_empty() || textile_facts.any() || made_of.is_some() || !placements.is_empty() {
        for (score, leaf) in scores.iter_mut().zip(&index.leaves) {
            if *score > 0.0 {
                *score *= line_factor(index, &leaf.code, &materials, &textile_facts, made_of)
                    * placements
                        .iter()
                        .map(|placement| placement.factor(&leaf.code))
                        .product::<f32>();
            }
        }
    }

    let mut group_best = vec![(0f32, u32::MAX); index.groups.len()];
    for (leaf, &score) in scores.iter().enumerate() {
        if score <= 0.0 {
            continue;
        }
        let details = &index.leaves[leaf];
        let adjusted = score * (1.0 + OTHER_BONUS * f32::from(details.other_levels));
        let best = &mut group_best[details.group as usize];
        if adjusted > best.0 {
            *best = (adjusted, leaf as u32);
        }
    }
    let mut candidates: Vec<Candidate> = group_best
        .iter()
        .enumerate()
        .filter(|(_, (score, _))| *score > 0.0)
        .map(|(group, &(raw, leaf))| Candidate {
            group: group as u32,
            leaf,
            raw,
            score: 0.0,
        })
        .collect();
    candidates.sort_by(|a, b| {
        b.raw
            .total_cmp(&a.raw)
            .then_with(|| index.groups[a.group as usize].cmp(&index.groups[b.group as usize]))
    });
    candidates.truncate(CANDIDATES);
    let mut ranking = Ranking {
        terms,
        truncated,
        candidates,
        group_best,
        total_mass,
        matched_mass,
    };
    // The confidence also weighs how much of the description a candidate explains; the
    // suggestions are ordered by it.
    let shares = ranking.shares(&[]);
    for (position, share) in shares.into_iter().enumerate() {
        let leaf = ranking.candidates[position].leaf;
        let coverage = ranking.coverage(leaf);
        ranking.candidates[position].score = share * (0.35 + 0.65 * coverage);
    }
    ranking
        .candidates
        .sort_by(|a, b| by_confidence(index, a, b));
    // Another subheading of the first one's heading says less than the best of another
    // heading: when the heading is in doubt, the list should show the alternatives.
    if let Some(first) = ranking.candidates.first().copied() {
        let heading = |candidate: &Candidate| index.groups[candidate.group as usize].get(..4);
        for candidate in ranking.candidates.iter_mut().skip(1) {
            if heading(candidate) == heading(&first) {
                candidate.score *= SAME_HEADING_FACTOR;
            }
        }
        ranking.candidates[1..].sort_by(|a, b| by_confidence(index, a, b));
    }
    Ok(ranking)
}

impl Ranking {
    /// The share of the description's idf mass that matches `leaf`.
    fn coverage(&self, leaf: u32) -> f32 {
        if self.total_mass <= 0.0 {
            return 0.0;
        }
        let matched = self.matched_mass.get(leaf as usize).copied().unwrap_or(0.0);
        (matched / self.total_mass).min(1.0)
    }

    /// Softmax weights of relative raw scores, with `extra` raw scores appended.
    fn shares(&self, extra: &[f32]) -> Vec<f32> {
        let best = self.candidates.iter().map(|c| c.raw).fold(0.0f32, f32::max);
        if best <= 0.0 {
            return vec![0.0; extra.len()];
        }
        let exponent = |raw: f32| (SHARPNESS * (raw / best - 1.0)).exp();
        let all: Vec<f32> = self
            .candidates
            .iter()
            .map(|c| exponent(c.raw))
            .chain(
                extra
                    .iter()
                    .map(|&raw| if raw > 0.0 { exponent(raw) } else { 0.0 }),
            )
            .collect();
        let sum: f32 = all.iter().sum();
        all.into_iter()
            .map(|value| value / sum.max(f32::MIN_POSITIVE))
            .collect()
    }

    fn words(&self, index: &Index) -> Vec<QueryWord> {
        let mut words: Vec<QueryWord> = Vec::new();
        let mut group = usize::MAX;
        for term in self.terms.iter().filter(|term| term.original) {
            let known = term.id.is_some_and(|id| index.idf_known(id));
            if term.group != group {
                group = term.group;
                if is_bigram(&term.key) {
                    continue;
                }
                words.push(QueryWord {
                    word: term.surface.clone(),
                    matched: known,
                });
            } else if known && let Some(last) = words.last_mut() {
                last.matched = true;
            }
        }
        words
    }

    fn scores(&self) -> Vec<f32> {
        self.candidates
            .iter()
            .map(|candidate| candidate.score)
            .collect()
    }

    pub(crate) fn classification(
        &self,
        analyzer: &Analyzer,
        index: &Index,
        top: usize,
    ) -> Classification {
        let scores = self.scores();
        let suggestions: Vec<Suggestion> = self
            .candidates
            .iter()
            .zip(&scores)
            .take(top)
            .map(|(candidate, &score)| {
                let leaf = &index.leaves[candidate.leaf as usize];
                let line = &index.tariff[leaf.tariff as usize];
                Suggestion {
                    code: leaf.code.clone(),
                    subheading: index.groups[candidate.group as usize].clone(),
                    name_zh: national_name(&leaf.national_names)
                        .unwrap_or(&line.name_zh)
                        .to_string(),
                    name_en: line.name_en.clone(),
                    score,
                    basis: build_basis(analyzer, index, candidate.leaf, &self.terms),
                }
            })
            .collect();
        let words = self.words(index);
        let mut notes = Vec::new();
        if self.truncated {
            notes.push(Text::new(
                format!("描述超过 {MAX_DESCRIPTION_CHARS} 字，只读取了前 {MAX_DESCRIPTION_CHARS} 字"),
                format!(
                    "the description is longer than {MAX_DESCRIPTION_CHARS} characters; only the first {MAX_DESCRIPTION_CHARS} were read"
                ),
            ));
        }
        let known_words = words.iter().filter(|word| word.matched).count();
        let coverage = self
            .candidates
            .first()
            .map_or(0.0, |best| self.coverage(best.leaf));
        let best_score = scores.first().copied().unwrap_or(0.0);
        let low_confidence = suggestions.is_empty()
            || known_words == 0
            || best_score < LOW_SCORE
            || coverage < LOW_COVERAGE;
        if known_words == 0 {
            notes.push(Text::new(
                "描述中没有能说明商品是什么的词语（只有品牌、型号、数字或符号？）：请写明品名、材质、用途",
                "the description has no word that says what the goods are (only a brand, a model number, figures or symbols?): name the goods, their material and use",
            ));
        } else if low_confidence {
            notes.push(Text::new(
                "把握不大：描述中与税则相符的词语太少，请补充品名、材质、用途等",
                "low confidence: few of the description's words match the tariff; add the goods' name, material, use",
            ));
        }
        Classification {
            suggestions,
            low_confidence,
            notes,
            words,
        }
    }

    pub(crate) fn fit(
        &self,
        analyzer: &Analyzer,
        index: &Index,
        declared_code: String,
        top: usize,
    ) -> Fit {
        let classification = self.classification(analyzer, index, top);
        let declared_known = index
            .tariff
            .binary_search_by(|line| line.code8.as_str().cmp(&declared_code[..8]))
            .is_ok();
        let declared_rank = classification
            .suggestions
            .iter()
            .position(|suggestion| suggestion.subheading == declared_code[..6])
            .map(|position| position + 1);
        let declared_group = index
            .groups
            .iter()
            .position(|group| *group == declared_code[..6]);
        let declared_raw = declared_group.map_or(0.0, |group| self.group_best[group].0);
        let declared_in_candidates = declared_group.and_then(|group| {
            self.candidates
                .iter()
                .position(|c| c.group as usize == group)
        });
        let scores = self.scores();
        let declared_score = match declared_in_candidates {
            Some(position) => scores[position],
            None => {
                let shares = self.shares(&[declared_raw]);
                let coverage = declared_group
                    .map(|group| self.group_best[group].1)
                    .filter(|leaf| *leaf != u32::MAX)
                    .map_or(0.0, |leaf| self.coverage(leaf));
                shares.last().copied().unwrap_or(0.0) * (0.35 + 0.65 * coverage)
            }
        };
        let best_score = scores.first().copied().unwrap_or(0.0);
        let likelihood_ratio = if best_score <= 0.0 {
            1.0
        } else {
            (best_score / declared_score.max(0.001)).min(1000.0)
        };
        let mismatch = declared_known
            && declared_rank.is_none()
            && !classification.low_confidence
            && best_score >= MISMATCH_MIN_SCORE
            && likelihood_ratio >= MISMATCH_MIN_RATIO;
        Fit {
            classification,
            declared_code,
            declared_known,
            declared_rank,
            declared_score,
            likelihood_ratio,
            mismatch,
        }
    }
}

/// The name of a national code: its inspection name, without the trailing remark that tells
/// its 13-digit variants apart when it has several.
pub(crate) fn national_name(names: &[String]) -> Option<&str> {
    let first = names.first()?;
    if names.len() > 1
        && let Some(position) = first.rfind(['(', '（'])
        && position > 0
    {
        return Some(&first[..position]);
    }
    Some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_is_not_the_goods() {
        assert_eq!(
            without_packing("冷冻的竹笋,塑料袋装,每袋250克").replace(' ', ""),
            "冷冻的竹笋,,每袋250克"
        );
        assert_eq!(without_packing("聚乙烯塑料袋"), "聚乙烯塑料袋");
        // Brands in quotes and brand or model elements are not the goods.
        assert_eq!(without_packing("“熊猫”牌彩色电视机"), " 彩色电视机");
        assert_eq!(without_packing("扑克牌"), "扑克牌");
        assert_eq!(
            without_packing("锂离子蓄电池|品牌:无品牌|型号:lfp-100|用途:储能"),
            "锂离子蓄电池| | |用途:储能"
        );
        assert_eq!(
            without_packing("frozen fish fillets, vacuum packed"),
            "frozen fish fillets,  "
        );
    }
}
