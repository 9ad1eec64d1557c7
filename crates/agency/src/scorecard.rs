//! The monthly agent scorecard: clearance time, inspection rate and cost deviation per agent
//! and month, a score and a ranking.
//!
//! Targets (DOMAIN.md): clearance within 24 hours; inspection rate ≤ 3 % excellent, 5 % the
//! industry average; cost deviation (budget vs actual fee) ≤ 5 %. A shipment belongs to the
//! month it was declared in.
//!
//! Figures:
//! - clearance: hours from declaration to release of the cleared shipments; the average, and
//!   the share released within 24 hours (inclusive);
//! - inspection rate: inspected / shipments × 100;
//! - cost deviation: Σ|actual − budget| / Σ budget × 100 (over- and under-runs do not cancel).
//!
//! Score, 0–100 (our weighting, stated so that a ranking can be explained):
//! - 40 × the share cleared within 24 hours;
//! - 30 × the inspection part: full at ≤ 3 %, falling linearly to 0 at 10 %;
//! - 30 × the cost part: full at ≤ 5 %, falling linearly to 0 at 15 % (0 without a budget).
//!
//! Agents are ranked by score (highest first); equal scores share a rank (1, 1, 3).

use crate::figures::two_decimals;
use crate::history::ShipmentRecord;
use model::{Decimal, Text};
use std::collections::HashMap;

/// The clearance-time target: 24 hours.
pub const CLEARANCE_TARGET_HOURS: i64 = 24;

fn percent(value: i64) -> Decimal {
    Decimal::from(value)
}

/// How an agent's inspection rate compares with the industry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InspectionGrade {
    /// ≤ 3 %.
    Excellent,
    /// Above 3 % and ≤ 5 % (the industry average).
    IndustryAverage,
    /// Above 5 %.
    BelowAverage,
}

impl InspectionGrade {
    /// The grade of an inspection rate in percent.
    pub fn of(rate_percent: Decimal) -> InspectionGrade {
        if rate_percent <= percent(3) {
            InspectionGrade::Excellent
        } else if rate_percent <= percent(5) {
            InspectionGrade::IndustryAverage
        } else {
            InspectionGrade::BelowAverage
        }
    }

    /// The stable key (`excellent`, `industry_average`, `below_average`).
    pub fn key(self) -> &'static str {
        match self {
            InspectionGrade::Excellent => "excellent",
            InspectionGrade::IndustryAverage => "industry_average",
            InspectionGrade::BelowAverage => "below_average",
        }
    }

    /// The grade's short name (`优秀` / `excellent`).
    pub fn short_name(self) -> Text {
        match self {
            InspectionGrade::Excellent => Text::new("优秀", "excellent"),
            InspectionGrade::IndustryAverage => Text::new("行业平均", "industry average"),
            InspectionGrade::BelowAverage => Text::new("低于行业平均", "below industry average"),
        }
    }

    /// The grade's name with its threshold.
    pub fn name(self) -> Text {
        match self {
            InspectionGrade::Excellent => Text::new("优秀（≤ 3 %）", "excellent (≤ 3 %)"),
            InspectionGrade::IndustryAverage => {
                Text::new("行业平均（≤ 5 %）", "industry average (≤ 5 %)")
            }
            InspectionGrade::BelowAverage => {
                Text::new("低于行业平均（> 5 %）", "below industry average (> 5 %)")
            }
        }
    }
}

/// One agent's figures for one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentMonth {
    /// The agent.
    pub agent: String,
    /// Its rank in the month (1 = best).
    pub rank: u32,
    /// Score, 0–100, two decimals.
    pub score: Decimal,
    /// Shipments declared in the month.
    pub shipments: u32,
    /// Of those, cleared.
    pub cleared: u32,
    /// Of those, cleared within 24 hours.
    pub cleared_within_target: u32,
    /// Average clearance time in hours (two decimals), when any cleared.
    pub average_clearance_hours: Option<Decimal>,
    /// Whether the average clearance time is within 24 hours.
    pub clearance_on_target: bool,
    /// Shipments inspected.
    pub inspected: u32,
    /// Inspection rate in percent, two decimals.
    pub inspection_rate_percent: Decimal,
    /// How the inspection rate compares.
    pub inspection_grade: InspectionGrade,
    /// Σ budgeted fees.
    pub budget_total: Decimal,
    /// Σ actual fees.
    pub actual_total: Decimal,
    /// Σ|actual − budget| / Σ budget × 100, two decimals; `None` without a budget.
    pub cost_deviation_percent: Option<Decimal>,
    /// Whether the cost deviation is within 5 %.
    pub cost_on_target: bool,
}

/// One month's ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthScorecard {
    /// `YYYY-MM`.
    pub month: String,
    /// The agents, best first.
    pub agents: Vec<AgentMonth>,
}

/// The scorecard of every month in the history, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scorecard {
    /// The months.
    pub months: Vec<MonthScorecard>,
}

#[derive(Default)]
struct Totals {
    shipments: u32,
    cleared: u32,
    within_target: u32,
    clearance_seconds: i64,
    inspected: u32,
    budget: Decimal,
    actual: Decimal,
    absolute_deviation: Decimal,
}

/// Computes the scorecard of `history`.
pub fn scorecard(history: &[ShipmentRecord]) -> Scorecard {
    let target_seconds = CLEARANCE_TARGET_HOURS * 3600;
    let mut totals: HashMap<((i16, i8), &str), Totals> = HashMap::new();
    for shipment in history {
        let month = (shipment.declared_at.year(), shipment.declared_at.month());
        let entry = totals.entry((month, shipment.agent.as_str())).or_default();
        entry.shipments += 1;
        if let Some(cleared_at) = shipment.cleared_at {
            let seconds = cleared_at.duration_since(shipment.declared_at).as_secs();
            entry.cleared += 1;
            entry.clearance_seconds += seconds;
            entry.within_target += u32::from(seconds <= target_seconds);
        }
        entry.inspected += u32::from(shipment.inspected);
        entry.budget += shipment.budget_fee;
        entry.actual += shipment.actual_fee;
        entry.absolute_deviation += (shipment.actual_fee - shipment.budget_fee).abs();
    }
    let mut by_month: HashMap<(i16, i8), Vec<AgentMonth>> = HashMap::new();
    for ((month, agent), totals) in totals {
        by_month
            .entry(month)
            .or_default()
            .push(agent_month(agent, &totals));
    }
    let mut months: Vec<MonthScorecard> = by_month
        .into_iter()
        .map(|((year, month), agents)| MonthScorecard {
            month: format!("{year:04}-{month:02}"),
            agents: ranked(agents),
        })
        .collect();
    months.sort_by(|a, b| a.month.cmp(&b.month));
    Scorecard { months }
}

fn ratio_percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    part.checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|scaled| scaled.checked_div(whole))
        .map(two_decimals)
}

/// `1 − (value − full) / (zero − full)`, clamped to [0, 1]: 1 at or below `full`, 0 at `zero`.
fn linear_part(value: Decimal, full: Decimal, zero: Decimal) -> Decimal {
    if value <= full {
        return Decimal::ONE;
    }
    if value >= zero {
        return Decimal::ZERO;
    }
    (zero - value) / (zero - full)
}

fn agent_month(agent: &str, totals: &Totals) -> AgentMonth {
    let average_clearance_hours = (totals.cleared > 0).then(|| {
        two_decimals(
            Decimal::from(totals.clearance_seconds)
                / Decimal::from(3600 * i64::from(totals.cleared)),
        )
    });
    let inspection_rate_percent = ratio_percent(
        Decimal::from(totals.inspected),
        Decimal::from(totals.shipments),
    )
    .unwrap_or_default();
    let cost_deviation_percent = ratio_percent(totals.absolute_deviation, totals.budget);
    let clearance_share = if totals.cleared == 0 {
        Decimal::ZERO
    } else {
        Decimal::from(totals.within_target) / Decimal::from(totals.cleared)
    };
    let inspection_part = linear_part(inspection_rate_percent, percent(3), percent(10));
    let cost_part = cost_deviation_percent.map_or(Decimal::ZERO, |deviation| {
        linear_part(deviation, percent(5), percent(15))
    });
    let score = two_decimals(
        percent(40) * clearance_share + percent(30) * inspection_part + percent(30) * cost_part,
    );
    AgentMonth {
        agent: agent.to_owned(),
        rank: 0,
        score,
        shipments: totals.shipments,
        cleared: totals.cleared,
        cleared_within_target: totals.within_target,
        clearance_on_target: average_clearance_hours
            .is_some_and(|hours| hours <= percent(CLEARANCE_TARGET_HOURS)),
        average_clearance_hours,
        inspected: totals.inspected,
        inspection_grade: InspectionGrade::of(inspection_rate_percent),
        inspection_rate_percent,
        budget_total: totals.budget,
        actual_total: totals.actual,
        cost_on_target: cost_deviation_percent.is_some_and(|deviation| deviation <= percent(5)),
        cost_deviation_percent,
    }
}

fn ranked(mut agents: Vec<AgentMonth>) -> Vec<AgentMonth> {
    agents.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.agent.cmp(&b.agent)));
    let mut previous: Option<(Decimal, u32)> = None;
    for (position, agent) in agents.iter_mut().enumerate() {
        let position = u32::try_from(position + 1).unwrap_or(u32::MAX);
        agent.rank = match previous {
            Some((score, rank)) if score == agent.score => rank,
            _ => position,
        };
        previous = Some((agent.score, agent.rank));
    }
    agents
}
