//! Numbers and dates as people write them in invoices and packing lists: `12,500.00`,
//! `USD 12.50`, `1 000`, `１２５`, `50 CTNS`, `(3.00)`, Excel's binary floats, `2026年10月9日`.
//!
//! Everything ends as an exact [`Decimal`]: an Excel float is rendered with the shortest text
//! that reads back as the same float, rounded to the 15 significant digits Excel shows, and
//! only then parsed as a decimal.

use model::{DecimalError, parse_decimal_text};
use rust_decimal::{Decimal, RoundingStrategy};

/// A number read from a cell, with the currency or unit written around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenNumber {
    /// The value, exact.
    pub value: Decimal,
    /// A currency written before or after the number (`USD 12.50`, `$12.50`, `12.50 美元`).
    pub currency: Option<String>,
    /// A unit written after the number (`50 CTNS`, `1250.5KGS`, `1000个`), as written.
    pub unit: Option<String>,
}

/// Why a written value is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number (`abc`, `1.2.3`).
    NotANumber,
    /// Too large (≥ 10^15) or too many digits.
    OutOfRange,
}

impl From<DecimalError> for NumberError {
    fn from(error: DecimalError) -> Self {
        match error {
            DecimalError::NotANumber => NumberError::NotANumber,
            DecimalError::OutOfRange => NumberError::OutOfRange,
        }
    }
}

/// Full-width ASCII (`１２，５００．００`, `ＵＳＤ`) to half-width, and the ideographic space to
/// a plain space.
pub fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\u{00A0}' | '\u{202F}' | '\u{2007}' => ' ',
            _ => c,
        })
        .collect()
}

/// Placeholders that mean "no value": `-`, `/`, `N/A`, `无`…
pub fn is_placeholder(text: &str) -> bool {
    let trimmed = text.trim();
    trimmed.is_empty()
        || trimmed
            .chars()
            .all(|c| matches!(c, '-' | '—' | '/' | '*' | '#' | '_' | '–'))
        || ["n/a", "na", "nil", "none", "null", "无", "空"]
            .contains(&trimmed.to_lowercase().as_str())
}

/// Reads a number written in a cell. `Ok(None)` for an empty cell or a placeholder.
pub fn parse_written_number(text: &str) -> Result<Option<WrittenNumber>, NumberError> {
    let text = half_width(text);
    let trimmed = text.trim();
    if is_placeholder(trimmed) {
        return Ok(None);
    }
    let (negative_by_parentheses, inner) = match trimmed.strip_prefix('(') {
        Some(rest) => match rest.strip_suffix(')') {
            Some(inner) => (true, inner.trim()),
            None => (false, trimmed),
        },
        None => (false, trimmed),
    };
    let first_digit = inner
        .find(|c: char| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
        .ok_or(NumberError::NotANumber)?;
    let last_digit = inner
        .rfind(|c: char| c.is_ascii_digit())
        .ok_or(NumberError::NotANumber)?;
    if last_digit < first_digit {
        return Err(NumberError::NotANumber);
    }
    let prefix = inner[..first_digit].trim();
    let body = &inner[first_digit..=last_digit];
    let suffix = inner[last_digit + 1..].trim();
    let mut currency = match prefix {
        "" => None,
        _ => Some(currency_of(prefix).ok_or(NumberError::NotANumber)?),
    };
    let mut unit = None;
    if !suffix.is_empty() {
        if let Some(code) = currency_of(suffix).filter(|_| currency.is_none()) {
            currency = Some(code);
        } else if is_unit_word(suffix) {
            unit = Some(suffix.to_string());
        } else {
            return Err(NumberError::NotANumber);
        }
    }
    let mut value = parse_decimal_text(&plain_number(body))?;
    if negative_by_parentheses {
        value = -value;
    }
    Ok(Some(WrittenNumber {
        value,
        currency,
        unit,
    }))
}

/// Removes digit grouping (`1 000`, `1'000`, `1.234,56` European) so that the model's decimal
/// parser reads the number; `1,250.00` is left to it.
fn plain_number(body: &str) -> String {
    let without_spaces: String = body.chars().filter(|c| *c != ' ' && *c != '\'').collect();
    let commas = without_spaces.matches(',').count();
    let dots = without_spaces.matches('.').count();
    let european = dots >= 1 && commas == 1 && {
        let (integer, fraction) = without_spaces.split_once(',').unwrap_or_default();
        integer.rfind('.').is_some_and(|i| integer.len() - i == 4)
            && fraction.bytes().all(|b| b.is_ascii_digit())
            && integer.split('.').skip(1).all(|group| group.len() == 3)
    };
    if european {
        return without_spaces.replace('.', "").replace(',', ".");
    }
    if dots == 0
        && commas == 1
        && let Some((integer, fraction)) = without_spaces.split_once(',')
        && fraction.len() != 3
        && !fraction.is_empty()
        && !integer.is_empty()
    {
        return format!("{integer}.{fraction}");
    }
    without_spaces
}

/// The ISO code of a currency written as a code, symbol or Chinese name.
pub fn currency_of(text: &str) -> Option<String> {
    let cleaned: String = text
        .trim()
        .trim_end_matches([':', '.'])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let upper = cleaned.to_ascii_uppercase();
    let code = match upper.as_str() {
        "$" | "US$" | "USD$" | "U.S.$" | "美元" | "美金" => "USD",
        "¥" | "￥" | "RMB" | "RMB¥" | "CN¥" | "人民币" | "元" => "CNY",
        "€" | "欧元" => "EUR",
        "£" | "英镑" => "GBP",
        "HK$" | "港币" | "港元" => "HKD",
        "JP¥" | "日元" => "JPY",
        "A$" | "澳元" => "AUD",
        "S$" | "新加坡元" => "SGD",
        "C$" | "加元" => "CAD",
        "韩元" | "₩" => "KRW",
        _ => {
            return (upper.len() == 3 && KNOWN_CURRENCIES.contains(&upper.as_str()))
                .then_some(upper);
        }
    };
    Some(code.to_string())
}

/// ISO currencies seen on Chinese trade documents; a 3-letter word outside this list after a
/// number is a unit (`PCS`, `SET`), not a currency.
const KNOWN_CURRENCIES: &[&str] = &[
    "USD", "EUR", "CNY", "JPY", "HKD", "GBP", "AUD", "CAD", "SGD", "KRW", "CHF", "NZD", "TWD",
    "MYR", "THB", "INR", "RUB", "AED", "SAR", "BRL", "MXN", "VND", "IDR", "PHP", "SEK", "NOK",
    "DKK", "ZAR", "MOP", "TRY", "PLN",
];

/// A unit word after a number: letters (ASCII or CJK) and a few signs, short.
fn is_unit_word(text: &str) -> bool {
    text.chars().count() <= 12
        && text
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '/' | ' ' | '(' | ')' | '（' | '）'))
}

/// The exact decimal of an Excel cell's binary float, as Excel shows it (15 significant
/// digits): `12.5` → `12.5`, `0.1 + 0.2` → `0.3`. Never keeps a float.
pub fn decimal_from_f64(value: f64) -> Result<Decimal, NumberError> {
    if !value.is_finite() {
        return Err(NumberError::NotANumber);
    }
    if value.abs() >= 1e15 {
        return Err(NumberError::OutOfRange);
    }
    if value.abs() < 1e-20 {
        return Ok(Decimal::ZERO);
    }
    // `{:e}` prints the shortest digits that read back as the same float.
    let shortest = format!("{value:e}");
    let decimal = Decimal::from_scientific(&shortest).map_err(|_| NumberError::OutOfRange)?;
    Ok(round_significant(decimal, 15).normalize())
}

/// Rounds to `digits` significant digits (half away from zero).
fn round_significant(value: Decimal, digits: u32) -> Decimal {
    let mantissa_digits = value
        .mantissa()
        .unsigned_abs()
        .checked_ilog10()
        .map_or(1, |d| d + 1);
    if mantissa_digits <= digits {
        return value;
    }
    let excess = mantissa_digits - digits;
    match value.scale().checked_sub(excess) {
        Some(scale) => value.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero),
        None => value.trunc(),
    }
}

/// Why a written date cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not a date this reader knows.
    Unreadable,
    /// `03/04/2026`: day and month cannot be told apart.
    Ambiguous,
}

/// Reads a date as written on a document and returns it as ISO 8601 (`2026-10-09`):
/// `2026-10-09`, `2026/10/9`, `2026.10.09`, `2026年10月9日`, `20261009`, `09/10/2026` when the
/// day is above 12, `Oct. 9, 2026`, `9 Oct 2026`, `09-OCT-26`. A time after the date is ignored.
pub fn parse_date_text(text: &str) -> Result<String, DateError> {
    let text = half_width(text);
    let text = text.trim();
    let date_part = text
        .split(['T', ' '])
        .next()
        .filter(|first| first.len() >= 8 && first.bytes().any(|b| b == b'-' || b == b'/'))
        .unwrap_or(text);
    if let Some(date) = numeric_date(date_part)? {
        return Ok(date);
    }
    english_date(text).ok_or(DateError::Unreadable)
}

fn numeric_date(text: &str) -> Result<Option<String>, DateError> {
    let chinese = text.contains('年');
    let parts: Vec<&str> = text
        .split(['-', '/', '.', '年', '月', '日'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.iter().any(|p| !p.bytes().all(|b| b.is_ascii_digit())) {
        return Ok(None);
    }
    let numbers: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if numbers.len() != parts.len() {
        return Ok(None);
    }
    let (year, month, day) = match (parts.as_slice(), numbers.as_slice()) {
        ([single], [_]) if single.len() == 8 => {
            let year = single[..4].parse().unwrap_or(0);
            let month = single[4..6].parse().unwrap_or(0);
            let day = single[6..].parse().unwrap_or(0);
            (year, month, day)
        }
        ([first, ..], [a, b, c]) if first.len() == 4 => (*a, *b, *c),
        (_, [a, b, c]) if !chinese && (parts[2].len() == 4 || parts[2].len() == 2) => {
            let year = if parts[2].len() == 2 { 2000 + c } else { *c };
            if *a > 12 && *b <= 12 {
                (year, *b, *a)
            } else if (*b > 12 && *a <= 12) || a == b {
                (year, *a, *b)
            } else {
                return Err(DateError::Ambiguous);
            }
        }
        _ => return Ok(None),
    };
    Ok(iso_date(year, month, day))
}

fn english_date(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '.' | '/'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let month_index = words.iter().position(|w| month_of(w).is_some())?;
    let month = month_of(&words[month_index])?;
    let numbers: Vec<&String> = words
        .iter()
        .enumerate()
        .filter(|(i, w)| *i != month_index && w.bytes().all(|b| b.is_ascii_digit()))
        .map(|(_, w)| w)
        .collect();
    let [first, second] = numbers.as_slice() else {
        return None;
    };
    let (day, year) = if first.len() <= 2 && (second.len() == 4 || month_index == 1) {
        (first, second)
    } else {
        (second, first)
    };
    let day: u32 = day.parse().ok()?;
    let year: u32 = year.parse().ok()?;
    let year = if year < 100 { 2000 + year } else { year };
    iso_date(year, month, day)
}

fn month_of(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let index = MONTHS.iter().position(|m| word.starts_with(m))?;
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let ok = full[index].starts_with(word) || word == "sept";
    ok.then_some(index as u32 + 1)
}

/// `YYYY-MM-DD` when the day exists in that month.
pub fn iso_date(year: u32, month: u32, day: u32) -> Option<String> {
    if !(1900..=2999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days_in_month = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (day <= days_in_month).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The ISO date of an Excel date serial (days since 1899-12-30, or since 1904-01-01 in the
/// 1904 system); the time of day is dropped.
pub fn date_from_excel_serial(serial: f64, is_1904: bool) -> Option<String> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let whole_days = serial.floor() as i64 + if is_1904 { 1462 } else { 0 };
    // Days from 1970-01-01: 1899-12-30 is 25569 days before it.
    let (year, month, day) = civil_from_days(whole_days - 25_569);
    iso_date(u32::try_from(year).ok()?, month, day)
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian, day 0 = 1970-01-01).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn written_numbers() {
        type Expected =
            Result<Option<(&'static str, Option<&'static str>, Option<&'static str>)>, NumberError>;
        let cases: &[(&str, Expected)] = &[
            ("12,500.00", Ok(Some(("12500.00", None, None)))),
            ("USD 12.50", Ok(Some(("12.50", Some("USD"), None)))),
            ("US$12.50", Ok(Some(("12.50", Some("USD"), None)))),
            ("$1,000", Ok(Some(("1000", Some("USD"), None)))),
            ("¥ 88", Ok(Some(("88", Some("CNY"), None)))),
            ("12.50 USD", Ok(Some(("12.50", Some("USD"), None)))),
            ("12.50美元", Ok(Some(("12.50", Some("USD"), None)))),
            ("1 000", Ok(Some(("1000", None, None)))),
            ("1\u{a0}000,5", Ok(Some(("1000.5", None, None)))),
            ("1.234,56", Ok(Some(("1234.56", None, None)))),
            ("１２，５００．００", Ok(Some(("12500.00", None, None)))),
            ("50 CTNS", Ok(Some(("50", None, Some("CTNS"))))),
            ("1250.5KGS", Ok(Some(("1250.5", None, Some("KGS"))))),
            ("1000个", Ok(Some(("1000", None, Some("个"))))),
            ("(3.00)", Ok(Some(("-3.00", None, None)))),
            ("-", Ok(None)),
            ("", Ok(None)),
            ("N/A", Ok(None)),
            ("abc", Err(NumberError::NotANumber)),
            ("1.2.3", Err(NumberError::NotANumber)),
            ("12 34 56 abc 7", Err(NumberError::NotANumber)),
            ("XYZ 12", Err(NumberError::NotANumber)),
            ("1e30", Err(NumberError::OutOfRange)),
        ];
        for (text, expected) in cases {
            let got = parse_written_number(text)
                .map(|n| n.map(|n| (n.value.to_string(), n.currency, n.unit)));
            let want = expected.map(|n| {
                n.map(|(v, c, u)| (v.to_string(), c.map(str::to_string), u.map(str::to_string)))
            });
            assert_eq!(got, want, "reading {text:?}");
        }
    }

    #[test]
    fn excel_floats() {
        let cases: &[(f64, &str)] = &[
            (12.5, "12.5"),
            (0.1 + 0.2, "0.3"),
            (1250.0, "1250"),
            (1.0 / 3.0, "0.333333333333333"),
            (12499.999999999998, "12500"),
            (0.0, "0"),
            (-7.25, "-7.25"),
            (1e-30, "0"),
        ];
        for (value, expected) in cases {
            assert_eq!(
                decimal_from_f64(*value).unwrap().to_string(),
                *expected,
                "{value}"
            );
        }
        assert_eq!(decimal_from_f64(f64::NAN), Err(NumberError::NotANumber));
        assert_eq!(decimal_from_f64(1e16), Err(NumberError::OutOfRange));
    }

    #[test]
    fn dates() {
        let cases: &[(&str, Result<&str, DateError>)] = &[
            ("2026-10-09", Ok("2026-10-09")),
            ("2026/10/9", Ok("2026-10-09")),
            ("2026.10.09", Ok("2026-10-09")),
            ("2026年10月9日", Ok("2026-10-09")),
            ("20261009", Ok("2026-10-09")),
            ("2026-10-09 12:30:00", Ok("2026-10-09")),
            ("2026-10-09T12:30:00", Ok("2026-10-09")),
            ("25/10/2026", Ok("2026-10-25")),
            ("10/25/2026", Ok("2026-10-25")),
            ("03/04/2026", Err(DateError::Ambiguous)),
            ("Oct. 9, 2026", Ok("2026-10-09")),
            ("October 9, 2026", Ok("2026-10-09")),
            ("9 Oct 2026", Ok("2026-10-09")),
            ("09-OCT-26", Ok("2026-10-09")),
            ("2026-02-30", Err(DateError::Unreadable)),
            ("soon", Err(DateError::Unreadable)),
        ];
        for (text, expected) in cases {
            assert_eq!(
                parse_date_text(text).as_deref().map_err(|e| *e),
                *expected,
                "{text}"
            );
        }
    }

    #[test]
    fn excel_serials() {
        assert_eq!(
            date_from_excel_serial(46304.0, false).as_deref(),
            Some("2026-10-09")
        );
        assert_eq!(
            date_from_excel_serial(46304.75, false).as_deref(),
            Some("2026-10-09")
        );
        assert_eq!(
            date_from_excel_serial(44842.0, true).as_deref(),
            Some("2026-10-09")
        );
        assert_eq!(date_from_excel_serial(-1.0, false), None);
    }

    proptest! {
        #[test]
        fn written_numbers_never_panic(text in "\\PC{0,30}") {
            let _ = parse_written_number(&text);
            let _ = parse_date_text(&text);
        }

        #[test]
        fn floats_match_their_decimal_text(units in -10_i64.pow(12)..10_i64.pow(12), scale in 0u32..4) {
            let decimal = Decimal::new(units, scale);
            let float: f64 = decimal.to_string().parse().unwrap();
            prop_assert_eq!(decimal_from_f64(float).unwrap(), decimal.normalize());
        }
    }
}
