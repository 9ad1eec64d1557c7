//! Regional value content by both formulas of Article 3.5, in exact decimals, rounded to two
//! decimals half away from zero (`39.995` → `40.00`). Thresholds are compared with the rounded
//! figure that the answer and the worksheet show, so what a person reads is what was tested.

use rust_decimal::{Decimal, RoundingStrategy};

/// The inputs and results of both RVC formulas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RvcFigures {
    /// The product's FOB value.
    pub fob: Decimal,
    /// Value of non-originating materials (including those of undetermined origin).
    pub vnm: Decimal,
    /// Value of originating materials (including those counted by accumulation).
    pub vom: Decimal,
    /// Direct labour cost.
    pub direct_labour: Decimal,
    /// Direct overhead cost.
    pub direct_overhead: Decimal,
    /// Profit.
    pub profit: Decimal,
    /// Other costs.
    pub other: Decimal,
    /// `(FOB − VNM) / FOB × 100`, two decimals.
    pub build_down: Decimal,
    /// `(VOM + labour + overhead + profit + other) / FOB × 100`, two decimals.
    pub build_up: Decimal,
}

/// `numerator / fob × 100`, rounded to two decimals half away from zero; `None` when the FOB
/// is zero or the arithmetic overflows.
pub fn percent_of_fob(numerator: Decimal, fob: Decimal) -> Option<Decimal> {
    if fob.is_zero() {
        return None;
    }
    let scaled = numerator.checked_mul(Decimal::ONE_HUNDRED)?;
    let ratio = scaled.checked_div(fob)?;
    Some(round2(ratio))
}

/// Rounds to two decimals half away from zero, keeping two decimals in the text (`40.00`).
pub fn round2(value: Decimal) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    rounded
}

/// Both formulas; `None` when the FOB is zero or a sum overflows.
pub fn compute(
    fob: Decimal,
    vnm: Decimal,
    vom: Decimal,
    costs: [Decimal; 4],
) -> Option<RvcFigures> {
    let [direct_labour, direct_overhead, profit, other] = costs;
    let build_down = percent_of_fob(fob.checked_sub(vnm)?, fob)?;
    let added = vom
        .checked_add(direct_labour)?
        .checked_add(direct_overhead)?
        .checked_add(profit)?
        .checked_add(other)?;
    let build_up = percent_of_fob(added, fob)?;
    Some(RvcFigures {
        fob,
        vnm,
        vom,
        direct_labour,
        direct_overhead,
        profit,
        other,
        build_down,
        build_up,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn worked_figures() {
        let cases = [
            // (fob, vnm, vom, costs, build-down, build-up)
            (
                "100.00",
                "30.00",
                "5.00",
                ["10", "5", "8", "2"],
                "70.00",
                "30.00",
            ),
            ("100", "60", "40", ["0", "0", "0", "0"], "40.00", "40.00"),
            ("3", "1", "0", ["0", "0", "0", "0"], "66.67", "0.00"),
            (
                "200000",
                "120010",
                "0",
                ["0", "0", "0", "0"],
                "40.00",
                "0.00",
            ),
            (
                "200000",
                "120011",
                "0",
                ["0", "0", "0", "0"],
                "39.99",
                "0.00",
            ),
            ("8", "4.8004", "0", ["0", "0", "0", "0"], "40.00", "0.00"),
        ];
        for (fob, vnm, vom, costs, down, up) in cases {
            let figures = compute(d(fob), d(vnm), d(vom), costs.map(d)).unwrap();
            assert_eq!(figures.build_down.to_string(), down, "{fob} {vnm}");
            assert_eq!(figures.build_up.to_string(), up, "{fob} {vom}");
        }
        assert!(compute(Decimal::ZERO, d("1"), d("1"), [Decimal::ZERO; 4]).is_none());
        // 39.995 rounds half away from zero to 40.00.
        assert_eq!(round2(d("39.995")).to_string(), "40.00");
        assert_eq!(round2(d("39.994999")).to_string(), "39.99");
    }

    fn cents() -> impl Strategy<Value = Decimal> {
        (0i64..100_000_000).prop_map(|c| Decimal::new(c, 2))
    }

    proptest! {
        #[test]
        fn build_down_equals_build_up_when_costs_close_the_fob(
            vnm in cents(), vom in cents(), labour in cents(), overhead in cents(),
            profit in cents(), other in cents(),
        ) {
            let fob = vnm + vom + labour + overhead + profit + other;
            prop_assume!(!fob.is_zero());
            let figures = compute(fob, vnm, vom, [labour, overhead, profit, other]).unwrap();
            prop_assert_eq!(figures.build_down, figures.build_up);
        }

        #[test]
        fn moving_value_to_originating_never_lowers_either_rvc(
            fob in 1i64..100_000_000, vnm in cents(), vom in cents(), moved in cents(),
            labour in cents(),
        ) {
            let fob = Decimal::new(fob, 2);
            let costs = [labour, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO];
            let before = compute(fob, vnm + moved, vom, costs).unwrap();
            let after = compute(fob, vnm, vom + moved, costs).unwrap();
            prop_assert!(after.build_down >= before.build_down);
            prop_assert!(after.build_up >= before.build_up);
        }
    }
}
