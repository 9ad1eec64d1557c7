//! Exact decimal parsing for amounts, quantities and weights: never through a float.

use rust_decimal::Decimal;
use std::str::FromStr;

/// Why a text is not an acceptable decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalError {
    /// Not a decimal number at all (`abc`, `1.2.3`, empty).
    NotANumber,
    /// More than 28 significant digits or a magnitude no shipment has (≥ 10^15).
    OutOfRange,
}

/// The largest magnitude accepted for any amount, quantity or weight: 10^15.
fn limit() -> Decimal {
    Decimal::from(1_000_000_000_000_000_i64)
}

/// Parses a decimal written as text: `12500`, `-3.5`, `12,500.00` (thousands grouped by
/// commas), `1.25e3`. Surrounding spaces are ignored. The result is exact.
pub fn parse_decimal_text(text: &str) -> Result<Decimal, DecimalError> {
    match parse_plain(text.as_bytes()) {
        Some(value) => Ok(value),
        None => parse_general(text),
    }
}

/// Every accepted form: spaces, signs, grouping commas, exponents.
fn parse_general(text: &str) -> Result<Decimal, DecimalError> {
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed.len() > 64 {
        return Err(if trimmed.is_empty() {
            DecimalError::NotANumber
        } else {
            DecimalError::OutOfRange
        });
    }
    let ungrouped;
    let plain = if trimmed.as_bytes().contains(&b',') {
        if !is_grouped(trimmed) {
            return Err(DecimalError::NotANumber);
        }
        ungrouped = trimmed.replace(',', "");
        ungrouped.as_str()
    } else {
        trimmed
    };
    if !is_decimal_syntax(plain) {
        return Err(DecimalError::NotANumber);
    }
    let value = if plain.bytes().any(|b| b == b'e' || b == b'E') {
        Decimal::from_scientific(plain).map_err(|_| DecimalError::OutOfRange)?
    } else {
        Decimal::from_str_exact(plain)
            .or_else(|_| Decimal::from_str(plain))
            .map_err(|_| DecimalError::OutOfRange)?
    };
    if value.abs() >= limit() {
        return Err(DecimalError::OutOfRange);
    }
    // The written scale is kept (`12.50` stays `12.50`), so output echoes the input.
    Ok(value)
}

/// The common case, read in one pass: unsigned `digits` or `digits.digits`, nothing around
/// them, at most 18 digits in all (they fit an `i64`) and at most 15 before the point (the
/// value is below the 10^15 limit). Anything else (`None`) takes the general path, which
/// gives the same value for these texts: the mantissa of the digits and the written scale.
fn parse_plain(bytes: &[u8]) -> Option<Decimal> {
    const MAX_DIGITS: usize = 18;
    const MAX_INTEGER_DIGITS: usize = 15;
    let (integer, fraction) = match bytes.iter().position(|&b| b == b'.') {
        Some(point) => (&bytes[..point], &bytes[point + 1..]),
        None => (bytes, &[][..]),
    };
    let well_formed = !integer.is_empty()
        && integer.len() <= MAX_INTEGER_DIGITS
        && integer.len() + fraction.len() <= MAX_DIGITS
        && (!fraction.is_empty() || integer.len() == bytes.len())
        && integer.iter().chain(fraction).all(u8::is_ascii_digit);
    if !well_formed {
        return None;
    }
    let mantissa = integer
        .iter()
        .chain(fraction)
        .fold(0_i64, |acc, &digit| acc * 10 + i64::from(digit - b'0'));
    let scale = u32::try_from(fraction.len()).ok()?;
    Decimal::try_new(mantissa, scale).ok()
}

/// `-?digits(.digits)?([eE][+-]?digits)?` with at least one digit before or after the point.
fn is_decimal_syntax(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    if i < bytes.len() && (bytes[i] == b'-' || bytes[i] == b'+') {
        i += 1;
    }
    let int_start = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - frac_start;
    }
    if digits == 0 {
        return false;
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        i += 1;
        if i < bytes.len() && (bytes[i] == b'-' || bytes[i] == b'+') {
            i += 1;
        }
        let exp_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start || i - exp_start > 3 {
            return false;
        }
    }
    i == bytes.len()
}

/// `1,234,567.89`: groups of three digits after the first group of one to three.
fn is_grouped(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let integer = unsigned.split(['.', 'e', 'E']).next().unwrap_or("");
    let mut groups = integer.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
    first_ok && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn table_of_texts() {
        let cases: &[(&str, Result<&str, DecimalError>)] = &[
            ("12500", Ok("12500")),
            ("12500.00", Ok("12500.00")),
            (" 12.5 ", Ok("12.5")),
            ("12,500.00", Ok("12500.00")),
            ("1,2,3", Err(DecimalError::NotANumber)),
            ("-3.25", Ok("-3.25")),
            ("1.25e3", Ok("1250")),
            (".5", Ok("0.5")),
            ("abc", Err(DecimalError::NotANumber)),
            ("", Err(DecimalError::NotANumber)),
            ("1.2.3", Err(DecimalError::NotANumber)),
            ("NaN", Err(DecimalError::NotANumber)),
            ("1e999", Err(DecimalError::OutOfRange)),
            ("1e9999", Err(DecimalError::NotANumber)),
            ("1e300", Err(DecimalError::OutOfRange)),
            (
                "99999999999999999999999999999999",
                Err(DecimalError::OutOfRange),
            ),
            ("1000000000000000", Err(DecimalError::OutOfRange)),
        ];
        for (text, expected) in cases {
            let got = parse_decimal_text(text).map(|d| d.to_string());
            let want = expected.map(str::to_string);
            assert_eq!(got, want, "parsing {text:?}");
        }
    }

    proptest! {
        #[test]
        fn plain_path_agrees_with_general(integer in "[0-9]{1,17}", fraction in proptest::option::of("[0-9]{0,5}")) {
            let integer_digits = integer.len();
            let text = match fraction {
                Some(fraction) => format!("{integer}.{fraction}"),
                None => integer,
            };
            let digits = text.bytes().filter(u8::is_ascii_digit).count();
            if let Some(fast) = parse_plain(text.as_bytes()) {
                let general = parse_general(&text).unwrap();
                prop_assert_eq!(fast, general);
                prop_assert_eq!(fast.to_string(), general.to_string());
            } else {
                prop_assert!(integer_digits > 15 || digits > 18 || text.ends_with('.'), "{} left the plain path", text);
            }
        }

        #[test]
        fn round_trips_any_written_decimal(units in -10_i64.pow(14)..10_i64.pow(14), scale in 0u32..6) {
            let value = Decimal::new(units, scale);
            let parsed = parse_decimal_text(&value.to_string()).unwrap();
            prop_assert_eq!(parsed, value);
            prop_assert_eq!(parsed.to_string(), value.to_string());
        }

        #[test]
        fn never_panics(text in "\\PC{0,40}") {
            let _ = parse_decimal_text(&text);
        }
    }
}
