//! The API in process (`tower::ServiceExt::oneshot`): the stateless check, bad input as
//! problem documents, health and rules, and the OpenAPI snapshot. The stored-shipment workflow
//! is in `workflow.rs`, the role matrix in `access.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test cases: a failed step fails the test"
)]

mod common;

use axum::http::{Method, StatusCode};
use common::{BUNDLE, app, app_judging_names, app_with};
use store::Role;

/// `POST /api/v1/check?lang=en` of `bundle` by an auditor.
async fn check_in_english(app: &common::TestApp, bundle: &str) -> common::Answer {
    app.send(
        Method::POST,
        "/api/v1/check?lang=en",
        Some(app.key(Role::Auditor)),
        &[],
        Some(("application/json", bundle.as_bytes().to_vec())),
    )
    .await
}

/// With the classifier, as `declarant serve` runs, the API reports rule H003 with its
/// suggestions: the same report `declarant check` gives.
#[tokio::test]
async fn the_service_judges_names_against_codes() {
    let app = app_judging_names().await;
    let bundle_text =
        include_str!("../../rules/tests/fixtures/H003/fires-t-shirt-under-battery-code.json");
    let answer = check_in_english(&app, bundle_text).await;
    assert_eq!(answer.status, StatusCode::OK);
    let bundle = model::parse_bundle(bundle_text).bundle.unwrap();
    let data = refdata::RefData::embedded().unwrap();
    let engine = classify::Classifier::build(&classify::embedded_tables()).unwrap();
    let findings =
        rules::check(&rules::CheckInput::new(&bundle, &data).with_name_fit(Some(&engine)));
    assert!(findings.iter().any(|f| f.rule == "H003"), "{findings:?}");
    let expected = rules::Report {
        reports: vec![rules::BundleReport {
            bundle: bundle.name_or("request").to_string(),
            file: "request".into(),
            findings,
        }],
        input_errors: Vec::new(),
    };
    assert_eq!(
        answer.bytes,
        serde_json::to_vec(&expected.to_json(model::Lang::En)).unwrap()
    );
    let report = answer.json();
    let h003 = report["reports"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "H003")
        .unwrap()
        .clone();
    assert!(h003.to_string().contains("6109"), "{h003}");
}

#[tokio::test]
async fn stateless_check_answers_the_contract_report() {
    let app = app().await;
    let answer = check_in_english(&app, BUNDLE).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.content_type(), "application/json");
    let report = answer.json();
    assert!(report["summary"]["errors"].as_u64().unwrap() > 0);
    // Exactly what the rules engine reports for this bundle (CONTRACT §3).
    let bundle = model::parse_bundle(BUNDLE).bundle.unwrap();
    let data = refdata::RefData::embedded().unwrap();
    let expected = rules::Report {
        reports: vec![rules::BundleReport {
            bundle: "SHP-2026-0412".into(),
            file: "request".into(),
            findings: rules::check(&rules::CheckInput::new(&bundle, &data)),
        }],
        input_errors: Vec::new(),
    };
    assert_eq!(
        answer.bytes,
        serde_json::to_vec(&expected.to_json(model::Lang::En)).unwrap()
    );
    // The same input gives the same bytes.
    let again = check_in_english(&app, BUNDLE).await;
    assert_eq!(again.bytes, answer.bytes);
    // Chinese by default.
    let zh = app
        .send(
            Method::POST,
            "/api/v1/check",
            Some(app.key(Role::Auditor)),
            &[],
            Some(("application/json", BUNDLE.as_bytes().to_vec())),
        )
        .await;
    assert_ne!(zh.bytes, answer.bytes);
}

#[tokio::test]
async fn bad_input_is_a_problem_document_never_a_5xx() {
    let app = app_with(server::Settings {
        body_limit: 64 * 1024,
        ..server::Settings::default()
    })
    .await;
    let key = app.key(Role::DeclarantStaff);
    let oversized = format!("{{\"id\": \"{}\"}}", "x".repeat(70 * 1024));
    type Case<'a> = (
        &'a str,
        Method,
        &'a str,
        Option<&'a str>,
        Option<(&'a str, Vec<u8>)>,
        u16,
        &'a str,
    );
    let cases: Vec<Case> = vec![
        (
            "malformed JSON",
            Method::POST,
            "/api/v1/check",
            Some(key),
            Some(("application/json", b"{\"declaration\": ".to_vec())),
            400,
            "/problems/bad-request",
        ),
        (
            "not an object",
            Method::POST,
            "/api/v1/check",
            Some(key),
            Some(("application/json", b"[1, 2]".to_vec())),
            400,
            "/problems/bad-request",
        ),
        (
            "not UTF-8",
            Method::POST,
            "/api/v1/check",
            Some(key),
            Some(("application/json", vec![0xff, 0xfe, b'{'])),
            400,
            "/problems/bad-request",
        ),
        (
            "wrong content type",
            Method::POST,
            "/api/v1/check",
            Some(key),
            Some(("text/plain", BUNDLE.as_bytes().to_vec())),
            415,
            "/problems/unsupported-media-type",
        ),
        (
            "no content type",
            Method::POST,
            "/api/v1/shipments",
            Some(key),
            Some(("", BUNDLE.as_bytes().to_vec())),
            415,
            "/problems/unsupported-media-type",
        ),
        (
            "oversized",
            Method::POST,
            "/api/v1/check",
            Some(key),
            Some(("application/json", oversized.into_bytes())),
            413,
            "/problems/too-large",
        ),
        (
            "unknown field value",
            Method::POST,
            "/api/v1/check",
            Some(key),
            Some((
                "application/json",
                br#"{"direction": "sideways", "declaration": {"lines": []}}"#.to_vec(),
            )),
            422,
            "/problems/invalid-fields",
        ),
        (
            "bad amount",
            Method::POST,
            "/api/v1/shipments",
            Some(key),
            Some((
                "application/json",
                br#"{"declaration": {"lines": [{"no": 1, "amount": "12,5x"}]}}"#.to_vec(),
            )),
            422,
            "/problems/invalid-fields",
        ),
        (
            "unreadable upload",
            Method::POST,
            "/api/v1/shipments?file_name=a.xml",
            Some(key),
            Some(("application/xml", b"<nope".to_vec())),
            422,
            "/problems/invalid-fields",
        ),
        (
            "no key",
            Method::POST,
            "/api/v1/check",
            None,
            Some(("application/json", BUNDLE.as_bytes().to_vec())),
            401,
            "/problems/unauthorized",
        ),
        (
            "wrong key",
            Method::POST,
            "/api/v1/check",
            Some("dk_0000"),
            Some(("application/json", BUNDLE.as_bytes().to_vec())),
            401,
            "/problems/unauthorized",
        ),
        (
            "bad query",
            Method::GET,
            "/api/v1/shipments?limit=many",
            Some(key),
            None,
            400,
            "/problems/bad-request",
        ),
        (
            "unknown route",
            Method::GET,
            "/api/v1/nothing",
            Some(key),
            None,
            404,
            "/problems/not-found",
        ),
        (
            "wrong method",
            Method::PATCH,
            "/api/v1/check",
            Some(key),
            None,
            405,
            "/problems/method-not-allowed",
        ),
        (
            "unknown role",
            Method::POST,
            "/api/v1/users",
            Some(app.key(Role::Administrator)),
            Some((
                "application/json",
                br#"{"username": "x", "role": "king"}"#.to_vec(),
            )),
            422,
            "/problems/invalid-fields",
        ),
        (
            "unknown field",
            Method::POST,
            "/api/v1/login",
            None,
            Some((
                "application/json",
                br#"{"username": "x", "password": "y", "otp": 1}"#.to_vec(),
            )),
            422,
            "/problems/invalid-fields",
        ),
    ];
    for (name, method, uri, key, body, status, kind) in cases {
        let answer = app.send(method, uri, key, &[], body).await;
        assert_eq!(
            answer.status.as_u16(),
            status,
            "{name}: {}",
            String::from_utf8_lossy(&answer.bytes)
        );
        assert_eq!(answer.content_type(), "application/problem+json", "{name}");
        let problem = answer.json();
        assert_eq!(problem["type"], kind, "{name}");
        assert_eq!(problem["status"], status, "{name}");
    }
    // The bad field is named by its JSON path.
    let answer = app
        .send(
            Method::POST,
            "/api/v1/check?lang=en",
            Some(key),
            &[],
            Some((
                "application/json",
                br#"{"declaration": {"lines": [{"no": 1}, {"no": 2, "quantity": "many"}]}}"#
                    .to_vec(),
            )),
        )
        .await;
    insta::assert_snapshot!(
        "problem_bad_quantity_en",
        serde_json::to_string_pretty(&answer.json()).unwrap()
    );
    let users = app
        .send(
            Method::POST,
            "/api/v1/users?lang=en",
            Some(app.key(Role::Administrator)),
            &[],
            Some((
                "application/json",
                br#"{"username": "x", "role": "king"}"#.to_vec(),
            )),
        )
        .await;
    assert_eq!(users.json()["errors"][0]["path"], "role");
}

#[tokio::test]
async fn health_readiness_and_rules() {
    let app = app().await;
    assert_eq!(
        app.send(Method::GET, "/health", None, &[], None)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.send(Method::GET, "/ready", None, &[], None)
            .await
            .status,
        StatusCode::OK
    );
    let rules = app
        .send(
            Method::GET,
            "/api/v1/rules?lang=en",
            Some(app.key(Role::Auditor)),
            &[],
            None,
        )
        .await
        .json();
    assert!(
        rules
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["code"] == "C003")
    );
}

#[tokio::test]
async fn the_openapi_document_is_generated_from_the_code() {
    let app = app().await;
    let served = app
        .send(Method::GET, "/api/openapi.json", None, &[], None)
        .await;
    assert_eq!(served.status, StatusCode::OK);
    let document = served.json();
    assert_eq!(document, serde_json::to_value(server::openapi()).unwrap());
    insta::assert_snapshot!("openapi", serde_json::to_string_pretty(&document).unwrap());
}
