//! Text normalisation shared by the index and the queries, and the splitting of tariff texts
//! into their positive and excluded parts ("其他马，改良种用除外", "of textile materials (other
//! than cotton)").

/// The number of characters of a description that are read; the rest is ignored (and the
/// classification says so). Product descriptions are short; this bounds the cost of a query.
pub const MAX_DESCRIPTION_CHARS: usize = 2000;

/// True for a CJK ideograph (the unified blocks and the compatibility block).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Spellings that mean the same thing, folded before tokenising, in tariff texts and queries
/// alike. Patterns are matched on the lower-cased, half-width text.
const PHRASES: &[(&str, &str)] = &[
    ("t-shirts", " tshirt "),
    ("t-shirt", " tshirt "),
    ("t shirts", " tshirt "),
    ("t shirt", " tshirt "),
    ("tee shirt", " tshirt "),
    ("tee-shirt", " tshirt "),
    ("t恤衫", " tshirt "),
    ("t恤", " tshirt "),
    ("li-ion", " lithium-ion "),
    ("ballpoint", "ball point"),
    ("lithium ion", " lithium-ion "),
    ("n.e.c.", " nec "),
    ("n.e.s.", " nes "),
    ("knitted/crocheted", "knitted or crocheted"),
    ("o/t", " other than "),
    ("w/", " with "),
    // Neither names nor excludes anything; without this "not" would start an exclusion.
    ("whether or not", " "),
];

/// Folds full-width ASCII to ASCII (`Ｔ恤衫` → `t恤衫`), the ideographic space to a space,
/// lower-cases, turns control characters into spaces, and applies the phrase table.
/// Reads at most [`MAX_DESCRIPTION_CHARS`] characters.
pub fn normalize_text(text: &str) -> String {
    let mut out = String::new();
    normalize_into(text, &mut out);
    out
}

/// [`normalize_text`] into a reused buffer.
pub(crate) fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    let folded = out;
    let mut ascii_letters = false;
    let mut tee = false;
    for c in text.chars().take(MAX_DESCRIPTION_CHARS) {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '【' | '〔' => '(',
            '】' | '〕' => ')',
            _ => c,
        };
        ascii_letters |= c.is_ascii_alphabetic();
        tee |= c == '恤';
        if c.is_control() {
            folded.push(' ');
        } else if c.is_ascii() {
            folded.push(c.to_ascii_lowercase());
        } else if is_cjk(c) {
            folded.push(c);
        } else {
            folded.extend(c.to_lowercase());
        }
    }
    if !ascii_letters && !tee {
        return;
    }
    let bytes = folded.as_bytes();
    let mut found = [false; PHRASES.len()];
    let mut any = false;
    for (index, &b) in bytes.iter().enumerate() {
        // Every pattern starts a word with one of these letters.
        if !matches!(b, b't' | b'l' | b'n' | b'k' | b'o' | b'w' | b'b')
            || (index > 0 && bytes[index - 1].is_ascii_alphanumeric())
        {
            continue;
        }
        for (slot, (pattern, _)) in PHRASES.iter().enumerate() {
            if bytes[index..].starts_with(pattern.as_bytes()) {
                found[slot] = true;
                any = true;
            }
        }
    }
    if !any {
        return;
    }
    let mut text = std::mem::take(folded);
    for ((pattern, replacement), found) in PHRASES.iter().zip(found) {
        if found {
            text = text.replace(pattern, replacement);
        }
    }
    *folded = text;
}

/// Where `pattern` first occurs in `haystack`, without the setup cost of the general
/// substring search (the texts and patterns here are short).
fn find_short(haystack: &str, pattern: &str) -> Option<usize> {
    let first = *pattern.as_bytes().first()?;
    let bytes = haystack.as_bytes();
    bytes
        .iter()
        .enumerate()
        .position(|(index, &b)| b == first && bytes[index..].starts_with(pattern.as_bytes()))
}

/// A piece of a tariff text: the words it names, or (excluded) the words it rules out.
#[cfg(test)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece<'a> {
    pub text: &'a str,
    pub excluded: bool,
}

const EXCLUDING_PREFIXES: &[&str] = &[
    "other than ",
    "not ",
    "excluding ",
    "except ",
    "without ",
    "不包括",
    "不含",
    "除",
];
const EXCLUDING_INFIXES: &[&str] = &[" other than ", " excluding ", " except ", " not "];

/// Splits a normalised tariff text into pieces that name the goods and pieces that exclude
/// goods: parenthetical and comma clauses that start with "other than", "not", "excluding" or
/// end with "除外".
#[cfg(test)]
pub(crate) fn split_exclusions(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    for_each_piece(text, &mut |text, excluded| {
        pieces.push(Piece { text, excluded })
    });
    pieces
}

/// [`split_exclusions`], handing each piece to `emit` as `(text, excluded)`.
pub(crate) fn for_each_piece<'a>(text: &'a str, emit: &mut dyn FnMut(&'a str, bool)) {
    let mut depth = 0usize;
    let mut start = 0usize;
    for (index, c) in text.char_indices() {
        match c {
            '(' => {
                if depth == 0 {
                    push_clause(&text[start..index], false, emit);
                    start = index + c.len_utf8();
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    push_clause(&text[start..index], true, emit);
                    start = index + c.len_utf8();
                }
            }
            ',' | ';' | '。' if depth == 0 => {
                push_clause(&text[start..index], false, emit);
                start = index + c.len_utf8();
            }
            _ => {}
        }
    }
    push_clause(&text[start..], depth > 0, emit);
}

fn push_clause<'a>(clause: &'a str, parenthetical: bool, emit: &mut dyn FnMut(&'a str, bool)) {
    let trimmed = clause.trim();
    if trimmed.is_empty() {
        return;
    }
    if let Some(rest) = trimmed.strip_suffix("除外") {
        emit(rest.strip_prefix('但').unwrap_or(rest), true);
        return;
    }
    for prefix in EXCLUDING_PREFIXES {
        if let Some(rest) = trimmed.strip_prefix(prefix) {
            // "除" alone starts many ordinary words (除草剂); only a clause that says what it
            // leaves out counts.
            if *prefix == "除" && !parenthetical {
                break;
            }
            emit(rest, true);
            return;
        }
    }
    // The English infixes all stand between spaces.
    if trimmed.as_bytes().contains(&b' ') {
        for infix in EXCLUDING_INFIXES {
            if let Some(position) = find_short(trimmed, infix) {
                emit(&trimmed[..position], false);
                emit(&trimmed[position + infix.len()..], true);
                return;
            }
        }
    }
    emit(trimmed, false);
}

/// True when a tariff name is an "other" line: the answer when the named lines are excluded.
pub(crate) fn is_other_name(name_zh: &str, name_en: &str) -> bool {
    let en = name_en.trim_start().to_ascii_lowercase();
    name_zh.starts_with("其他")
        || name_zh.contains("未列名")
        || en.starts_with("other")
        || en.contains(" nes")
        || en.contains("n.e.s")
        || en.contains("n.e.c")
        || en.contains("nesoi")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_case_and_controls() {
        let cases = [
            ("棉制针织或钩编的Ｔ恤衫", "棉制针织或钩编的 tshirt "),
            ("Men's COTTON T-Shirt", "men's cotton  tshirt "),
            ("A\u{0}B\tC", "a b c"),
            ("Li-ion　battery", " lithium-ion  battery"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize_text(input), expected, "{input}");
        }
    }

    #[test]
    fn splits_excluded_clauses() {
        let check = |text: &str, expected: &[(&str, bool)]| {
            let normalized = normalize_text(text);
            let pieces = split_exclusions(&normalized);
            let got: Vec<(&str, bool)> = pieces
                .iter()
                .map(|piece| (piece.text, piece.excluded))
                .collect();
            assert_eq!(got, expected, "{text}");
        };
        check(
            "其他马，改良种用除外",
            &[("其他马", false), ("改良种用", true)],
        );
        check(
            "改良种用马（濒危野马除外）",
            &[("改良种用马", false), ("濒危野马", true)],
        );
        check(
            "T-shirts; of textile materials (other than cotton), knitted or crocheted",
            &[
                ("tshirt", false),
                ("of textile materials", false),
                ("cotton", true),
                ("knitted or crocheted", false),
            ],
        );
        check(
            "Live horses, not pure-bred breeding",
            &[("live horses", false), ("pure-bred breeding", true)],
        );
        check(
            "Dresses; of cotton (not knitted or crocheted)",
            &[
                ("dresses", false),
                ("of cotton", false),
                ("knitted or crocheted", true),
            ],
        );
        check("除草剂", &[("除草剂", false)]);
    }

    #[test]
    fn recognises_other_lines() {
        assert!(is_other_name("其他锂离子蓄电池", ""));
        assert!(is_other_name("未列名蓄电池", "Other electric accumulators"));
        assert!(is_other_name("", "Lead-acid electric accumulators nes"));
        assert!(!is_other_name(
            "锂离子蓄电池",
            "Lithium-ion electric accumulators"
        ));
    }
}
