//! Agent-certificate orders through the API (issue 6): open an order, record one event at a
//! time, read where it stands. The store keeps each order as its opening document and an
//! append-only log of events; every request replays them through the workflow engine
//! (`agency::Order::open` + `apply`), so the API enforces exactly the rules of the files: a
//! transition the engine refuses stores nothing and answers the engine's bilingual message.
//! Qualifications, history, the scorecard and reminders are in `agency_records`; webhook
//! subscriptions in `agency_webhooks`; the shapes in `agency_views`.

use crate::auth::{Action, Caller};
use crate::extract::{Body, PathParams, QueryParams, RequestLang};
use crate::problem::{ApiError, Problem};
use crate::routes::agency_views::{OrderSummaryView, OrderView};
use crate::state::AppState;
use agency::{Order, WorkflowError};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use model::{InputError, Text};
use serde::Deserialize;
use serde_json::Value;
use std::sync::OnceLock;
use store::{Store, StoredOrder};
use utoipa::IntoParams;
use workdays::Calendar;

/// China's working-day calendar (the embedded holiday years), built once.
pub fn calendar() -> &'static Calendar {
    static CALENDAR: OnceLock<Calendar> = OnceLock::new();
    CALENDAR.get_or_init(Calendar::china)
}

use super::idempotency_key;

/// The number an `If-Match` names (`None` when absent; 412 when it is no number).
pub(crate) fn if_match_number(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
        .and_then(|v| v.parse::<i64>().ok())
        .map(Some)
        .ok_or_else(precondition_failed)
}

/// 412: `If-Match` names a stale state.
pub(crate) fn precondition_failed() -> ApiError {
    ApiError::new(
        StatusCode::PRECONDITION_FAILED,
        "precondition-failed",
        "Precondition failed",
        Text::new(
            "If-Match 与最新状态不符：请重新获取后再提交",
            "If-Match does not name the latest state: fetch it again, then retry",
        ),
    )
}

use super::etag;

/// The body as a JSON value: 415 unless JSON, 400 with line and column unless it parses.
pub(crate) fn json_value(body: &Body) -> Result<Value, ApiError> {
    let text = body.json_text()?;
    serde_json::from_str(text).map_err(|error| {
        ApiError::bad_request(Text::new(
            format!(
                "不是有效的 JSON（第 {} 行第 {} 列）",
                error.line(),
                error.column()
            ),
            format!(
                "not valid JSON (line {}, column {}): {error}",
                error.line(),
                error.column()
            ),
        ))
        .with_errors(vec![(
            format!("line {}, column {}", error.line(), error.column()),
            Text::new("JSON 语法错误", error.to_string()),
        )])
    })
}

/// Replays a stored order through the engine. A stored order that no longer replays is a
/// fault of the service (the store only keeps what the engine accepted).
pub(crate) fn replay(stored: &StoredOrder) -> Result<Order, ApiError> {
    let mut document: Value =
        serde_json::from_str(&stored.order_json).map_err(|_| corrupt(stored))?;
    let events = stored
        .events
        .iter()
        .map(|event| serde_json::from_str::<Value>(&event.event_json))
        .collect::<Result<Vec<Value>, _>>()
        .map_err(|_| corrupt(stored))?;
    let Some(object) = document.as_object_mut() else {
        return Err(corrupt(stored));
    };
    object.insert("events".into(), Value::Array(events));
    match agency::parse_order_value(&document) {
        (Some(order), errors) if errors.is_empty() => Ok(order),
        _ => Err(corrupt(stored)),
    }
}

fn corrupt(stored: &StoredOrder) -> ApiError {
    eprintln!(
        "declarant-server: stored order `{}` does not replay",
        stored.application_no
    );
    ApiError::internal()
}

/// Every order of the tenant the caller may see, replayed (a client reviewer: its own client
/// enterprise's only).
pub(crate) async fn visible_orders(
    store: &dyn Store,
    caller: &Caller,
) -> Result<Vec<(StoredOrder, Order)>, ApiError> {
    let client = reviewer_client(caller);
    if caller.principal.role == store::Role::ClientReviewer && client.is_none() {
        return Ok(Vec::new());
    }
    let stored = store.list_orders(caller.tenant(), client).await?;
    stored
        .into_iter()
        .map(|stored| replay(&stored).map(|order| (stored, order)))
        .collect()
}

fn reviewer_client(caller: &Caller) -> Option<&str> {
    if caller.principal.role == store::Role::ClientReviewer {
        caller.principal.client_id.as_deref()
    } else {
        None
    }
}

/// One order the caller may see (a client reviewer of another client: "not found").
async fn visible_order(
    state: &AppState,
    caller: &Caller,
    application_no: &str,
) -> Result<StoredOrder, ApiError> {
    let stored = state
        .store
        .get_order(caller.tenant(), application_no)
        .await?;
    if caller.sees_client(stored.client_id.as_deref()) {
        Ok(stored)
    } else {
        Err(ApiError::not_found(&format!("order `{application_no}`")))
    }
}

/// The problem of a transition the engine refused: 409 when the order's state forbids it
/// (out of order, earlier than the previous event, not backwards), 422 when the event itself
/// is wrong (no reason, certificate not attached, figures beyond tolerance). The path names
/// the field of the event at fault.
pub(crate) fn refused(error: &WorkflowError) -> ApiError {
    let (status, slug, title, path) = match error {
        WorkflowError::UnexpectedEvent { .. } => (
            StatusCode::CONFLICT,
            "transition-refused",
            "Transition refused",
            "event",
        ),
        WorkflowError::BeforePrevious { .. } => (
            StatusCode::CONFLICT,
            "transition-refused",
            "Transition refused",
            "at",
        ),
        WorkflowError::NotBackwards { .. } => (
            StatusCode::CONFLICT,
            "transition-refused",
            "Transition refused",
            "to",
        ),
        WorkflowError::ReasonRequired { .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "event-refused",
            "Event refused",
            "reason",
        ),
        WorkflowError::CertificateNotAttached { .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "event-refused",
            "Event refused",
            "certificate_no",
        ),
        WorkflowError::WriteOffMismatch { .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "event-refused",
            "Event refused",
            "lines",
        ),
        WorkflowError::DuplicateApplication { .. } => (
            StatusCode::CONFLICT,
            "conflict",
            "Conflict",
            "application_no",
        ),
        WorkflowError::MissingApplicationNo
        | WorkflowError::MissingOpenedAt { .. }
        | WorkflowError::UnknownApplication { .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-fields",
            "Invalid fields",
            "",
        ),
    };
    let message = error.message();
    ApiError::new(status, slug, title, message.clone()).with_errors(vec![(path.into(), message)])
}

/// Where a new order goes.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderParams {
    /// The client enterprise it is for (its client reviewers see it).
    pub client_id: Option<String>,
}

/// Opens an order at pre-review, with the events already recorded when given.
#[utoipa::path(
    post,
    path = "/api/v1/orders",
    tag = "agency",
    params(OrderParams,
        ("Idempotency-Key" = Option<String>, Header, description = "Repeat a creation safely: the same key and body answer the first result")),
    request_body(content = Object, content_type = "application/json",
        description = "An order as in an orders file: `application_no`, `opened_at`, `client`, `agent`, `attached_documents`, `declared_lines`, `bill_of_lading_lines` or `shipment`, and optionally `events` (replayed in order)"),
    responses(
        (status = 201, description = "Opened", body = OrderView, headers(("ETag" = String, description = "The number of events, for If-Match"))),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The application number is already recorded", body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field or an event is wrong (JSON paths)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn create_order(
    State(state): State<AppState>,
    caller: Caller,
    RequestLang(lang): RequestLang,
    QueryParams(params): QueryParams<OrderParams>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    caller.require(Action::WriteOrders)?;
    let key = idempotency_key(&headers)?;
    let value = json_value(&body)?;
    let Some(object) = value.as_object() else {
        return Err(ApiError::invalid_fields(vec![InputError::new(
            "",
            Text::new("应为订单（JSON 对象）", "expected an order (a JSON object)"),
        )]));
    };
    let (order, errors) = agency::parse_order_value(&value);
    let order = match order {
        Some(order) if errors.is_empty() => order,
        _ => return Err(ApiError::invalid_fields(errors)),
    };
    let mut opening = object.clone();
    let events: Vec<String> = match opening.remove("events") {
        Some(Value::Array(events)) => events.iter().map(Value::to_string).collect(),
        _ => Vec::new(),
    };
    let created = state
        .store
        .create_order(
            &caller.actor,
            caller.tenant(),
            store::NewOrder {
                application_no: order.application_no.clone(),
                client_id: params.client_id,
                order_json: Value::Object(opening).to_string(),
                events,
            },
            key.as_deref(),
        )
        .await?;
    let stored = created.value;
    let order = replay(&stored)?;
    let count = stored.events.len() as i64;
    let mut response = (
        StatusCode::CREATED,
        Json(OrderView::of(&stored, &order, calendar(), lang)),
    )
        .into_response();
    let headers = response.headers_mut();
    headers.insert(header::ETAG, etag(count));
    let location = format!("/api/v1/orders/{}", stored.application_no);
    super::created_headers(headers, Some(&location), created.replayed);
    Ok(response)
}

/// The orders the caller may see, by application number, each with where it stands.
#[utoipa::path(
    get,
    path = "/api/v1/orders",
    tag = "agency",
    responses(
        (status = 200, body = Vec<OrderSummaryView>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn list_orders(
    State(state): State<AppState>,
    caller: Caller,
    RequestLang(lang): RequestLang,
) -> Result<Json<Vec<OrderSummaryView>>, ApiError> {
    caller.require(Action::ReadOrders)?;
    let orders = visible_orders(state.store.as_ref(), &caller).await?;
    Ok(Json(
        orders
            .iter()
            .map(|(stored, order)| OrderSummaryView::of(stored, order, calendar(), lang))
            .collect(),
    ))
}

/// One order: its stage, the nodes passed with their receipts and times, the current
/// deadline, whether it is risky, the events allowed next, and its event log.
#[utoipa::path(
    get,
    path = "/api/v1/orders/{application_no}",
    tag = "agency",
    params(("application_no" = String, Path, description = "The application number")),
    responses(
        (status = 200, body = OrderView, headers(("ETag" = String, description = "The number of events, for If-Match"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn get_order(
    State(state): State<AppState>,
    caller: Caller,
    RequestLang(lang): RequestLang,
    PathParams(application_no): PathParams<String>,
) -> Result<Response, ApiError> {
    caller.require(Action::ReadOrders)?;
    let stored = visible_order(&state, &caller, &application_no).await?;
    let order = replay(&stored)?;
    let mut response = Json(OrderView::of(&stored, &order, calendar(), lang)).into_response();
    response
        .headers_mut()
        .insert(header::ETAG, etag(stored.events.len() as i64));
    Ok(response)
}

/// Records one event (a receipt, a return with its reason, a receipt check…). The engine
/// decides: a transition out of order is refused (409) and nothing is stored.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{application_no}/events",
    tag = "agency",
    params(("application_no" = String, Path, description = "The application number"),
        ("If-Match" = Option<String>, Header, description = "The ETag of the order as last read: refused (412) when another event came meanwhile"),
        ("Idempotency-Key" = Option<String>, Header, description = "Repeat a post safely: the same key and body answer the first result")),
    request_body(content = Object, content_type = "application/json",
        description = "One event: `at` and `event` (`pre_review_passed`, `document_mismatch`, `resubmitted`, `application_accepted`, `verification_drawn`, `verification_completed`, `cleared`, `written_off`, `returned`, `receipt_checked`, `root_cause`) with its fields (`receipt`, `certificate_no`, `lines`, `to`, `reason`, `cause`…)"),
    responses(
        (status = 201, description = "Recorded", body = OrderView, headers(("ETag" = String, description = "The number of events"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The workflow refuses the transition (nothing stored)", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match is stale", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field of the event is wrong (JSON path)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn record_event(
    State(state): State<AppState>,
    caller: Caller,
    RequestLang(lang): RequestLang,
    PathParams(application_no): PathParams<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    caller.require(Action::WriteOrders)?;
    let key = idempotency_key(&headers)?;
    let expected = if_match_number(&headers)?;
    let stored = visible_order(&state, &caller, &application_no).await?;
    let value = json_value(&body)?;
    let event = agency::parse_event_value(&value).map_err(ApiError::invalid_fields)?;
    let count = stored.events.len() as i64;
    if expected.is_some_and(|expected| expected != count) {
        return Err(precondition_failed());
    }
    let mut order = replay(&stored)?;
    // A repeated request under its key answers the first result, before the engine
    // would refuse it as a repeated transition.
    if key.is_none() {
        order.apply(event).map_err(|error| refused(&error))?;
    } else if let Err(error) = order.apply(event) {
        let replayed = state
            .store
            .append_order_event(
                &caller.actor,
                caller.tenant(),
                &stored.application_no,
                -1,
                &value.to_string(),
                key.as_deref(),
            )
            .await;
        return match replayed {
            Ok(replayed) if replayed.replayed => {
                order_response(&replayed.value, StatusCode::CREATED, lang, true)
            }
            _ => Err(refused(&error)),
        };
    }
    let appended = state
        .store
        .append_order_event(
            &caller.actor,
            caller.tenant(),
            &stored.application_no,
            count,
            &value.to_string(),
            key.as_deref(),
        )
        .await
        .map_err(|error| match error {
            store::StoreError::Conflict(_) if expected.is_some() => precondition_failed(),
            other => other.into(),
        })?;
    order_response(
        &appended.value,
        StatusCode::CREATED,
        lang,
        appended.replayed,
    )
}

fn order_response(
    stored: &StoredOrder,
    status: StatusCode,
    lang: model::Lang,
    replayed: bool,
) -> Result<Response, ApiError> {
    let order = replay(stored)?;
    let mut response = (
        status,
        Json(OrderView::of(stored, &order, calendar(), lang)),
    )
        .into_response();
    let headers = response.headers_mut();
    headers.insert(header::ETAG, etag(stored.events.len() as i64));
    super::created_headers(headers, None, replayed);
    Ok(response)
}
