//! The stored-shipment workflow in process: versions with ETag / If-Match, idempotent
//! creation, uploaded originals, sessions and the login limit, the audit log.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test cases: a failed step fails the test"
)]

mod common;

use axum::http::{Method, StatusCode};
use common::{BUNDLE, CLEAN_BUNDLE, DECLARATION_XML, app};
use store::Role;

#[tokio::test]
async fn shipment_lifecycle_keeps_every_version() {
    let app = app().await;
    let staff = app.key(Role::DeclarantStaff);
    let id = app.create(BUNDLE, false).await;
    let uri = format!("/api/v1/shipments/{id}");
    let got = app.send(Method::GET, &uri, Some(staff), &[], None).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.headers["etag"], "\"1\"");
    assert_eq!(got.json()["reference"], "SHP-2026-0412");

    let put = |headers: Vec<(&'static str, &'static str)>| {
        let app = &app;
        let uri = uri.clone();
        async move {
            app.send(
                Method::PUT,
                &uri,
                Some(staff),
                &headers,
                Some(("application/json", CLEAN_BUNDLE.as_bytes().to_vec())),
            )
            .await
        }
    };
    assert_eq!(put(vec![]).await.status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(
        put(vec![("if-match", "\"7\"")]).await.status,
        StatusCode::PRECONDITION_FAILED
    );
    let updated = put(vec![("if-match", "\"1\"")]).await;
    assert_eq!(updated.status, StatusCode::OK);
    assert_eq!(updated.headers["etag"], "\"2\"");
    assert_eq!(
        put(vec![("if-match", "\"1\"")]).await.status,
        StatusCode::PRECONDITION_FAILED
    );

    let first = app
        .send(
            Method::GET,
            &format!("{uri}?version=1"),
            Some(staff),
            &[],
            None,
        )
        .await
        .json();
    let second = app
        .send(Method::GET, &uri, Some(staff), &[], None)
        .await
        .json();
    assert_eq!(first["version"], 1);
    assert_eq!(second["version"], 2);
    assert_ne!(first["bundle"], second["bundle"]);
    let history = app
        .send(
            Method::GET,
            &format!("{uri}/history"),
            Some(staff),
            &[],
            None,
        )
        .await
        .json();
    assert_eq!(history.as_array().unwrap().len(), 2);

    assert_eq!(
        app.send(
            Method::GET,
            &format!("{uri}/findings"),
            Some(staff),
            &[],
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let checked = app
        .send(
            Method::POST,
            &format!("{uri}/check?lang=en"),
            Some(staff),
            &[],
            None,
        )
        .await;
    assert_eq!(checked.status, StatusCode::OK);
    let findings = app
        .send(
            Method::GET,
            &format!("{uri}/findings"),
            Some(staff),
            &[],
            None,
        )
        .await
        .json();
    assert_eq!(findings["version"], 2);
    assert_eq!(findings["report"], checked.json());

    let listed = app
        .send(
            Method::GET,
            "/api/v1/shipments?limit=10",
            Some(staff),
            &[],
            None,
        )
        .await
        .json();
    assert_eq!(listed["items"][0]["id"], id.as_str());
    assert_eq!(listed["items"][0]["latest_version"], 2);

    // Archived: kept, and deleting it is refused for five years.
    let archived = app
        .send(
            Method::POST,
            &format!("{uri}/archive"),
            Some(staff),
            &[],
            None,
        )
        .await;
    assert_eq!(archived.status, StatusCode::OK);
    let refused = app
        .send(
            Method::DELETE,
            &uri,
            Some(app.key(Role::Administrator)),
            &[],
            None,
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.json()["type"], "/problems/retention");
}

#[tokio::test]
async fn idempotency_key_replays_the_creation() {
    let app = app().await;
    let staff = app.key(Role::DeclarantStaff);
    let send = |bundle: &'static str| {
        app.send(
            Method::POST,
            "/api/v1/shipments",
            Some(staff),
            &[("idempotency-key", "order-77")],
            Some(("application/json", bundle.as_bytes().to_vec())),
        )
    };
    let first = send(BUNDLE).await;
    let again = send(BUNDLE).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(first.json()["id"], again.json()["id"]);
    let other = send(CLEAN_BUNDLE).await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    let listed = app
        .send(Method::GET, "/api/v1/shipments", Some(staff), &[], None)
        .await
        .json();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn uploaded_declaration_is_imported_and_kept() {
    let app = app().await;
    let staff = app.key(Role::DeclarantStaff);
    let answer = app
        .send(
            Method::POST,
            "/api/v1/shipments?file_name=export-lithium-batteries.xml",
            Some(staff),
            &[],
            Some(("application/xml", DECLARATION_XML.to_vec())),
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&answer.bytes)
    );
    let id = answer.json()["id"].as_str().unwrap().to_string();
    let shipment = app
        .send(
            Method::GET,
            &format!("/api/v1/shipments/{id}"),
            Some(staff),
            &[],
            None,
        )
        .await
        .json();
    let document_id = shipment["document_id"].as_str().unwrap().to_string();
    assert!(
        shipment["bundle"]["declaration"]["lines"]
            .as_array()
            .is_some_and(|l| !l.is_empty())
    );
    let original = app
        .send(
            Method::GET,
            &format!("/api/v1/shipments/{id}/documents/{document_id}"),
            Some(staff),
            &[],
            None,
        )
        .await;
    assert_eq!(original.status, StatusCode::OK);
    assert_eq!(original.bytes, DECLARATION_XML);
    let checked = app
        .send(
            Method::POST,
            &format!("/api/v1/shipments/{id}/check"),
            Some(staff),
            &[],
            None,
        )
        .await;
    assert_eq!(checked.status, StatusCode::OK);
}

#[tokio::test]
async fn sessions_and_the_login_limit() {
    let app = app().await;
    let created = app
        .send(
            Method::POST,
            "/api/v1/users",
            Some(app.key(Role::Administrator)),
            &[],
            Some(("application/json", br#"{"username": "li.na@alpha", "password": "correct horse battery", "role": "declarant_staff"}"#.to_vec())),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let short = app
        .send(
            Method::POST,
            "/api/v1/users",
            Some(app.key(Role::Administrator)),
            &[],
            Some((
                "application/json",
                br#"{"username": "x@alpha", "password": "short", "role": "auditor"}"#.to_vec(),
            )),
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    let login = |password: &'static str| {
        let body = format!(r#"{{"username": "li.na@alpha", "password": "{password}"}}"#);
        app.send(
            Method::POST,
            "/api/v1/login",
            None,
            &[],
            Some(("application/json", body.into_bytes())),
        )
    };
    let ok = login("correct horse battery").await;
    assert_eq!(ok.status, StatusCode::OK);
    let cookie = ok.headers["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let pair = cookie.split(';').next().unwrap().to_string();
    let listed = app
        .send(
            Method::GET,
            "/api/v1/shipments",
            None,
            &[("cookie", &pair)],
            None,
        )
        .await;
    assert_eq!(listed.status, StatusCode::OK);
    let out = app
        .send(
            Method::POST,
            "/api/v1/logout",
            None,
            &[("cookie", &pair), ("x-requested-with", "declarant")],
            None,
        )
        .await;
    assert_eq!(out.status, StatusCode::OK);
    let after = app
        .send(
            Method::GET,
            "/api/v1/shipments",
            None,
            &[("cookie", &pair)],
            None,
        )
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);

    for _ in 0..server::auth::LOGIN_ATTEMPTS {
        assert_eq!(login("wrong").await.status, StatusCode::UNAUTHORIZED);
    }
    let limited = login("correct horse battery").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers.contains_key("retry-after"));
    app.clock.set("2026-03-02T08:16:00Z".parse().unwrap());
    assert_eq!(login("correct horse battery").await.status, StatusCode::OK);
}

#[tokio::test]
async fn auditors_read_their_tenants_log_and_verify_it() {
    let app = app().await;
    let id = app.create(BUNDLE, false).await;
    let auditor = app.key(Role::Auditor);
    let entries = app
        .send(
            Method::GET,
            "/api/v1/audit?limit=1000",
            Some(auditor),
            &[],
            None,
        )
        .await
        .json();
    let entries = entries.as_array().unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e["object"] == format!("shipment/{id}/1"))
    );
    let other = app
        .send(
            Method::GET,
            "/api/v1/audit?limit=1000",
            Some(&app.b.keys[&Role::Auditor]),
            &[],
            None,
        )
        .await
        .json();
    assert!(
        !other
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["object"].as_str().unwrap().contains(&id))
    );
    let about = app
        .send(
            Method::GET,
            &format!("/api/v1/audit?object=shipment/{id}"),
            Some(auditor),
            &[],
            None,
        )
        .await
        .json();
    assert_eq!(about.as_array().unwrap().len(), 1);
    let verdict = app
        .send(
            Method::GET,
            "/api/v1/audit/verify?lang=en",
            Some(auditor),
            &[],
            None,
        )
        .await
        .json();
    assert_eq!(verdict["intact"], true);
}
