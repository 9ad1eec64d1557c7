//! Health, readiness and the rule catalogue.

use crate::auth::{Action, Caller};
use crate::extract::RequestLang;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;
use crate::views::{RuleDoc, StatusDoc};
use axum::Json;
use axum::extract::State;

/// Liveness: the process answers.
#[utoipa::path(get, path = "/health", tag = "service", responses((status = 200, body = StatusDoc)))]
pub async fn health() -> Json<StatusDoc> {
    Json(StatusDoc {
        status: "ok".into(),
    })
}

/// Readiness: the database answers.
#[utoipa::path(
    get,
    path = "/ready",
    tag = "service",
    responses(
        (status = 200, body = StatusDoc),
        (status = 503, body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn ready(State(state): State<AppState>) -> Result<Json<StatusDoc>, ApiError> {
    state
        .store
        .ping()
        .await
        .map_err(|_| ApiError::unavailable())?;
    Ok(Json(StatusDoc {
        status: "ok".into(),
    }))
}

/// The rules, in code order.
#[utoipa::path(
    get,
    path = "/api/v1/rules",
    tag = "check",
    params(("lang" = Option<String>, Query, description = "`zh` (default) or `en`")),
    responses(
        (status = 200, body = Vec<RuleDoc>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn rules_list(
    RequestLang(lang): RequestLang,
    caller: Caller,
) -> Result<Json<Vec<RuleDoc>>, ApiError> {
    caller.require(Action::ReadRules)?;
    Ok(Json(
        rules::RULES
            .iter()
            .map(|rule| RuleDoc {
                code: rule.code.to_string(),
                severity: rule.severity.as_str().to_string(),
                title: rule.title(lang).to_string(),
                fix: fix_section(rule.page(lang)),
            })
            .collect(),
    ))
}

/// The "How to fix" (如何修正) section of a rule page, without its heading.
pub fn fix_section(page: &str) -> String {
    let mut lines = page.lines().skip_while(|line| {
        !(line.starts_with("## ") && (line.contains("How to fix") || line.contains("如何修正")))
    });
    lines.next();
    lines
        .take_while(|line| !line.starts_with("## "))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_rule_page_has_a_fix_in_both_languages() {
        for rule in rules::RULES {
            for lang in [model::Lang::Zh, model::Lang::En] {
                let fix = super::fix_section(rule.page(lang));
                assert!(!fix.is_empty(), "{} {lang:?}", rule.code);
                assert!(!fix.contains("## "), "{} {lang:?}", rule.code);
            }
        }
    }
}
