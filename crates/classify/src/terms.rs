//! Small text helpers the rule modules (fabrics, polymers, food states, garments, materials)
//! share: whole-word matching, names found in a table, and percentages.

/// `term` occurs in normalised `text`: Chinese anywhere, an English word or phrase only
/// between word boundaries, an English plural "s" allowed ("red" is not in "coloured",
/// "shirt" is in "shirts" but not in "shirting").
pub(crate) fn has_term(text: &str, term: &str) -> bool {
    if !term.is_ascii() {
        return text.contains(term);
    }
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
    text.match_indices(term).any(|(at, _)| {
        let rest = &text[at + term.len()..];
        boundary(text[..at].chars().next_back())
            && (boundary(rest.chars().next())
                || rest
                    .strip_prefix('s')
                    .is_some_and(|plural| boundary(plural.chars().next())))
    })
}

/// Any of `terms` occurs in `text` (see [`has_term`]).
pub(crate) fn has_any(text: &str, terms: &[&str]) -> bool {
    terms.iter().any(|term| has_term(text, term))
}

/// The names of `table` found in `text`, leftmost and longest first, not overlapping:
/// `(start, end, value)` in bytes.
pub(crate) fn find_names<T: Copy>(text: &str, table: &[(&str, T)]) -> Vec<(usize, usize, T)> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        match table
            .iter()
            .filter(|(name, _)| rest.starts_with(name))
            .max_by_key(|(name, _)| name.len())
        {
            Some((name, value)) => {
                found.push((at, at + name.len(), *value));
                at += name.len();
            }
            None => at += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// `text` with every one of `phrases` replaced by a space (what a description says the goods
/// are not, or how they are packed, left out before its words are read).
pub(crate) fn without(text: &str, phrases: &[&str]) -> String {
    let mut text = text.to_string();
    for phrase in phrases {
        if text.contains(phrase) {
            text = text.replace(phrase, " ");
        }
    }
    text
}

/// The last `chars` characters of `text`.
pub(crate) fn tail(text: &str, chars: usize) -> &str {
    let start = text
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(0, |(position, _)| position);
    &text[start..]
}

/// The first `chars` characters of `text`.
pub(crate) fn head(text: &str, chars: usize) -> &str {
    let end = text
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(position, _)| position);
    &text[..end]
}

/// A percentage of a text: where its number starts, where the "%" ends, and its value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Percentage {
    pub start: usize,
    pub end: usize,
    pub value: f32,
}

/// Every "55%" (spaces allowed before the sign) of `text`.
pub(crate) fn percentages(text: &str) -> Vec<Percentage> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if !bytes[index].is_ascii_digit() {
            index += 1;
            continue;
        }
        let start = index;
        while index < bytes.len() && (bytes[index].is_ascii_digit() || bytes[index] == b'.') {
            index += 1;
        }
        let Some(after) = text[index..].trim_start().strip_prefix('%') else {
            continue;
        };
        if let Ok(value) = text[start..index].parse::<f32>() {
            found.push(Percentage {
                start,
                end: text.len() - after.len(),
                value,
            });
        }
    }
    found
}

/// The number (in millimetres) right after one of `labels` ("宽1250mm", "厚度为3.5mm",
/// "width 1250 mm") or right before one of `suffixes` ("3.5 mm thick").
pub(crate) fn dimension(text: &str, labels: &[&str], suffixes: &[&str]) -> Option<f32> {
    for label in labels {
        for (at, _) in text.match_indices(label) {
            let rest = &text[at + label.len()..];
            let skipped: String = rest
                .chars()
                .take_while(|c| !c.is_ascii_digit())
                .take(4)
                .collect();
            let digits: String = rest[skipped.len()..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
                .filter(|c| *c != ',')
                .collect();
            if let Ok(value) = digits.trim_end_matches('.').parse::<f32>() {
                let after = rest[skipped.len()..]
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
                let after = after.trim_start();
                // Centimetres ("幅宽150cm") and metres ("宽1.25米") become millimetres.
                if after.starts_with("cm") || after.starts_with("厘米") {
                    return Some(value * 10.0);
                }
                if after.starts_with('米') || (after.starts_with('m') && !after.starts_with("mm"))
                {
                    return Some(value * 1000.0);
                }
                return Some(value);
            }
        }
    }
    for suffix in suffixes {
        for (at, _) in text.match_indices(suffix) {
            let before = text[..at].trim_end();
            let digits: String = before
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
                .filter(|c| *c != ',')
                .collect::<Vec<char>>()
                .into_iter()
                .rev()
                .collect();
            if let Ok(value) = digits.parse::<f32>() {
                return Some(if suffix.starts_with("cm") {
                    value * 10.0
                } else {
                    value
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_names_and_shares() {
        assert!(has_term("red shirts", "shirt"));
        assert!(!has_term("shirting fabric", "shirt"));
        assert!(!has_term("coloured", "red"));
        assert!(has_term("蓝色机织物", "机织"));
        assert!(has_any("women's vest", &["men", "women's"]));
        let names = find_names("苯乙烯和乙烯", &[("乙烯", 1), ("苯乙烯", 2)]);
        assert_eq!(names, [(0, 9, 2), (12, 18, 1)]);
        let shares = percentages("棉55%，涤纶 45 %");
        assert_eq!(shares.len(), 2);
        assert_eq!(shares[0].value, 55.0);
        assert_eq!(&"棉55%，涤纶 45 %"[shares[0].start..shares[0].end], "55%");
        assert_eq!(percentages("version 2.0"), []);
        assert_eq!(without("未干制的鳕鱼", &["未干制"]), " 的鳕鱼");
        let width = |text: &str| dimension(text, &["幅宽", "宽"], &["mm wide"]);
        assert_eq!(width("幅宽150cm"), Some(1500.0));
        assert_eq!(width("宽1.25米"), Some(1250.0));
        assert_eq!(width("宽度为 600mm"), Some(600.0));
        assert_eq!(width("a strip 25 mm wide"), Some(25.0));
        assert_eq!(
            dimension("fabric 160 cm wide", &[], &["cm wide"]),
            Some(1600.0)
        );
    }
}
