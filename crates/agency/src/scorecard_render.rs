//! The scorecard as text (Chinese or English) and as JSON (keys never change with the
//! language; decimals are strings, exact).

use crate::scorecard::{AgentMonth, CLEARANCE_TARGET_HOURS, Scorecard};
use model::Lang;
use serde::Serialize;
use std::fmt::Write;

/// The scorecard as text: one block per month, agents best first.
pub fn scorecard_text(scorecard: &Scorecard, lang: Lang) -> String {
    let mut out = String::new();
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "代理月度评分（目标：通关 ≤ {CLEARANCE_TARGET_HOURS} 小时；查验率 ≤ 3 % 优秀、5 % 行业平均；费用偏差 ≤ 5 %）"
        ),
        Lang::En => writeln!(
            out,
            "Monthly agent scorecard (targets: clearance ≤ {CLEARANCE_TARGET_HOURS} h; inspection rate ≤ 3 % excellent, 5 % industry average; cost deviation ≤ 5 %)"
        ),
    };
    if scorecard.months.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => "（没有出货记录）",
                Lang::En => "(no shipments)",
            }
        );
    }
    for month in &scorecard.months {
        let _ = writeln!(out, "\n{}", month.month);
        for agent in &month.agents {
            let _ = writeln!(out, "  {}", agent_line(agent, lang));
        }
    }
    out
}

fn agent_line(agent: &AgentMonth, lang: Lang) -> String {
    let mark = |on_target: bool| if on_target { "✓" } else { "✗" };
    let deviation = agent
        .cost_deviation_percent
        .map_or_else(|| "—".to_owned(), |value| format!("{value} %"));
    match lang {
        Lang::Zh => {
            let clearance = agent.average_clearance_hours.map_or_else(
                || "无放行记录".to_owned(),
                |hours| {
                    format!(
                        "平均通关 {hours} 小时{}（24 小时内 {}/{}）",
                        mark(agent.clearance_on_target),
                        agent.cleared_within_target,
                        agent.cleared
                    )
                },
            );
            format!(
                "{}. {}：评分 {}；{} 票；{clearance}；查验率 {} %（{}）；费用偏差 {deviation}{}",
                agent.rank,
                agent.agent,
                agent.score,
                agent.shipments,
                agent.inspection_rate_percent,
                agent.inspection_grade.short_name().zh,
                mark(agent.cost_on_target),
            )
        }
        Lang::En => {
            let clearance = agent.average_clearance_hours.map_or_else(
                || "nothing cleared".to_owned(),
                |hours| {
                    format!(
                        "average clearance {hours} h {} ({}/{} within 24 h)",
                        mark(agent.clearance_on_target),
                        agent.cleared_within_target,
                        agent.cleared
                    )
                },
            );
            format!(
                "{}. {}: score {}; {} shipments; {clearance}; inspection rate {} % ({}); cost deviation {deviation} {}",
                agent.rank,
                agent.agent,
                agent.score,
                agent.shipments,
                agent.inspection_rate_percent,
                agent.inspection_grade.short_name().en,
                mark(agent.cost_on_target),
            )
        }
    }
}

#[derive(Serialize)]
struct ScorecardDocument<'a> {
    targets: Targets,
    months: Vec<MonthEntry<'a>>,
}

#[derive(Serialize)]
struct Targets {
    clearance_hours: i64,
    inspection_rate_excellent_percent: &'static str,
    inspection_rate_industry_average_percent: &'static str,
    cost_deviation_percent: &'static str,
}

#[derive(Serialize)]
struct MonthEntry<'a> {
    month: &'a str,
    agents: Vec<AgentEntry<'a>>,
}

#[derive(Serialize)]
struct AgentEntry<'a> {
    rank: u32,
    agent: &'a str,
    score: String,
    shipments: u32,
    cleared: u32,
    cleared_within_24h: u32,
    average_clearance_hours: Option<String>,
    clearance_on_target: bool,
    inspected: u32,
    inspection_rate_percent: String,
    inspection_grade: &'static str,
    budget_total: String,
    actual_total: String,
    cost_deviation_percent: Option<String>,
    cost_on_target: bool,
}

/// The scorecard as pretty JSON: `{"targets": {…}, "months": [{"month", "agents": [...]}]}`,
/// agents best first; decimals are strings (exact).
pub fn scorecard_json(scorecard: &Scorecard) -> String {
    let document = ScorecardDocument {
        targets: Targets {
            clearance_hours: CLEARANCE_TARGET_HOURS,
            inspection_rate_excellent_percent: "3",
            inspection_rate_industry_average_percent: "5",
            cost_deviation_percent: "5",
        },
        months: scorecard
            .months
            .iter()
            .map(|month| MonthEntry {
                month: &month.month,
                agents: month.agents.iter().map(agent_entry).collect(),
            })
            .collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

fn agent_entry(agent: &AgentMonth) -> AgentEntry<'_> {
    AgentEntry {
        rank: agent.rank,
        agent: &agent.agent,
        score: agent.score.to_string(),
        shipments: agent.shipments,
        cleared: agent.cleared,
        cleared_within_24h: agent.cleared_within_target,
        average_clearance_hours: agent.average_clearance_hours.map(|hours| hours.to_string()),
        clearance_on_target: agent.clearance_on_target,
        inspected: agent.inspected,
        inspection_rate_percent: agent.inspection_rate_percent.to_string(),
        inspection_grade: agent.inspection_grade.key(),
        budget_total: agent.budget_total.to_string(),
        actual_total: agent.actual_total.to_string(),
        cost_deviation_percent: agent.cost_deviation_percent.map(|value| value.to_string()),
        cost_on_target: agent.cost_on_target,
    }
}
