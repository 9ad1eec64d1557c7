//! Webhook subscriptions (administrators create and delete them; staff and auditors read)
//! and the delivery outbox: which reminder went where, how many attempts, delivered or
//! failed and why. The deliveries themselves are made by [`crate::webhook`].

use crate::auth::{Action, Caller, new_secret};
use crate::extract::{Body, PathParams, QueryParams};
use crate::problem::{ApiError, Problem};
use crate::routes::agency_views::{DeliveryView, SubscriptionView};
use crate::routes::idempotency_key;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use model::{InputError, Text};
use serde::Deserialize;
use store::{DeliveryFilter, DeliveryStatus};
use utoipa::{IntoParams, ToSchema};

/// A new subscription.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSubscriptionBody {
    /// Where to post: `http://host[:port]/path` (this build posts plain HTTP; put a
    /// TLS-terminating proxy in front of an HTTPS receiver).
    pub url: String,
    /// The HMAC-SHA256 key of the signature (16–200 characters); generated when absent.
    pub secret: Option<String>,
}

/// Whether `url` is one the worker can post to; the problem otherwise.
pub fn check_url(url: &str) -> Result<(), InputError> {
    let problem = |zh: String, en: String| InputError::new("url", Text::new(zh, en));
    if url.len() > 2000 {
        return Err(problem(
            "URL 过长（最多 2000 字符）".into(),
            "the URL is too long (2000 characters at most)".into(),
        ));
    }
    let uri: axum::http::Uri = url.parse().map_err(|_| {
        problem(
            format!("不是有效的 URL：`{url}`"),
            format!("not a valid URL: `{url}`"),
        )
    })?;
    match uri.scheme_str() {
        Some("http") if uri.host().is_some_and(|host| !host.is_empty()) => Ok(()),
        Some("https") => Err(problem(
            "此版本只投递 http://（HTTPS 接收方请在前面放置 TLS 终止代理）".into(),
            "this build delivers to http:// only (put a TLS-terminating proxy in front of an HTTPS receiver)".into(),
        )),
        _ => Err(problem(
            format!("应为 http://主机/路径（得到 `{url}`）"),
            format!("expected http://host/path (got `{url}`)"),
        )),
    }
}

/// Subscribes a URL to the tenant's reminders: each reminder is posted to it once (retried
/// until accepted), signed with `X-Declarant-Signature: sha256=<HMAC-SHA256 of the body>`.
#[utoipa::path(
    post,
    path = "/api/v1/webhooks",
    tag = "agency",
    params(("Idempotency-Key" = Option<String>, Header, description = "Repeat a creation safely")),
    request_body(content = NewSubscriptionBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Subscribed; the secret is shown this once", body = SubscriptionView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad URL or secret", body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn create_webhook(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    caller.require(Action::Administer)?;
    let key = idempotency_key(&headers)?;
    let request: NewSubscriptionBody = body.json()?;
    let url = request.url.trim().to_string();
    check_url(&url).map_err(|error| ApiError::invalid_fields(vec![error]))?;
    let secret = match request.secret {
        Some(secret) if (16..=200).contains(&secret.chars().count()) => secret,
        Some(_) => {
            return Err(ApiError::invalid_fields(vec![InputError::new(
                "secret",
                Text::new(
                    "密钥长度应为 16–200 个字符",
                    "the secret must be 16–200 characters",
                ),
            )]));
        }
        None => new_secret("whsec_")?,
    };
    let created = state
        .store
        .create_subscription(
            &caller.actor,
            caller.tenant(),
            &url,
            &secret,
            key.as_deref(),
        )
        .await?;
    let id = created.value.id.clone();
    let mut response = (
        StatusCode::CREATED,
        Json(SubscriptionView::of(created.value, true)),
    )
        .into_response();
    let headers = response.headers_mut();
    let location = format!("/api/v1/webhooks/{id}");
    super::created_headers(headers, Some(&location), created.replayed);
    Ok(response)
}

/// The tenant's subscriptions, deleted ones included (never their secrets).
#[utoipa::path(
    get,
    path = "/api/v1/webhooks",
    tag = "agency",
    responses(
        (status = 200, body = Vec<SubscriptionView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn list_webhooks(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<SubscriptionView>>, ApiError> {
    caller.require(Action::ReadAgency)?;
    let subscriptions = state.store.list_subscriptions(caller.tenant()).await?;
    Ok(Json(
        subscriptions
            .into_iter()
            .map(|s| SubscriptionView::of(s, false))
            .collect(),
    ))
}

/// One subscription (without its secret).
#[utoipa::path(
    get,
    path = "/api/v1/webhooks/{id}",
    tag = "agency",
    params(("id" = String, Path, description = "The subscription id")),
    responses(
        (status = 200, body = SubscriptionView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn get_webhook(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<String>,
) -> Result<Json<SubscriptionView>, ApiError> {
    caller.require(Action::ReadAgency)?;
    let subscription = state.store.get_subscription(caller.tenant(), &id).await?;
    Ok(Json(SubscriptionView::of(subscription, false)))
}

/// Deletes a subscription: nothing more is enqueued for it or posted to it; its deliveries
/// stay listed.
#[utoipa::path(
    delete,
    path = "/api/v1/webhooks/{id}",
    tag = "agency",
    params(("id" = String, Path, description = "The subscription id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn delete_webhook(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<String>,
) -> Result<StatusCode, ApiError> {
    caller.require(Action::Administer)?;
    state
        .store
        .delete_subscription(&caller.actor, caller.tenant(), &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Filters of the outbox.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryParams {
    /// Only this subscription's.
    pub subscription_id: Option<String>,
    /// Only `pending`, `delivered` or `failed`.
    #[param(pattern = r"^(pending|delivered|failed)$")]
    pub status: Option<String>,
    /// Page size, 1–500 (default 100).
    pub limit: Option<u32>,
}

/// The delivery outbox, newest first: failed deliveries (given up after the last attempt)
/// are here with their last error.
#[utoipa::path(
    get,
    path = "/api/v1/webhook-deliveries",
    tag = "agency",
    params(DeliveryParams),
    responses(
        (status = 200, body = Vec<DeliveryView>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn list_deliveries(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<DeliveryParams>,
) -> Result<Json<Vec<DeliveryView>>, ApiError> {
    caller.require(Action::ReadAgency)?;
    let status = match params.status.as_deref() {
        None => None,
        Some(text) => Some(DeliveryStatus::parse(text).ok_or_else(|| {
            let message = Text::new(
                format!("应为 pending、delivered 或 failed（得到 `{text}`）"),
                format!("expected pending, delivered or failed (got `{text}`)"),
            );
            ApiError::bad_request(message.clone()).with_errors(vec![("status".into(), message)])
        })?),
    };
    let deliveries = state
        .store
        .list_deliveries(
            caller.tenant(),
            &DeliveryFilter {
                subscription_id: params.subscription_id,
                status,
                limit: params.limit.unwrap_or(100).clamp(1, 500),
            },
        )
        .await?;
    Ok(Json(
        deliveries.into_iter().map(DeliveryView::from).collect(),
    ))
}
