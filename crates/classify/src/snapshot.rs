//! The index snapshot: the analysed texts of the embedded tables ([`Analysed`]) in a compact
//! binary form, so that the classifier need not segment and stem 50 000 texts each time it
//! is built. It holds no weights: tuning the ranking leaves it as it is.
//!
//! `data/index.bin` is made by `cargo run -p classify --release --example snapshot` and
//! checked by a test that makes it again from the tables and compares the bytes. It is used
//! only when its format version and its fingerprint match: the fingerprint covers the four
//! tables (so tables from elsewhere, `--data DIR`, are analysed instead) and, through
//! `build.rs`, the analysis code, the segmentation lexicon and the product names (so a
//! change there is analysed until the snapshot is made again). A snapshot that does not
//! decode is ignored the same way: the classifier is then built from the tables.
//!
//! Layout (integers are LEB128 varints unless said otherwise):
//! `MAGIC` (8 bytes), version (u32 LE), fingerprint (u64 LE), checksum of the rest (u64 LE),
//! then the terms (count; each as the length of the prefix shared with the previous term, the
//! length of the rest, the rest), the nodes (count; each as field byte, first document,
//! number of documents), the number of occurrences, and per term its document frequency
//! and its occurrences (count; each as the node's distance
//! from the previous one shifted left by one, the low bit set when a `count << 1 | excluded`
//! follows; without it the term occurs once, not excluded).

use crate::Tables;
use crate::corpus::{Analysed, Field, NodeInfo, Occurrence};

const MAGIC: &[u8; 8] = b"DCLIDX\0\0";
/// Bumped whenever the layout or the meaning of the stored analysis changes.
const VERSION: u32 = 1;
const HEADER: usize = 8 + 4 + 8 + 8;

/// The embedded snapshot.
const EMBEDDED: &[u8] = include_bytes!("../data/index.bin");

/// A 64-bit hash of `bytes`, eight at a time (stable across builds and platforms).
fn hash(mut state: u64, bytes: &[u8]) -> u64 {
    const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        state = (state ^ u64::from_le_bytes(word))
            .wrapping_mul(MULTIPLIER)
            .rotate_left(29);
    }
    for &byte in chunks.remainder() {
        state = (state ^ u64::from(byte))
            .wrapping_mul(MULTIPLIER)
            .rotate_left(29);
    }
    (state ^ bytes.len() as u64).wrapping_mul(MULTIPLIER)
}

/// The fingerprint of what the analysis of `tables` depends on.
pub(crate) fn fingerprint(tables: &Tables<'_>) -> u64 {
    let mut state = crate::products::analysis_fingerprint();
    for text in [
        tables.tariff_tsv,
        tables.hs_tsv,
        tables.ciq_tsv,
        tables.elements_tsv,
    ] {
        state = hash(state, text.as_bytes());
    }
    state
}

fn varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Encodes the analysis with its fingerprint.
pub(crate) fn encode(analysed: &Analysed, fingerprint: u64) -> Vec<u8> {
    let mut body = Vec::with_capacity(2 << 20);
    varint(&mut body, analysed.terms.len() as u64);
    let mut previous: &[u8] = &[];
    for term in &analysed.terms {
        let bytes = term.as_bytes();
        let shared = previous
            .iter()
            .zip(bytes)
            .take_while(|(a, b)| a == b)
            .count();
        varint(&mut body, shared as u64);
        varint(&mut body, (bytes.len() - shared) as u64);
        body.extend_from_slice(&bytes[shared..]);
        previous = bytes;
    }
    varint(&mut body, analysed.nodes.len() as u64);
    for node in &analysed.nodes {
        body.push(node.field as u8);
        varint(&mut body, u64::from(node.start));
        varint(&mut body, u64::from(node.end - node.start));
    }
    varint(&mut body, analysed.occurrences.len() as u64);
    for id in 0..analysed.terms.len() {
        let occurrences = analysed.of(id);
        varint(
            &mut body,
            u64::from(analysed.df.get(id).copied().unwrap_or(0)),
        );
        varint(&mut body, occurrences.len() as u64);
        let mut previous = 0u32;
        for occurrence in occurrences {
            let plain = occurrence.count == 1 && !occurrence.excluded;
            let distance = u64::from(occurrence.node - previous);
            varint(&mut body, distance << 1 | u64::from(!plain));
            if !plain {
                varint(
                    &mut body,
                    u64::from(occurrence.count) << 1 | u64::from(occurrence.excluded),
                );
            }
            previous = occurrence.node;
        }
    }
    let mut out = Vec::with_capacity(HEADER + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&fingerprint.to_le_bytes());
    out.extend_from_slice(&hash(0, &body).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// Why a snapshot was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unused {
    /// Not a snapshot of this format version.
    Format,
    /// Made from other tables, or by other analysis code.
    Stale,
    /// Damaged: it does not decode.
    Damaged,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(byte)
    }

    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        let mut shift = 0;
        loop {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(value);
            }
            shift += 7;
            if shift > 63 {
                return None;
            }
        }
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.varint()?).ok()
    }

    fn take(&mut self, length: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(length)?)?;
        self.at += length;
        Some(slice)
    }
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    let mut word = [0u8; 8];
    word.copy_from_slice(bytes.get(at..at + 8)?);
    Some(u64::from_le_bytes(word))
}

/// Decodes `bytes` if they are a snapshot of `fingerprint` (the caller checks that its nodes
/// fit the documents: [`Analysed::fits`]).
pub(crate) fn decode(bytes: &[u8], fingerprint: u64) -> Result<Analysed, Unused> {
    if bytes.get(..8) != Some(MAGIC.as_slice())
        || bytes.get(8..12) != Some(VERSION.to_le_bytes().as_slice())
    {
        return Err(Unused::Format);
    }
    if u64_at(bytes, 12) != Some(fingerprint) {
        return Err(Unused::Stale);
    }
    let body = bytes.get(HEADER..).ok_or(Unused::Damaged)?;
    if u64_at(bytes, 20) != Some(hash(0, body)) {
        return Err(Unused::Damaged);
    }
    decode_body(body).ok_or(Unused::Damaged)
}

fn decode_body(body: &[u8]) -> Option<Analysed> {
    let mut reader = Reader { bytes: body, at: 0 };
    let term_count = reader.varint()? as usize;
    let mut terms: Vec<String> = Vec::with_capacity(term_count.min(body.len()));
    let mut previous: Vec<u8> = Vec::new();
    for _ in 0..term_count {
        let shared = reader.varint()? as usize;
        let rest = reader.varint()? as usize;
        previous.truncate(shared);
        if previous.len() != shared {
            return None;
        }
        previous.extend_from_slice(reader.take(rest)?);
        terms.push(String::from_utf8(previous.clone()).ok()?);
    }
    let node_count = reader.varint()? as usize;
    let mut nodes = Vec::with_capacity(node_count.min(body.len()));
    for _ in 0..node_count {
        let field = Field::from_number(reader.byte()?)?;
        let start = reader.u32()?;
        let end = start.checked_add(reader.u32()?)?;
        if start >= end {
            return None;
        }
        nodes.push(NodeInfo { field, start, end });
    }
    let total = reader.varint()? as usize;
    let mut offsets = Vec::with_capacity(term_count + 1);
    let mut df = Vec::with_capacity(term_count);
    let mut occurrences = Vec::with_capacity(total.min(body.len()));
    for _ in 0..term_count {
        offsets.push(u32::try_from(occurrences.len()).ok()?);
        df.push(reader.u32()?);
        let count = reader.varint()?;
        let mut node = 0u32;
        for index in 0..count {
            let code = reader.varint()?;
            let distance = u32::try_from(code >> 1).ok()?;
            if index > 0 && distance == 0 {
                return None;
            }
            node = node.checked_add(distance)?;
            if node as usize >= node_count {
                return None;
            }
            let (count, excluded) = if code & 1 == 1 {
                let extra = reader.varint()?;
                (u32::try_from(extra >> 1).ok()?, extra & 1 == 1)
            } else {
                (1, false)
            };
            occurrences.push(Occurrence {
                node,
                count,
                excluded,
            });
        }
    }
    offsets.push(u32::try_from(occurrences.len()).ok()?);
    if reader.at != body.len() || occurrences.len() != total {
        return None;
    }
    Some(Analysed {
        terms,
        nodes,
        offsets,
        occurrences,
        df,
    })
}

/// The embedded snapshot, if it is one of `fingerprint`.
pub(crate) fn embedded(fingerprint: u64) -> Result<Analysed, Unused> {
    decode(EMBEDDED, fingerprint)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed snapshot is what the analysis of the embedded tables gives now.
    #[test]
    fn the_committed_snapshot_is_current() {
        let tables = crate::embedded_tables();
        let fresh = crate::index_snapshot(&tables).unwrap();
        assert!(
            fresh == EMBEDDED,
            "data/index.bin is stale ({} bytes, fresh analysis {} bytes): run \
             `cargo run -p classify --release --example snapshot` and commit it",
            EMBEDDED.len(),
            fresh.len()
        );
        let parsed = crate::tables::parse_tables(&tables).unwrap();
        let documents = crate::corpus::documents(parsed);
        let analysed = embedded(fingerprint(&tables)).unwrap();
        assert!(crate::index::Prepared::new(analysed).fits(documents.leaves.len()));
    }

    #[test]
    fn other_tables_and_damage_are_refused() {
        let tables = crate::embedded_tables();
        let other = crate::Tables {
            tariff_tsv: "#code8\tname_zh\tname_en\n85076000\t锂离子蓄电池\tLi-ion\n",
            ..tables
        };
        assert_ne!(fingerprint(&other), fingerprint(&tables));
        assert_eq!(
            decode(EMBEDDED, fingerprint(&other)).err(),
            Some(Unused::Stale)
        );
        assert_eq!(decode(b"not a snapshot", 42).err(), Some(Unused::Format));
        let bytes = encode(&small(), 42);
        for at in HEADER..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x55;
            assert_eq!(decode(&damaged, 42).err(), Some(Unused::Damaged), "{at}");
        }
        // Decoding checks every bound itself, whatever the checksum says.
        let body = &bytes[HEADER..];
        for length in 0..body.len() {
            assert_eq!(decode_body(&body[..length]), None, "{length}");
        }
    }

    fn small() -> Analysed {
        Analysed {
            terms: vec![
                "\u{1}棉针".to_string(),
                "cotton".to_string(),
                "棉".to_string(),
            ],
            nodes: vec![
                NodeInfo {
                    field: Field::Tariff,
                    start: 0,
                    end: 1,
                },
                NodeInfo {
                    field: Field::Lexicon,
                    start: 0,
                    end: 300,
                },
            ],
            offsets: vec![0, 1, 3, 4],
            occurrences: vec![
                Occurrence {
                    node: 1,
                    count: 1,
                    excluded: false,
                },
                Occurrence {
                    node: 0,
                    count: 0,
                    excluded: true,
                },
                Occurrence {
                    node: 1,
                    count: 3,
                    excluded: false,
                },
                Occurrence {
                    node: 0,
                    count: 2,
                    excluded: true,
                },
            ],
            df: vec![300, 1, 300],
        }
    }

    #[test]
    fn an_analysis_round_trips() {
        let analysed = small();
        let bytes = encode(&analysed, 42);
        assert_eq!(decode(&bytes, 42), Ok(analysed));
        assert_eq!(decode(&bytes, 43).err(), Some(Unused::Stale));
    }
}
