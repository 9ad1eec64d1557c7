//! The write-off comparison: the certificate's name, quantity and amount per line against the
//! declaration (and the bill of lading where it gives them), within 3 %.
//!
//! The tolerance is exclusive like the check rules C002/C003 (CONTRACT §4): a deviation of
//! exactly 3 % of the reference value passes. Lines are matched by `no`.

use model::{Bundle, Decimal, GoodsLine, Text};

/// The write-off tolerance: 3 % of the reference value.
pub const WRITE_OFF_TOLERANCE_PERCENT: Decimal = Decimal::from_parts(3, 0, 0, false, 0);

/// Name, quantity and amount of one goods line, as far as a document gives them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoodsFigures {
    /// Line number (1-based), the key that matches lines between documents.
    pub no: u32,
    /// Product name.
    pub name: Option<String>,
    /// Quantity in the declared unit.
    pub quantity: Option<Decimal>,
    /// Amount in the declared currency.
    pub amount: Option<Decimal>,
}

impl GoodsFigures {
    fn from_goods_line(line: &GoodsLine) -> GoodsFigures {
        GoodsFigures {
            no: line.no,
            name: line.name.as_deref().map(str::to_owned),
            quantity: line.quantity,
            amount: line.amount,
        }
    }
}

/// The declared lines of a shipment bundle (the reference of the write-off).
pub fn declared_figures(bundle: &Bundle) -> Vec<GoodsFigures> {
    bundle
        .declaration
        .iter()
        .flat_map(|declaration| &declaration.lines)
        .map(|line| GoodsFigures {
            no: line.no,
            name: line.name.as_deref().map(str::to_owned),
            quantity: line.quantity,
            amount: line.amount,
        })
        .collect()
}

/// The agent certificate's lines of a shipment bundle (what is written off).
pub fn certificate_figures(bundle: &Bundle) -> Vec<GoodsFigures> {
    bundle
        .agent_certificate
        .iter()
        .flat_map(|certificate| &certificate.lines)
        .map(GoodsFigures::from_goods_line)
        .collect()
}

/// Which figure differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// The line exists in one document only.
    Line,
    /// Product name.
    Name,
    /// Quantity.
    Quantity,
    /// Amount.
    Amount,
}

impl Figure {
    /// The stable key (`name`, `quantity`, `amount`, `line`).
    pub fn key(self) -> &'static str {
        match self {
            Figure::Line => "line",
            Figure::Name => "name",
            Figure::Quantity => "quantity",
            Figure::Amount => "amount",
        }
    }

    fn names(self) -> (&'static str, &'static str) {
        match self {
            Figure::Line => ("商品行", "line"),
            Figure::Name => ("品名", "name"),
            Figure::Quantity => ("数量", "quantity"),
            Figure::Amount => ("金额", "amount"),
        }
    }
}

/// The document the written-off figures are compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// The customs declaration.
    Declaration,
    /// The bill of lading.
    BillOfLading,
}

impl Reference {
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Reference::Declaration => ("报关单", "the declaration"),
            Reference::BillOfLading => ("提单", "the bill of lading"),
        }
    }
}

/// One figure of the write-off that is off by more than the tolerance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureDifference {
    /// The line number.
    pub line: u32,
    /// Which figure.
    pub figure: Figure,
    /// Compared with which document.
    pub reference: Reference,
    /// The reference value (empty when the line is missing there).
    pub expected: String,
    /// The written-off value (empty when the line is missing there).
    pub actual: String,
    /// |actual − expected| / |expected| × 100, two decimals, for quantity and amount.
    pub deviation_percent: Option<Decimal>,
}

impl FigureDifference {
    /// The difference described in both languages.
    pub fn message(&self) -> Text {
        let (figure_zh, figure_en) = self.figure.names();
        let (reference_zh, reference_en) = self.reference.names();
        let line = self.line;
        match (self.figure, self.deviation_percent) {
            (Figure::Line, _) if self.actual.is_empty() => Text::new(
                format!("第 {line} 行在{reference_zh}中有，核销数据中没有"),
                format!("line {line} is in {reference_en} but not in the write-off"),
            ),
            (Figure::Line, _) => Text::new(
                format!("第 {line} 行不在{reference_zh}中"),
                format!("line {line} is not in {reference_en}"),
            ),
            (_, Some(percent)) => Text::new(
                format!(
                    "第 {line} 行{figure_zh}与{reference_zh}相差 {percent} %（{} 对 {}，允许 ≤ 3 %）",
                    self.actual, self.expected
                ),
                format!(
                    "line {line}: {figure_en} differs from {reference_en} by {percent} % ({} vs {}, at most 3 % allowed)",
                    self.actual, self.expected
                ),
            ),
            (_, None) => Text::new(
                format!(
                    "第 {line} 行{figure_zh}与{reference_zh}不一致（`{}` 对 `{}`）",
                    self.actual, self.expected
                ),
                format!(
                    "line {line}: {figure_en} differs from {reference_en} (`{}` vs `{}`)",
                    self.actual, self.expected
                ),
            ),
        }
    }
}

/// |actual − expected| / |expected| × 100, rounded to two decimals; `None` when `expected` is 0.
pub fn deviation_percent(expected: Decimal, actual: Decimal) -> Option<Decimal> {
    if expected.is_zero() {
        return None;
    }
    (actual - expected)
        .abs()
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|scaled| scaled.checked_div(expected.abs()))
        .map(two_decimals)
}

/// `value` rounded to two decimals and written with two (`4` → `4.00`).
pub fn two_decimals(value: Decimal) -> Decimal {
    let mut rounded = value.round_dp(2);
    rounded.rescale(2);
    rounded
}

/// Whether `actual` is more than 3 % away from `expected` (exclusive; against 0, any
/// difference counts).
pub fn beyond_tolerance(expected: Decimal, actual: Decimal) -> bool {
    let difference = (actual - expected).abs();
    if expected.is_zero() {
        return !difference.is_zero();
    }
    match difference.checked_mul(Decimal::ONE_HUNDRED) {
        Some(scaled) => scaled > WRITE_OFF_TOLERANCE_PERCENT * expected.abs(),
        None => true,
    }
}

/// Normalises a product name for comparison: case, full-width forms and spaces ignored.
fn normalized_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The figures of `written` (the write-off) that differ from `reference` beyond tolerance.
/// A figure missing on either side is not compared; a reference without lines compares nothing.
pub fn compare_figures(
    written: &[GoodsFigures],
    reference: &[GoodsFigures],
    against: Reference,
) -> Vec<FigureDifference> {
    let mut differences = Vec::new();
    if reference.is_empty() {
        return differences;
    }
    let difference = |line, figure, expected: String, actual: String, percent| FigureDifference {
        line,
        figure,
        reference: against,
        expected,
        actual,
        deviation_percent: percent,
    };
    for line in written {
        let Some(expected) = reference.iter().find(|other| other.no == line.no) else {
            differences.push(difference(
                line.no,
                Figure::Line,
                String::new(),
                line.no.to_string(),
                None,
            ));
            continue;
        };
        if let (Some(expected_name), Some(actual_name)) = (&expected.name, &line.name)
            && normalized_name(expected_name) != normalized_name(actual_name)
        {
            differences.push(difference(
                line.no,
                Figure::Name,
                expected_name.clone(),
                actual_name.clone(),
                None,
            ));
        }
        for (figure, expected_value, actual_value) in [
            (Figure::Quantity, expected.quantity, line.quantity),
            (Figure::Amount, expected.amount, line.amount),
        ] {
            if let (Some(expected_value), Some(actual_value)) = (expected_value, actual_value)
                && beyond_tolerance(expected_value, actual_value)
            {
                differences.push(difference(
                    line.no,
                    figure,
                    expected_value.to_string(),
                    actual_value.to_string(),
                    deviation_percent(expected_value, actual_value),
                ));
            }
        }
    }
    for expected in reference {
        if against == Reference::Declaration && !written.iter().any(|line| line.no == expected.no) {
            differences.push(difference(
                expected.no,
                Figure::Line,
                expected.no.to_string(),
                String::new(),
                None,
            ));
        }
    }
    differences
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn figures(no: u32, name: &str, quantity: &str, amount: &str) -> GoodsFigures {
        GoodsFigures {
            no,
            name: Some(name.to_owned()),
            quantity: Some(Decimal::from_str(quantity).unwrap()),
            amount: Some(Decimal::from_str(amount).unwrap()),
        }
    }

    #[test]
    fn the_tolerance_is_exclusive_at_three_percent() {
        let cases = [
            ("1000", "1030", false),
            ("1000", "970", false),
            ("1000", "1030.01", true),
            ("1000", "969.99", true),
            ("0", "0", false),
            ("0", "0.01", true),
            ("-100", "-103", false),
        ];
        for (expected, actual, beyond) in cases {
            let (expected, actual) = (
                Decimal::from_str(expected).unwrap(),
                Decimal::from_str(actual).unwrap(),
            );
            assert_eq!(
                beyond_tolerance(expected, actual),
                beyond,
                "{expected} vs {actual}"
            );
        }
    }

    #[test]
    fn names_quantities_amounts_and_lines_are_compared() {
        let declared = [
            figures(1, "锂离子蓄电池", "1000", "12500.00"),
            figures(2, "充电器", "10", "50"),
        ];
        let written = [
            figures(1, " 锂离子蓄电池 ", "1040", "12500.00"),
            figures(3, "线缆", "1", "1"),
        ];
        let differences = compare_figures(&written, &declared, Reference::Declaration);
        let summary: Vec<String> = differences.iter().map(|d| d.message().en).collect();
        assert_eq!(
            summary,
            vec![
                "line 1: quantity differs from the declaration by 4.00 % (1040 vs 1000, at most 3 % allowed)",
                "line 3 is not in the declaration",
                "line 2 is in the declaration but not in the write-off",
            ]
        );
        assert!(compare_figures(&written, &[], Reference::BillOfLading).is_empty());
        let width = [figures(1, "ＬＦＰ Battery", "1000", "12500")];
        let plain = [figures(1, "lfp battery", "1000", "12500")];
        assert!(compare_figures(&width, &plain, Reference::Declaration).is_empty());
    }
}
