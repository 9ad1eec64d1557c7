//! The routes, gathered into one router and one OpenAPI document.

pub mod access;
pub mod agency;
pub mod agency_records;
pub mod agency_views;
pub mod agency_webhooks;
pub mod audit;
pub mod check;
pub mod meta;
mod problem_doc;
pub mod shipment_records;
pub mod shipments;

use crate::problem::{ApiError, localize};
use crate::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "declarant",
        description = "Checks Chinese customs declarations and their shipment documents before they reach customs. \
                       Errors are application/problem+json (RFC 9457) with the JSON path of each bad field.",
        license(name = "Apache-2.0")
    ),
    modifiers(&Security),
    tags(
        (name = "check", description = "Stateless checks and the rule catalogue"),
        (name = "shipments", description = "Stored shipments, their versions, checks and originals"),
        (name = "access", description = "Sessions, users, API keys, client enterprises"),
        (name = "audit", description = "The tamper-evident audit log"),
        (name = "agency", description = "Agent-certificate orders, qualifications, history and scorecards, reminders and their webhooks"),
        (name = "service", description = "Health and readiness"),
    )
)]
struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
    }
}

fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(check::check_bundle))
        .routes(routes!(
            shipments::create_shipment,
            shipments::list_shipments
        ))
        .routes(routes!(
            shipments::get_shipment,
            shipments::update_shipment,
            shipments::delete_shipment
        ))
        .routes(routes!(shipments::archive_shipment))
        .routes(routes!(shipment_records::check_shipment))
        .routes(routes!(shipment_records::findings))
        .routes(routes!(shipment_records::history))
        .routes(routes!(shipment_records::document))
        .routes(routes!(meta::rules_list))
        .routes(routes!(audit::audit_entries))
        .routes(routes!(audit::verify))
        .routes(routes!(access::login))
        .routes(routes!(access::logout))
        .routes(routes!(access::create_user))
        .routes(routes!(access::create_api_key, access::list_api_keys))
        .routes(routes!(access::revoke_api_key))
        .routes(routes!(access::create_client, access::list_clients))
        .routes(routes!(agency::create_order, agency::list_orders))
        .routes(routes!(agency::get_order))
        .routes(routes!(agency::record_event))
        .routes(routes!(agency_records::list_parties))
        .routes(routes!(
            agency_records::put_party,
            agency_records::get_party
        ))
        .routes(routes!(
            agency_records::upload_history,
            agency_records::list_history
        ))
        .routes(routes!(agency_records::scorecard))
        .routes(routes!(agency_records::reminders))
        .routes(routes!(
            agency_webhooks::create_webhook,
            agency_webhooks::list_webhooks
        ))
        .routes(routes!(
            agency_webhooks::get_webhook,
            agency_webhooks::delete_webhook
        ))
        .routes(routes!(agency_webhooks::list_deliveries))
        .routes(routes!(meta::health))
        .routes(routes!(meta::ready))
}

/// An ETag for a version or event count, quoted as RFC 9110 asks.
pub(crate) fn etag(version: i64) -> axum::http::HeaderValue {
    axum::http::HeaderValue::from_str(&format!("\"{version}\""))
        .unwrap_or(axum::http::HeaderValue::from_static("\"0\""))
}

/// The `Idempotency-Key` header of a creating request: absent, or 1–200 visible characters.
pub(crate) fn idempotency_key(headers: &axum::http::HeaderMap) -> Result<Option<String>, ApiError> {
    let key = headers
        .get("idempotency-key")
        .map(|v| v.to_str().map(str::to_string))
        .transpose()
        .map_err(|_| {
            ApiError::bad_request(model::Text::new(
                "Idempotency-Key 无效",
                "invalid Idempotency-Key",
            ))
        })?;
    if key.as_ref().is_some_and(|k| k.is_empty() || k.len() > 200) {
        return Err(ApiError::bad_request(model::Text::new(
            "Idempotency-Key 长度应为 1–200",
            "Idempotency-Key must be 1–200 characters",
        )));
    }
    Ok(key)
}

/// The headers every creating request answers with: where the object lives, and whether an
/// `Idempotency-Key` replayed an earlier answer instead of creating anything.
pub(crate) fn created_headers(
    headers: &mut axum::http::HeaderMap,
    location: Option<&str>,
    replayed: bool,
) {
    if let Some(location) = location.and_then(|l| axum::http::HeaderValue::from_str(l).ok()) {
        headers.insert(axum::http::header::LOCATION, location);
    }
    if replayed {
        headers.insert(
            "idempotent-replayed",
            axum::http::HeaderValue::from_static("true"),
        );
    }
}

/// The OpenAPI document of the whole API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut document = api().into_openapi();
    problem_doc::ProblemResponses.modify(&mut document);
    document
}

/// The application: every route, the OpenAPI document at `/api/openapi.json`, problem
/// documents for unknown routes and methods, the body limit, messages in the caller's
/// language.
pub fn router(state: AppState) -> Router {
    let (router, mut document) = api().split_for_parts();
    problem_doc::ProblemResponses.modify(&mut document);
    let document = std::sync::Arc::new(document);
    let body_limit = state.settings.body_limit;
    router
        .route(
            "/api/openapi.json",
            axum::routing::get(move || {
                let document = document.clone();
                async move { axum::Json(document.as_ref().clone()) }
            }),
        )
        .merge(crate::ui::router())
        .fallback(|| async { ApiError::not_found("route") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                axum::http::StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
                model::Text::new("此路径不支持该方法", "this path does not take that method"),
            )
        })
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn(localize))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                axum::response::IntoResponse::into_response(ApiError::internal())
            },
        ))
        .with_state(state)
}
