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
            })
            .collect(),
    ))
}
