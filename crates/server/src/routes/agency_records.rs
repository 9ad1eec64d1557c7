//! Qualifications (one JSON document per party, every version kept, `ETag`/`If-Match`),
//! shipment-history uploads (CSV or xlsx, read by the agency readers) and the monthly
//! scorecard over them, and the reminders over the stored orders and parties — the same
//! engine as `declarant reminders`, "now" being the server clock unless `as_of` is given.

use crate::auth::{Action, Caller};
use crate::extract::{Body, PathParams, QueryParams, RequestLang};
use crate::problem::{ApiError, Problem};
use crate::routes::agency::{
    calendar, if_match_number, json_value, precondition_failed, visible_orders,
};
use crate::routes::agency_views::{HistoryImportView, PartyView, RemindersView};
use crate::routes::{etag, idempotency_key};
use crate::state::AppState;
use agency::{Ledger, Registry, ShipmentRecord};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use model::{InputError, Text};
use serde::Deserialize;
use serde_json::Value;
use store::Store;
use utoipa::IntoParams;

/// Which version of a party.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PartyParams {
    /// A version number (default: the latest).
    pub version: Option<i64>,
}

fn precondition_required() -> ApiError {
    ApiError::new(
        StatusCode::PRECONDITION_REQUIRED,
        "precondition-required",
        "Precondition required",
        Text::new(
            "该主体已存在：更新需要 If-Match 头（取自 GET 返回的 ETag）",
            "the party exists: an update needs an If-Match header (the ETag a GET answered)",
        ),
    )
}

/// Creates a party (no `If-Match`) or stores a new version of it (`If-Match` naming the
/// latest). The body is the party as in a qualifications file; its `id`, when given, must be
/// the one in the path.
#[utoipa::path(
    put,
    path = "/api/v1/qualifications/{party_id}",
    tag = "agency",
    params(("party_id" = String, Path, description = "The party's id (unified social credit code)"),
        ("If-Match" = Option<String>, Header, description = "The ETag of the latest version; absent to create")),
    request_body(content = Object, content_type = "application/json",
        description = "`name`, `role`, `foreign_trade_registration`, `customs_registration`, `eport_certificate`, `aeo`, `yearly_trade_usd`, `violations`, `changes`"),
    responses(
        (status = 200, description = "A new version", body = PartyView, headers(("ETag" = String, description = "The version"))),
        (status = 201, description = "Created", body = PartyView, headers(("ETag" = String, description = "The version"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match is stale", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is wrong (JSON path)", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "The party exists and If-Match is missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn put_party(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(party_id): PathParams<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    caller.require(Action::WriteOrders)?;
    let expected = if_match_number(&headers)?;
    let mut value = json_value(&body)?;
    let Some(object) = value.as_object_mut() else {
        return Err(ApiError::invalid_fields(vec![InputError::new(
            "",
            Text::new(
                "应为企业或代理（JSON 对象）",
                "expected a party (a JSON object)",
            ),
        )]));
    };
    match object.get("id") {
        None | Some(Value::Null) => {
            object.insert("id".into(), Value::String(party_id.clone()));
        }
        Some(Value::String(id)) if id.trim() == party_id.trim() => {}
        Some(_) => {
            return Err(ApiError::invalid_fields(vec![InputError::new(
                "id",
                Text::new(
                    format!("应与路径中的 `{party_id}` 相同"),
                    format!("expected the id in the path, `{party_id}`"),
                ),
            )]));
        }
    }
    let (party, errors) = agency::parse_party_value(&value);
    if party.is_none() || !errors.is_empty() {
        return Err(ApiError::invalid_fields(errors));
    }
    let stored = state
        .store
        .put_party(
            &caller.actor,
            caller.tenant(),
            &party_id,
            expected,
            &value.to_string(),
        )
        .await
        .map_err(|error| match error {
            store::StoreError::Conflict(_) if expected.is_none() => precondition_required(),
            store::StoreError::Conflict(_) => precondition_failed(),
            other => other.into(),
        })?;
    let status = if stored.version == 1 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let version = stored.version;
    let mut response = (status, Json(PartyView::from(stored))).into_response();
    response.headers_mut().insert(header::ETAG, etag(version));
    Ok(response)
}

/// One party (the latest version unless `version` is given).
#[utoipa::path(
    get,
    path = "/api/v1/qualifications/{party_id}",
    tag = "agency",
    params(("party_id" = String, Path, description = "The party's id"), PartyParams),
    responses(
        (status = 200, body = PartyView, headers(("ETag" = String, description = "The latest version"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn get_party(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(party_id): PathParams<String>,
    QueryParams(params): QueryParams<PartyParams>,
) -> Result<Response, ApiError> {
    caller.require(Action::ReadAgency)?;
    let latest = state
        .store
        .get_party(caller.tenant(), &party_id, None)
        .await?;
    let stored = match params.version {
        Some(version) if version != latest.version => {
            state
                .store
                .get_party(caller.tenant(), &party_id, Some(version))
                .await?
        }
        _ => latest.clone(),
    };
    let mut response = Json(PartyView::from(stored)).into_response();
    response
        .headers_mut()
        .insert(header::ETAG, etag(latest.version));
    Ok(response)
}

/// Every party of the tenant (latest versions), by id.
#[utoipa::path(
    get,
    path = "/api/v1/qualifications",
    tag = "agency",
    responses(
        (status = 200, body = Vec<PartyView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn list_parties(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<PartyView>>, ApiError> {
    caller.require(Action::ReadAgency)?;
    let parties = state.store.list_parties(caller.tenant()).await?;
    Ok(Json(parties.into_iter().map(PartyView::from).collect()))
}

/// Content types of a history upload.
const HISTORY_TYPES: [&str; 5] = [
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel",
    "application/octet-stream",
    "text/plain",
];

/// Uploads shipment history (CSV in UTF-8 or GB18030, or xlsx) for the scorecard. Every row
/// must read: a bad cell answers 422 naming its line and column, and nothing is stored.
#[utoipa::path(
    post,
    path = "/api/v1/history",
    tag = "agency",
    params(("Idempotency-Key" = Option<String>, Header, description = "Repeat an upload safely")),
    request_body(content = String, content_type = "text/csv",
        description = "Columns shipment_id, agent, declared_at, cleared_at, inspected, budget_fee, actual_fee (Chinese headers accepted), or the same as an xlsx workbook"),
    responses(
        (status = 201, description = "Stored", body = HistoryImportView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Rows that do not read (line and column)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn upload_history(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    caller.require(Action::WriteOrders)?;
    let key = idempotency_key(&headers)?;
    if !HISTORY_TYPES.contains(&body.content_type.as_str()) {
        return Err(ApiError::unsupported_media_type(
            "text/csv or an xlsx spreadsheet type",
        ));
    }
    let bytes = body.bytes.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        if import::workbook_kind(&bytes).is_some() {
            agency::parse_history_xlsx(&bytes)
        } else {
            agency::parse_history_csv_bytes(&bytes)
        }
    })
    .await
    .map_err(|_| ApiError::internal())?;
    if !outcome.errors.is_empty() {
        return Err(ApiError::invalid_fields(outcome.errors));
    }
    if outcome.records.is_empty() {
        return Err(ApiError::invalid_fields(vec![InputError::new(
            "line 2",
            Text::new("文件中没有货物记录", "the file holds no shipment"),
        )]));
    }
    let csv = agency::history_csv(&outcome.records);
    let stored = state
        .store
        .import_history(
            &caller.actor,
            caller.tenant(),
            &csv,
            outcome.records.len() as i64,
            key.as_deref(),
        )
        .await?;
    let mut response = (
        StatusCode::CREATED,
        Json(HistoryImportView::from(stored.value)),
    )
        .into_response();
    super::created_headers(response.headers_mut(), None, stored.replayed);
    Ok(response)
}

/// The uploads of shipment history, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/history",
    tag = "agency",
    responses(
        (status = 200, body = Vec<HistoryImportView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn list_history(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<HistoryImportView>>, ApiError> {
    caller.require(Action::ReadAgency)?;
    let imports = state.store.history_csvs(caller.tenant()).await?;
    Ok(Json(
        imports
            .into_iter()
            .map(|(import, _)| HistoryImportView::from(import))
            .collect(),
    ))
}

/// Every stored shipment record: a shipment id uploaded again replaces its earlier record
/// (rows without an id, named `line N`, are kept as they are).
async fn stored_history(
    store: &dyn Store,
    tenant_id: &str,
) -> Result<Vec<ShipmentRecord>, ApiError> {
    let imports = store.history_csvs(tenant_id).await?;
    let mut records: Vec<ShipmentRecord> = Vec::new();
    let mut position: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (_, csv) in imports {
        for record in agency::parse_history_csv(&csv).records {
            let unnamed = record.shipment_id.starts_with("line ");
            match position.get(&record.shipment_id) {
                Some(&index) if !unnamed => records[index] = record,
                _ => {
                    if !unnamed {
                        position.insert(record.shipment_id.clone(), records.len());
                    }
                    records.push(record);
                }
            }
        }
    }
    Ok(records)
}

/// The month and the format of a scorecard.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScorecardParams {
    /// `YYYY-MM` (default: every month of the history).
    #[param(pattern = r"^[0-9]{4}-[0-9]{2}$")]
    pub month: Option<String>,
    /// `json` (default) or `html` (the report with its SVG charts).
    #[param(pattern = r"^(json|html)$")]
    pub format: Option<String>,
}

/// The monthly agent scorecard over the uploaded history: clearance time, inspection rate,
/// cost deviation, score and ranking; as JSON or as the HTML report.
#[utoipa::path(
    get,
    path = "/api/v1/scorecard",
    tag = "agency",
    params(ScorecardParams),
    responses(
        (status = 200, description = "The scorecard (`months` of ranked agents) as JSON, or text/html", body = Object),
        (status = 400, description = "A bad month or format", body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn scorecard(
    State(state): State<AppState>,
    caller: Caller,
    RequestLang(lang): RequestLang,
    QueryParams(params): QueryParams<ScorecardParams>,
) -> Result<Response, ApiError> {
    caller.require(Action::ReadAgency)?;
    let month = match params.month.as_deref() {
        None => None,
        Some(text) => Some(parse_month(text)?),
    };
    let html = match params.format.as_deref() {
        None | Some("json") => false,
        Some("html") => true,
        Some(other) => {
            return Err(bad_query(
                "format",
                Text::new(
                    format!("应为 json 或 html（得到 `{other}`）"),
                    format!("expected json or html (got `{other}`)"),
                ),
            ));
        }
    };
    let mut records = stored_history(state.store.as_ref(), caller.tenant()).await?;
    if let Some((year, month)) = month {
        records.retain(|r| r.declared_at.year() == year && r.declared_at.month() == month);
    }
    let body = tokio::task::spawn_blocking(move || {
        let card = agency::scorecard(&records);
        if html {
            agency::scorecard_html(&card, lang)
        } else {
            agency::scorecard_json(&card)
        }
    })
    .await
    .map_err(|_| ApiError::internal())?;
    let content_type = if html {
        "text/html; charset=utf-8"
    } else {
        "application/json"
    };
    Ok(([(header::CONTENT_TYPE, content_type)], body).into_response())
}

fn bad_query(name: &str, message: Text) -> ApiError {
    ApiError::bad_request(Text::new(
        format!("查询参数 `{name}` 无效：{}", message.zh),
        format!("query parameter `{name}` is invalid: {}", message.en),
    ))
    .with_errors(vec![(name.to_string(), message)])
}

fn parse_month(text: &str) -> Result<(i16, i8), ApiError> {
    let parsed = text.trim().split_once('-').and_then(|(year, month)| {
        let year: i16 = year.parse().ok().filter(|y| (1900..=9999).contains(y))?;
        let month: i8 = month.parse().ok().filter(|m| (1..=12).contains(m))?;
        (month_text_ok(text.trim())).then_some((year, month))
    });
    parsed.ok_or_else(|| {
        bad_query(
            "month",
            Text::new(
                format!("应为 YYYY-MM，如 2026-10（得到 `{text}`）"),
                format!("expected YYYY-MM like 2026-10 (got `{text}`)"),
            ),
        )
    })
}

fn month_text_ok(text: &str) -> bool {
    text.len() == 7 && text.as_bytes().get(4) == Some(&b'-')
}

/// The moment of the reminders.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RemindersParams {
    /// "Now": a date (09:00 China time) or a date and time; default: the server clock.
    #[param(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}.*)?$")]
    pub as_of: Option<String>,
}

/// The ledger and registry the reminders of a tenant are computed over: every order (a
/// client reviewer: its own client enterprise's, and no party).
pub(crate) async fn reminder_inputs(
    store: &dyn Store,
    caller: &Caller,
) -> Result<(Ledger, Registry), ApiError> {
    let mut ledger = Ledger::new();
    for (_, order) in visible_orders(store, caller).await? {
        // Application numbers are unique per tenant in the store.
        let _ = ledger.insert(order);
    }
    let mut registry = Registry::default();
    if caller.principal.role != store::Role::ClientReviewer {
        registry = tenant_registry(store, caller.tenant()).await?;
    }
    Ok((ledger, registry))
}

/// The tenant's parties as the engine's registry. A stored party that no longer reads is
/// left out (and logged): it was valid when it was stored.
pub(crate) async fn tenant_registry(
    store: &dyn Store,
    tenant_id: &str,
) -> Result<Registry, store::StoreError> {
    let mut registry = Registry::default();
    for stored in store.list_parties(tenant_id).await? {
        let value: Value = serde_json::from_str(&stored.party_json).unwrap_or(Value::Null);
        match agency::parse_party_value(&value) {
            (Some(party), errors) if errors.is_empty() => registry.parties.push(party),
            _ => eprintln!(
                "declarant-server: stored party `{}` does not read",
                stored.party_id
            ),
        }
    }
    Ok(registry)
}

/// What is overdue, due today and due soon over the stored orders and qualifications: the
/// engine of `declarant reminders`, as of `as_of` or the server clock.
#[utoipa::path(
    get,
    path = "/api/v1/reminders",
    tag = "agency",
    params(RemindersParams),
    responses(
        (status = 200, body = RemindersView),
        (status = 400, description = "A bad as_of", body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn reminders(
    State(state): State<AppState>,
    caller: Caller,
    RequestLang(lang): RequestLang,
    QueryParams(params): QueryParams<RemindersParams>,
) -> Result<Json<RemindersView>, ApiError> {
    caller.require(Action::ReadOrders)?;
    let as_of = match params.as_of.as_deref() {
        Some(text) => agency::parse_as_of(text).map_err(|expected| bad_query("as_of", expected))?,
        None => workdays::china_time(state.clock.now()),
    };
    let (ledger, registry) = reminder_inputs(state.store.as_ref(), &caller).await?;
    let found = agency::reminders(as_of, &ledger, &registry, calendar());
    Ok(Json(RemindersView::of(&found, lang)))
}
