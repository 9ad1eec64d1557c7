//! What is recorded about a stored shipment: its check runs (run one, read the latest
//! findings), its version history and its uploaded originals.

use crate::auth::{Action, Caller};
use crate::extract::{PathParams, RequestLang};
use crate::problem::{ApiError, Problem};
use crate::routes::check::{check_report, json_text_response};
use crate::routes::shipments::visible_shipment;
use crate::state::AppState;
use crate::views::*;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use store::NewCheckRun;

/// Checks the latest version and stores the run with its findings.
#[utoipa::path(
    post,
    path = "/api/v1/shipments/{id}/check",
    tag = "shipments",
    params(("id" = String, Path, description = "The shipment id"),
        ("lang" = Option<String>, Query, description = "`zh` (default) or `en`")),
    responses(
        (status = 200, description = "The report (CONTRACT §3)", body = CheckReport),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn check_shipment(
    State(state): State<AppState>,
    RequestLang(lang): RequestLang,
    caller: Caller,
    PathParams(id): PathParams<String>,
) -> Result<Response, ApiError> {
    caller.require(Action::CheckShipment)?;
    visible_shipment(&state, &caller, &id).await?;
    let version = state.store.get_version(caller.tenant(), &id, None).await?;
    let (summary, text) = check_report(&state, version.bundle_json, id.clone(), lang).await?;
    state
        .store
        .record_check(
            &caller.actor,
            caller.tenant(),
            &id,
            NewCheckRun {
                version: version.version,
                report_json: text.clone(),
                errors: summary.errors as i64,
                warnings: summary.warnings as i64,
                infos: summary.infos as i64,
            },
        )
        .await?;
    Ok(json_text_response(text))
}

/// The findings of the latest check run.
#[utoipa::path(
    get,
    path = "/api/v1/shipments/{id}/findings",
    tag = "shipments",
    params(("id" = String, Path, description = "The shipment id")),
    responses(
        (status = 200, body = CheckRunDoc),
        (status = 404, description = "No such shipment, or never checked", body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn findings(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<String>,
) -> Result<Json<CheckRunDoc>, ApiError> {
    caller.require(Action::ReadShipments)?;
    visible_shipment(&state, &caller, &id).await?;
    let run = state
        .store
        .check_runs(caller.tenant(), &id)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::not_found(&format!("check run of shipment `{id}`")))?;
    let report = serde_json::from_str(&run.report_json).map_err(|_| ApiError::internal())?;
    Ok(Json(CheckRunDoc {
        id: run.id,
        version: run.version,
        errors: run.errors,
        warnings: run.warnings,
        infos: run.infos,
        created_at: run.created_at,
        report,
    }))
}

/// Every version of a shipment, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/shipments/{id}/history",
    tag = "shipments",
    params(("id" = String, Path, description = "The shipment id")),
    responses(
        (status = 200, body = Vec<VersionDoc>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn history(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<String>,
) -> Result<Json<Vec<VersionDoc>>, ApiError> {
    caller.require(Action::ReadShipments)?;
    visible_shipment(&state, &caller, &id).await?;
    let versions = state.store.history(caller.tenant(), &id).await?;
    Ok(Json(
        versions
            .into_iter()
            .map(|v| VersionDoc {
                version: v.version,
                digest: v.digest,
                document_id: v.document_id,
                created_at: v.created_at,
                created_by: v.created_by,
            })
            .collect(),
    ))
}

/// An uploaded original file, as uploaded.
#[utoipa::path(
    get,
    path = "/api/v1/shipments/{id}/documents/{document_id}",
    tag = "shipments",
    params(("id" = String, Path, description = "The shipment id"),
        ("document_id" = String, Path, description = "The document id")),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn document(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((id, document_id)): PathParams<(String, String)>,
) -> Result<Response, ApiError> {
    caller.require(Action::ReadShipments)?;
    visible_shipment(&state, &caller, &id).await?;
    let belongs = state
        .store
        .history(caller.tenant(), &id)
        .await?
        .iter()
        .any(|v| v.document_id.as_deref() == Some(document_id.as_str()));
    if !belongs {
        return Err(ApiError::not_found(&format!("document `{document_id}`")));
    }
    let file = state
        .store
        .get_document(caller.tenant(), &document_id)
        .await?;
    let disposition = format!(
        "attachment; filename=\"{}\"",
        file.name.replace(['"', '\\', '\r', '\n'], "_")
    );
    let mut response = file.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
