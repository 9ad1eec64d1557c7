//! The fast bundle reader: JSON text straight into the bundle, with no JSON tree in between.
//!
//! It reads what a clean bundle holds and gives up (`None`) at the first thing the lenient
//! reader (`parse.rs`) would report, so that the lenient reader, which names every problem
//! with its path, runs only on bundles that have problems. Where both succeed they build the
//! same bundle: the conversions below are the lenient reader's, value for value, including
//! its quirks (the last of duplicate keys wins, numbers keep the text `serde_json` gives them
//! with `arbitrary_precision`, element maps are ordered as `serde_json::Map` orders them).
//! The equality is tested over every fixture and example and over generated JSON.
//!
//! The JSON itself is read by a small reader of its own ([`Reader`]): only what a bundle
//! needs, straight from the bytes, with no visitor between a field and its value. It accepts
//! a subset of what `serde_json` accepts and gives up on the rest (unusual nesting depth, a
//! lone surrogate escape, `serde_json`'s private number key written by hand).

use crate::bundle::*;
use crate::decimal::{DecimalError, parse_decimal_text};
use crate::parse::{count_of, is_iso_date, split_list};
use crate::text::trim;
use crate::{CommodityCode, CompactString, Decimal, Elements, normalize_code};
use std::borrow::Cow;

/// `serde_json`'s private keys (numbers, raw values): an object whose first key is one of them
/// is not an object to `serde_json::Value`.
const PRIVATE_PREFIX: &str = "$serde_json::private::";

/// The deepest nesting read; deeper JSON is left to the lenient reader (and to `serde_json`'s
/// own limit of 128).
const MAX_DEPTH: u32 = 64;

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
    let mut reader = Reader::new(text);
    let top: Top = reader.record().ok()?;
    reader.skip_whitespace();
    (reader.at == reader.bytes.len()).then_some(top)
}

/// The position of the first `"`, `\\` or control character at or after `from` (the length
/// when there is none), eight bytes at a time.
fn special_byte(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_le_bytes(chunk);
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        // A byte is flagged when it is zero after the XOR (or below 0x20 for the control
        // test); the lowest flagged byte is always a true one.
        let flagged = ((quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (word.wrapping_sub(ONES * 0x20) & !word))
            & HIGH_BITS;
        if flagged != 0 {
            return at + (flagged.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while let Some(&byte) = bytes.get(at) {
        if byte == b'"' || byte == b'\\' || byte < 0x20 {
            return at;
        }
        at += 1;
    }
    at
}

/// Every reason to give up is the same: let the lenient reader say what it is.
#[derive(Debug)]
struct GiveUp;

/// A JSON scalar as `serde_json::Value` would hold it.
enum Scalar<'a> {
    Null,
    Bool(bool),
    Str(Cow<'a, str>),
    /// A whole number that fits a `u64` (`Value` writes it back as the same digits).
    Unsigned(u64),
    /// A negative whole number that fits an `i64`.
    Signed(i64),
    /// Any other number, as the text `Value` keeps (exponents written `e+` or `e-`).
    Number(Cow<'a, str>),
}

/// A cursor over the JSON text.
struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: u32,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Reader<'a> {
        Reader {
            text,
            bytes: text.as_bytes(),
            at: 0,
            depth: 0,
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte that is not white space (not consumed).
    fn peek(&mut self) -> Result<u8, GiveUp> {
        self.skip_whitespace();
        self.bytes.get(self.at).copied().ok_or(GiveUp)
    }

    fn expect(&mut self, byte: u8) -> Result<(), GiveUp> {
        if self.peek()? == byte {
            self.at += 1;
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), GiveUp> {
        if self
            .bytes
            .get(self.at..)
            .is_some_and(|rest| rest.starts_with(word))
        {
            self.at += word.len();
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    fn slice(&self, start: usize, end: usize) -> Result<&'a str, GiveUp> {
        self.text.get(start..end).ok_or(GiveUp)
    }

    /// A string (at its opening quote): borrowed from the text unless it holds escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, GiveUp> {
        self.expect(b'"')?;
        let start = self.at;
        let end = special_byte(self.bytes, start);
        match self.bytes.get(end) {
            Some(b'"') => {
                let text = self.slice(start, end)?;
                self.at = end + 1;
                Ok(Cow::Borrowed(text))
            }
            Some(b'\\') => {
                self.at = end;
                self.escaped(start)
            }
            _ => Err(GiveUp),
        }
    }

    /// The rest of a string that holds escapes, from its first character at `start`.
    fn escaped(&mut self, start: usize) -> Result<Cow<'a, str>, GiveUp> {
        let mut out = String::with_capacity(self.at - start + 16);
        let mut run = start;
        loop {
            match *self.bytes.get(self.at).ok_or(GiveUp)? {
                b'"' => {
                    out.push_str(self.slice(run, self.at)?);
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                b'\\' => {
                    out.push_str(self.slice(run, self.at)?);
                    let escape = *self.bytes.get(self.at + 1).ok_or(GiveUp)?;
                    self.at += 2;
                    out.push(match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(GiveUp),
                    });
                    run = self.at;
                }
                0..=0x1f => return Err(GiveUp),
                _ => self.at = special_byte(self.bytes, self.at),
            }
        }
    }

    /// Four hex digits.
    fn hex4(&mut self) -> Result<u32, GiveUp> {
        let digits = self.bytes.get(self.at..self.at + 4).ok_or(GiveUp)?;
        let mut value = 0;
        for &digit in digits {
            value = value * 16 + char::from(digit).to_digit(16).ok_or(GiveUp)?;
        }
        self.at += 4;
        Ok(value)
    }

    /// The character of `\uXXXX` (after the `u`), joining a surrogate pair.
    fn unicode_escape(&mut self) -> Result<char, GiveUp> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.bytes.get(self.at..self.at + 2) != Some(b"\\u".as_slice()) {
                    return Err(GiveUp);
                }
                self.at += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(GiveUp);
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(GiveUp),
            _ => first,
        };
        char::from_u32(code).ok_or(GiveUp)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.bytes.get(self.at) {
            self.at += 1;
        }
        self.at - start
    }

    /// A number, as `serde_json` (with `arbitrary_precision`) hands it over.
    fn number(&mut self) -> Result<Scalar<'a>, GiveUp> {
        let start = self.at;
        let negative = self.bytes.get(self.at) == Some(&b'-');
        if negative {
            self.at += 1;
        }
        match self.bytes.get(self.at) {
            Some(b'0') => {
                self.at += 1;
                if let Some(b'0'..=b'9') = self.bytes.get(self.at) {
                    return Err(GiveUp);
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(GiveUp),
        }
        let mut whole = true;
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(GiveUp);
            }
            whole = false;
        }
        let mut exponent = None;
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            exponent = Some(self.at);
            self.at += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(GiveUp);
            }
        }
        let text = self.slice(start, self.at)?;
        if let Some(at) = exponent {
            // `serde_json` writes the exponent as `e` with its sign.
            let mantissa = self.slice(start, at)?;
            let power = self.slice(at + 1, self.at)?;
            let signed = if power.starts_with(['+', '-']) {
                format!("{mantissa}e{power}")
            } else {
                format!("{mantissa}e+{power}")
            };
            return Ok(Scalar::Number(Cow::Owned(signed)));
        }
        if whole {
            if !negative {
                if let Ok(n) = text.parse::<u64>() {
                    return Ok(Scalar::Unsigned(n));
                }
            } else if text != "-0"
                && let Ok(n) = text.parse::<i64>()
            {
                return Ok(Scalar::Signed(n));
            }
        }
        Ok(Scalar::Number(Cow::Borrowed(text)))
    }

    /// A scalar; an object or an array is not one.
    fn scalar(&mut self) -> Result<Scalar<'a>, GiveUp> {
        match self.peek()? {
            b'"' => self.string().map(Scalar::Str),
            b'n' => self.literal(b"null").map(|()| Scalar::Null),
            b't' => self.literal(b"true").map(|()| Scalar::Bool(true)),
            b'f' => self.literal(b"false").map(|()| Scalar::Bool(false)),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(GiveUp),
        }
    }

    /// Any value, read and dropped.
    fn skip(&mut self) -> Result<(), GiveUp> {
        match self.peek()? {
            b'{' => self.object(|reader, _| reader.skip()),
            b'[' => self.array(Reader::skip),
            _ => self.scalar().map(drop),
        }
    }

    /// Opens an object or array at `open`: `false` when `close` ends it at once.
    fn open(&mut self, open: u8, close: u8) -> Result<bool, GiveUp> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(GiveUp);
        }
        self.expect(open)?;
        if self.peek()? == close {
            self.close();
            return Ok(false);
        }
        Ok(true)
    }

    /// After an element: `true` when a comma says another follows, `false` once `close`
    /// ends the object or array.
    fn next(&mut self, close: u8) -> Result<bool, GiveUp> {
        match self.peek()? {
            b',' => {
                self.at += 1;
                Ok(true)
            }
            byte if byte == close => {
                self.close();
                Ok(false)
            }
            _ => Err(GiveUp),
        }
    }

    fn close(&mut self) {
        self.at += 1;
        self.depth -= 1;
    }

    /// An object: `entry` gets each key and reads its value.
    fn object(
        &mut self,
        mut entry: impl FnMut(&mut Self, Cow<'a, str>) -> Result<(), GiveUp>,
    ) -> Result<(), GiveUp> {
        let mut more = self.open(b'{', b'}')?;
        let mut first = true;
        while more {
            if self.peek()? != b'"' {
                return Err(GiveUp);
            }
            let key = self.string()?;
            if first && key.starts_with(PRIVATE_PREFIX) {
                return Err(GiveUp);
            }
            first = false;
            self.expect(b':')?;
            entry(self, key)?;
            more = self.next(b'}')?;
        }
        Ok(())
    }

    /// An array: `item` reads each element.
    fn array(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<(), GiveUp>,
    ) -> Result<(), GiveUp> {
        let mut more = self.open(b'[', b']')?;
        while more {
            item(self)?;
            more = self.next(b']')?;
        }
        Ok(())
    }

    /// `null` (answers `true`) or nothing.
    fn null(&mut self) -> Result<bool, GiveUp> {
        if self.peek()? == b'n' {
            self.literal(b"null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// An object read into `T` field by field; fields it does not know are skipped.
    fn record<T: Record>(&mut self) -> Result<T, GiveUp> {
        let mut record = T::default();
        self.record_into(&mut record)?;
        Ok(record)
    }

    /// [`Reader::record`] into a record already in place (a line pushed onto its list, so
    /// that the large line structs are not moved).
    fn record_into<T: Record>(&mut self, record: &mut T) -> Result<(), GiveUp> {
        self.object(|reader, key| {
            if !record.field(&key, reader)? {
                reader.skip()?;
            }
            Ok(())
        })
    }

    /// A document: `null` is no document, an object is read, anything else is a problem.
    fn document<T: Record>(&mut self) -> Result<Option<T>, GiveUp> {
        if self.null()? {
            return Ok(None);
        }
        self.record().map(Some)
    }

    /// `lines`: `null` is none, an array of objects is read (numbered by their position when
    /// they carry no number), anything else is a problem.
    fn lines<T: Numbered>(&mut self) -> Result<Vec<T>, GiveUp> {
        let mut lines: Vec<T> = Vec::new();
        self.objects(|reader| {
            let position = lines.len() + 1;
            lines.push(T::default());
            let line = lines.last_mut().ok_or(GiveUp)?;
            reader.record_into(line)?;
            // 0 means "not given": a written 0 gave up already.
            if *line.no_mut() == 0 {
                *line.no_mut() = u32::try_from(position).unwrap_or(u32::MAX);
            }
            Ok(())
        })?;
        Ok(lines)
    }

    /// `attachments`: `null` is none, an array of objects each with a `kind`.
    fn attachments(&mut self) -> Result<Vec<Attachment>, GiveUp> {
        let mut attachments = Vec::new();
        self.objects(|reader| {
            let draft: AttachmentDraft = reader.record()?;
            let kind = draft.kind.ok_or(GiveUp)?;
            attachments.push(Attachment {
                kind: kind.to_ascii_lowercase(),
                code: draft.code,
                no: draft.no,
            });
            Ok(())
        })?;
        Ok(attachments)
    }

    /// `null` (nothing) or an array of objects: `each` reads each object.
    fn objects(&mut self, each: impl FnMut(&mut Self) -> Result<(), GiveUp>) -> Result<(), GiveUp> {
        if self.null()? {
            return Ok(());
        }
        // `each` reads an object: anything else gives up there.
        self.array(each)
    }

    /// A list of strings: an array, or one string of separated values.
    fn string_list(&mut self) -> Result<Vec<CompactString>, GiveUp> {
        let mut list = Vec::new();
        match self.peek()? {
            b'n' => self.literal(b"null")?,
            b'"' => list = split_list(&self.string()?),
            b'[' => self.array(|reader| {
                match reader.scalar()? {
                    Scalar::Null => {}
                    Scalar::Str(text) => {
                        let trimmed = trim(&text);
                        if !trimmed.is_empty() {
                            list.push(CompactString::from(trimmed));
                        }
                    }
                    Scalar::Bool(_) => return Err(GiveUp),
                    number => list.push(number_string(number)?.into()),
                }
                Ok(())
            })?,
            _ => return Err(GiveUp),
        }
        Ok(list)
    }

    /// Declaration elements: a `name:value|…` string or an object of names and values.
    fn elements(&mut self) -> Result<Elements, GiveUp> {
        match self.peek()? {
            b'n' => {
                self.literal(b"null")?;
                return Ok(Elements::default());
            }
            b'"' => return Ok(Elements::parse_raw(&self.string()?)),
            b'{' => {}
            _ => return Err(GiveUp),
        }
        let mut pairs: Vec<(Cow<'a, str>, Scalar<'a>)> = Vec::with_capacity(12);
        self.object(|reader, name| {
            let value = reader.scalar()?;
            pairs.push((name, value));
            Ok(())
        })?;
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
            return Err(GiveUp);
        }
        let mut entries = Vec::with_capacity(pairs.len());
        for (name, value) in pairs {
            let value = match value {
                Scalar::Null => CompactString::default(),
                Scalar::Bool(flag) => CompactString::from(if flag { "true" } else { "false" }),
                Scalar::Str(text) => CompactString::from(trim(&text)),
                number => number_string(number)?.into(),
            };
            entries.push((Some(CompactString::from(trim(&name))), value));
        }
        Ok(Elements::from_entries(entries))
    }
}

/// A JSON object read into `Self` field by field.
trait Record: Default {
    /// Reads the value of `key` when it is one of the record's fields; `false` otherwise
    /// (the caller skips the value).
    fn field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, GiveUp>;
}

/// Goods lines: numbered by their position when they carry no number.
trait Numbered: Record {
    fn no_mut(&mut self) -> &mut u32;
}

#[derive(Default)]
struct AttachmentDraft {
    kind: Option<CompactString>,
    code: Option<CompactString>,
    no: Option<CompactString>,
}

impl Record for AttachmentDraft {
    fn field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, GiveUp> {
        match key {
            "kind" => self.kind = string(r.scalar()?)?,
            "code" => self.code = code(r.scalar()?)?,
            "no" => self.no = string(r.scalar()?)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// A number's text as `Value` writes it.
fn number_string(scalar: Scalar<'_>) -> Result<String, GiveUp> {
    match scalar {
        Scalar::Unsigned(n) => Ok(n.to_string()),
        Scalar::Signed(n) => Ok(n.to_string()),
        Scalar::Number(text) => Ok(text.into_owned()),
        _ => Err(GiveUp),
    }
}

/// The lenient reader's `string`: trimmed, empty is absent; numbers as written.
fn string(scalar: Scalar<'_>) -> Result<Option<CompactString>, GiveUp> {
    match scalar {
        Scalar::Null => Ok(None),
        Scalar::Str(text) => {
            let trimmed = trim(&text);
            Ok((!trimmed.is_empty()).then(|| CompactString::from(trimmed)))
        }
        Scalar::Bool(_) => Err(GiveUp),
        number => number_string(number).map(|text| Some(text.into())),
    }
}

/// The trimmed text of a string or a number, without copying a string.
fn text_of<'a>(scalar: &'a Scalar<'_>) -> Result<Option<Cow<'a, str>>, GiveUp> {
    match scalar {
        Scalar::Null => Ok(None),
        Scalar::Str(text) => {
            let trimmed = trim(text);
            Ok((!trimmed.is_empty()).then_some(Cow::Borrowed(trimmed)))
        }
        Scalar::Bool(_) => Err(GiveUp),
        Scalar::Unsigned(n) => Ok(Some(Cow::Owned(n.to_string()))),
        Scalar::Signed(n) => Ok(Some(Cow::Owned(n.to_string()))),
        Scalar::Number(text) => Ok(Some(Cow::Borrowed(text.as_ref()))),
    }
}

fn code(scalar: Scalar<'_>) -> Result<Option<CompactString>, GiveUp> {
    Ok(text_of(&scalar)?
        .map(|text| normalize_code(&text))
        .filter(|code| !code.is_empty()))
}

fn commodity_code(scalar: Scalar<'_>) -> Result<Option<CommodityCode>, GiveUp> {
    Ok(text_of(&scalar)?.and_then(|text| CommodityCode::parse(&text)))
}

fn date(scalar: Scalar<'_>) -> Result<Option<CompactString>, GiveUp> {
    match string(scalar)? {
        Some(text) if !is_iso_date(&text) => Err(GiveUp),
        date => Ok(date),
    }
}

fn boolean(scalar: Scalar<'_>) -> Result<Option<bool>, GiveUp> {
    match scalar {
        Scalar::Null => Ok(None),
        Scalar::Bool(value) => Ok(Some(value)),
        Scalar::Str(text) => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "是" | "有" => Ok(Some(true)),
            "false" | "no" | "否" | "无" => Ok(Some(false)),
            _ => Err(GiveUp),
        },
        _ => Err(GiveUp),
    }
}

fn direction(scalar: Scalar<'_>) -> Result<Option<Direction>, GiveUp> {
    let Some(text) = text_of(&scalar)? else {
        return Ok(None);
    };
    match text.to_ascii_lowercase().as_str() {
        "export" | "e" | "出口" => Ok(Some(Direction::Export)),
        "import" | "i" | "进口" => Ok(Some(Direction::Import)),
        _ => Err(GiveUp),
    }
}

/// The lenient reader's `amount`: a non-negative exact decimal.
fn amount(scalar: Scalar<'_>) -> Result<Option<Decimal>, GiveUp> {
    let value = match scalar {
        Scalar::Null => return Ok(None),
        // The text of a u64 parses to the same decimal, scale 0.
        Scalar::Unsigned(n) if n < 1_000_000_000_000_000 => return Ok(Some(Decimal::from(n))),
        Scalar::Unsigned(_) | Scalar::Signed(_) | Scalar::Bool(_) => return Err(GiveUp),
        Scalar::Str(text) if trim(&text).is_empty() => return Ok(None),
        Scalar::Str(text) => parse_decimal_text(&text),
        Scalar::Number(text) => parse_decimal_text(&text),
    };
    match value {
        Ok(value) if value.is_sign_negative() && !value.is_zero() => Err(GiveUp),
        Ok(value) => Ok(Some(value)),
        Err(DecimalError::NotANumber | DecimalError::OutOfRange) => Err(GiveUp),
    }
}

/// The lenient reader's `count`: a whole number up to 10^9.
fn count(scalar: Scalar<'_>) -> Result<Option<u64>, GiveUp> {
    // A whole number written as one is its own count (what `count_of` answers for it).
    if let Scalar::Unsigned(n) = scalar
        && n <= MAX_COUNT
    {
        return Ok(Some(n));
    }
    match amount(scalar)? {
        None => Ok(None),
        Some(value) => count_of(value).map_err(|()| GiveUp),
    }
}

/// The largest count `count_of` accepts.
const MAX_COUNT: u64 = 1_000_000_000;

/// A line number: 1 or more; 0 stands for "not given".
fn line_no(scalar: Scalar<'_>) -> Result<u32, GiveUp> {
    match count(scalar)? {
        None => Ok(0),
        Some(no) => u32::try_from(no).ok().filter(|no| *no >= 1).ok_or(GiveUp),
    }
}

/// The top level: the bundle, and whether any bundle key was present.
#[derive(Default)]
struct Top {
    bundle: Bundle,
    keyed: bool,
}

impl Record for Top {
    fn field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, GiveUp> {
        let bundle = &mut self.bundle;
        match key {
            "id" => bundle.id = string(r.scalar()?)?,
            "direction" => bundle.direction = direction(r.scalar()?)?,
            "declaration" => bundle.declaration = r.document()?,
            "invoice" => bundle.invoice = r.document()?,
            "packing_list" => bundle.packing_list = r.document()?,
            "contract" => bundle.contract = r.document()?,
            "bill_of_lading" => bundle.bill_of_lading = r.document()?,
            "agent_certificate" => {
                bundle.agent_certificate = r.document()?;
            }
            "certificate_of_origin" => {
                bundle.certificate_of_origin = r.document()?;
            }
            "agency_agreement" => bundle.agency_agreement = r.document()?,
            "attachments" => bundle.attachments = r.attachments()?,
            _ => return Ok(false),
        }
        self.keyed = true;
        Ok(true)
    }
}

impl Record for Declaration {
    fn field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, GiveUp> {
        match key {
            "entry_id" => self.entry_id = string(r.scalar()?)?,
            "customs_office" => self.customs_office = code(r.scalar()?)?,
            "port_office" => self.port_office = code(r.scalar()?)?,
            "trade_mode" => self.trade_mode = code(r.scalar()?)?,
            "transaction_terms" => self.transaction_terms = code(r.scalar()?)?,
            "transport_mode" => self.transport_mode = code(r.scalar()?)?,
            "currency" => self.currency = code(r.scalar()?)?,
            "trade_country" => self.trade_country = code(r.scalar()?)?,
            "destination_country" => self.destination_country = code(r.scalar()?)?,
            "contract_no" => self.contract_no = string(r.scalar()?)?,
            "gross_weight_kg" => self.gross_weight_kg = amount(r.scalar()?)?,
            "net_weight_kg" => self.net_weight_kg = amount(r.scalar()?)?,
            "packages" => self.packages = count(r.scalar()?)?,
            "package_kind" => self.package_kind = code(r.scalar()?)?,
            "bl_no" => self.bl_no = string(r.scalar()?)?,
            "vessel" => self.vessel = string(r.scalar()?)?,
            "voyage" => self.voyage = string(r.scalar()?)?,
            "attached_documents" => self.attached_documents = r.string_list()?,
            "total_amount" => self.total_amount = amount(r.scalar()?)?,
            "lines" => self.lines = r.lines()?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl Record for DeclarationLine {
    fn field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, GiveUp> {
        match key {
            "no" => self.no = line_no(r.scalar()?)?,
            "hs_code" => self.hs_code = commodity_code(r.scalar()?)?,
            "name" => self.name = string(r.scalar()?)?,
            "name_en" => self.name_en = string(r.scalar()?)?,
            "elements" => self.elements = r.elements()?,
            "quantity" => self.quantity = amount(r.scalar()?)?,
            "unit" => self.unit = code(r.scalar()?)?,
            "legal_quantity" => self.legal_quantity = amount(r.scalar()?)?,
            "legal_unit" => self.legal_unit = code(r.scalar()?)?,
            "second_quantity" => self.second_quantity = amount(r.scalar()?)?,
            "second_unit" => self.second_unit = code(r.scalar()?)?,
            "unit_price" => self.unit_price = amount(r.scalar()?)?,
            "amount" => self.amount = amount(r.scalar()?)?,
            "currency" => self.currency = code(r.scalar()?)?,
            "origin_country" => self.origin_country = code(r.scalar()?)?,
            "destination_country" => self.destination_country = code(r.scalar()?)?,
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
    fn field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, GiveUp> {
        match key {
            "no" => self.no = string(r.scalar()?)?,
            "date" => self.date = date(r.scalar()?)?,
            "currency" => self.currency = code(r.scalar()?)?,
            "total_amount" => self.total_amount = amount(r.scalar()?)?,
            "packages" => self.packages = count(r.scalar()?)?,
            "gross_weight_kg" => self.gross_weight_kg = amount(r.scalar()?)?,
            "net_weight_kg" => self.net_weight_kg = amount(r.scalar()?)?,
            "lines" => self.lines = r.lines()?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl Record for GoodsLine {
    fn field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, GiveUp> {
        match key {
            "no" => self.no = line_no(r.scalar()?)?,
            "name" => self.name = string(r.scalar()?)?,
            "name_en" => self.name_en = string(r.scalar()?)?,
            "hs_code" => self.hs_code = commodity_code(r.scalar()?)?,
            "quantity" => self.quantity = amount(r.scalar()?)?,
            "unit" => self.unit = code(r.scalar()?)?,
            "unit_price" => self.unit_price = amount(r.scalar()?)?,
            "amount" => self.amount = amount(r.scalar()?)?,
            "packages" => self.packages = count(r.scalar()?)?,
            "gross_weight_kg" => self.gross_weight_kg = amount(r.scalar()?)?,
            "net_weight_kg" => self.net_weight_kg = amount(r.scalar()?)?,
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
    fn field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, GiveUp> {
        match key {
            "no" => self.no = string(r.scalar()?)?,
            "vessel" => self.vessel = string(r.scalar()?)?,
            "voyage" => self.voyage = string(r.scalar()?)?,
            "packages" => self.packages = count(r.scalar()?)?,
            "gross_weight_kg" => self.gross_weight_kg = amount(r.scalar()?)?,
            "net_weight_kg" => self.net_weight_kg = amount(r.scalar()?)?,
            "description" => self.description = string(r.scalar()?)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl Record for AgentCertificate {
    fn field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, GiveUp> {
        match key {
            "no" => self.no = string(r.scalar()?)?,
            "lines" => self.lines = r.lines()?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl Record for CertificateOfOrigin {
    fn field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, GiveUp> {
        match key {
            "no" => self.no = string(r.scalar()?)?,
            "agreement" => self.agreement = string(r.scalar()?)?,
            "origin_country" => self.origin_country = code(r.scalar()?)?,
            "lines" => self.lines = r.lines()?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl Record for OriginLine {
    fn field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, GiveUp> {
        match key {
            "no" => self.no = line_no(r.scalar()?)?,
            "hs_code" => self.hs_code = commodity_code(r.scalar()?)?,
            "criterion" => self.criterion = string(r.scalar()?)?,
            "origin_country" => self.origin_country = code(r.scalar()?)?,
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
    fn field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, GiveUp> {
        match key {
            "no" => self.no = string(r.scalar()?)?,
            "joint_liability_clause" => self.joint_liability_clause = boolean(r.scalar()?)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::special_byte;
    use crate::text::trim;
    use proptest::prelude::*;

    /// `special_byte` one byte at a time.
    fn special_byte_slowly(bytes: &[u8], from: usize) -> usize {
        (from..bytes.len())
            .find(|&at| bytes[at] == b'"' || bytes[at] == b'\\' || bytes[at] < 0x20)
            .unwrap_or(bytes.len())
    }

    proptest! {
        #[test]
        fn special_byte_finds_the_first(text in "[a-z\"\\\\\u{1}\u{1f} 锂\u{80}-\u{7ff}]{0,40}", from in 0usize..8) {
            let bytes = text.as_bytes();
            let from = from.min(bytes.len());
            prop_assert_eq!(special_byte(bytes, from), special_byte_slowly(bytes, from));
        }
    }

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
