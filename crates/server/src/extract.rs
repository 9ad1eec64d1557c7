//! Extractors that turn every malformed request into a problem document: the body with its
//! size limit and content type, JSON with the path of the bad field, the language.

use crate::problem::ApiError;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use model::{Lang, Text};
use serde::de::DeserializeOwned;

/// The raw body and its content type (lowercased, without parameters).
pub struct Body {
    /// The bytes.
    pub bytes: Bytes,
    /// `application/json`, `application/xml`…; empty when absent.
    pub content_type: String,
}

impl FromRequest<AppState> for Body {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::too_large(state.settings.body_limit)
                } else {
                    ApiError::bad_request(Text::new("无法读取请求体", "the body could not be read"))
                }
            })?;
        Ok(Body {
            bytes,
            content_type,
        })
    }
}

impl Body {
    /// Whether the content type is JSON (`application/json` or `…+json`).
    pub fn is_json(&self) -> bool {
        self.content_type == "application/json" || self.content_type.ends_with("+json")
    }

    /// Refuses with 415 unless the body is JSON.
    pub fn require_json(&self) -> Result<(), ApiError> {
        if self.is_json() {
            Ok(())
        } else {
            Err(ApiError::unsupported_media_type("application/json"))
        }
    }

    /// The body as UTF-8 JSON text (415 unless JSON; 400 unless UTF-8).
    pub fn json_text(&self) -> Result<&str, ApiError> {
        self.require_json()?;
        std::str::from_utf8(&self.bytes).map_err(|e| {
            ApiError::bad_request(Text::new(
                format!("请求体第 {} 字节起不是 UTF-8", e.valid_up_to()),
                format!("the body is not UTF-8 from byte {}", e.valid_up_to()),
            ))
        })
    }

    /// Deserializes a JSON body; a bad field answers 422 naming its JSON path.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        let text = self.json_text()?;
        let deserializer = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(deserializer).map_err(|error| {
            let path = error.path().to_string();
            let inner = error.into_inner();
            if inner.is_syntax() || inner.is_eof() {
                ApiError::bad_request(Text::new(
                    format!(
                        "不是有效的 JSON（第 {} 行第 {} 列）",
                        inner.line(),
                        inner.column()
                    ),
                    format!(
                        "not valid JSON (line {}, column {}): {inner}",
                        inner.line(),
                        inner.column()
                    ),
                ))
                .with_errors(vec![(
                    format!("line {}, column {}", inner.line(), inner.column()),
                    Text::new("JSON 语法错误", inner.to_string()),
                )])
            } else {
                let path = if path == "." { String::new() } else { path };
                ApiError::invalid_fields(vec![model::InputError::new(
                    path,
                    Text::new(format!("字段值无效：{inner}"), inner.to_string()),
                )])
            }
        })
    }
}

/// The language of messages: `?lang=zh|en`, else `Accept-Language`, else Chinese.
#[derive(Debug, Clone, Copy)]
pub struct RequestLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for RequestLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestLang(lang_of(&parts.headers, &parts.uri)))
    }
}

/// The language a request asks for: `?lang=zh|en`, else `Accept-Language`, else Chinese.
pub fn lang_of(headers: &axum::http::HeaderMap, uri: &axum::http::Uri) -> Lang {
    let from_query = uri.query().and_then(|query| {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(name, _)| *name == "lang")
            .and_then(|(_, value)| Lang::parse(value))
    });
    let from_header = || {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| Lang::parse(v.split(';').next().unwrap_or("")))
    };
    from_query.or_else(from_header).unwrap_or_default()
}

/// Query parameters; a bad one answers 400 with a problem document naming it.
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or("");
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(QueryParams)
            .map_err(|error| {
                let path = error.path().to_string();
                let inner = error.into_inner();
                ApiError::bad_request(Text::new(
                    format!("查询参数 `{path}` 无效：{inner}"),
                    format!("query parameter `{path}` is invalid: {inner}"),
                ))
                .with_errors(vec![(
                    path,
                    Text::new(format!("无效：{inner}"), inner.to_string()),
                )])
            })
    }
}

/// Path parameters; one that cannot be read answers 400 with a problem document.
pub struct PathParams<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for PathParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| PathParams(value))
            .map_err(|rejection| {
                ApiError::bad_request(Text::new(
                    format!("路径参数无效：{rejection}"),
                    format!("invalid path parameter: {rejection}"),
                ))
            })
    }
}
