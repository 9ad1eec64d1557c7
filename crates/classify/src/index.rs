//! The in-memory index. The documents are the national (10-digit) codes, in code order; each
//! is made of the texts on its path through the tariff: its inspection names, its 8-digit
//! tariff line in Chinese and English, its HS subheading, heading and chapter, and the names of
//! its declaration elements. Every text is a *node* that covers a contiguous range of
//! documents (a heading covers all codes under it), so each text is analysed and stored once;
//! a query adds the nodes' field-weighted, length-normalised term frequencies per document and
//! saturates them as BM25F does.

use crate::analyze::{Analyzer, StemCache};
use crate::normalize::{is_other_name, normalize_into, normalize_text};
use crate::quantity::{Bound, bounds};
use crate::tables::{HsEntry, ParsedTables, TariffLine};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// The fields of a document, most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    /// The 10-digit code's inspection names (Chinese, product-level).
    National = 0,
    /// The 8-digit tariff line, Chinese and English.
    Tariff = 1,
    /// The HS subheading (English).
    Subheading = 2,
    /// The HS heading (English).
    Heading = 3,
    /// The HS chapter (English).
    Chapter = 4,
    /// The names of the code's declaration elements (Chinese).
    Elements = 5,
    /// The headings a line refers to by number ("Parts of machinery of heading 8426"): the
    /// words of the goods it belongs to.
    Reference = 6,
}

const FIELD_COUNT: usize = 7;
/// How much a match in each field counts.
const FIELD_WEIGHTS: [f32; FIELD_COUNT] = [1.0, 1.0, 0.8, 0.6, 0.15, 0.2, REFERENCE_WEIGHT];
/// BM25 length normalisation per field.
const FIELD_B: [f32; FIELD_COUNT] = [0.5, 0.5, 0.4, 0.3, 0.0, 0.3, 0.3];
/// How much a match in a referenced heading's text counts.
const REFERENCE_WEIGHT: f32 = 0.5;
/// BM25 term-frequency saturation.
pub(crate) const K1: f32 = 1.2;
/// Elements named under more code prefixes than this (brand, model, GTIN…) say nothing
/// about the goods and are not indexed.
const GENERIC_ELEMENT_PREFIXES: usize = 300;

/// A text of the tariff, covering the documents `start..end`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Node {
    pub start: u32,
    pub end: u32,
}

/// A term of one node: its field-weighted, length-normalised frequency, or (excluded) the
/// node rules the term out ("other than cotton") without naming it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Posting {
    pub node: u32,
    pub weighted_tf: f32,
    pub excluded: bool,
}

/// One document: a national code that a suggestion can name.
#[derive(Debug, Clone)]
pub(crate) struct Leaf {
    /// The 10-digit code.
    pub code: String,
    /// Index of the 8-digit tariff line.
    pub tariff: u32,
    /// Index of the subheading group.
    pub group: u32,
    /// The inspection names of the 10-digit code (empty when the tables have none).
    pub national_names: Vec<String>,
    /// How many of its levels are "other" lines (the 8-digit line, the 10-digit split).
    pub other_levels: u8,
    /// A residual line for articles of a material ("Iron or steel; articles n.e.c.",
    /// "Titanium; articles thereof": other): the HS sends there the articles of that
    /// material that no heading names, so it need not name the kind of goods.
    pub residual: bool,
    /// A line for parts ("Parts of machinery of heading 8426", "零件"): a part need not be
    /// named by its own word when the description says it is a part.
    pub parts: bool,
}

/// The index and the reference texts needed to explain its answers.
#[derive(Debug)]
pub(crate) struct Index {
    pub terms: FxHashMap<String, u32>,
    pub postings: Vec<Vec<Posting>>,
    pub nodes: Vec<Node>,
    pub idf: Vec<f32>,
    /// Some document names the term (rather than only excluding it).
    pub named: Vec<bool>,
    pub leaves: Vec<Leaf>,
    pub tariff: Vec<TariffLine>,
    pub hs: FxHashMap<String, HsEntry>,
    /// The HS-6 code of each subheading group.
    pub groups: Vec<String>,
    /// Indexed declaration elements per code prefix.
    pub elements: FxHashMap<String, Vec<String>>,
    /// The thresholds of each tariff line (its names and its HS subheading's text).
    pub bounds: Vec<Vec<Bound>>,
}

/// The analysed terms of a node: `(term, weight, excluded)`.
type Bag = Vec<(u32, f32, bool)>;

/// A text node to analyse: its field, its documents, its texts.
struct NodeSpec<'t> {
    field: Field,
    start: usize,
    end: usize,
    texts: Vec<&'t str>,
}

/// The analysis of a share of the nodes, with term ids local to it.
#[derive(Default)]
struct Shard {
    terms: Vec<String>,
    bags: Vec<Bag>,
}

fn analyze_shard(analyzer: &Analyzer, specs: &[NodeSpec<'_>]) -> Shard {
    let mut ids: FxHashMap<String, u32> = FxHashMap::default();
    // Bigrams are half the keys: look them up by their two characters, not as strings.
    let mut bigram_ids: FxHashMap<u64, u32> = FxHashMap::default();
    let mut shard = Shard::default();
    let mut stems = StemCache::default();
    // Declaration element names recur under many prefixes: analyse each once.
    let mut recurring: FxHashMap<&str, (usize, usize, usize)> = FxHashMap::default();
    let mut normalized = String::new();
    for spec in specs {
        let mut bag: Bag = Vec::with_capacity(32);
        for &text in &spec.texts {
            if spec.field == Field::Elements
                && let Some(&(node, range_start, range_end)) = recurring.get(text)
            {
                // Copy the earlier analysis of the same name.
                if node == shard.bags.len() {
                    bag.extend_from_within(range_start..range_end);
                } else if let Some(earlier) = shard.bags[node].get(range_start..range_end) {
                    bag.extend_from_slice(earlier);
                }
                continue;
            }
            let first = bag.len();
            let terms = &mut shard.terms;
            normalize_into(text, &mut normalized);
            analyzer.analyze_tariff_text(
                &normalized,
                &mut stems,
                &mut |key, _, weight, excluded| {
                    let id = match packed_bigram(key) {
                        Some(packed) => *bigram_ids.entry(packed).or_insert_with(|| {
                            terms.push(key.to_string());
                            (terms.len() - 1) as u32
                        }),
                        None => match ids.get(key) {
                            Some(id) => *id,
                            None => {
                                let id = terms.len() as u32;
                                ids.insert(key.to_string(), id);
                                terms.push(key.to_string());
                                id
                            }
                        },
                    };
                    bag.push((id, weight, excluded));
                },
            );
            if spec.field == Field::Elements {
                recurring.insert(text, (shard.bags.len(), first, bag.len()));
            }
        }
        shard.bags.push(bag);
    }
    shard
}

/// A bigram key (`\u{1}` and two characters) packed into a number.
fn packed_bigram(key: &str) -> Option<u64> {
    let mut chars = key.chars();
    if chars.next() != Some('\u{1}') {
        return None;
    }
    let first = chars.next()?;
    let second = chars.next()?;
    chars
        .next()
        .is_none()
        .then_some(((first as u64) << 32) | second as u64)
}

/// Analyses the nodes on two threads (the texts are independent) and merges the term ids.
fn analyze_nodes(
    analyzer: &Analyzer,
    specs: &[NodeSpec<'_>],
) -> (FxHashMap<String, u32>, Vec<Bag>) {
    let total: usize = specs
        .iter()
        .flat_map(|spec| &spec.texts)
        .map(|text| text.len())
        .sum();
    let mut running = 0;
    let split = specs
        .iter()
        .position(|spec| {
            running += spec.texts.iter().map(|text| text.len()).sum::<usize>();
            running * 2 >= total
        })
        .map_or(specs.len(), |position| position + 1);
    let (first_specs, second_specs) = specs.split_at(split);
    let (first, second) = std::thread::scope(|scope| {
        let handle = scope.spawn(|| analyze_shard(analyzer, second_specs));
        let first = analyze_shard(analyzer, first_specs);
        // A failed thread is no reason to fail: analyse its share here.
        let second = handle
            .join()
            .unwrap_or_else(|_| analyze_shard(analyzer, second_specs));
        (first, second)
    });
    let mut terms: FxHashMap<String, u32> = FxHashMap::default();
    let mut bags = Vec::with_capacity(specs.len());
    for shard in [first, second] {
        let global: Vec<u32> = shard
            .terms
            .into_iter()
            .map(|term| {
                let next = terms.len() as u32;
                *terms.entry(term).or_insert(next)
            })
            .collect();
        for mut bag in shard.bags {
            for entry in &mut bag {
                entry.0 = global[entry.0 as usize];
            }
            bags.push(bag);
        }
    }
    (terms, bags)
}

fn is_national_other(code10: &str, names: &[String]) -> bool {
    code10.ends_with("90")
        || code10.ends_with("99")
        || names
            .iter()
            .any(|name| name.starts_with("其他") || name.contains("除外"))
}

/// A line for articles of a material that no heading names: its HS subheading says "n.e.c."
/// under a heading of articles, or it is an "other" line of such a heading.
fn is_residual_articles(hs: &FxHashMap<String, HsEntry>, code8: &str, other: bool) -> bool {
    let text = |length: usize| {
        code8
            .get(..length)
            .and_then(|prefix| hs.get(prefix))
            .map_or("", |entry| entry.description.as_str())
    };
    let heading = text(4);
    let subheading = text(6);
    let articles = heading.contains("articles n.e.c.")
        || heading.contains("articles thereof")
        || heading.contains("articles n.e.c")
        || heading.contains("made up articles");
    articles && (subheading.contains("n.e.c") || other)
}

/// The four-digit headings a text names by number ("heading 8426", "84.26", "品目8426").
fn referenced_headings(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    if !(text.contains("heading") || text.contains("品目") || text.contains("税目")) {
        return found;
    }
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if !bytes[index].is_ascii_digit() || (index > 0 && bytes[index - 1].is_ascii_digit()) {
            index += 1;
            continue;
        }
        let start = index;
        let mut digits = String::new();
        while index < bytes.len() && (bytes[index].is_ascii_digit() || bytes[index] == b'.') {
            if bytes[index].is_ascii_digit() {
                digits.push(bytes[index] as char);
            }
            index += 1;
        }
        let dotted = &text[start..index];
        let heading_like = digits.len() == 4
            && (dotted.len() == 4 || (dotted.len() == 5 && dotted.as_bytes()[2] == b'.'));
        if heading_like && !found.contains(&digits) {
            found.push(digits);
        }
    }
    found
}

/// A text of a line for parts.
fn is_parts_line(text: &str) -> bool {
    text.contains("零件")
        || text.contains("部件")
        || text.starts_with("parts")
        || text.contains(" parts")
        || text.contains(";parts")
}

/// The range of `leaves` whose code starts with `prefix` (they are in code order).
fn prefix_range(leaves: &[Leaf], prefix: &str) -> (usize, usize) {
    let start = leaves.partition_point(|leaf| leaf.code.as_str() < prefix);
    let end = start + leaves[start..].partition_point(|leaf| leaf.code.starts_with(prefix));
    (start, end)
}

impl Index {
    pub(crate) fn build(mut tables: ParsedTables, analyzer: &Analyzer) -> Index {
        tables.tariff.sort_by(|a, b| a.code8.cmp(&b.code8));
        tables.tariff.dedup_by(|a, b| a.code8 == b.code8);
        let hs: FxHashMap<String, HsEntry> = tables
            .hs
            .into_iter()
            .map(|entry| (entry.code.clone(), entry))
            .collect();

        let mut national: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for row in tables.inspection {
            let names = national.entry(row.code10).or_default();
            if !names.contains(&row.name) {
                names.push(row.name);
            }
        }

        // Documents: every 10-digit code under a tariff line, or the line itself ("00").
        let mut leaves: Vec<Leaf> = Vec::new();
        let mut groups: Vec<String> = Vec::new();
        for (tariff_index, line) in tables.tariff.iter().enumerate() {
            let hs6 = &line.code8[..6];
            if groups.last().is_none_or(|last| last != hs6) {
                groups.push(hs6.to_string());
            }
            let group = (groups.len() - 1) as u32;
            let tariff_other = is_other_name(&line.name_zh, &line.name_en);
            let mut codes: Vec<(String, Vec<String>)> = national
                .range(line.code8.clone()..)
                .take_while(|(code, _)| code.starts_with(&line.code8))
                .map(|(code, names)| (code.clone(), names.clone()))
                .collect();
            if codes.is_empty() {
                codes.push((format!("{}00", line.code8), Vec::new()));
            }
            let split = codes.len() > 1;
            let residual = is_residual_articles(&hs, &line.code8, tariff_other);
            let subheading_text = hs
                .get(&line.code8[..6])
                .map_or("", |entry| entry.description.as_str());
            let parts = is_parts_line(&line.name_zh)
                || is_parts_line(&line.name_en.to_lowercase())
                || is_parts_line(&subheading_text.to_lowercase());
            for (code, names) in codes {
                let other_levels =
                    u8::from(tariff_other) + u8::from(split && is_national_other(&code, &names));
                leaves.push(Leaf {
                    code,
                    tariff: tariff_index as u32,
                    group,
                    national_names: names,
                    other_levels,
                    residual,
                    parts,
                });
            }
        }

        let mut specs: Vec<NodeSpec<'_>> = Vec::new();
        // National codes and tariff lines.
        let mut line_start = 0;
        for (index, leaf) in leaves.iter().enumerate() {
            specs.push(NodeSpec {
                field: Field::National,
                start: index,
                end: index + 1,
                texts: leaf.national_names.iter().map(String::as_str).collect(),
            });
            let last_of_line = leaves
                .get(index + 1)
                .is_none_or(|next| next.tariff != leaf.tariff);
            if last_of_line {
                let line = &tables.tariff[leaf.tariff as usize];
                specs.push(NodeSpec {
                    field: Field::Tariff,
                    start: line_start,
                    end: index + 1,
                    texts: vec![&line.name_zh, &line.name_en],
                });
                line_start = index + 1;
            }
        }
        // HS subheadings, headings and chapters.
        for (field, length) in [
            (Field::Subheading, 6),
            (Field::Heading, 4),
            (Field::Chapter, 2),
        ] {
            let mut start = 0;
            while start < leaves.len() {
                let prefix = &leaves[start].code[..length];
                let (_, end) = prefix_range(&leaves, prefix);
                if let Some(entry) = hs.get(prefix) {
                    specs.push(NodeSpec {
                        field,
                        start,
                        end,
                        texts: vec![&entry.description],
                    });
                }
                start = end.max(start + 1);
            }
        }
        // Headings referred to by number in the tariff lines and the HS subheadings.
        let mut line_start = 0;
        for (index, leaf) in leaves.iter().enumerate() {
            let last_of_line = leaves
                .get(index + 1)
                .is_none_or(|next| next.tariff != leaf.tariff);
            if !last_of_line {
                continue;
            }
            let line = &tables.tariff[leaf.tariff as usize];
            let subheading = hs
                .get(&line.code8[..6])
                .map_or("", |entry| entry.description.as_str());
            let mut referenced: Vec<&str> = Vec::new();
            for text in [line.name_zh.as_str(), line.name_en.as_str(), subheading] {
                for code in referenced_headings(text) {
                    if code != line.code8[..4]
                        && let Some(entry) = hs.get(&code)
                        && !referenced.contains(&entry.description.as_str())
                    {
                        referenced.push(&entry.description);
                    }
                }
            }
            if !referenced.is_empty() {
                specs.push(NodeSpec {
                    field: Field::Reference,
                    start: line_start,
                    end: index + 1,
                    texts: referenced,
                });
            }
            line_start = index + 1;
        }
        // Declaration elements, the generic ones left out.
        let mut element_prefix_counts: FxHashMap<&str, usize> = FxHashMap::default();
        for row in &tables.elements {
            *element_prefix_counts
                .entry(row.element.as_str())
                .or_default() += 1;
        }
        let mut elements: FxHashMap<String, Vec<String>> = FxHashMap::default();
        for row in &tables.elements {
            if element_prefix_counts
                .get(row.element.as_str())
                .is_some_and(|count| *count <= GENERIC_ELEMENT_PREFIXES)
            {
                elements
                    .entry(row.prefix.clone())
                    .or_default()
                    .push(row.element.clone());
            }
        }
        let mut prefixes: Vec<&String> = elements.keys().collect();
        prefixes.sort();
        for prefix in prefixes {
            let (start, end) = prefix_range(&leaves, prefix);
            specs.push(NodeSpec {
                field: Field::Elements,
                start,
                end,
                texts: elements[prefix].iter().map(String::as_str).collect(),
            });
        }
        let (terms, bags) = analyze_nodes(analyzer, &specs);
        let analysed: Vec<(Node, Field, f32, Bag)> = specs
            .iter()
            .zip(bags)
            .filter(|(spec, bag)| !bag.is_empty() && spec.start < spec.end)
            .map(|(spec, bag)| {
                let length = bag
                    .iter()
                    .filter(|(_, _, excluded)| !excluded)
                    .map(|(_, weight, _)| weight)
                    .sum();
                let node = Node {
                    start: spec.start as u32,
                    end: spec.end as u32,
                };
                (node, spec.field, length, bag)
            })
            .collect();
        drop(specs);

        // Length-normalise per field and collect the postings.
        let mut total = [0f32; FIELD_COUNT];
        let mut count = [0f32; FIELD_COUNT];
        for (_, field, length, _) in &analysed {
            total[*field as usize] += length;
            count[*field as usize] += 1.0;
        }
        let mut postings: Vec<Vec<Posting>> = vec![Vec::new(); terms.len()];
        let mut nodes = Vec::with_capacity(analysed.len());
        let mut per_term: FxHashMap<u32, (f32, bool)> = FxHashMap::default();
        for (node_index, (node, field, length, bag)) in analysed.iter().enumerate() {
            let field = *field as usize;
            let average = (total[field] / count[field].max(1.0)).max(1.0);
            let norm = 1.0 - FIELD_B[field] + FIELD_B[field] * length / average;
            per_term.clear();
            for &(term, weight, excluded) in bag {
                let entry = per_term.entry(term).or_insert((0.0, false));
                if excluded {
                    entry.1 = true;
                } else {
                    entry.0 += FIELD_WEIGHTS[field] * weight / norm;
                }
            }
            for (&term, &(weighted_tf, excluded)) in &per_term {
                postings[term as usize].push(Posting {
                    node: node_index as u32,
                    weighted_tf,
                    excluded: excluded && weighted_tf == 0.0,
                });
            }
            nodes.push(*node);
        }
        // The postings are in node order: nodes were visited in order.

        // Document frequency: the documents covered by the nodes that name the term.
        let documents = leaves.len().max(1) as f32;
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        let mut idf = Vec::with_capacity(postings.len());
        let mut named = Vec::with_capacity(postings.len());
        for list in &postings {
            ranges.clear();
            ranges.extend(
                list.iter()
                    .filter(|posting| !posting.excluded)
                    .map(|posting| {
                        (
                            nodes[posting.node as usize].start,
                            nodes[posting.node as usize].end,
                        )
                    }),
            );
            if ranges.len() > 1 {
                ranges.sort_unstable();
            }
            let mut df = 0u32;
            let mut covered_to = 0u32;
            for &(start, end) in &ranges {
                let start = start.max(covered_to);
                if end > start {
                    df += end - start;
                    covered_to = end;
                }
            }
            named.push(df > 0);
            let df = df as f32;
            idf.push((1.0 + (documents - df + 0.5) / (df + 0.5)).ln());
        }

        let bounds = tables
            .tariff
            .iter()
            .map(|line| {
                let subheading = line
                    .code8
                    .get(..6)
                    .and_then(|code| hs.get(code))
                    .map_or("", |entry| entry.description.as_str());
                let mut found = bounds(&normalize_text(&line.name_zh));
                for text in [line.name_en.as_str(), subheading] {
                    for bound in bounds(&normalize_text(text)) {
                        if !found.contains(&bound) {
                            found.push(bound);
                        }
                    }
                }
                found
            })
            .collect();

        Index {
            bounds,
            terms,
            postings,
            nodes,
            idf,
            named,
            leaves,
            tariff: tables.tariff,
            hs,
            groups,
            elements,
        }
    }

    /// Some document names the term.
    pub(crate) fn idf_known(&self, id: u32) -> bool {
        self.named.get(id as usize).copied().unwrap_or(false)
    }

    /// Whether term `id` is named by (`Some(true)`) or only excluded from (`Some(false)`)
    /// document `leaf`; `None` when no text of the document mentions it.
    pub(crate) fn term_in_leaf(&self, id: u32, leaf: u32) -> Option<bool> {
        let mut found = None;
        for posting in &self.postings[id as usize] {
            let node = self.nodes[posting.node as usize];
            if node.start <= leaf && leaf < node.end {
                if !posting.excluded {
                    return Some(true);
                }
                found = Some(false);
            }
        }
        found
    }
}
