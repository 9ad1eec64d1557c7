//! The qualifications review: AEO advice per party (with the date customs would decide if it
//! applied today) and the linkage level of each supply chain, as text or JSON.

use crate::qualifications::{
    AEO_APPROVAL_DAYS, AeoAdvice, AeoLevel, Linkage, PartyRole, Registry, aeo_advice, linkage,
};
use crate::reminders::ReminderProblem;
use crate::reminders_render::ProblemEntry;
use jiff::civil::Date;
use model::Lang;
use serde::Serialize;
use std::fmt::Write;
use workdays::Calendar;

/// One party's AEO position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyReview {
    /// The party's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Enterprise or agency.
    pub role: PartyRole,
    /// Its AEO level now.
    pub aeo: AeoLevel,
    /// What its trade supports.
    pub advice: AeoAdvice,
    /// When customs would decide (15 working days) if it applied on the review date.
    pub decision_by: Option<Date>,
}

/// The review of a whole registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualificationReview {
    /// The review date.
    pub as_of: Date,
    /// Every party, in registry order.
    pub parties: Vec<PartyReview>,
    /// Every supply chain's linkage level.
    pub chains: Vec<Linkage>,
    /// Dates that could not be computed (calendar year not published).
    pub problems: Vec<ReminderProblem>,
}

/// Reviews the AEO position of every party and the linkage of every chain as of `as_of`.
pub fn review_qualifications(
    registry: &Registry,
    as_of: Date,
    calendar: &Calendar,
) -> QualificationReview {
    let mut problems = Vec::new();
    let parties = registry
        .parties
        .iter()
        .map(|party| {
            let advice = aeo_advice(party.aeo, party.yearly_trade_usd, party.violations);
            let decision_by = if advice.apply {
                calendar
                    .add(as_of, AEO_APPROVAL_DAYS)
                    .map_err(|error| {
                        problems.push(ReminderProblem {
                            subject: party.id.clone(),
                            message: error.message(),
                        })
                    })
                    .ok()
            } else {
                None
            };
            PartyReview {
                id: party.id.clone(),
                name: party.name.clone(),
                role: party.role,
                aeo: party.aeo,
                advice,
                decision_by,
            }
        })
        .collect();
    let chains = registry
        .supply_chains
        .iter()
        .map(|chain| linkage(registry, chain))
        .collect();
    QualificationReview {
        as_of,
        parties,
        chains,
        problems,
    }
}

fn role_name(role: PartyRole, lang: Lang) -> &'static str {
    match (role, lang) {
        (PartyRole::Enterprise, Lang::Zh) => "企业",
        (PartyRole::Agency, Lang::Zh) => "代理",
        (PartyRole::Enterprise, Lang::En) => "enterprise",
        (PartyRole::Agency, Lang::En) => "agency",
    }
}

/// The review as text.
pub fn qualification_review_text(review: &QualificationReview, lang: Lang) -> String {
    let mut out = String::new();
    let _ = match lang {
        Lang::Zh => writeln!(out, "资质审查（截至 {}）", review.as_of),
        Lang::En => writeln!(out, "Qualifications review as of {}", review.as_of),
    };
    for party in &review.parties {
        let advice = party.advice.reason.get(lang);
        let action = match (party.advice.apply, party.decision_by, lang) {
            (true, Some(date), Lang::Zh) => format!(
                "；建议申请{}，今日申请预计 {date} 前作出决定（{AEO_APPROVAL_DAYS} 个工作日）",
                party.advice.recommended.name().zh
            ),
            (true, Some(date), Lang::En) => format!(
                "; apply for {}: a decision by {date} if applied today ({AEO_APPROVAL_DAYS} working days)",
                party.advice.recommended.name().en
            ),
            _ => String::new(),
        };
        let (id, name, role, level) = (
            &party.id,
            &party.name,
            role_name(party.role, lang),
            party.aeo.name(),
        );
        let _ = match lang {
            Lang::Zh => writeln!(
                out,
                "  - {id} {name}（{role}）：{}；{advice}{action}",
                level.zh
            ),
            Lang::En => writeln!(
                out,
                "  - {id} {name} ({role}): {}; {advice}{action}",
                level.en
            ),
        };
    }
    if !review.chains.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => "供应链资质联动（按最弱一环）",
                Lang::En => "Supply-chain linkage (at the weakest link)",
            }
        );
        for chain in &review.chains {
            let weakest = chain.weakest.join(", ");
            let _ = match lang {
                Lang::Zh => writeln!(
                    out,
                    "  - {}：按{}对待（最弱：{weakest}）",
                    chain.chain,
                    chain.level.name().zh
                ),
                Lang::En => writeln!(
                    out,
                    "  - {}: treated as {} (weakest: {weakest})",
                    chain.chain,
                    chain.level.name().en
                ),
            };
        }
    }
    for problem in &review.problems {
        let _ = writeln!(
            out,
            "  ! [{}] {}",
            problem.subject,
            problem.message.get(lang)
        );
    }
    out
}

#[derive(Serialize)]
struct ReviewDocument<'a> {
    as_of: String,
    parties: Vec<PartyEntry<'a>>,
    supply_chains: Vec<ChainEntry<'a>>,
    problems: Vec<ProblemEntry<'a>>,
}

#[derive(Serialize)]
struct PartyEntry<'a> {
    id: &'a str,
    name: &'a str,
    role: &'static str,
    aeo: &'static str,
    recommended_aeo: &'static str,
    apply: bool,
    decision_by: Option<String>,
    reason: &'a str,
}

#[derive(Serialize)]
struct ChainEntry<'a> {
    name: &'a str,
    level: &'static str,
    weakest: &'a [String],
}

/// The review as pretty JSON (keys fixed; `reason` and problem messages in `lang`).
pub fn qualification_review_json(review: &QualificationReview, lang: Lang) -> String {
    let document = ReviewDocument {
        as_of: review.as_of.to_string(),
        parties: review
            .parties
            .iter()
            .map(|party| PartyEntry {
                id: &party.id,
                name: &party.name,
                role: match party.role {
                    PartyRole::Enterprise => "enterprise",
                    PartyRole::Agency => "agency",
                },
                aeo: party.aeo.key(),
                recommended_aeo: party.advice.recommended.key(),
                apply: party.advice.apply,
                decision_by: party.decision_by.map(|date| date.to_string()),
                reason: party.advice.reason.get(lang),
            })
            .collect(),
        supply_chains: review
            .chains
            .iter()
            .map(|chain| ChainEntry {
                name: &chain.chain,
                level: chain.level.key(),
                weakest: &chain.weakest,
            })
            .collect(),
        problems: review
            .problems
            .iter()
            .map(|problem| ProblemEntry {
                subject: &problem.subject,
                message: problem.message.get(lang),
            })
            .collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&document).unwrap_or_default()
}
