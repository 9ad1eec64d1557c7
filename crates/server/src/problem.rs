//! Errors as `application/problem+json` (RFC 9457), and the policy of which failure becomes
//! which status: the caller's mistakes are 4xx with the place of the bad field; only faults of
//! the service itself are 5xx, and those never show internals.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use model::{InputError, Lang, Text};
use serde::Serialize;
use store::StoreError;
use utoipa::ToSchema;

/// The media type of problem documents.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One bad field: its JSON path (or line and column) and what is wrong.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct FieldProblem {
    /// `declaration.lines[0].amount`, or `line 3, column 7` for JSON that does not parse.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

/// A problem document (RFC 9457).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What happened this time.
    pub detail: String,
    /// The bad fields, each with its JSON path.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

/// An error answer of the API (boxed: it travels through every `Result`).
#[derive(Debug, Clone)]
pub struct ApiError(Box<ErrorParts>);

/// What an [`ApiError`] holds.
#[derive(Debug, Clone)]
pub struct ErrorParts {
    status: StatusCode,
    slug: &'static str,
    title: &'static str,
    detail: Text,
    errors: Vec<(String, Text)>,
    lang: Lang,
    retry_after: Option<u64>,
}

impl std::ops::Deref for ApiError {
    type Target = ErrorParts;

    fn deref(&self) -> &ErrorParts {
        &self.0
    }
}

impl std::ops::DerefMut for ApiError {
    fn deref_mut(&mut self) -> &mut ErrorParts {
        &mut self.0
    }
}

impl ApiError {
    /// A problem of status `status`, kind `slug` (its `type` is `/problems/{slug}`).
    pub fn new(status: StatusCode, slug: &'static str, title: &'static str, detail: Text) -> Self {
        ApiError(Box::new(ErrorParts {
            status,
            slug,
            title,
            detail,
            errors: Vec::new(),
            lang: Lang::Zh,
            retry_after: None,
        }))
    }

    /// The same problem, told in `lang`.
    pub fn in_lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// Adds the bad fields.
    pub fn with_errors(mut self, errors: Vec<(String, Text)>) -> Self {
        self.errors = errors;
        self
    }

    /// Says when to try again (429).
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// 400: the body is not what the endpoint reads.
    pub fn bad_request(detail: Text) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "Bad request",
            detail,
        )
    }

    /// 401: no valid credentials.
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Unauthorized",
            Text::new(
                "需要有效的 API 密钥（Authorization: Bearer …）或会话",
                "a valid API key (Authorization: Bearer …) or session is required",
            ),
        )
    }

    /// 403: the role may not do this.
    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Forbidden",
            Text::new("当前角色无权执行此操作", "your role may not do this"),
        )
    }

    /// 404.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "Not found",
            Text::new(format!("未找到：{what}"), format!("not found: {what}")),
        )
    }

    /// 415: the body's content type is not one the endpoint reads.
    pub fn unsupported_media_type(expected: &str) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported media type",
            Text::new(
                format!("请求体的 Content-Type 应为 {expected}"),
                format!("the body's Content-Type must be {expected}"),
            ),
        )
    }

    /// 413.
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            "Payload too large",
            Text::new(
                format!("请求体超过上限 {} KiB", limit / 1024),
                format!("the body is larger than the limit of {} KiB", limit / 1024),
            ),
        )
    }

    /// 422: the body was read but some fields are wrong.
    pub fn invalid_fields(errors: Vec<InputError>) -> Self {
        let count = errors.len();
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-fields",
            "Invalid fields",
            Text::new(
                format!("{count} 个字段有误"),
                format!("{count} field(s) are invalid"),
            ),
        )
        .with_errors(errors.into_iter().map(|e| (e.path, e.message)).collect())
    }

    /// 500: a fault of the service; the cause is logged, not shown.
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal error",
            Text::new("服务内部错误", "internal error"),
        )
    }

    /// 503: the database does not answer.
    pub fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "Service unavailable",
            Text::new("数据库暂不可用", "the database is not available"),
        )
    }

    /// The problem document.
    pub fn problem(&self) -> Problem {
        Problem {
            kind: format!("/problems/{}", self.slug),
            title: self.title.to_string(),
            status: self.status.as_u16(),
            detail: self.detail.get(self.lang).to_string(),
            errors: self
                .errors
                .iter()
                .map(|(path, message)| FieldProblem {
                    path: path.clone(),
                    message: message.get(self.lang).to_string(),
                })
                .collect(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.problem()).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        // Kept so that [`localize`] can tell it again in the caller's language.
        response.extensions_mut().insert(self);
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match &error {
            StoreError::NotFound(what) => ApiError::not_found(what),
            StoreError::Conflict(what) => ApiError::new(
                StatusCode::CONFLICT,
                "conflict",
                "Conflict",
                Text::new(format!("冲突：{what}"), format!("conflict: {what}")),
            ),
            StoreError::IdempotencyMismatch(key) => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency-key-reused",
                "Idempotency key reused",
                Text::new(
                    format!("Idempotency-Key `{key}` 已用于另一个不同的请求"),
                    format!("Idempotency-Key `{key}` was already used for a different request"),
                ),
            ),
            StoreError::Retention { id, until } => ApiError::new(
                StatusCode::CONFLICT,
                "retention",
                "Kept for retention",
                Text::new(
                    format!("货物 {id} 已归档，须保存至 {until}，不能删除"),
                    format!("shipment {id} is archived and must be kept until {until}"),
                ),
            ),
            StoreError::Invalid(what) => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                "Invalid request",
                Text::new(
                    format!("请求无效：{what}"),
                    format!("invalid request: {what}"),
                ),
            ),
            StoreError::Database(sqlx_error) if is_unavailable(sqlx_error) => {
                ApiError::unavailable()
            }
            _ => {
                eprintln!("declarant-server: store error: {error}");
                ApiError::internal()
            }
        }
    }
}

fn is_unavailable(error: &store::SqlxError) -> bool {
    matches!(
        error,
        store::SqlxError::PoolTimedOut | store::SqlxError::Io(_) | store::SqlxError::PoolClosed
    )
}

/// Middleware: tells every problem document in the caller's language (`?lang=`, else
/// `Accept-Language`, else Chinese), wherever in the stack it was raised.
pub async fn localize(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let lang = crate::extract::lang_of(request.headers(), request.uri());
    let response = next.run(request).await;
    match response.extensions().get::<ApiError>() {
        Some(error) if error.lang != lang => error.clone().in_lang(lang).into_response(),
        _ => response,
    }
}
