//! The fast bundle reader: JSON text straight into the bundle, with no JSON tree in between.
//!
//! It reads what a clean bundle holds and gives up (`None`) at the first thing the lenient
//! reader (`parse.rs`) would report, so that the lenient reader, which names every problem
//! with its path, runs only on bundles that have problems. Where both succeed they build the
//! same bundle: the conversions below are the lenient reader's, value for value, including
//! its quirks (the last of duplicate keys wins, numbers keep the text `serde_json` gives them
//! with `arbitrary_precision`, element maps are ordered as `serde_json::Map` orders them).
//! The equality is tested over every fixture and example and over generated JSON.

use crate::bundle::*;
use crate::decimal::{DecimalError, parse_decimal_text};
use crate::parse::{count_of, is_iso_date, split_list};
use crate::{CommodityCode, CompactString, Decimal, Elements, normalize_code};
use serde::Deserializer as _;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// The key under which `serde_json` (with `arbitrary_precision`) hands over a number's text.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";
/// `serde_json`'s private keys (numbers, raw values): an object whose first key is one of them
/// is not an object to `serde_json::Value`.
const PRIVATE_PREFIX: &str = "$serde_json::private::";

/// The bundle read from clean JSON text, or `None` when the lenient reader should run: the
/// text is not a JSON object holding at least one bundle key (`id`, `direction`, a document,
/// `attachments`), or some field would be reported as a problem.
///
/// When this returns `Some(bundle)`, [`crate::parse_bundle`] returns the same bundle and no
/// errors.
pub fn parse_bundle_fast(text: &str) -> Option<Bundle> {
    let top = read_top(text.strip_prefix('\u{feff}').unwrap_or(text))?;
    top.keyed.then_some(top.bundle)
}

/// The bundle of a clean JSON object (keyed or not: an object without bundle keys is an
/// empty bundle to the lenient reader too).
pub(crate) fn read_clean(text: &str) -> Option<Bundle> {
    read_top(text).map(|top| top.bundle)
}

fn read_top(text: &str) -> Option<Top> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let top: Top = deserializer
        .deserialize_any(RecordVisitor::<Top>(PhantomData))
        .ok()?;
    deserializer.end().ok()?;
    Some(top)
}

/// `str::trim`, with the common case first: a text that starts and ends with a visible ASCII
/// character or a CJK ideograph (U+4E00..U+9FFF, lead bytes E4..E9, none of them white
/// space) has nothing to trim.
fn trim(text: &str) -> &str {
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

/// Every reason to give up is the same: let the lenient reader say what it is.
fn give_up<E: de::Error>() -> E {
    E::custom("not a clean bundle")
}

/// An object key, borrowed from the text unless it holds escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A JSON scalar as `serde_json::Value` would hold it.
enum Scalar<'de> {
    Null,
    Bool(bool),
    Str(Cow<'de, str>),
    /// A number the parser read as a `u64` (`Value` writes it back as the same digits).
    Unsigned(u64),
    /// A number the parser read as an `i64` (only negative ones are).
    Signed(i64),
    /// Any other number, as the text `Value` keeps.
    Number(String),
}

impl<'de> de::Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Unsigned(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Signed(v))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Owned(v)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar<'de>, A::Error> {
        // A number that is neither u64 nor i64 arrives as a one-entry map; a real object is
        // never a scalar.
        match map.next_key::<Key<'de>>()? {
            Some(Key(key)) if key == NUMBER_TOKEN => number_text(&mut map).map(Scalar::Number),
            _ => Err(give_up()),
        }
    }
}

/// The text `serde_json::Value` keeps for the number whose key was just read: the parser's
/// text as it is when it is already in the parser's form (always, unless someone wrote the
/// private key by hand), else what `Value` makes of it.
fn number_text<'de, A: MapAccess<'de>>(map: &mut A) -> Result<String, A::Error> {
    let text: String = map.next_value()?;
    if is_parser_number(&text) {
        return Ok(text);
    }
    let number: serde_json::Number = text.parse().map_err(|_| give_up())?;
    Ok(number.as_str().to_owned())
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?(e[+-][0-9]+)?`: the form `serde_json` scans numbers into,
/// which it reads back unchanged.
fn is_parser_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < bytes.len() && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let start = i;
    let integer = digits(&mut i);
    if integer == 0 || (integer > 1 && bytes[start] == b'0') {
        return false;
    }
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if i < bytes.len() && bytes[i] == b'e' {
        i += 1;
        if i >= bytes.len() || !(bytes[i] == b'+' || bytes[i] == b'-') {
            return false;
        }
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == bytes.len()
}

/// Any JSON value, read and dropped, with the same checks `serde_json::Value` makes.
struct Skip;

impl<'de> de::Deserialize<'de> for Skip {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        let Some(Key(first)) = map.next_key::<Key<'de>>()? else {
            return Ok(Skip);
        };
        if first.starts_with(PRIVATE_PREFIX) {
            return if first == NUMBER_TOKEN {
                number_text(&mut map).map(|_| Skip)
            } else {
                Err(give_up())
            };
        }
        map.next_value::<Skip>()?;
        while map.next_entry::<Key<'de>, Skip>()?.is_some() {}
        Ok(Skip)
    }
}

/// A JSON object read into `Self` field by field.
trait Record: Default {
    /// Reads the value of `key` when it is one of the record's fields; `false` otherwise
    /// (the caller skips the value).
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;
}

struct RecordVisitor<T>(PhantomData<T>);

impl<'de, T: Record> Visitor<'de> for RecordVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        read_record(map)
    }
}

fn read_record<'de, T: Record, A: MapAccess<'de>>(mut map: A) -> Result<T, A::Error> {
    let mut record = T::default();
    let mut first = true;
    while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
        if first && key.starts_with(PRIVATE_PREFIX) {
            return Err(give_up());
        }
        first = false;
        if !record.field(&key, &mut map)? {
            map.next_value::<Skip>()?;
        }
    }
    Ok(record)
}

/// A document: `null` is no document, an object is read, anything else is a problem.
struct Document<T>(Option<T>);

impl<'de, T: Record> de::Deserialize<'de> for Document<T> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DocumentVisitor<T>(PhantomData<T>);
        impl<'de, T: Record> Visitor<'de> for DocumentVisitor<T> {
            type Value = Document<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object or null")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Document<T>, E> {
                Ok(Document(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Document<T>, A::Error> {
                read_record(map).map(|record| Document(Some(record)))
            }
        }
        deserializer.deserialize_any(DocumentVisitor(PhantomData))
    }
}

/// Goods lines: numbered by their position when they carry no number.
trait Numbered: Record {
    fn no_mut(&mut self) -> &mut u32;
}

/// `lines`: `null` is none, an array of objects is read, anything else is a problem.
struct Lines<T>(Vec<T>);

impl<'de, T: Numbered> de::Deserialize<'de> for Lines<T> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LinesVisitor<T>(PhantomData<T>);
        impl<'de, T: Numbered> Visitor<'de> for LinesVisitor<T> {
            type Value = Lines<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of lines")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Lines<T>, E> {
                Ok(Lines(Vec::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Lines<T>, A::Error> {
                let mut lines = Vec::with_capacity(seq.size_hint().unwrap_or(8));
                while let Some(mut line) = seq.next_element_seed(RecordSeed::<T>(PhantomData))? {
                    // 0 means "not given": a written 0 gave up already.
                    if *line.no_mut() == 0 {
                        *line.no_mut() = u32::try_from(lines.len() + 1).unwrap_or(u32::MAX);
                    }
                    lines.push(line);
                }
                Ok(Lines(lines))
            }
        }
        deserializer.deserialize_any(LinesVisitor(PhantomData))
    }
}

struct RecordSeed<T>(PhantomData<T>);

impl<'de, T: Record> DeserializeSeed<'de> for RecordSeed<T> {
    type Value = T;
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_any(RecordVisitor::<T>(PhantomData))
    }
}

/// `attachments`: `null` is none, an array of objects each with a `kind`.
struct Attachments(Vec<Attachment>);

#[derive(Default)]
struct AttachmentDraft {
    kind: Option<CompactString>,
    code: Option<CompactString>,
    no: Option<CompactString>,
}

impl Record for AttachmentDraft {
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "kind" => self.kind = string(map.next_value()?)?,
            "code" => self.code = code(map.next_value()?)?,
            "no" => self.no = string(map.next_value()?)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl<'de> de::Deserialize<'de> for Attachments {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AttachmentsVisitor;
        impl<'de> Visitor<'de> for AttachmentsVisitor {
            type Value = Attachments;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of attachments")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Attachments, E> {
                Ok(Attachments(Vec::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Attachments, A::Error> {
                let mut attachments = Vec::with_capacity(seq.size_hint().unwrap_or(4));
                while let Some(draft) =
                    seq.next_element_seed(RecordSeed::<AttachmentDraft>(PhantomData))?
                {
                    let kind = draft.kind.ok_or_else(give_up)?;
                    attachments.push(Attachment {
                        kind: kind.to_ascii_lowercase(),
                        code: draft.code,
                        no: draft.no,
                    });
                }
                Ok(Attachments(attachments))
            }
        }
        deserializer.deserialize_any(AttachmentsVisitor)
    }
}

/// A list of strings: an array, or one string of separated values.
struct StringList(Vec<CompactString>);

impl<'de> de::Deserialize<'de> for StringList {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = StringList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of strings")
            }
            fn visit_unit<E: de::Error>(self) -> Result<StringList, E> {
                Ok(StringList(Vec::new()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StringList, E> {
                Ok(StringList(split_list(v)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StringList, A::Error> {
                let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(4));
                while let Some(item) = seq.next_element::<Scalar<'de>>()? {
                    match item {
                        Scalar::Null => {}
                        Scalar::Str(text) => {
                            let trimmed = trim(&text);
                            if !trimmed.is_empty() {
                                list.push(CompactString::from(trimmed));
                            }
                        }
                        Scalar::Bool(_) => return Err(give_up()),
                        number => list.push(number_string(number)?.into()),
                    }
                }
                Ok(StringList(list))
            }
        }
        deserializer.deserialize_any(ListVisitor)
    }
}

/// Declaration elements: a `name:value|…` string or an object of names and values.
struct ElementsField(Elements);

impl<'de> de::Deserialize<'de> for ElementsField {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ElementsVisitor;
        impl<'de> Visitor<'de> for ElementsVisitor {
            type Value = ElementsField;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("declaration elements")
            }
            fn visit_unit<E: de::Error>(self) -> Result<ElementsField, E> {
                Ok(ElementsField(Elements::default()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ElementsField, E> {
                Ok(ElementsField(Elements::parse_raw(v)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ElementsField, A::Error> {
                let mut pairs: Vec<(Cow<'de, str>, Scalar<'de>)> =
                    Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(Key(name)) = map.next_key::<Key<'de>>()? {
                    if pairs.is_empty() && name.starts_with(PRIVATE_PREFIX) {
                        return Err(give_up());
                    }
                    let value = map.next_value::<Scalar<'de>>()?;
                    pairs.push((name, value));
                }
                // `Value` keeps the last of duplicate names: leave that to the lenient reader.
                // Sorted names show duplicates side by side.
                let duplicated = if crate::parse::maps_sort_keys() {
                    pairs.sort_unstable_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
                    pairs.windows(2).any(|pair| pair[0].0 == pair[1].0)
                } else {
                    pairs
                        .iter()
                        .enumerate()
                        .any(|(at, (name, _))| pairs[..at].iter().any(|(seen, _)| seen == name))
                };
                if duplicated {
                    return Err(give_up());
                }
                let mut entries = Vec::with_capacity(pairs.len());
                for (name, value) in pairs {
                    let value = match value {
                        Scalar::Null => CompactString::default(),
                        Scalar::Bool(flag) => {
                            CompactString::from(if flag { "true" } else { "false" })
                        }
                        Scalar::Str(text) => CompactString::from(trim(&text)),
                        number => number_string(number)?.into(),
                    };
                    entries.push((Some(CompactString::from(trim(&name))), value));
                }
                Ok(ElementsField(Elements::from_entries(entries)))
            }
        }
        deserializer.deserialize_any(ElementsVisitor)
    }
}

/// A number's text as `Value` writes it.
fn number_string<E: de::Error>(scalar: Scalar<'_>) -> Result<String, E> {
    match scalar {
        Scalar::Unsigned(n) => Ok(n.to_string()),
        Scalar::Signed(n) => Ok(n.to_string()),
        Scalar::Number(text) => Ok(text),
        _ => Err(give_up()),
    }
}

/// The lenient reader's `string`: trimmed, empty is absent; numbers as written.
fn string<E: de::Error>(scalar: Scalar<'_>) -> Result<Option<CompactString>, E> {
    match scalar {
        Scalar::Null => Ok(None),
        Scalar::Str(text) => {
            let trimmed = trim(&text);
            Ok((!trimmed.is_empty()).then(|| CompactString::from(trimmed)))
        }
        Scalar::Bool(_) => Err(give_up()),
        number => number_string(number).map(|text| Some(text.into())),
    }
}

/// The trimmed text of a string or a number, without copying a string.
fn text_of<'a, E: de::Error>(scalar: &'a Scalar<'_>) -> Result<Option<Cow<'a, str>>, E> {
    match scalar {
        Scalar::Null => Ok(None),
        Scalar::Str(text) => {
            let trimmed = trim(text);
            Ok((!trimmed.is_empty()).then_some(Cow::Borrowed(trimmed)))
        }
        Scalar::Bool(_) => Err(give_up()),
        Scalar::Unsigned(n) => Ok(Some(Cow::Owned(n.to_string()))),
        Scalar::Signed(n) => Ok(Some(Cow::Owned(n.to_string()))),
        Scalar::Number(text) => Ok(Some(Cow::Borrowed(text))),
    }
}

fn code<E: de::Error>(scalar: Scalar<'_>) -> Result<Option<CompactString>, E> {
    Ok(text_of(&scalar)?
        .map(|text| normalize_code(&text))
        .filter(|code| !code.is_empty()))
}

fn commodity_code<E: de::Error>(scalar: Scalar<'_>) -> Result<Option<CommodityCode>, E> {
    Ok(text_of(&scalar)?.and_then(|text| CommodityCode::parse(&text)))
}

fn date<E: de::Error>(scalar: Scalar<'_>) -> Result<Option<CompactString>, E> {
    match string(scalar)? {
        Some(text) if !is_iso_date(&text) => Err(give_up()),
        date => Ok(date),
    }
}

fn boolean<E: de::Error>(scalar: Scalar<'_>) -> Result<Option<bool>, E> {
    match scalar {
        Scalar::Null => Ok(None),
        Scalar::Bool(value) => Ok(Some(value)),
        Scalar::Str(text) => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "是" | "有" => Ok(Some(true)),
            "false" | "no" | "否" | "无" => Ok(Some(false)),
            _ => Err(give_up()),
        },
        _ => Err(give_up()),
    }
}

fn direction<E: de::Error>(scalar: Scalar<'_>) -> Result<Option<Direction>, E> {
    let Some(text) = text_of(&scalar)? else {
        return Ok(None);
    };
    match text.to_ascii_lowercase().as_str() {
        "export" | "e" | "出口" => Ok(Some(Direction::Export)),
        "import" | "i" | "进口" => Ok(Some(Direction::Import)),
        _ => Err(give_up()),
    }
}

/// The lenient reader's `amount`: a non-negative exact decimal.
fn amount<E: de::Error>(scalar: Scalar<'_>) -> Result<Option<Decimal>, E> {
    let value = match scalar {
        Scalar::Null => return Ok(None),
        // The text of a u64 parses to the same decimal, scale 0.
        Scalar::Unsigned(n) if n < 1_000_000_000_000_000 => return Ok(Some(Decimal::from(n))),
        Scalar::Unsigned(_) | Scalar::Signed(_) | Scalar::Bool(_) => return Err(give_up()),
        Scalar::Str(text) if trim(&text).is_empty() => return Ok(None),
        Scalar::Str(text) => parse_decimal_text(&text),
        Scalar::Number(text) => parse_decimal_text(&text),
    };
    match value {
        Ok(value) if value.is_sign_negative() && !value.is_zero() => Err(give_up()),
        Ok(value) => Ok(Some(value)),
        Err(DecimalError::NotANumber | DecimalError::OutOfRange) => Err(give_up()),
    }
}

/// The lenient reader's `count`: a whole number up to 10^9.
fn count<E: de::Error>(scalar: Scalar<'_>) -> Result<Option<u64>, E> {
    match amount(scalar)? {
        None => Ok(None),
        Some(value) => count_of(value).map_err(|()| give_up()),
    }
}

/// A line number: 1 or more; 0 stands for "not given".
fn line_no<E: de::Error>(scalar: Scalar<'_>) -> Result<u32, E> {
    match count(scalar)? {
        None => Ok(0),
        Some(no) => u32::try_from(no)
            .ok()
            .filter(|no| *no >= 1)
            .ok_or_else(give_up),
    }
}

/// The top level: the bundle, and whether any bundle key was present.
#[derive(Default)]
struct Top {
    bundle: Bundle,
    keyed: bool,
}

impl Record for Top {
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        let bundle = &mut self.bundle;
        match key {
            "id" => bundle.id = string(map.next_value()?)?,
            "direction" => bundle.direction = direction(map.next_value()?)?,
            "declaration" => bundle.declaration = map.next_value::<Document<_>>()?.0,
            "invoice" => bundle.invoice = map.next_value::<Document<_>>()?.0,
            "packing_list" => bundle.packing_list = map.next_value::<Document<_>>()?.0,
            "contract" => bundle.contract = map.next_value::<Document<_>>()?.0,
            "bill_of_lading" => bundle.bill_of_lading = map.next_value::<Document<_>>()?.0,
            "agent_certificate" => {
                bundle.agent_certificate = map.next_value::<Document<_>>()?.0;
            }
            "certificate_of_origin" => {
                bundle.certificate_of_origin = map.next_value::<Document<_>>()?.0;
            }
            "agency_agreement" => bundle.agency_agreement = map.next_value::<Document<_>>()?.0,
            "attachments" => bundle.attachments = map.next_value::<Attachments>()?.0,
            _ => return Ok(false),
        }
        self.keyed = true;
        Ok(true)
    }
}

impl Record for Declaration {
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "entry_id" => self.entry_id = string(map.next_value()?)?,
            "customs_office" => self.customs_office = code(map.next_value()?)?,
            "port_office" => self.port_office = code(map.next_value()?)?,
            "trade_mode" => self.trade_mode = code(map.next_value()?)?,
            "transaction_terms" => self.transaction_terms = code(map.next_value()?)?,
            "transport_mode" => self.transport_mode = code(map.next_value()?)?,
            "currency" => self.currency = code(map.next_value()?)?,
            "trade_country" => self.trade_country = code(map.next_value()?)?,
            "destination_country" => self.destination_country = code(map.next_value()?)?,
            "contract_no" => self.contract_no = string(map.next_value()?)?,
            "gross_weight_kg" => self.gross_weight_kg = amount(map.next_value()?)?,
            "net_weight_kg" => self.net_weight_kg = amount(map.next_value()?)?,
            "packages" => self.packages = count(map.next_value()?)?,
            "package_kind" => self.package_kind = code(map.next_value()?)?,
            "bl_no" => self.bl_no = string(map.next_value()?)?,
            "vessel" => self.vessel = string(map.next_value()?)?,
            "voyage" => self.voyage = string(map.next_value()?)?,
            "attached_documents" => self.attached_documents = map.next_value::<StringList>()?.0,
            "total_amount" => self.total_amount = amount(map.next_value()?)?,
            "lines" => self.lines = map.next_value::<Lines<_>>()?.0,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl Record for DeclarationLine {
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "no" => self.no = line_no(map.next_value()?)?,
            "hs_code" => self.hs_code = commodity_code(map.next_value()?)?,
            "name" => self.name = string(map.next_value()?)?,
            "name_en" => self.name_en = string(map.next_value()?)?,
            "elements" => self.elements = map.next_value::<ElementsField>()?.0,
            "quantity" => self.quantity = amount(map.next_value()?)?,
            "unit" => self.unit = code(map.next_value()?)?,
            "legal_quantity" => self.legal_quantity = amount(map.next_value()?)?,
            "legal_unit" => self.legal_unit = code(map.next_value()?)?,
            "second_quantity" => self.second_quantity = amount(map.next_value()?)?,
            "second_unit" => self.second_unit = code(map.next_value()?)?,
            "unit_price" => self.unit_price = amount(map.next_value()?)?,
            "amount" => self.amount = amount(map.next_value()?)?,
            "currency" => self.currency = code(map.next_value()?)?,
            "origin_country" => self.origin_country = code(map.next_value()?)?,
            "destination_country" => self.destination_country = code(map.next_value()?)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl Numbered for DeclarationLine {
    fn no_mut(&mut self) -> &mut u32 {
        &mut self.no
    }
}

impl Record for CommercialDocument {
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "no" => self.no = string(map.next_value()?)?,
            "date" => self.date = date(map.next_value()?)?,
            "currency" => self.currency = code(map.next_value()?)?,
            "total_amount" => self.total_amount = amount(map.next_value()?)?,
            "packages" => self.packages = count(map.next_value()?)?,
            "gross_weight_kg" => self.gross_weight_kg = amount(map.next_value()?)?,
            "net_weight_kg" => self.net_weight_kg = amount(map.next_value()?)?,
            "lines" => self.lines = map.next_value::<Lines<_>>()?.0,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl Record for GoodsLine {
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "no" => self.no = line_no(map.next_value()?)?,
            "name" => self.name = string(map.next_value()?)?,
            "name_en" => self.name_en = string(map.next_value()?)?,
            "hs_code" => self.hs_code = commodity_code(map.next_value()?)?,
            "quantity" => self.quantity = amount(map.next_value()?)?,
            "unit" => self.unit = code(map.next_value()?)?,
            "unit_price" => self.unit_price = amount(map.next_value()?)?,
            "amount" => self.amount = amount(map.next_value()?)?,
            "packages" => self.packages = count(map.next_value()?)?,
            "gross_weight_kg" => self.gross_weight_kg = amount(map.next_value()?)?,
            "net_weight_kg" => self.net_weight_kg = amount(map.next_value()?)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl Numbered for GoodsLine {
    fn no_mut(&mut self) -> &mut u32 {
        &mut self.no
    }
}

impl Record for BillOfLading {
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "no" => self.no = string(map.next_value()?)?,
            "vessel" => self.vessel = string(map.next_value()?)?,
            "voyage" => self.voyage = string(map.next_value()?)?,
            "packages" => self.packages = count(map.next_value()?)?,
            "gross_weight_kg" => self.gross_weight_kg = amount(map.next_value()?)?,
            "net_weight_kg" => self.net_weight_kg = amount(map.next_value()?)?,
            "description" => self.description = string(map.next_value()?)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl Record for AgentCertificate {
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "no" => self.no = string(map.next_value()?)?,
            "lines" => self.lines = map.next_value::<Lines<_>>()?.0,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl Record for CertificateOfOrigin {
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "no" => self.no = string(map.next_value()?)?,
            "agreement" => self.agreement = string(map.next_value()?)?,
            "origin_country" => self.origin_country = code(map.next_value()?)?,
            "lines" => self.lines = map.next_value::<Lines<_>>()?.0,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl Record for OriginLine {
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "no" => self.no = line_no(map.next_value()?)?,
            "hs_code" => self.hs_code = commodity_code(map.next_value()?)?,
            "criterion" => self.criterion = string(map.next_value()?)?,
            "origin_country" => self.origin_country = code(map.next_value()?)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl Numbered for OriginLine {
    fn no_mut(&mut self) -> &mut u32 {
        &mut self.no
    }
}

impl Record for AgencyAgreement {
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "no" => self.no = string(map.next_value()?)?,
            "joint_liability_clause" => self.joint_liability_clause = boolean(map.next_value()?)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::trim;
    use proptest::prelude::*;

    #[test]
    fn trims_like_str_trim() {
        for text in [
            "",
            " ",
            "a",
            " a ",
            "锂电池",
            "锂电池　",
            "\u{3000}锂",
            "A\u{a0}",
            "中 ",
            "x\u{85}",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_str_trim(text in "\\PC{0,12}|[ \u{3000}\u{a0}\u{85}\u{2028}a中]{0,6}") {
            prop_assert_eq!(trim(&text), text.trim());
        }
    }
}
