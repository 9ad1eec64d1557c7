//! Bilingual text and input errors.

use serde::Serialize;

/// The language of messages, rule pages and reports. Chinese is the default for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// 中文
    #[default]
    Zh,
    /// English
    En,
}

impl Lang {
    /// Parses `zh` or `en` (case-insensitive; `zh-CN`, `en-US` accepted).
    pub fn parse(text: &str) -> Option<Lang> {
        let lower = text.trim().to_ascii_lowercase();
        if lower == "zh" || lower.starts_with("zh-") || lower.starts_with("zh_") {
            Some(Lang::Zh)
        } else if lower == "en" || lower.starts_with("en-") || lower.starts_with("en_") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

/// A text in both languages: every message a person reads exists in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Text {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A text from its two languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A problem with the input: which place in which file, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The JSON path (`declaration.lines[2].quantity`) or `line N, column M` in the file.
    pub path: String,
    /// What is wrong, in both languages.
    pub message: Text,
}

impl InputError {
    /// A new input error at `path`.
    pub fn new(path: impl Into<String>, message: Text) -> Self {
        InputError {
            path: path.into(),
            message,
        }
    }
}

impl Serialize for InputError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("InputError", 2)?;
        s.serialize_field("path", &self.path)?;
        s.serialize_field("message", &self.message.en)?;
        s.end()
    }
}

/// `str::trim`, with the common case first: a text that starts and ends with a visible ASCII
/// character or a CJK ideograph (U+4E00..U+9FFF, lead bytes E4..E9, none of them white
/// space) has nothing to trim.
pub(crate) fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    let visible_ascii = |b: u8| (0x21..0x7f).contains(&b);
    let ideograph_lead = |b: u8| (0xe4..=0xe9).contains(&b);
    let clean_start = bytes
        .first()
        .is_some_and(|&b| visible_ascii(b) || ideograph_lead(b));
    let clean_end = match bytes {
        [.., last] if visible_ascii(*last) => true,
        [.., lead, _, _] => ideograph_lead(*lead),
        _ => false,
    };
    if clean_start && clean_end {
        text
    } else {
        text.trim()
    }
}
