//! The documents and the analysis of their texts. The documents are the national (10-digit)
//! codes, in code order; each is made of the texts on its path through the tariff: its
//! inspection names, its 8-digit tariff line in Chinese and English, its HS subheading,
//! heading and chapter, the names of its declaration elements, and the product names of the
//! lexicon for its heading or subheading. Every text is a *node* that covers a contiguous
//! range of documents (a heading covers all codes under it), so each text is analysed once.
//!
//! The analysis ([`Analysed`]) is canonical: terms in byte order, nodes in a fixed order,
//! each term's occurrences per node in node order. It is what the index snapshot stores
//! (`snapshot.rs`); `index.rs` weighs it into postings either way.

use crate::analyze::{Analyzer, StemCache, is_bigram};
use crate::normalize::{is_other_name, normalize_into};
use crate::products::ProductRow;
use crate::tables::{ElementName, HsEntry, InspectionName, ParsedTables, TariffLine};
use rustc_hash::FxHashMap;

/// The fields of a document, most specific first. The numbers are stored in the snapshot.
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
    /// The product names of the lexicon for the heading or subheading (`data/lexicon/`).
    Lexicon = 7,
}

/// How many fields there are.
pub(crate) const FIELD_COUNT: usize = 8;

impl Field {
    /// The field of a stored number.
    pub(crate) fn from_number(number: u8) -> Option<Field> {
        Some(match number {
            0 => Field::National,
            1 => Field::Tariff,
            2 => Field::Subheading,
            3 => Field::Heading,
            4 => Field::Chapter,
            5 => Field::Elements,
            6 => Field::Reference,
            7 => Field::Lexicon,
            _ => return None,
        })
    }
}

/// Elements named under more code prefixes than this (brand, model, GTIN…) say nothing
/// about the goods and are not indexed.
const GENERIC_ELEMENT_PREFIXES: usize = 300;

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

/// The documents and the reference texts needed to explain answers.
#[derive(Debug)]
pub(crate) struct Documents {
    pub leaves: Vec<Leaf>,
    /// The tariff lines, in code order.
    pub tariff: Vec<TariffLine>,
    pub hs: FxHashMap<String, HsEntry>,
    /// The HS-6 code of each subheading group.
    pub groups: Vec<String>,
    /// Indexed declaration elements per code prefix.
    pub elements: FxHashMap<String, Vec<String>>,
}

/// A text node: its field and the documents `start..end` it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NodeInfo {
    pub field: Field,
    pub start: u32,
    pub end: u32,
}

/// One term in one node: how often it occurs there in a naming clause, and whether it also
/// occurs in a clause that rules goods out ("other than cotton").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Occurrence {
    pub node: u32,
    pub count: u32,
    pub excluded: bool,
}

/// The analysed texts, in canonical order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Analysed {
    /// The terms in byte order (an id is a position here).
    pub terms: Vec<String>,
    /// The nodes with at least one term, in the order they were made.
    pub nodes: Vec<NodeInfo>,
    /// `occurrences[offsets[t]..offsets[t + 1]]` are term `t`'s, in node order.
    pub offsets: Vec<u32>,
    pub occurrences: Vec<Occurrence>,
    /// Each term's document frequency: how many documents the nodes that name it cover.
    pub df: Vec<u32>,
}

impl Analysed {
    /// The occurrences of term `id`.
    pub(crate) fn of(&self, id: usize) -> &[Occurrence] {
        let start = self.offsets.get(id).copied().unwrap_or(0) as usize;
        let end = self.offsets.get(id + 1).copied().unwrap_or(0) as usize;
        self.occurrences.get(start..end).unwrap_or(&[])
    }
}

/// The weight of a term's occurrence: a character bigram counts less than a word.
pub(crate) fn term_weight(term: &str) -> f32 {
    if is_bigram(term) {
        crate::analyze::bigram_weight()
    } else {
        1.0
    }
}

/// The analysed terms of a node: `(term, excluded)`.
type Bag = Vec<(u32, bool)>;

/// The documents of the parsed tables.
pub(crate) fn documents(tables: ParsedTables) -> Documents {
    let lines = Lines::new(tables.tariff, tables.hs);
    let names = Names::new(tables.inspection, tables.elements);
    documents_of(lines, names)
}

/// The tariff lines in code order and the HS texts by code.
#[derive(Debug)]
pub(crate) struct Lines {
    pub tariff: Vec<TariffLine>,
    pub hs: FxHashMap<String, HsEntry>,
}

impl Lines {
    pub(crate) fn new(mut tariff: Vec<TariffLine>, hs: Vec<HsEntry>) -> Lines {
        tariff.sort_by(|a, b| a.code8.cmp(&b.code8));
        tariff.dedup_by(|a, b| a.code8 == b.code8);
        let hs = hs
            .into_iter()
            .map(|entry| (entry.code.clone(), entry))
            .collect();
        Lines { tariff, hs }
    }
}

/// The inspection names per 10-digit code and the indexed declaration elements per prefix.
#[derive(Debug)]
pub(crate) struct Names {
    /// In code order.
    national: Vec<(String, Vec<String>)>,
    elements: FxHashMap<String, Vec<String>>,
}

impl Names {
    pub(crate) fn new(inspection: Vec<InspectionName>, rows: Vec<ElementName>) -> Names {
        let mut inspection = inspection;
        inspection.sort_by(|a, b| a.code10.cmp(&b.code10));
        let mut national: Vec<(String, Vec<String>)> = Vec::with_capacity(inspection.len());
        for row in inspection {
            match national.last_mut() {
                Some((code, names)) if *code == row.code10 => {
                    if !names.contains(&row.name) {
                        names.push(row.name);
                    }
                }
                _ => national.push((row.code10, vec![row.name])),
            }
        }
        // Declaration elements, the generic ones left out.
        let mut element_prefix_counts: FxHashMap<&str, usize> = FxHashMap::default();
        for row in &rows {
            *element_prefix_counts
                .entry(row.element.as_str())
                .or_default() += 1;
        }
        let mut elements: FxHashMap<String, Vec<String>> = FxHashMap::default();
        for row in &rows {
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
        Names { national, elements }
    }
}

/// Makes the documents: every 10-digit code under a tariff line (or the line itself, "00"),
/// in code order, with the reference texts.
pub(crate) fn documents_of(lines: Lines, names: Names) -> Documents {
    let Lines { tariff, hs } = lines;
    let Names {
        mut national,
        elements,
    } = names;
    let mut leaves: Vec<Leaf> = Vec::with_capacity(tariff.len() * 3);
    let mut groups: Vec<String> = Vec::new();
    let mut cursor = 0;
    for (tariff_index, line) in tariff.iter().enumerate() {
        let hs6 = &line.code8[..6];
        if groups.last().is_none_or(|last| last != hs6) {
            groups.push(hs6.to_string());
        }
        let group = (groups.len() - 1) as u32;
        let tariff_other = is_other_name(&line.name_zh, &line.name_en);
        // Both are in code order: the codes of this line follow those of the earlier ones.
        while national
            .get(cursor)
            .is_some_and(|(code, _)| code.as_str() < line.code8.as_str())
        {
            cursor += 1;
        }
        let mut codes: Vec<(String, Vec<String>)> = Vec::new();
        while let Some((code, names)) = national.get_mut(cursor)
            && code.starts_with(&line.code8)
        {
            codes.push((std::mem::take(code), std::mem::take(names)));
            cursor += 1;
        }
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
    Documents {
        leaves,
        tariff,
        hs,
        groups,
        elements,
    }
}

/// The text nodes of the documents and of the product names.
fn node_specs<'t>(documents: &'t Documents, products: &'t [ProductRow]) -> Vec<NodeSpec<'t>> {
    let mut specs: Vec<NodeSpec<'_>> = Vec::new();
    // National codes and tariff lines.
    let mut line_start = 0;
    for (index, leaf) in documents.leaves.iter().enumerate() {
        specs.push(NodeSpec {
            field: Field::National,
            start: index,
            end: index + 1,
            texts: leaf.national_names.iter().map(String::as_str).collect(),
        });
        let last_of_line = documents
            .leaves
            .get(index + 1)
            .is_none_or(|next| next.tariff != leaf.tariff);
        if last_of_line {
            let line = &documents.tariff[leaf.tariff as usize];
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
        while start < documents.leaves.len() {
            let prefix = &documents.leaves[start].code[..length];
            let (_, end) = prefix_range(&documents.leaves, prefix);
            if let Some(entry) = documents.hs.get(prefix) {
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
    for (index, leaf) in documents.leaves.iter().enumerate() {
        let last_of_line = documents
            .leaves
            .get(index + 1)
            .is_none_or(|next| next.tariff != leaf.tariff);
        if !last_of_line {
            continue;
        }
        let line = &documents.tariff[leaf.tariff as usize];
        let subheading = documents
            .hs
            .get(&line.code8[..6])
            .map_or("", |entry| entry.description.as_str());
        let mut referenced: Vec<&str> = Vec::new();
        for text in [line.name_zh.as_str(), line.name_en.as_str(), subheading] {
            for code in referenced_headings(text) {
                if code != line.code8[..4]
                    && let Some(entry) = documents.hs.get(&code)
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
    let mut prefixes: Vec<&String> = documents.elements.keys().collect();
    prefixes.sort();
    for prefix in prefixes {
        let (start, end) = prefix_range(&documents.leaves, prefix);
        specs.push(NodeSpec {
            field: Field::Elements,
            start,
            end,
            texts: documents.elements[prefix]
                .iter()
                .map(String::as_str)
                .collect(),
        });
    }
    // Product names of the lexicon, per heading or subheading.
    for row in products {
        let (start, end) = prefix_range(&documents.leaves, &row.code);
        let texts: Vec<&str> = row.names().collect();
        specs.push(NodeSpec {
            field: Field::Lexicon,
            start,
            end,
            texts,
        });
    }
    specs
}

/// Analyses the texts of the documents and of the product names.
pub(crate) fn analyse(
    analyzer: &Analyzer,
    documents: &Documents,
    products: &[ProductRow],
) -> Analysed {
    let specs = node_specs(documents, products);
    let (terms, bags) = analyze_nodes(analyzer, &specs);
    // Terms in byte order.
    let mut sorted: Vec<(String, u32)> = terms.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut remap = vec![0u32; sorted.len()];
    for (new, (_, old)) in sorted.iter().enumerate() {
        remap[*old as usize] = new as u32;
    }
    let terms: Vec<String> = sorted.into_iter().map(|(term, _)| term).collect();
    // Per node, its terms in order with their counts; then inverted, term by term.
    let mut nodes = Vec::with_capacity(specs.len());
    let mut per_node: Vec<Vec<(u32, u32, bool)>> = Vec::with_capacity(specs.len());
    let mut counts = vec![0u32; terms.len() + 1];
    for (spec, bag) in specs.iter().zip(bags) {
        if bag.is_empty() || spec.start >= spec.end {
            continue;
        }
        let mut entries: Vec<(u32, bool)> = bag
            .into_iter()
            .map(|(term, excluded)| (remap[term as usize], excluded))
            .collect();
        entries.sort_unstable();
        let mut collapsed: Vec<(u32, u32, bool)> = Vec::with_capacity(entries.len());
        for (term, excluded) in entries {
            match collapsed.last_mut() {
                Some(last) if last.0 == term => {
                    last.1 += u32::from(!excluded);
                    last.2 |= excluded;
                }
                _ => {
                    counts[term as usize] += 1;
                    collapsed.push((term, u32::from(!excluded), excluded));
                }
            }
        }
        nodes.push(NodeInfo {
            field: spec.field,
            start: spec.start as u32,
            end: spec.end as u32,
        });
        per_node.push(collapsed);
    }
    let mut offsets = Vec::with_capacity(terms.len() + 1);
    let mut running = 0u32;
    for count in &counts[..terms.len()] {
        offsets.push(running);
        running += count;
    }
    offsets.push(running);
    let mut fill: Vec<u32> = offsets[..terms.len()].to_vec();
    let mut occurrences = vec![
        Occurrence {
            node: 0,
            count: 0,
            excluded: false,
        };
        running as usize
    ];
    for (node, entries) in per_node.iter().enumerate() {
        for &(term, count, excluded) in entries {
            let slot = &mut fill[term as usize];
            occurrences[*slot as usize] = Occurrence {
                node: node as u32,
                count,
                excluded,
            };
            *slot += 1;
        }
    }
    let df = document_frequencies(&nodes, &offsets, &occurrences);
    Analysed {
        terms,
        nodes,
        offsets,
        occurrences,
        df,
    }
}

/// Each term's document frequency: how many documents the nodes that name it cover.
fn document_frequencies(
    nodes: &[NodeInfo],
    offsets: &[u32],
    occurrences: &[Occurrence],
) -> Vec<u32> {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    let mut df = Vec::with_capacity(offsets.len().saturating_sub(1));
    for window in offsets.windows(2) {
        ranges.clear();
        ranges.extend(
            occurrences[window[0] as usize..window[1] as usize]
                .iter()
                .filter(|occurrence| occurrence.count > 0)
                .map(|occurrence| {
                    let node = nodes[occurrence.node as usize];
                    (node.start, node.end)
                }),
        );
        if ranges.len() > 1 {
            ranges.sort_unstable();
        }
        let mut covered = 0u32;
        let mut covered_to = 0u32;
        for &(start, end) in &ranges {
            let start = start.max(covered_to);
            if end > start {
                covered += end - start;
                covered_to = end;
            }
        }
        df.push(covered);
    }
    df
}

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
            analyzer.analyze_tariff_text(&normalized, &mut stems, &mut |key, _, _, excluded| {
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
                bag.push((id, excluded));
            });
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
