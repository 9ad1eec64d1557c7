//! Stored shipments: create (JSON bundle or an uploaded declaration XML / spreadsheet), list,
//! get, new version (`If-Match`), archive, delete. Checks, findings, history and originals are
//! in `shipment_records`.

use crate::auth::{Action, Caller};
use crate::extract::{Body, PathParams, QueryParams};
use crate::problem::{ApiError, Problem};
use crate::routes::check::parse_bundle_body;
use crate::state::AppState;
use crate::views::*;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use model::{Bundle, Direction, Text};
use serde::Deserialize;
use store::{ShipmentFilter, ShipmentInput, ShipmentSummary, UploadedFile};
use utoipa::IntoParams;

/// Content types of uploaded originals.
const FILE_TYPES: [&str; 7] = [
    "application/xml",
    "text/xml",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel",
    "application/octet-stream",
    "application/vnd.oasis.opendocument.spreadsheet",
];

/// Where a stored shipment goes and what an upload is called.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WriteParams {
    /// The client enterprise the shipment is declared for (agencies).
    pub client_id: Option<String>,
    /// The uploaded file's name (`invoice.xlsx`), for uploads.
    pub file_name: Option<String>,
}

/// Filters and page of the listing.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only this client enterprise's.
    pub client_id: Option<String>,
    /// Only references starting with this.
    pub reference: Option<String>,
    /// Only `export` or `import`.
    pub direction: Option<String>,
    /// Archived ones too.
    #[serde(default)]
    pub archived: bool,
    /// Page size, 1–200 (default 50).
    pub limit: Option<u32>,
    /// The `next` of the previous page.
    pub after: Option<String>,
}

/// Which version to show.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionParams {
    /// A version number (default: the latest).
    pub version: Option<i64>,
}

fn direction_key(bundle: &Bundle) -> String {
    match bundle.direction {
        Some(Direction::Export) => "export",
        Some(Direction::Import) => "import",
        None => "",
    }
    .to_string()
}

/// The shipment a request body holds: a JSON bundle, or an original file imported (both read
/// on the blocking pool: parsing is CPU work).
async fn shipment_input(body: Body, params: &WriteParams) -> Result<ShipmentInput, ApiError> {
    let client_id = params.client_id.clone();
    if body.is_json() {
        let text = body.json_text()?.to_string();
        return tokio::task::spawn_blocking(move || {
            let bundle = parse_bundle_body(&text)?;
            Ok(ShipmentInput {
                reference: bundle.id.as_deref().unwrap_or_default().to_string(),
                direction: direction_key(&bundle),
                client_id,
                bundle_json: text,
                source_file: None,
            })
        })
        .await
        .map_err(|_| ApiError::internal())?;
    }
    if !FILE_TYPES.contains(&body.content_type.as_str()) {
        return Err(ApiError::unsupported_media_type(
            "application/json, application/xml or a spreadsheet type",
        ));
    }
    let file_name = params.file_name.clone().unwrap_or_else(|| "upload".into());
    tokio::task::spawn_blocking(move || import_upload(file_name, body, client_id))
        .await
        .map_err(|_| ApiError::internal())?
}

fn import_upload(
    file_name: String,
    body: Body,
    client_id: Option<String>,
) -> Result<ShipmentInput, ApiError> {
    let imported = import::import_file(&file_name, &body.bytes);
    match imported.bundle {
        Some(bundle) if imported.errors.is_empty() => Ok(ShipmentInput {
            reference: bundle.id.as_deref().unwrap_or_default().to_string(),
            direction: direction_key(&bundle),
            client_id,
            bundle_json: model::bundle_to_json(&bundle),
            source_file: Some(UploadedFile {
                name: file_name,
                bytes: body.bytes.to_vec(),
            }),
        }),
        _ if imported.errors.is_empty() => {
            Err(ApiError::invalid_fields(vec![model::InputError::new(
                "",
                Text::new(
                    "文件中没有可读取的单证",
                    "no document could be read from the file",
                ),
            )]))
        }
        _ => Err(ApiError::invalid_fields(imported.errors)),
    }
}

/// The shipment, refused as "not found" to a client reviewer of another client enterprise.
pub(crate) async fn visible_shipment(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<ShipmentSummary, ApiError> {
    let shipment = state.store.get_shipment(caller.tenant(), id).await?;
    if caller.sees_client(shipment.client_id.as_deref()) {
        Ok(shipment)
    } else {
        Err(ApiError::not_found(&format!("shipment `{id}`")))
    }
}

use super::etag;

/// The version an `If-Match` names: 428 when absent, 412 when it is no version tag.
fn if_match(headers: &HeaderMap) -> Result<i64, ApiError> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Err(ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition-required",
            "Precondition required",
            Text::new(
                "更新需要 If-Match 头（取自 GET 返回的 ETag）",
                "an update needs an If-Match header (the ETag a GET answered)",
            ),
        ));
    };
    value
        .to_str()
        .ok()
        .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or_else(stale)
}

fn stale() -> ApiError {
    ApiError::new(
        StatusCode::PRECONDITION_FAILED,
        "precondition-failed",
        "Precondition failed",
        Text::new(
            "If-Match 与最新版本不符：请重新获取后再更新",
            "If-Match does not name the latest version: fetch it again, then update",
        ),
    )
}

/// Stores a new shipment.
#[utoipa::path(
    post,
    path = "/api/v1/shipments",
    tag = "shipments",
    params(WriteParams,
        ("Idempotency-Key" = Option<String>, Header, description = "Repeat a creation safely: the same key and body answer the first result")),
    request_body(content = BundleDoc, description = "A bundle as JSON, or an original file (declaration XML, xlsx, csv) with its content type and `file_name`",
        content_type = "application/json"),
    responses(
        (status = 201, description = "Stored", body = CreatedDoc),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn create_shipment(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<WriteParams>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    caller.require(Action::WriteShipments)?;
    let input = shipment_input(body, &params).await?;
    let key = super::idempotency_key(&headers)?;
    let created = state
        .store
        .create_shipment(&caller.actor, caller.tenant(), input, key.as_deref())
        .await?;
    let shipment = created.shipment;
    let mut response = (
        StatusCode::CREATED,
        Json(CreatedDoc {
            id: shipment.id.clone(),
            version: Some(shipment.latest_version),
        }),
    )
        .into_response();
    let headers = response.headers_mut();
    headers.insert(header::ETAG, etag(shipment.latest_version));
    let location = format!("/api/v1/shipments/{}", shipment.id);
    super::created_headers(headers, Some(&location), created.replayed);
    Ok(response)
}

/// Lists the tenant's shipments, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/shipments",
    tag = "shipments",
    params(ListParams),
    responses(
        (status = 200, body = ShipmentPage),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn list_shipments(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<ListParams>,
) -> Result<Json<ShipmentPage>, ApiError> {
    caller.require(Action::ReadShipments)?;
    let mut client_id = params.client_id;
    if caller.principal.role == store::Role::ClientReviewer {
        if client_id.is_some() && client_id != caller.principal.client_id {
            return Ok(Json(ShipmentPage {
                items: Vec::new(),
                next: None,
            }));
        }
        client_id.clone_from(&caller.principal.client_id);
    }
    let limit = params.limit.unwrap_or(50).clamp(1, 200);
    let filter = ShipmentFilter {
        client_id,
        reference_prefix: params.reference,
        direction: params.direction,
        include_archived: params.archived,
        limit,
        after: params.after,
    };
    let items: Vec<ShipmentListItem> = state
        .store
        .list_shipments(caller.tenant(), &filter)
        .await?
        .into_iter()
        .map(ShipmentListItem::from)
        .collect();
    let next = if items.len() == limit as usize {
        items.last().map(|s| s.id.clone())
    } else {
        None
    };
    Ok(Json(ShipmentPage { items, next }))
}

/// One shipment with its bundle; `ETag` names the latest version.
#[utoipa::path(
    get,
    path = "/api/v1/shipments/{id}",
    tag = "shipments",
    params(("id" = String, Path, description = "The shipment id"), VersionParams),
    responses(
        (status = 200, body = ShipmentDoc, headers(("ETag" = String, description = "The latest version, for If-Match"))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such shipment for this tenant", body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn get_shipment(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<String>,
    QueryParams(params): QueryParams<VersionParams>,
) -> Result<Response, ApiError> {
    caller.require(Action::ReadShipments)?;
    let shipment = visible_shipment(&state, &caller, &id).await?;
    let version = state
        .store
        .get_version(caller.tenant(), &id, params.version)
        .await?;
    let bundle: serde_json::Value =
        serde_json::from_str(&version.bundle_json).map_err(|_| ApiError::internal())?;
    let latest = shipment.latest_version;
    let mut response = Json(ShipmentDoc {
        id: shipment.id,
        reference: shipment.reference,
        direction: shipment.direction,
        client_id: shipment.client_id,
        version: version.version,
        latest_version: latest,
        created_at: shipment.created_at,
        updated_at: shipment.updated_at,
        archived_at: shipment.archived_at,
        document_id: version.document_id,
        bundle,
    })
    .into_response();
    response.headers_mut().insert(header::ETAG, etag(latest));
    Ok(response)
}

/// Stores a new version; the earlier ones stay as they were.
#[utoipa::path(
    put,
    path = "/api/v1/shipments/{id}",
    tag = "shipments",
    params(("id" = String, Path, description = "The shipment id"),
        ("If-Match" = String, Header, description = "The ETag of the latest version"), WriteParams),
    request_body(content = BundleDoc, content_type = "application/json",
        description = "A bundle as JSON, or an original file with its content type and `file_name`"),
    responses(
        (status = 200, body = CreatedDoc, headers(("ETag" = String, description = "The new version"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match is stale", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn update_shipment(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<String>,
    QueryParams(params): QueryParams<WriteParams>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    caller.require(Action::WriteShipments)?;
    let current = visible_shipment(&state, &caller, &id).await?;
    let expected = if_match(&headers)?;
    let mut input = shipment_input(body, &params).await?;
    if params.client_id.is_none() {
        input.client_id = current.client_id;
    }
    let updated = state
        .store
        .add_version(&caller.actor, caller.tenant(), &id, Some(expected), input)
        .await
        .map_err(|error| match error {
            store::StoreError::Conflict(ref what) if what.contains(" is at version ") => stale(),
            other => other.into(),
        })?;
    let mut response = Json(CreatedDoc {
        id: updated.id,
        version: Some(updated.latest_version),
    })
    .into_response();
    response
        .headers_mut()
        .insert(header::ETAG, etag(updated.latest_version));
    Ok(response)
}

/// Deletes a shipment (administrators; refused while an archived one is kept).
#[utoipa::path(
    delete,
    path = "/api/v1/shipments/{id}",
    tag = "shipments",
    params(("id" = String, Path, description = "The shipment id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Archived: kept 5 years", body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn delete_shipment(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<String>,
) -> Result<StatusCode, ApiError> {
    caller.require(Action::DeleteShipment)?;
    visible_shipment(&state, &caller, &id).await?;
    state
        .store
        .delete_shipment(&caller.actor, caller.tenant(), &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Archives a shipment: it is then kept at least 5 years and takes no new versions.
#[utoipa::path(
    post,
    path = "/api/v1/shipments/{id}/archive",
    tag = "shipments",
    params(("id" = String, Path, description = "The shipment id")),
    responses(
        (status = 200, body = ShipmentListItem),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn archive_shipment(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<String>,
) -> Result<Json<ShipmentListItem>, ApiError> {
    caller.require(Action::ArchiveShipment)?;
    visible_shipment(&state, &caller, &id).await?;
    let archived = state
        .store
        .archive_shipment(&caller.actor, caller.tenant(), &id)
        .await?;
    Ok(Json(archived.into()))
}
