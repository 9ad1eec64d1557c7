//! Declaration elements (申报要素): named (`品牌类型:0`) or positional (`0|3|储能`).

use crate::text::trim;
use compact_str::CompactString;
use serde::{Serialize, Serializer};

/// The declaration elements of a goods line, in the order written. An element is named when
/// the bundle gives a map or the raw string writes `名称:值`; the positional form of the
/// declaration message (`0|3|储能|LFP-100`) keeps values without names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Elements {
    entries: Vec<(Option<CompactString>, CompactString)>,
}

impl Elements {
    /// Elements from named pairs.
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        Elements {
            entries: pairs
                .into_iter()
                .map(|(k, v)| {
                    (
                        Some(CompactString::from(k.as_ref().trim())),
                        CompactString::from(v.as_ref().trim()),
                    )
                })
                .collect(),
        }
    }

    /// Elements from entries already trimmed.
    pub(crate) fn from_entries(entries: Vec<(Option<CompactString>, CompactString)>) -> Self {
        Elements { entries }
    }

    /// Parses the raw string form: parts separated by `|`, each `名称:值` (ASCII or full-width
    /// colon) or a bare positional value.
    pub fn parse_raw(raw: &str) -> Self {
        if raw.trim().is_empty() {
            return Elements::default();
        }
        let entries = raw
            .split('|')
            .map(|part| match split_named(part) {
                Some((name, value)) => {
                    (Some(CompactString::from(name)), CompactString::from(value))
                }
                None => (None, CompactString::from(trim(part))),
            })
            .collect();
        Elements { entries }
    }

    /// The value of the element called `name`, if named.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(n, _)| n.as_deref() == Some(name))
            .map(|(_, v)| v.as_str())
    }

    /// All entries in order.
    pub fn entries(&self) -> &[(Option<CompactString>, CompactString)] {
        &self.entries
    }

    /// True when no element is given.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True when every entry carries its name.
    pub fn all_named(&self) -> bool {
        self.entries.iter().all(|(n, _)| n.is_some())
    }

    /// The raw string form, `名称:值|…` or positional values joined by `|`.
    pub fn to_raw(&self) -> String {
        let parts: Vec<String> = self
            .entries
            .iter()
            .map(|(n, v)| match n {
                Some(name) => format!("{name}:{v}"),
                None => v.to_string(),
            })
            .collect();
        parts.join("|")
    }
}

/// `名称:值` when the part before the first colon looks like an element name (not empty, no
/// digits only, at most 20 characters).
fn split_named(part: &str) -> Option<(&str, &str)> {
    // The first `:` or `：` (EF BC 9A), found byte by byte.
    const FULL_WIDTH_COLON: &[u8] = "：".as_bytes();
    let bytes = part.as_bytes();
    let (index, colon_len) = bytes.iter().enumerate().find_map(|(at, &b)| match b {
        b':' => Some((at, 1)),
        0xEF if bytes[at..].starts_with(FULL_WIDTH_COLON) => Some((at, FULL_WIDTH_COLON.len())),
        _ => None,
    })?;
    let name = trim(&part[..index]);
    let value = trim(&part[index + colon_len..]);
    let plausible = !name.is_empty()
        && name.chars().count() <= 20
        && !name.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    plausible.then_some((name, value))
}

impl Serialize for Elements {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        if self.all_named() {
            let mut map = serializer.serialize_map(Some(self.entries.len()))?;
            for (name, value) in &self.entries {
                map.serialize_entry(name.as_deref().unwrap_or_default(), value)?;
            }
            map.end()
        } else {
            serializer.serialize_str(&self.to_raw())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `split_named` as first written, with the standard library's searches.
    fn split_named_by_chars(part: &str) -> Option<(&str, &str)> {
        let index = part.find([':', '：'])?;
        let colon_len = part[index..].chars().next().map_or(1, char::len_utf8);
        let name = part[..index].trim();
        let value = part[index + colon_len..].trim();
        let plausible = !name.is_empty()
            && name.chars().count() <= 20
            && !name.chars().all(|c| c.is_ascii_digit() || c == '.');
        plausible.then_some((name, value))
    }

    proptest! {
        #[test]
        fn byte_search_finds_what_char_search_finds(part in "[a-z0-9.: ：品牌ｉ；]{0,16}|\\PC{0,16}") {
            prop_assert_eq!(split_named(&part), split_named_by_chars(&part));
        }
    }

    #[test]
    fn parses_named_and_positional() {
        let named = Elements::parse_raw("品牌类型:0|出口享惠情况：3|用途:储能");
        assert_eq!(named.get("出口享惠情况"), Some("3"));
        assert!(named.all_named());
        let positional = Elements::parse_raw("0|3|储能|LFP-100");
        assert!(!positional.all_named());
        assert_eq!(positional.entries().len(), 4);
        let mixed = Elements::parse_raw("0|0|品牌:华为|型号:P60|0.00165KG/个");
        assert_eq!(mixed.get("品牌"), Some("华为"));
        assert_eq!(mixed.to_raw(), "0|0|品牌:华为|型号:P60|0.00165KG/个");
        assert!(Elements::parse_raw("  ").is_empty());
    }
}
