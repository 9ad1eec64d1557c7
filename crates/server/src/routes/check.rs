//! `POST /api/v1/check`: the report of CONTRACT §3 for the bundle in the body, stored nowhere.
//! The rules run on the blocking pool, never on the async workers.

use crate::auth::{Action, Caller};
use crate::extract::{Body, RequestLang};
use crate::problem::{ApiError, Problem};
use crate::state::AppState;
use crate::views::CheckReport;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use model::{Bundle, Lang, Text};
use rules::{BundleReport, CheckInput, Report, Summary};

/// The bundle a JSON body holds; any field problem is a 422 naming its path.
pub fn parse_bundle_body(text: &str) -> Result<Bundle, ApiError> {
    let outcome = model::parse_bundle(text);
    match outcome.bundle {
        Some(bundle) if outcome.errors.is_empty() => Ok(bundle),
        Some(_) => Err(ApiError::invalid_fields(outcome.errors)),
        None => {
            let errors = outcome.errors;
            let place = errors.first().map(|e| e.path.clone()).unwrap_or_default();
            Err(ApiError::bad_request(Text::new(
                format!("请求体不是一票货物的 JSON 对象（{place}）"),
                format!("the body is not a JSON object holding one shipment ({place})"),
            ))
            .with_errors(errors.into_iter().map(|e| (e.path, e.message)).collect()))
        }
    }
}

/// Reads and checks one bundle's JSON text on the blocking pool (both are CPU work); answers
/// the counts and the report's JSON text (CONTRACT §3, byte-identical for the same input).
pub async fn check_report(
    state: &AppState,
    bundle_json: String,
    file: String,
    lang: Lang,
) -> Result<(Summary, String), ApiError> {
    let refdata = state.refdata.clone();
    let name_fit = state.name_fit.clone();
    tokio::task::spawn_blocking(move || {
        let bundle = parse_bundle_body(&bundle_json)?;
        let input = CheckInput::new(&bundle, &refdata).with_name_fit(
            name_fit
                .as_deref()
                .map(|judge| judge as &dyn rules::NameFit),
        );
        let findings = rules::check(&input);
        let report = Report {
            reports: vec![BundleReport {
                bundle: bundle.name_or(&file).to_string(),
                file,
                findings,
            }],
            input_errors: Vec::new(),
        };
        let text =
            serde_json::to_string(&report.to_json(lang)).map_err(|_| ApiError::internal())?;
        Ok((report.summary(), text))
    })
    .await
    .map_err(|_| ApiError::internal())?
}

/// A JSON text as a `200 application/json` answer.
pub fn json_text_response(text: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], text).into_response()
}

/// Checks a shipment bundle without storing it.
#[utoipa::path(
    post,
    path = "/api/v1/check",
    tag = "check",
    request_body(content = crate::views::BundleDoc, content_type = "application/json",
        description = "One shipment bundle (CONTRACT §1)."),
    params(("lang" = Option<String>, Query, description = "`zh` (default) or `en`")),
    responses(
        (status = 200, description = "The report (CONTRACT §3)", body = CheckReport),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid key", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad fields, each with its JSON path", body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn check_bundle(
    State(state): State<AppState>,
    RequestLang(lang): RequestLang,
    caller: Caller,
    body: Body,
) -> Result<Response, ApiError> {
    caller.require(Action::CheckBundle)?;
    let text = body.json_text()?.to_string();
    let (_, text) = check_report(&state, text, "request".into(), lang).await?;
    Ok(json_text_response(text))
}
