//! The web UI: a few static files (HTML, CSS, vanilla JS modules, one bilingual dictionary)
//! embedded in the binary and served at `/` and `/ui/…`. The pages talk to the REST API with
//! the session cookie; nothing is built at run time and nothing is fetched from elsewhere.
//!
//! Every UI answer carries a Content-Security-Policy that allows only this origin's scripts,
//! styles and API (no inline script or style), `X-Content-Type-Options: nosniff`, no framing
//! and no referrer.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// The policy of every UI answer.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

/// The embedded files: name under `/ui/`, content type, bytes.
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("../../ui/app.js"),
    ),
    (
        "api.js",
        "text/javascript; charset=utf-8",
        include_str!("../../ui/api.js"),
    ),
    (
        "dom.js",
        "text/javascript; charset=utf-8",
        include_str!("../../ui/dom.js"),
    ),
    (
        "i18n.js",
        "text/javascript; charset=utf-8",
        include_str!("../../ui/i18n.js"),
    ),
    (
        "pages.js",
        "text/javascript; charset=utf-8",
        include_str!("../../ui/pages.js"),
    ),
    (
        "report.js",
        "text/javascript; charset=utf-8",
        include_str!("../../ui/report.js"),
    ),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("../../ui/style.css"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_str!("../../ui/favicon.svg"),
    ),
];

const INDEX: &str = include_str!("../../ui/index.html");

/// The routes of the UI (merged into the application's router).
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(index))
        .route("/ui/{file}", get(asset))
}

/// The security headers of every UI answer.
pub fn secure(headers: &mut HeaderMap) {
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // The files change with the binary; revalidating is cheap on loopback or a LAN.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
}

fn answer(content_type: &'static str, body: &'static str) -> Response {
    let mut response = (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response();
    secure(response.headers_mut());
    response
}

async fn index() -> Response {
    answer("text/html; charset=utf-8", INDEX)
}

async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, content_type, body)) => answer(content_type, body),
        None => {
            let mut response = crate::problem::ApiError::not_found("UI file").into_response();
            secure(response.headers_mut());
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn asset_text(name: &str) -> &'static str {
        ASSETS
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, _, body)| *body)
            .unwrap_or_default()
    }

    /// The keys of `const NAME = { … };` in the dictionary file, one `'key': '…',` a line.
    fn dictionary(name: &str) -> BTreeSet<String> {
        let text = asset_text("i18n.js");
        let start = text
            .find(&format!("const {name} = {{"))
            .unwrap_or(text.len());
        text[start..]
            .lines()
            .skip(1)
            .take_while(|line| !line.starts_with("};"))
            .filter_map(|line| line.trim().strip_prefix('\''))
            .filter_map(|line| line.split_once("': ").map(|(key, _)| key.to_string()))
            .collect()
    }

    #[test]
    fn both_languages_hold_every_text() {
        let zh = dictionary("zh");
        let en = dictionary("en");
        assert!(zh.len() > 100, "{} Chinese texts", zh.len());
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(only_zh.is_empty(), "no English for {only_zh:?}");
        assert!(only_en.is_empty(), "no Chinese for {only_en:?}");
        // Every key the pages ask for exists.
        let mut used = BTreeSet::new();
        for (name, _, body) in ASSETS.iter().filter(|(n, _, _)| n.ends_with(".js")) {
            for call in ["t('", "tn('"] {
                for (at, _) in body.match_indices(call) {
                    let before = body[..at].chars().next_back().unwrap_or(' ');
                    if before.is_alphanumeric() || "_.$".contains(before) {
                        continue;
                    }
                    if let Some((key, _)) = body[at + call.len()..].split_once('\'') {
                        used.insert(((*name).to_string(), key.to_string()));
                    }
                }
            }
            for piece in body.split("'nav.").skip(1) {
                if let Some((key, _)) = piece.split_once('\'') {
                    used.insert(((*name).to_string(), format!("nav.{key}")));
                }
            }
        }
        assert!(used.len() > 100, "{} uses found", used.len());
        let missing: Vec<_> = used.iter().filter(|(_, key)| !zh.contains(key)).collect();
        assert!(
            missing.is_empty(),
            "texts missing from the dictionary: {missing:?}"
        );
        for role in store::Role::ALL {
            assert!(zh.contains(&format!("role.{}", role.as_str())), "{role:?}");
        }
        for kind in ["declaration", "invoice", "packing_list", "bill_of_lading"] {
            assert!(zh.contains(&format!("doc.name.{kind}")), "{kind}");
        }
    }

    #[test]
    fn no_asset_holds_inline_script_or_style_or_reaches_elsewhere() {
        assert!(!INDEX.contains("<script>"), "inline script in index.html");
        assert!(!INDEX.contains("style="), "inline style in index.html");
        assert!(!INDEX.contains("<style"), "inline style in index.html");
        assert!(!INDEX.contains("http"), "index.html reaches elsewhere");
        for (name, _, body) in ASSETS.iter().filter(|(n, _, _)| !n.ends_with(".svg")) {
            assert!(!body.contains("http://"), "{name} reaches elsewhere");
            assert!(!body.contains("https://"), "{name} reaches elsewhere");
            assert!(!body.contains("eval("), "{name} uses eval");
            assert!(!body.contains("innerHTML"), "{name} writes markup");
        }
    }
}
