//! The audit log: the caller's tenant's entries, and the verification of the whole chain
//! (administrators and auditors).

use crate::auth::{Action, Caller};
use crate::extract::{QueryParams, RequestLang};
use crate::problem::{ApiError, Problem};
use crate::state::AppState;
use crate::views::{AuditEntryDoc, AuditVerdictDoc};
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use store::AuditFilter;
use utoipa::IntoParams;

/// Which entries.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Only entries after this sequence number (paging).
    pub after: Option<i64>,
    /// Only entries about this object (`shipment/shp_…`), its versions and checks included.
    pub object: Option<String>,
    /// Page size, 1–1000 (default 100).
    pub limit: Option<u32>,
}

/// The caller's tenant's audit entries, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "audit",
    params(AuditParams),
    responses(
        (status = 200, body = Vec<AuditEntryDoc>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn audit_entries(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<AuditParams>,
) -> Result<Json<Vec<AuditEntryDoc>>, ApiError> {
    caller.require(Action::ReadAudit)?;
    let entries = state
        .store
        .audit_entries(&AuditFilter {
            tenant_id: Some(caller.tenant().to_string()),
            after_seq: params.after,
            object: params.object,
            limit: params.limit.unwrap_or(100).clamp(1, 1000),
        })
        .await?;
    Ok(Json(
        entries
            .into_iter()
            .map(|e| AuditEntryDoc {
                seq: e.seq,
                at: e.at,
                actor: e.actor,
                action: e.action,
                object: e.object,
                payload_digest: e.payload_digest,
                prev_hash: e.prev_hash,
                hash: e.hash,
            })
            .collect(),
    ))
}

/// Recomputes the whole chain and its signed checkpoints.
#[utoipa::path(
    get,
    path = "/api/v1/audit/verify",
    tag = "audit",
    params(("lang" = Option<String>, Query, description = "`zh` (default) or `en`")),
    responses(
        (status = 200, body = AuditVerdictDoc),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn verify(
    State(state): State<AppState>,
    RequestLang(lang): RequestLang,
    caller: Caller,
) -> Result<Json<AuditVerdictDoc>, ApiError> {
    caller.require(Action::ReadAudit)?;
    let verdict = state.store.verify_audit().await?;
    let (first_bad_seq, problem) = match &verdict.first_bad {
        Some((seq, tamper)) => (
            Some(*seq),
            serde_json::to_value(tamper)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string)),
        ),
        None => (None, None),
    };
    Ok(Json(AuditVerdictDoc {
        intact: verdict.intact(),
        entries: verdict.entries,
        checkpoints: verdict.checkpoints,
        first_bad_seq,
        problem,
        message: verdict.describe().get(lang).to_string(),
    }))
}
