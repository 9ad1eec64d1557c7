//! Quantities and thresholds. Tariff lines that differ only by a threshold ("棉≥85％",
//! "100g＜平米重≤200g", "of a cylinder capacity exceeding 1,500 cc") name the same words; the
//! description's figures ("棉55%", "210g/㎡", "1.6 litre") decide between them. Both sides
//! are read by one scanner over normalised text: a number, its unit, and for tariff texts the
//! comparison around it.

use crate::terms::{head, tail};

/// The kinds of quantity compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// A share in per cent (of a fibre, of alcohol, of a constituent).
    Percent,
    /// Fabric weight, grams per square metre.
    GramsPerSquareMetre,
    /// Mass in kilograms.
    Kilogram,
    /// Volume or cylinder capacity in litres.
    Litre,
    /// Voltage in volts.
    Volt,
    /// Power in kilowatts.
    Kilowatt,
    /// Yarn fineness in decitex (grams per 10,000 metres).
    Decitex,
}

/// One side of a threshold: the quantity is above (`lower`) or below it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Bound {
    pub unit: Unit,
    pub value: f32,
    /// The quantity must be at least (`true`) or at most (`false`) the value.
    pub lower: bool,
    /// The value itself satisfies the bound.
    pub inclusive: bool,
}

impl Bound {
    fn admits(&self, value: f32) -> bool {
        match (self.lower, self.inclusive) {
            (true, true) => value >= self.value,
            (true, false) => value > self.value,
            (false, true) => value <= self.value,
            (false, false) => value < self.value,
        }
    }
}

/// A figure of a description.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Figure {
    pub unit: Unit,
    pub value: f32,
}

/// A number, its unit, and the text just before and after it.
struct Found<'a> {
    value: f32,
    unit: Unit,
    before: &'a str,
    after: &'a str,
}

/// The unit written at the start of `rest` (spaces skipped), with the length it takes.
fn unit_at(rest: &str, fabric: bool) -> Option<(Unit, usize)> {
    let trimmed = rest.trim_start();
    let skipped = rest.len() - trimmed.len();
    const UNITS: &[(&str, Unit)] = &[
        ("%", Unit::Percent),
        ("per cent", Unit::Percent),
        ("percent", Unit::Percent),
        ("克/平方米", Unit::GramsPerSquareMetre),
        ("克/米2", Unit::GramsPerSquareMetre),
        ("g/m2", Unit::GramsPerSquareMetre),
        ("g/m²", Unit::GramsPerSquareMetre),
        ("g/㎡", Unit::GramsPerSquareMetre),
        ("g/sm", Unit::GramsPerSquareMetre),
        ("gsm", Unit::GramsPerSquareMetre),
        ("千克", Unit::Kilogram),
        ("公斤", Unit::Kilogram),
        ("kgs", Unit::Kilogram),
        ("kg", Unit::Kilogram),
        ("毫升", Unit::Litre),
        ("公升", Unit::Litre),
        ("升", Unit::Litre),
        ("litres", Unit::Litre),
        ("litre", Unit::Litre),
        ("liters", Unit::Litre),
        ("liter", Unit::Litre),
        ("ml", Unit::Litre),
        ("cc", Unit::Litre),
        ("cm3", Unit::Litre),
        ("l", Unit::Litre),
        ("分特", Unit::Decitex),
        ("decitex", Unit::Decitex),
        ("dtex", Unit::Decitex),
        ("千瓦", Unit::Kilowatt),
        ("kw", Unit::Kilowatt),
        ("伏", Unit::Volt),
        ("v", Unit::Volt),
    ];
    for (spelling, unit) in UNITS {
        if let Some(tail) = trimmed.strip_prefix(spelling) {
            // A unit is a whole word: "l" is not the start of "lithium", "kw" not of "kwh".
            if spelling.is_ascii()
                && tail
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric())
            {
                continue;
            }
            return Some((*unit, skipped + spelling.len()));
        }
    }
    // In fabric texts a bare "g" is grams per square metre ("平米重≤100g").
    if fabric
        && let Some(tail) = trimmed
            .strip_prefix('g')
            .or_else(|| trimmed.strip_prefix('克'))
        && !tail.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
    {
        let length = if trimmed.starts_with('g') {
            1
        } else {
            '克'.len_utf8()
        };
        return Some((Unit::GramsPerSquareMetre, skipped + length));
    }
    None
}

/// Millilitres and cubic centimetres are read as litres.
fn scale(unit: Unit, spelling_value: f32, rest: &str) -> f32 {
    let trimmed = rest.trim_start();
    if unit == Unit::Litre
        && (trimmed.starts_with("毫升")
            || trimmed.starts_with("ml")
            || trimmed.starts_with("cc")
            || trimmed.starts_with("cm3"))
    {
        spelling_value / 1000.0
    } else {
        spelling_value
    }
}

/// Words that say a text gives a fabric's weight per square metre, so that a bare "g" or "克"
/// is grams per square metre ("每平方米重150克", "weighing 150 g per square metre").
const FABRIC_WEIGHT_WORDS: &[&str] = &[
    "平米重",
    "平方米重",
    "每平方米",
    "/m2",
    "g/m²",
    "per square met",
    "per m2",
];

/// Every number with a unit in normalised `text`.
fn scan(text: &str) -> Vec<Found<'_>> {
    let fabric = FABRIC_WEIGHT_WORDS.iter().any(|word| text.contains(word));
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if !bytes[index].is_ascii_digit()
            || (index > 0 && (bytes[index - 1].is_ascii_alphabetic() || bytes[index - 1] == b'.'))
        {
            index += 1;
            continue;
        }
        let start = index;
        let mut digits = String::new();
        while index < bytes.len() {
            let b = bytes[index];
            if b.is_ascii_digit() || b == b'.' {
                digits.push(b as char);
            } else if b == b',' && bytes.get(index + 1).is_some_and(u8::is_ascii_digit) {
                // A thousands separator ("1,500 cc").
            } else {
                break;
            }
            index += 1;
        }
        let Ok(value) = digits.trim_end_matches('.').parse::<f32>() else {
            continue;
        };
        let rest = &text[index..];
        if let Some((unit, length)) = unit_at(rest, fabric) {
            found.push(Found {
                value: scale(unit, value, rest),
                unit,
                before: &text[..start],
                after: &rest[length..],
            });
            index += length;
        }
    }
    found
}

/// The thresholds a tariff text sets.
pub(crate) fn bounds(text: &str) -> Vec<Bound> {
    let mut out = Vec::new();
    for found in scan(text) {
        let before = tail(found.before, 14).trim_end();
        let after = head(found.after, 6).trim_start();
        // (lower, inclusive), read from the words around the figure.
        let side = if before.ends_with("not less than") || before.ends_with("not under") {
            Some((true, true))
        } else if before.ends_with('≤')
            || before.ends_with("不超过")
            || before.ends_with("未超过")
            || before.ends_with("not exceeding")
            || before.ends_with("not more than")
            || before.ends_with("not over")
        {
            Some((false, true))
        } else if before.ends_with('<')
            || before.ends_with("低于")
            || before.ends_with("less than")
            || before.ends_with("under")
        {
            Some((false, false))
        } else if before.ends_with('≥') || before.ends_with("不低于") || before.ends_with("不少于")
        {
            Some((true, true))
        } else if before.ends_with('>')
            || before.ends_with("超过")
            || before.ends_with("exceeding")
            || before.ends_with("over")
            || before.ends_with("more than")
        {
            Some((true, false))
        } else if after.starts_with("及以上")
            || after.starts_with("以上")
            || after.starts_with("or more")
            || after.starts_with('≤')
        {
            // "100g≤平米重": the quantity is at least the figure.
            Some((true, true))
        } else if after.starts_with('<') {
            Some((true, false))
        } else if after.starts_with("以下") || after.starts_with("or less") {
            Some((false, true))
        } else {
            None
        };
        if let Some((lower, inclusive)) = side {
            let bound = Bound {
                unit: found.unit,
                value: found.value,
                lower,
                inclusive,
            };
            if !out.contains(&bound) {
                out.push(bound);
            }
        }
    }
    out
}

/// The figures of a description.
pub(crate) fn figures(text: &str) -> Vec<Figure> {
    scan(text)
        .into_iter()
        .map(|found| Figure {
            unit: found.unit,
            value: found.value,
        })
        .collect()
}

/// How the description's figures meet a line's thresholds: `Some(true)` when every threshold
/// of a unit the description gives is met by one of its figures, `Some(false)` when one is
/// not, `None` when they share no unit.
pub(crate) fn meets(bounds: &[Bound], figures: &[Figure]) -> Option<bool> {
    let mut verdict = None;
    for bound in bounds {
        let mut given = figures
            .iter()
            .filter(|figure| figure.unit == bound.unit)
            .peekable();
        if given.peek().is_none() {
            continue;
        }
        if !given.any(|figure| bound.admits(figure.value)) {
            return Some(false);
        }
        verdict = Some(true);
    }
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_text;

    fn b(text: &str) -> Vec<Bound> {
        bounds(&normalize_text(text))
    }

    fn f(text: &str) -> Vec<Figure> {
        figures(&normalize_text(text))
    }

    #[test]
    fn tariff_thresholds_are_read() {
        let found = b("棉≥85％染色平纹布，100g＜平米重≤200g");
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found.contains(&Bound {
            unit: Unit::Percent,
            value: 85.0,
            lower: true,
            inclusive: true
        }));
        assert!(found.contains(&Bound {
            unit: Unit::GramsPerSquareMetre,
            value: 100.0,
            lower: true,
            inclusive: false
        }));
        assert!(found.contains(&Bound {
            unit: Unit::GramsPerSquareMetre,
            value: 200.0,
            lower: false,
            inclusive: true
        }));
        let found = b("Of a cylinder capacity exceeding 1,500 cc but not exceeding 3,000 cc");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!((found[0].value - 1.5).abs() < 1e-6);
        assert!(b("每件净重超过3千克的其他绿茶")[0].lower);
        assert!(b("lithium-ion accumulators").is_empty());
        // Yarn fineness; "not less than" is a lower bound.
        let yarn = b("精梳单纱，棉≥85％，192.31分特≤细度＜232.56分特");
        assert!(yarn.contains(&Bound {
            unit: Unit::Decitex,
            value: 192.31,
            lower: true,
            inclusive: true
        }));
        assert!(yarn.contains(&Bound {
            unit: Unit::Decitex,
            value: 232.56,
            lower: false,
            inclusive: false
        }));
        assert_eq!(meets(&yarn, &f("纯棉精梳单纱，细度200分特")), Some(true));
        assert!(b("less than 232.56 but not less than 192.31 decitex")[0].lower);
        // A fabric's weight written out in words.
        for text in [
            "平纹机织物，每平方米重150克",
            "woven fabric weighing 150 g per square metre",
        ] {
            let weight = f(text);
            assert!(
                weight
                    .iter()
                    .any(|figure| figure.unit == Unit::GramsPerSquareMetre && figure.value == 150.0),
                "{text}: {weight:?}"
            );
        }
    }

    #[test]
    fn description_figures_decide() {
        let cotton_rich = b("棉≥85％染色平纹布，平米重≤100g");
        let blend = f("棉涤纶平纹布，210g/㎡，按重量计棉55%，涤纶45%");
        assert_eq!(meets(&cotton_rich, &blend), Some(false));
        let light = f("纯棉粉色平纹机织物(100g/㎡;幅宽110cm)，棉100%");
        assert_eq!(meets(&cotton_rich, &light), Some(true));
        assert_eq!(meets(&cotton_rich, &f("cotton shirt")), None);
        assert_eq!(f("1.6 litre engine, 20 v battery, 77.4 kwh").len(), 2);
    }
}
