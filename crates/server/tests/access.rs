//! Every endpoint, tried by every role of the owning tenant, by every role of another tenant,
//! by a client reviewer of another client enterprise and by nobody: each attempt that the
//! role table does not permit is refused (401, 403 or 404), and what is permitted works.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test cases: a failed step fails the test"
)]

mod common;

use axum::http::{Method, StatusCode};
use common::{BUNDLE, DECLARATION_XML, TestApp, app};
use server::auth::{Action, permits};
use store::Role;

/// An endpoint: method, path (`{id}` and `{doc}` filled in per attempt), body, the action it
/// needs, and whether it names one shipment.
struct Endpoint {
    method: Method,
    path: &'static str,
    body: Option<(&'static str, &'static [u8])>,
    headers: &'static [(&'static str, &'static str)],
    action: Option<Action>,
    names_shipment: bool,
}

fn endpoints() -> Vec<Endpoint> {
    let json = "application/json";
    let e = |method, path, body, headers, action, names_shipment| Endpoint {
        method,
        path,
        body,
        headers,
        action,
        names_shipment,
    };
    vec![
        e(
            Method::POST,
            "/api/v1/check",
            Some((json, BUNDLE.as_bytes())),
            &[],
            Some(Action::CheckBundle),
            false,
        ),
        e(
            Method::POST,
            "/api/v1/shipments",
            Some((json, BUNDLE.as_bytes())),
            &[],
            Some(Action::WriteShipments),
            false,
        ),
        e(
            Method::GET,
            "/api/v1/shipments",
            None,
            &[],
            Some(Action::ReadShipments),
            false,
        ),
        e(
            Method::GET,
            "/api/v1/shipments/{id}",
            None,
            &[],
            Some(Action::ReadShipments),
            true,
        ),
        e(
            Method::PUT,
            "/api/v1/shipments/{id}",
            Some((json, BUNDLE.as_bytes())),
            &[("if-match", "\"1\"")],
            Some(Action::WriteShipments),
            true,
        ),
        e(
            Method::DELETE,
            "/api/v1/shipments/{id}",
            None,
            &[],
            Some(Action::DeleteShipment),
            true,
        ),
        e(
            Method::POST,
            "/api/v1/shipments/{id}/archive",
            None,
            &[],
            Some(Action::ArchiveShipment),
            true,
        ),
        e(
            Method::POST,
            "/api/v1/shipments/{id}/check",
            None,
            &[],
            Some(Action::CheckShipment),
            true,
        ),
        e(
            Method::GET,
            "/api/v1/shipments/{id}/findings",
            None,
            &[],
            Some(Action::ReadShipments),
            true,
        ),
        e(
            Method::GET,
            "/api/v1/shipments/{id}/history",
            None,
            &[],
            Some(Action::ReadShipments),
            true,
        ),
        e(
            Method::GET,
            "/api/v1/shipments/{id}/documents/{doc}",
            None,
            &[],
            Some(Action::ReadShipments),
            true,
        ),
        e(
            Method::GET,
            "/api/v1/rules",
            None,
            &[],
            Some(Action::ReadRules),
            false,
        ),
        e(
            Method::GET,
            "/api/v1/audit",
            None,
            &[],
            Some(Action::ReadAudit),
            false,
        ),
        e(
            Method::GET,
            "/api/v1/audit/verify",
            None,
            &[],
            Some(Action::ReadAudit),
            false,
        ),
        e(
            Method::POST,
            "/api/v1/users",
            Some((json, br#"{"username": "u-{n}", "role": "auditor"}"#)),
            &[],
            Some(Action::Administer),
            false,
        ),
        e(
            Method::POST,
            "/api/v1/api-keys",
            Some((json, br#"{"user_id": "{user}"}"#)),
            &[],
            Some(Action::Administer),
            false,
        ),
        e(
            Method::POST,
            "/api/v1/clients",
            Some((json, br#"{"name": "New client"}"#)),
            &[],
            Some(Action::Administer),
            false,
        ),
        e(
            Method::GET,
            "/api/v1/clients",
            None,
            &[],
            Some(Action::ReadClients),
            false,
        ),
        e(Method::POST, "/api/v1/logout", None, &[], None, false),
    ]
}

/// A shipment of tenant A for A's client enterprise, uploaded as a declaration XML and
/// checked once: answers its id and its document's id.
async fn fixture(app: &TestApp) -> (String, String) {
    let answer = app
        .send(
            Method::POST,
            &format!(
                "/api/v1/shipments?client_id={}&file_name=dec.xml",
                app.a.client_id
            ),
            Some(app.key(Role::DeclarantStaff)),
            &[],
            Some(("application/xml", DECLARATION_XML.to_vec())),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let id = answer.json()["id"].as_str().unwrap().to_string();
    let shipment = app
        .send(
            Method::GET,
            &format!("/api/v1/shipments/{id}"),
            Some(app.key(Role::DeclarantStaff)),
            &[],
            None,
        )
        .await
        .json();
    let checked = app
        .send(
            Method::POST,
            &format!("/api/v1/shipments/{id}/check"),
            Some(app.key(Role::DeclarantStaff)),
            &[],
            None,
        )
        .await;
    assert_eq!(checked.status, StatusCode::OK);
    (id, shipment["document_id"].as_str().unwrap().to_string())
}

async fn attempt(
    app: &TestApp,
    endpoint: &Endpoint,
    key: Option<&str>,
    id: &str,
    doc: &str,
    n: usize,
) -> (StatusCode, String) {
    let path = endpoint.path.replace("{id}", id).replace("{doc}", doc);
    let staff_user = app
        .store
        .find_user_by_name("declarant_staff-alpha")
        .await
        .unwrap()
        .unwrap()
        .id;
    let body = endpoint.body.map(|(content_type, bytes)| {
        let text = String::from_utf8_lossy(bytes)
            .replace("{n}", &n.to_string())
            .replace("{user}", &staff_user);
        (content_type, text.into_bytes())
    });
    let answer = app
        .send(endpoint.method.clone(), &path, key, endpoint.headers, body)
        .await;
    (
        answer.status,
        String::from_utf8_lossy(&answer.bytes).to_string(),
    )
}

#[tokio::test]
async fn every_endpoint_refuses_every_caller_it_should() {
    let app = app().await;
    let mut attempts = 0;
    for (index, endpoint) in endpoints().iter().enumerate() {
        let label = format!("{} {}", endpoint.method, endpoint.path);
        // Nobody.
        let (id, doc) = fixture(&app).await;
        let (status, body) = attempt(&app, endpoint, None, &id, &doc, index * 100).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{label} without a key: {body}"
        );
        attempts += 1;

        for (offset, role) in Role::ALL.into_iter().enumerate() {
            let n = index * 100 + offset + 1;
            // The owning tenant: the role table decides.
            let (id, doc) = fixture(&app).await;
            let (status, body) =
                attempt(&app, endpoint, Some(&app.a.keys[&role]), &id, &doc, n).await;
            let allowed = endpoint.action.is_none_or(|action| permits(role, action));
            if allowed {
                assert!(
                    status.is_success(),
                    "{label} as {role:?} of the owner should work: {status} {body}"
                );
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{label} as {role:?}: {body}");
            }
            attempts += 1;

            // Another tenant: never sees the shipment, whatever its role.
            let (id, doc) = fixture(&app).await;
            let (status, body) =
                attempt(&app, endpoint, Some(&app.b.keys[&role]), &id, &doc, n + 50).await;
            if endpoint.names_shipment {
                assert!(
                    status == StatusCode::NOT_FOUND || status == StatusCode::FORBIDDEN,
                    "{label} as {role:?} of another tenant: {status} {body}"
                );
                attempts += 1;
            } else {
                assert!(
                    !body.contains(&id),
                    "{label} as {role:?} of another tenant leaks {id}"
                );
                assert!(!body.contains(&app.a.tenant_id), "{label} leaks tenant A");
            }
            assert!(status.as_u16() < 500, "{label}: {status}");
        }
    }
    assert!(attempts > 80, "{attempts} refusals tried");
}

#[tokio::test]
async fn a_client_reviewer_sees_only_its_own_client_enterprise() {
    let app = app().await;
    let reviewer = app.key(Role::ClientReviewer);
    // A shipment of the agency's own, for no client enterprise.
    let other = app.create(BUNDLE, false).await;
    let own = app.create(BUNDLE, true).await;
    for path in ["", "/findings", "/history"] {
        let answer = app
            .send(
                Method::GET,
                &format!("/api/v1/shipments/{other}{path}"),
                Some(reviewer),
                &[],
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
    }
    let answer = app
        .send(
            Method::POST,
            &format!("/api/v1/shipments/{other}/check"),
            Some(reviewer),
            &[],
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let listed = app
        .send(Method::GET, "/api/v1/shipments", Some(reviewer), &[], None)
        .await
        .json();
    let ids: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![own.as_str()]);
    let answer = app
        .send(
            Method::POST,
            &format!("/api/v1/shipments/{own}/check"),
            Some(reviewer),
            &[],
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
}
