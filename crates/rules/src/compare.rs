//! Shared comparisons: tolerances, name normalisation, and the goods lines of each document.

use model::{Bundle, Decimal, DocumentKind, GoodsLine};

/// True when `actual` deviates from `expected` by more than `percent` % of `expected`.
/// Tolerances are exclusive: exactly `percent` % does not exceed.
pub fn exceeds(expected: Decimal, actual: Decimal, percent: Decimal) -> bool {
    // Equal values, the common case, never exceed a tolerance (the arithmetic is skipped).
    if actual == expected && !percent.is_sign_negative() {
        return false;
    }
    let deviation = (actual - expected).abs();
    if expected.is_zero() {
        return !deviation.is_zero();
    }
    deviation * Decimal::ONE_HUNDRED > expected.abs() * percent
}

/// The deviation of `actual` from `expected` in percent of `expected`, two decimals.
pub fn deviation_percent(expected: Decimal, actual: Decimal) -> String {
    if expected.is_zero() {
        return "∞".to_string();
    }
    let percent = (actual - expected).abs() * Decimal::ONE_HUNDRED / expected.abs();
    format!("{}%", percent.round_dp(2).normalize())
}

/// A decimal for people: the written value, trailing zeros kept as written.
pub fn show(value: Decimal) -> String {
    value.to_string()
}

/// A product name normalised for comparison, lazily (comparing allocates nothing):
/// full-width to half-width, lower case, no spaces, no punctuation.
pub fn normalized_chars(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace() && !is_punctuation(*c))
        .map(lower)
}

/// Lower case, cheaply: ASCII and CJK (no case) take no table look-up; the rare letters whose
/// lower case is several characters keep the first, on both sides of a comparison alike.
fn lower(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else if ('\u{2E80}'..='\u{9FFF}').contains(&c) {
        c
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// True when two names are the same after normalisation.
pub fn same_name(a: &str, b: &str) -> bool {
    // Equal texts normalise alike; most names are written the same on every document.
    a == b || normalized_chars(a).eq(normalized_chars(b))
}

fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '。' | '，'
                | '、'
                | '；'
                | '：'
                | '？'
                | '！'
                | '（'
                | '）'
                | '【'
                | '】'
                | '《'
                | '》'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '·'
                | '—'
                | '…'
                | '「'
                | '」'
                | '〔'
                | '〕'
        )
}

/// True when the text contains Chinese (CJK) characters.
pub fn is_cjk(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
    })
}

/// Normalises an identifier (B/L number, vessel, voyage): upper case, no spaces or dashes.
pub fn normalize_identifier(text: &str) -> String {
    text.chars()
        .map(fold_width)
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The documents other than the declaration whose goods lines are compared with it.
pub fn goods_documents(bundle: &Bundle) -> Vec<(DocumentKind, &[GoodsLine])> {
    let mut documents = Vec::with_capacity(4);
    if let Some(invoice) = &bundle.invoice {
        documents.push((DocumentKind::Invoice, invoice.lines.as_slice()));
    }
    if let Some(packing_list) = &bundle.packing_list {
        documents.push((DocumentKind::PackingList, packing_list.lines.as_slice()));
    }
    if let Some(contract) = &bundle.contract {
        documents.push((DocumentKind::Contract, contract.lines.as_slice()));
    }
    if let Some(certificate) = &bundle.agent_certificate {
        documents.push((DocumentKind::AgentCertificate, certificate.lines.as_slice()));
    }
    documents
}

/// The JSON path of field `field` of line `index` of `document`.
pub fn line_path(document: DocumentKind, index: usize, field: &str) -> String {
    format!("{}.lines[{index}].{field}", document.key())
}

/// Chinese and English names of a document, for messages.
pub fn doc_zh(document: DocumentKind) -> &'static str {
    document.names().0
}

/// English name of a document, for messages.
pub fn doc_en(document: DocumentKind) -> &'static str {
    document.names().1
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn tolerance_is_exclusive() {
        let cases = [
            ("100", "103", "3", false),
            ("100", "103.01", "3", true),
            ("100", "97", "3", false),
            ("100", "96.99", "3", true),
            ("0", "0", "3", false),
            ("0", "1", "3", true),
            ("1250.5", "1313.025", "5", false),
            ("1250.5", "1313.03", "5", true),
            ("12.50", "12.5", "0", false),
            ("12.50", "12.5", "-1", true),
        ];
        for (expected, actual, percent, fires) in cases {
            assert_eq!(
                exceeds(d(expected), d(actual), d(percent)),
                fires,
                "{expected} vs {actual}"
            );
        }
    }

    #[test]
    fn names_normalise() {
        assert!(same_name("Lithium-Ion  Battery", "lithium ion battery"));
        assert!(same_name("锂离子蓄电池（LFP）", "锂离子蓄电池(lfp)"));
        assert!(!same_name("锂离子蓄电池", "镍氢蓄电池"));
        assert_eq!(
            normalized_chars("ＡＢＣ　１２").collect::<String>(),
            "abc12"
        );
        assert!(is_cjk("锂离子"));
        assert!(!is_cjk("battery"));
    }

    proptest! {
        #[test]
        fn tolerance_is_symmetric_in_direction(base in 1i64..1_000_000, delta in 0i64..100_000) {
            let expected = Decimal::new(base, 2);
            let up = expected + Decimal::new(delta, 2);
            let down = expected - Decimal::new(delta, 2);
            prop_assert_eq!(exceeds(expected, up, Decimal::from(3)), exceeds(expected, down, Decimal::from(3)));
        }
    }
}
