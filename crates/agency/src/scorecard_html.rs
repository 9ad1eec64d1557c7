//! The scorecard as one self-contained HTML page with inline SVG charts: per month a ranking
//! table and bar charts of score, average clearance time, inspection rate and cost deviation
//! against their targets; over several months, the score trend of each agent.

use crate::scorecard::{CLEARANCE_TARGET_HOURS, MonthScorecard, Scorecard};
use crate::svg::{Bar, Reference, Series, bar_chart, color, escape, line_chart};
use model::{Decimal, Lang};
use std::fmt::Write;

const STYLE: &str = "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}\
th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f3f3f3}td.name{text-align:left}\
td.miss{color:#c00;font-weight:bold}.charts{display:flex;flex-wrap:wrap;gap:1em}.note{color:#555;font-size:90%}";

struct Labels {
    title: &'static str,
    targets: String,
    headers: [&'static str; 9],
    score: &'static str,
    clearance: &'static str,
    inspection: &'static str,
    cost: &'static str,
    trend: &'static str,
    empty: &'static str,
    hours: &'static str,
}

fn labels(lang: Lang) -> Labels {
    match lang {
        Lang::Zh => Labels {
            title: "代理月度评分",
            targets: format!(
                "目标：通关时间 ≤ {CLEARANCE_TARGET_HOURS} 小时；查验率 ≤ 3 % 为优秀，5 % 为行业平均；费用偏差（预算对实际）≤ 5 %。评分：40 分按 24 小时内放行占比，30 分按查验率（≤ 3 % 满分，10 % 为零），30 分按费用偏差（≤ 5 % 满分，15 % 为零）。"
            ),
            headers: [
                "排名",
                "代理",
                "评分",
                "票数",
                "平均通关（小时）",
                "24 小时内放行",
                "查验率",
                "查验等级",
                "费用偏差",
            ],
            score: "评分",
            clearance: "平均通关时间",
            inspection: "查验率",
            cost: "费用偏差",
            trend: "评分走势",
            empty: "没有出货记录。",
            hours: " 小时",
        },
        Lang::En => Labels {
            title: "Monthly agent scorecard",
            targets: format!(
                "Targets: clearance ≤ {CLEARANCE_TARGET_HOURS} h; inspection rate ≤ 3 % excellent, 5 % industry average; cost deviation (budget vs actual) ≤ 5 %. Score: 40 points for the share released within 24 h, 30 for the inspection rate (full at ≤ 3 %, none at 10 %), 30 for the cost deviation (full at ≤ 5 %, none at 15 %)."
            ),
            headers: [
                "Rank",
                "Agent",
                "Score",
                "Shipments",
                "Avg clearance (h)",
                "Released ≤ 24 h",
                "Inspection rate",
                "Inspection grade",
                "Cost deviation",
            ],
            score: "Score",
            clearance: "Average clearance time",
            inspection: "Inspection rate",
            cost: "Cost deviation",
            trend: "Score trend",
            empty: "No shipments.",
            hours: " h",
        },
    }
}

/// The scorecard as an HTML page (UTF-8, no external resources).
pub fn scorecard_html(scorecard: &Scorecard, lang: Lang) -> String {
    let labels = labels(lang);
    let html_lang = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\"><head><meta charset=\"utf-8\"><title>{title}</title><style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n<p class=\"note\">{targets}</p>\n",
        title = labels.title,
        targets = escape(&labels.targets),
    );
    if scorecard.months.is_empty() {
        let _ = writeln!(page, "<p>{}</p>", labels.empty);
    }
    let agents = agent_names(scorecard);
    let color_of = |name: &str| color(agents.iter().position(|agent| *agent == name).unwrap_or(0));
    if scorecard.months.len() > 1 {
        page.push_str(&trend_section(scorecard, &agents, &labels));
    }
    for month in &scorecard.months {
        page.push_str(&month_section(month, &color_of, &labels, lang));
    }
    page.push_str("</body></html>\n");
    page
}

/// Every agent of the scorecard, sorted: the order that gives each agent its colour.
fn agent_names(scorecard: &Scorecard) -> Vec<&str> {
    let mut agents: Vec<&str> = scorecard
        .months
        .iter()
        .flat_map(|month| month.agents.iter().map(|agent| agent.agent.as_str()))
        .collect();
    agents.sort_unstable();
    agents.dedup();
    agents
}

fn month_section(
    month: &MonthScorecard,
    color_of: &dyn Fn(&str) -> &'static str,
    labels: &Labels,
    lang: Lang,
) -> String {
    let mut section = String::new();
    let _ = write!(
        section,
        "<section><h2>{}</h2>\n<table><thead><tr>",
        escape(&month.month)
    );
    for header in labels.headers {
        let _ = write!(section, "<th>{header}</th>");
    }
    section.push_str("</tr></thead><tbody>\n");
    let missing = |on_target: bool| if on_target { "" } else { " class=\"miss\"" };
    for agent in &month.agents {
        let hours = agent
            .average_clearance_hours
            .map_or_else(|| "—".to_owned(), |hours| hours.to_string());
        let deviation = agent
            .cost_deviation_percent
            .map_or_else(|| "—".to_owned(), |value| format!("{value} %"));
        let _ = writeln!(
            section,
            "<tr><td>{}</td><td class=\"name\">{}</td><td>{}</td><td>{}</td><td{}>{hours}</td><td>{}/{}</td><td{}>{} %</td><td class=\"name\">{}</td><td{}>{deviation}</td></tr>",
            agent.rank,
            escape(&agent.agent),
            agent.score,
            agent.shipments,
            missing(agent.clearance_on_target),
            agent.cleared_within_target,
            agent.cleared,
            missing(agent.inspection_rate_percent <= Decimal::from(5)),
            agent.inspection_rate_percent,
            escape(agent.inspection_grade.name().get(lang)),
            missing(agent.cost_on_target),
        );
    }
    section.push_str("</tbody></table>\n<div class=\"charts\">\n");
    let bars = |value: &dyn Fn(&crate::scorecard::AgentMonth) -> Option<Decimal>| -> Vec<Bar> {
        month
            .agents
            .iter()
            .map(|agent| Bar {
                label: agent.agent.clone(),
                value: value(agent),
                color: color_of(&agent.agent),
            })
            .collect()
    };
    let charts = [
        bar_chart(
            labels.score,
            &bars(&|agent| Some(agent.score)),
            &[Reference {
                value: Decimal::ONE_HUNDRED,
                label: "100",
            }],
            "",
        ),
        bar_chart(
            labels.clearance,
            &bars(&|agent| agent.average_clearance_hours),
            &[Reference {
                value: Decimal::from(CLEARANCE_TARGET_HOURS),
                label: "24",
            }],
            labels.hours,
        ),
        bar_chart(
            labels.inspection,
            &bars(&|agent| Some(agent.inspection_rate_percent)),
            &[
                Reference {
                    value: Decimal::from(3),
                    label: "3 %",
                },
                Reference {
                    value: Decimal::from(5),
                    label: "5 %",
                },
            ],
            " %",
        ),
        bar_chart(
            labels.cost,
            &bars(&|agent| agent.cost_deviation_percent),
            &[Reference {
                value: Decimal::from(5),
                label: "5 %",
            }],
            " %",
        ),
    ];
    for chart in charts {
        section.push_str(&chart);
        section.push('\n');
    }
    section.push_str("</div></section>\n");
    section
}

fn trend_section(scorecard: &Scorecard, agents: &[&str], labels: &Labels) -> String {
    let months: Vec<String> = scorecard
        .months
        .iter()
        .map(|month| month.month.clone())
        .collect();
    let series: Vec<Series> = agents
        .iter()
        .enumerate()
        .map(|(index, name)| Series {
            name: (*name).to_owned(),
            values: scorecard
                .months
                .iter()
                .map(|month| {
                    month
                        .agents
                        .iter()
                        .find(|agent| agent.agent == *name)
                        .map(|agent| agent.score)
                })
                .collect(),
            color: color(index),
        })
        .collect();
    format!(
        "<section><h2>{}</h2>\n{}\n</section>\n",
        labels.trend,
        line_chart(labels.trend, &months, &series, Decimal::ONE_HUNDRED)
    )
}
