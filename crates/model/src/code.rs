//! Commodity codes and the normalisation of code-table values.

use compact_str::CompactString;
use serde::{Serialize, Serializer};
use std::fmt;

/// Normalises a code-table value: trims, drops inner spaces, upper-cases ASCII letters.
/// `" usd "` → `USD`, `"0110"` stays `0110`.
pub fn normalize_code(text: &str) -> CompactString {
    if text
        .bytes()
        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    {
        return CompactString::from(text);
    }
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A commodity code as declared, with the usual separators removed (`8507.60.00.90` →
/// `8507600090`). It may still be malformed (too short, not digits): rules H001/H002 judge
/// it, so that a bad code is a finding rather than an unreadable shipment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommodityCode(CompactString);

impl CommodityCode {
    /// Normalises a written code; `None` when nothing is left (empty or only separators).
    pub fn parse(text: &str) -> Option<CommodityCode> {
        // Most codes are written as bare digits: nothing to remove.
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            return Some(CommodityCode(CompactString::from(text)));
        }
        let code: CompactString = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
            .collect();
        (!code.is_empty()).then_some(CommodityCode(code))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when the code is exactly ten ASCII digits.
    pub fn is_ten_digits(&self) -> bool {
        self.0.len() == 10 && self.is_digits()
    }

    /// True when every character is an ASCII digit.
    pub fn is_digits(&self) -> bool {
        self.0.bytes().all(|b| b.is_ascii_digit())
    }

    /// The first `n` digits, when the code is all digits and at least that long.
    pub fn prefix(&self, n: usize) -> Option<&str> {
        (self.is_digits() && self.0.len() >= n).then(|| &self.0[..n])
    }
}

impl fmt::Display for CommodityCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for CommodityCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_separators() {
        let code = CommodityCode::parse(" 8507.60.00.90 ").unwrap();
        assert_eq!(code.as_str(), "8507600090");
        assert!(code.is_ten_digits());
        assert_eq!(code.prefix(6), Some("850760"));
        assert!(CommodityCode::parse(" . ").is_none());
        let short = CommodityCode::parse("85076000").unwrap();
        assert!(!short.is_ten_digits());
        assert_eq!(short.prefix(10), None);
        assert!(!CommodityCode::parse("85A7600090").unwrap().is_ten_digits());
    }

    #[test]
    fn normalizes_codes() {
        assert_eq!(normalize_code(" usd "), "USD");
        assert_eq!(normalize_code("0110"), "0110");
    }
}
