//! The product-name lexicon: the names traders and brokers give the goods of each HS heading or
//! subheading ("rice cooker", 电饭煲, "hoodie", 卫衣), which the tariff's own texts rarely use.
//! One file per range of chapters under `data/lexicon/`, embedded at compile time (all
//! `*.tsv` files there, see `build.rs`). Each row is `code<TAB>zh<TAB>en`: a 4-digit heading
//! or a 6-digit subheading, Chinese names separated by `；`, English names by `; `; lines
//! starting with `#` are comments. Each row becomes a node of the lexicon field covering the
//! documents of its heading or subheading.

use crate::ClassifyError;

include!(concat!(env!("OUT_DIR"), "/generated.rs"));

/// Words that make a name a brand or a model line rather than a kind of goods ("iPhone",
/// "Nintendo Switch"): such names are left out, so that a description that gives only a brand
/// stays a low-confidence answer (the person must say what the goods are).
const BRAND_WORDS: &[&str] = &[
    "advil",
    "airpods",
    "barbie",
    "chromebook",
    "gopro",
    "imac",
    "ipad",
    "iphone",
    "ipod",
    "kindle",
    "lego",
    "macbook",
    "nintendo",
    "panadol",
    "playstation",
    "polaroid",
    "ps4",
    "ps5",
    "tylenol",
    "viagra",
    "xbox",
];

/// Chinese-column names that are brands ("Switch" there is the game console).
const BRAND_NAMES: &[&str] = &["switch", "乐高", "苹果手机", "芭比娃娃", "芬必得", "泰诺林"];

/// Brands written with a hyphen, in either column.
const BRAND_PHRASES: &[&str] = &["wd-40"];

/// A brand or model line, not a kind of goods.
fn is_brand(name: &str, chinese_column: bool) -> bool {
    let ascii =
        |words: &[&str], word: &str| words.iter().any(|brand| brand.eq_ignore_ascii_case(word));
    (chinese_column
        && BRAND_NAMES
            .iter()
            .any(|brand| brand.eq_ignore_ascii_case(name)))
        || BRAND_PHRASES.iter().any(|brand| {
            name.as_bytes()
                .windows(brand.len())
                .any(|window| window.eq_ignore_ascii_case(brand.as_bytes()))
        })
        || name
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| word.len() >= 3 && ascii(BRAND_WORDS, word))
}

/// One row of the lexicon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProductRow {
    /// The heading (4 digits) or subheading (6 digits).
    pub code: String,
    /// The Chinese names as written, separated by `；`.
    zh: String,
    /// The English names as written, separated by `;`.
    en: String,
}

impl ProductRow {
    /// The Chinese names, brands left out.
    pub(crate) fn names_zh(&self) -> impl Iterator<Item = &str> {
        names(&self.zh, "；", true)
    }

    /// The English names, brands left out.
    pub(crate) fn names_en(&self) -> impl Iterator<Item = &str> {
        names(&self.en, ";", false)
    }

    /// All the names, Chinese first.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.names_zh().chain(self.names_en())
    }
}

fn names<'a>(
    text: &'a str,
    separator: &'static str,
    chinese_column: bool,
) -> impl Iterator<Item = &'a str> {
    text.split(separator)
        .map(str::trim)
        .filter(move |name| !name.is_empty() && !is_brand(name, chinese_column))
}

/// The embedded lexicon files, `(file name, text)`.
pub(crate) fn files() -> &'static [(&'static str, &'static str)] {
    PRODUCT_FILES
}

/// The fingerprint of the analysis code and its embedded data (see `build.rs`).
pub(crate) const fn analysis_fingerprint() -> u64 {
    ANALYSIS_FINGERPRINT
}

/// Parses one lexicon file; the first malformed row is an error naming the file and line.
pub(crate) fn parse(file: &'static str, text: &str) -> Result<Vec<ProductRow>, ClassifyError> {
    let mut rows = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let error = |message: String| ClassifyError::Table {
            table: file,
            line: line_number,
            message,
        };
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 3 {
            return Err(error(format!(
                "expected 3 tab-separated columns (code, zh, en), found {}",
                fields.len()
            )));
        }
        let code = fields[0].trim();
        if !(code.len() == 4 || code.len() == 6) || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(error(format!(
                "`{code}` is not a 4-digit heading or a 6-digit subheading"
            )));
        }
        if fields[1].trim().is_empty() && fields[2].trim().is_empty() {
            return Err(error(format!("`{code}` has no names")));
        }
        rows.push(ProductRow {
            code: code.to_string(),
            zh: fields[1].to_string(),
            en: fields[2].to_string(),
        });
    }
    Ok(rows)
}

/// All the embedded lexicon files' rows.
pub(crate) fn embedded_rows() -> Result<Vec<ProductRow>, ClassifyError> {
    let mut rows = Vec::new();
    for (file, text) in files() {
        rows.extend(parse(file, text)?);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every embedded file parses, every code is a heading or subheading of HS 2022, and no
    /// code has two rows.
    #[test]
    fn the_embedded_lexicon_is_well_formed() {
        let hs: std::collections::HashSet<&str> = crate::embedded_tables()
            .hs_tsv
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split('\t').next())
            .collect();
        let mut seen: std::collections::HashMap<String, &str> = Default::default();
        let mut problems = Vec::new();
        for (file, text) in files() {
            let rows = match parse(file, text) {
                Ok(rows) => rows,
                Err(error) => {
                    problems.push(error.to_string());
                    continue;
                }
            };
            for row in rows {
                if !hs.contains(row.code.as_str()) {
                    problems.push(format!("{file}: {} is not a code of HS 2022", row.code));
                }
                if let Some(earlier) = seen.insert(row.code.clone(), file) {
                    problems.push(format!("{file}: {} has a row in {earlier} too", row.code));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn rows_are_read_and_errors_name_their_line() {
        let rows = parse(
            "test.tsv",
            "# comment\n8516\t电饭煲；电水壶\trice cooker; electric kettle\n\n851660\t电饭锅\t\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].names_zh().collect::<Vec<_>>(), ["电饭煲", "电水壶"]);
        assert_eq!(
            rows[0].names_en().collect::<Vec<_>>(),
            ["rice cooker", "electric kettle"]
        );
        assert_eq!(rows[1].names_en().count(), 0);
        let error = parse("test.tsv", "8516\t电饭煲\trice cooker\n85x6\ta\tb\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "test.tsv table, line 2: `85x6` is not a 4-digit heading or a 6-digit subheading"
        );
        let rows = parse(
            "test.tsv",
            "851713\t智能手机；苹果手机；iPhone；WD-40\tsmartphone; iPhone; Apple iPhone 15; wd-40 spray\n",
        )
        .unwrap();
        assert_eq!(
            rows[0].names().collect::<Vec<_>>(),
            ["智能手机", "smartphone"]
        );
        let error = parse("test.tsv", "8516\t电饭煲\n").unwrap_err();
        assert!(error.to_string().contains("line 1"), "{error}");
    }
}
