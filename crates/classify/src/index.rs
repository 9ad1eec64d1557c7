//! The in-memory index: the analysed texts ([`Analysed`], from the tables or from the
//! snapshot) weighed into postings. A query adds the nodes' field-weighted, length-normalised
//! term frequencies per document and saturates them as BM25F does.

use crate::corpus::{
    Analysed, Documents, FIELD_COUNT, Leaf, Lines, NodeInfo, Occurrence, term_weight,
};
use crate::normalize::normalize_text;
use crate::products::ProductRow;
use crate::quantity::{Bound, bounds};
use crate::tables::{HsEntry, TariffLine};
use rustc_hash::FxHashMap;

/// How much a match in each field counts: national, tariff, subheading, heading, chapter,
/// elements, reference, lexicon.
const FIELD_WEIGHTS: [f32; FIELD_COUNT] = [1.0, 1.0, 0.8, 0.6, 0.15, 0.2, 0.5, LEXICON_WEIGHT];
/// BM25 length normalisation per field.
const FIELD_B: [f32; FIELD_COUNT] = [0.5, 0.5, 0.4, 0.3, 0.0, 0.3, 0.3, LEXICON_B];
/// How much a match in a product name of the lexicon counts (0.8 before the third pass;
/// with it 0.7 / 0.8 / 0.9 → 79.3 / 79.6 / 79.9 % top-3 @6 on the tuning sets).
const LEXICON_WEIGHT: f32 = 0.9;
/// The lexicon's length normalisation.
const LEXICON_B: f32 = 0.0;
/// BM25 term-frequency saturation.
pub(crate) const K1: f32 = 1.2;

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

/// The index and the reference texts needed to explain its answers.
#[derive(Debug)]
pub(crate) struct Index {
    pub terms: FxHashMap<String, u32>,
    /// `postings[posting_offsets[t]..posting_offsets[t + 1]]` are term `t`'s, in node order.
    posting_offsets: Vec<u32>,
    posting_list: Vec<Posting>,
    pub nodes: Vec<Node>,
    /// The nodes of the lexicon field.
    pub lexicon_nodes: Vec<bool>,
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
    /// The rows of the product-name lexicon (for the basis).
    products: Vec<ProductRow>,
    /// The row of each heading or subheading that has one.
    product_rows: FxHashMap<String, u32>,
}

/// The thresholds of each tariff line (its names and its HS subheading's text).
pub(crate) fn line_bounds(lines: &Lines) -> Vec<Vec<Bound>> {
    // Thresholds are figures: a text without digits has none.
    let read = |text: &str| {
        if text
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        {
            bounds(&normalize_text(text))
        } else {
            Vec::new()
        }
    };
    // The lines of a subheading are consecutive: read its text once.
    let mut subheading: (&str, Vec<Bound>) = ("", Vec::new());
    lines
        .tariff
        .iter()
        .map(|line| {
            let hs6 = line.code8.get(..6).unwrap_or("");
            if subheading.0 != hs6 {
                let text = lines
                    .hs
                    .get(hs6)
                    .map_or("", |entry| entry.description.as_str());
                subheading = (hs6, read(text));
            }
            let mut found = read(&line.name_zh);
            for bound in read(&line.name_en).iter().chain(&subheading.1) {
                if !found.contains(bound) {
                    found.push(*bound);
                }
            }
            found
        })
        .collect()
}

/// The analysed texts with the term lookup.
#[derive(Debug)]
pub(crate) struct Prepared {
    terms: FxHashMap<String, u32>,
    /// Each term's bigram-or-word weight.
    weights: Vec<f32>,
    /// How many documents the nodes naming each term cover.
    df: Vec<u32>,
    node_infos: Vec<NodeInfo>,
    offsets: Vec<u32>,
    occurrences: Vec<Occurrence>,
}

impl Prepared {
    pub(crate) fn new(analysed: Analysed) -> Prepared {
        let Analysed {
            terms,
            nodes: node_infos,
            offsets,
            occurrences,
            df,
        } = analysed;
        let weights: Vec<f32> = terms.iter().map(|term| term_weight(term)).collect();
        let terms = terms
            .into_iter()
            .enumerate()
            .map(|(id, term)| (term, id as u32))
            .collect();
        Prepared {
            terms,
            weights,
            df,
            node_infos,
            offsets,
            occurrences,
        }
    }

    /// Every node covers documents that exist.
    pub(crate) fn fits(&self, leaves: usize) -> bool {
        self.node_infos
            .iter()
            .all(|node| node.end as usize <= leaves)
    }
}

impl Index {
    /// Weighs the analysed texts of `documents` into the index.
    pub(crate) fn assemble(
        documents: Documents,
        prepared: Prepared,
        bounds: Vec<Vec<Bound>>,
        products: Vec<ProductRow>,
    ) -> Index {
        let Prepared {
            terms,
            weights,
            df,
            node_infos,
            offsets,
            occurrences,
        } = prepared;
        // Node lengths (the weight of their naming terms), term by term.
        let mut lengths = vec![0f32; node_infos.len()];
        for (term, window) in offsets.windows(2).enumerate() {
            let weight = weights[term];
            for occurrence in &occurrences[window[0] as usize..window[1] as usize] {
                lengths[occurrence.node as usize] += occurrence.count as f32 * weight;
            }
        }
        let mut total = [0f32; FIELD_COUNT];
        let mut count = [0f32; FIELD_COUNT];
        for (info, length) in node_infos.iter().zip(&lengths) {
            total[info.field as usize] += length;
            count[info.field as usize] += 1.0;
        }
        let norms: Vec<f32> = node_infos
            .iter()
            .zip(&lengths)
            .map(|(info, length)| {
                let field = info.field as usize;
                let average = (total[field] / count[field].max(1.0)).max(1.0);
                (1.0 - FIELD_B[field] + FIELD_B[field] * length / average) / FIELD_WEIGHTS[field]
            })
            .collect();
        let posting_list: Vec<Posting> = offsets
            .windows(2)
            .enumerate()
            .flat_map(|(term, window)| {
                let weight = weights[term];
                let norms = &norms;
                occurrences[window[0] as usize..window[1] as usize]
                    .iter()
                    .map(move |occurrence| Posting {
                        node: occurrence.node,
                        weighted_tf: occurrence.count as f32 * weight
                            / norms[occurrence.node as usize],
                        excluded: occurrence.excluded && occurrence.count == 0,
                    })
            })
            .collect();
        drop(occurrences);
        let nodes: Vec<Node> = node_infos
            .iter()
            .map(|info| Node {
                start: info.start,
                end: info.end,
            })
            .collect();
        let lexicon_nodes = node_infos
            .iter()
            .map(|info| info.field == crate::corpus::Field::Lexicon)
            .collect();

        let documents_count = documents.leaves.len().max(1) as f32;
        let named = df.iter().map(|&df| df > 0).collect();
        let idf = df
            .iter()
            .map(|&df| {
                let df = df as f32;
                (1.0 + (documents_count - df + 0.5) / (df + 0.5)).ln()
            })
            .collect();

        Index {
            terms,
            posting_offsets: offsets,
            posting_list,
            nodes,
            lexicon_nodes,
            idf,
            named,
            leaves: documents.leaves,
            tariff: documents.tariff,
            hs: documents.hs,
            groups: documents.groups,
            elements: documents.elements,
            bounds,
            product_rows: products
                .iter()
                .enumerate()
                .map(|(row, product)| (product.code.clone(), row as u32))
                .collect(),
            products,
        }
    }

    /// The product names of a heading or subheading.
    pub(crate) fn product_names(&self, code: &str) -> Option<&ProductRow> {
        let row = *self.product_rows.get(code)?;
        self.products.get(row as usize)
    }

    /// The postings of term `id`, in node order.
    pub(crate) fn postings(&self, id: u32) -> &[Posting] {
        let id = id as usize;
        let start = self.posting_offsets.get(id).copied().unwrap_or(0) as usize;
        let end = self.posting_offsets.get(id + 1).copied().unwrap_or(0) as usize;
        self.posting_list.get(start..end).unwrap_or(&[])
    }

    /// Some document names the term.
    pub(crate) fn idf_known(&self, id: u32) -> bool {
        self.named.get(id as usize).copied().unwrap_or(false)
    }

    /// Whether term `id` is named by (`Some(true)`) or only excluded from (`Some(false)`)
    /// document `leaf`; `None` when no text of the document mentions it.
    pub(crate) fn term_in_leaf(&self, id: u32, leaf: u32) -> Option<bool> {
        let mut found = None;
        for posting in self.postings(id) {
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
