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

/// An endpoint: method, path (`{id}`, `{doc}` and `{key}` filled in per attempt), body, the
/// action it needs, and whether it names one object of the owning tenant (a shipment or an API
/// key), which another tenant must never reach.
struct Endpoint {
    method: Method,
    path: &'static str,
    body: Option<(&'static str, &'static [u8])>,
    headers: &'static [(&'static str, &'static str)],
    action: Option<Action>,
    names_object: bool,
}

fn endpoints() -> Vec<Endpoint> {
    let json = "application/json";
    let e = |method, path, body, headers, action, names_object| Endpoint {
        method,
        path,
        body,
        headers,
        action,
        names_object,
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
            Method::GET,
            "/api/v1/api-keys",
            None,
            &[],
            Some(Action::Administer),
            false,
        ),
        e(
            Method::DELETE,
            "/api/v1/api-keys/{key}",
            None,
            &[],
            Some(Action::Administer),
            true,
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
        // The agency workflow: orders, qualifications, history, reminders, webhooks.
        e(
            Method::POST,
            "/api/v1/orders",
            Some((
                json,
                br#"{"application_no": "ACC-{n}", "opened_at": "2026-09-28T09:30:00+08:00"}"#,
            )),
            &[],
            Some(Action::WriteOrders),
            false,
        ),
        e(Method::GET, "/api/v1/orders", None, &[], Some(Action::ReadOrders), false),
        e(
            Method::GET,
            "/api/v1/orders/ACC-ORDER",
            None,
            &[],
            Some(Action::ReadOrders),
            true,
        ),
        e(
            Method::POST,
            "/api/v1/orders/ACC-ORDER/events",
            Some((
                json,
                br#"{"at": "2026-09-28T10:00:00+08:00", "event": "receipt_checked"}"#,
            )),
            &[],
            Some(Action::WriteOrders),
            true,
        ),
        e(
            Method::PUT,
            "/api/v1/qualifications/ACC-P{n}",
            Some((json, br#"{"name": "Party {n}"}"#)),
            &[],
            Some(Action::WriteOrders),
            false,
        ),
        e(
            Method::GET,
            "/api/v1/qualifications",
            None,
            &[],
            Some(Action::ReadAgency),
            false,
        ),
        e(
            Method::GET,
            "/api/v1/qualifications/ACC-PARTY",
            None,
            &[],
            Some(Action::ReadAgency),
            true,
        ),
        e(
            Method::POST,
            "/api/v1/history",
            Some((
                "text/csv",
                b"shipment_id,agent,declared_at,cleared_at,inspected,budget_fee,actual_fee\nH{n},A,2026-09-01T10:00,,no,1,1\n",
            )),
            &[],
            Some(Action::WriteOrders),
            false,
        ),
        e(Method::GET, "/api/v1/history", None, &[], Some(Action::ReadAgency), false),
        e(
            Method::GET,
            "/api/v1/scorecard?month=2026-09",
            None,
            &[],
            Some(Action::ReadAgency),
            false,
        ),
        e(
            Method::GET,
            "/api/v1/reminders?as_of=2026-10-12",
            None,
            &[],
            Some(Action::ReadOrders),
            false,
        ),
        e(
            Method::POST,
            "/api/v1/webhooks",
            Some((json, br#"{"url": "http://127.0.0.1:9/hook-{n}"}"#)),
            &[],
            Some(Action::Administer),
            false,
        ),
        e(Method::GET, "/api/v1/webhooks", None, &[], Some(Action::ReadAgency), false),
        e(
            Method::GET,
            "/api/v1/webhooks/{hook}",
            None,
            &[],
            Some(Action::ReadAgency),
            true,
        ),
        e(
            Method::DELETE,
            "/api/v1/webhooks/{hook}",
            None,
            &[],
            Some(Action::Administer),
            true,
        ),
        e(
            Method::GET,
            "/api/v1/webhook-deliveries",
            None,
            &[],
            Some(Action::ReadAgency),
            false,
        ),
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
    let staff_user = app
        .store
        .find_user_by_name("declarant_staff-alpha")
        .await
        .unwrap()
        .unwrap()
        .id;
    // A fresh key of tenant A's staff for each attempt to revoke one.
    let mut path = endpoint.path.replace("{id}", id).replace("{doc}", doc);
    if path.contains("{hook}") {
        let hooks = app
            .store
            .list_subscriptions(&app.a.tenant_id)
            .await
            .unwrap();
        path = path.replace("{hook}", &hooks[0].id);
    }
    path = path.replace("{n}", &n.to_string());
    if path.contains("{key}") {
        let key_id = app
            .store
            .create_api_key(
                &store::Actor::system("test"),
                &app.a.tenant_id,
                &staff_user,
                &server::auth::secret_hash(&format!("throwaway-{n}-{}", key.unwrap_or(""))),
                "throwaway",
            )
            .await
            .unwrap();
        path = path.replace("{key}", &key_id);
    }
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

/// Tenant A's agency objects the table names: an order of A's client enterprise, a party, a
/// webhook subscription (the first one, so `{hook}` names it).
async fn agency_fixture(app: &TestApp) {
    let actor = store::Actor::system("test");
    app.store
        .create_order(
            &actor,
            &app.a.tenant_id,
            store::NewOrder {
                application_no: "ACC-ORDER".into(),
                client_id: Some(app.a.client_id.clone()),
                order_json:
                    r#"{"application_no": "ACC-ORDER", "opened_at": "2026-09-28T09:30:00+08:00"}"#
                        .into(),
                events: Vec::new(),
            },
            None,
        )
        .await
        .unwrap();
    app.store
        .put_party(
            &actor,
            &app.a.tenant_id,
            "ACC-PARTY",
            None,
            r#"{"id": "ACC-PARTY"}"#,
        )
        .await
        .unwrap();
    app.store
        .create_subscription(
            &actor,
            &app.a.tenant_id,
            "http://127.0.0.1:9/hook",
            "0123456789abcdef",
            None,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn every_endpoint_refuses_every_caller_it_should() {
    let app = app().await;
    agency_fixture(&app).await;
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
            if endpoint.names_object {
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

#[tokio::test]
async fn a_revoked_key_is_refused_at_once_and_never_listed_with_its_secret() {
    let app = app().await;
    let admin = app.key(Role::Administrator);
    let staff = app
        .store
        .find_user_by_name("declarant_staff-alpha")
        .await
        .unwrap()
        .unwrap();
    let issued = app
        .send(
            Method::POST,
            "/api/v1/api-keys",
            Some(admin),
            &[],
            Some((
                "application/json",
                format!(r#"{{"user_id": "{}", "label": "erp-sync"}}"#, staff.id).into_bytes(),
            )),
        )
        .await;
    assert_eq!(issued.status, StatusCode::CREATED);
    let issued = issued.json();
    let (key_id, secret) = (
        issued["id"].as_str().unwrap().to_string(),
        issued["api_key"].as_str().unwrap().to_string(),
    );
    let rules = |key: String| {
        let app = &app;
        async move {
            app.send(Method::GET, "/api/v1/rules", Some(&key), &[], None)
                .await
                .status
        }
    };
    assert_eq!(rules(secret.clone()).await, StatusCode::OK);

    let listed = app
        .send(Method::GET, "/api/v1/api-keys", Some(admin), &[], None)
        .await;
    assert_eq!(listed.status, StatusCode::OK);
    let text = String::from_utf8_lossy(&listed.bytes).to_string();
    assert!(!text.contains(&secret), "the listing shows a secret");
    assert!(
        !text.contains(&server::auth::secret_hash(&secret)),
        "the listing shows a hash"
    );
    let entry = listed
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == key_id.as_str())
        .cloned()
        .unwrap();
    assert_eq!(entry["label"], "erp-sync");
    assert_eq!(entry["username"], "declarant_staff-alpha");
    assert!(entry["revoked_at"].is_null());

    // Another tenant's administrator cannot revoke it.
    let foreign = app
        .send(
            Method::DELETE,
            &format!("/api/v1/api-keys/{key_id}"),
            Some(&app.b.keys[&Role::Administrator]),
            &[],
            None,
        )
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert_eq!(rules(secret.clone()).await, StatusCode::OK);

    let revoked = app
        .send(
            Method::DELETE,
            &format!("/api/v1/api-keys/{key_id}"),
            Some(admin),
            &[],
            None,
        )
        .await;
    assert_eq!(revoked.status, StatusCode::OK);
    assert!(revoked.json()["revoked_at"].is_string());
    let refused = app
        .send(Method::GET, "/api/v1/rules", Some(&secret), &[], None)
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.content_type(), "application/problem+json");
    // Again: the same answer, nothing new in the audit log.
    let again = app
        .send(
            Method::DELETE,
            &format!("/api/v1/api-keys/{key_id}"),
            Some(admin),
            &[],
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    let audit = app
        .send(
            Method::GET,
            "/api/v1/audit?limit=1000",
            Some(admin),
            &[],
            None,
        )
        .await;
    let revocations = String::from_utf8_lossy(&audit.bytes)
        .matches("api_key.revoke")
        .count();
    assert_eq!(revocations, 1);
}

/// Logs in as a new administrator of tenant A with a password; answers the cookie header.
async fn session_cookie(app: &TestApp) -> String {
    let hash = server::auth::hash_password("correct horse battery").unwrap();
    app.store
        .create_user(
            &store::Actor::system("test"),
            &app.a.tenant_id,
            store::NewUser {
                username: "admin@alpha".into(),
                role: Role::Administrator,
                client_id: None,
                password_hash: Some(hash),
            },
        )
        .await
        .unwrap();
    let login = app
        .send(
            Method::POST,
            "/api/v1/login",
            None,
            &[],
            Some((
                "application/json",
                br#"{"username": "admin@alpha", "password": "correct horse battery"}"#.to_vec(),
            )),
        )
        .await;
    assert_eq!(login.status, StatusCode::OK);
    let set_cookie = login.headers["set-cookie"].to_str().unwrap();
    set_cookie.split(';').next().unwrap().to_string()
}

#[tokio::test]
async fn session_cookie_writes_need_the_same_site_header() {
    let app = app().await;
    let cookie = session_cookie(&app).await;
    let body = || Some(("application/json", BUNDLE.as_bytes().to_vec()));
    // Reads need nothing more than the cookie.
    let read = app
        .send(
            Method::GET,
            "/api/v1/shipments",
            None,
            &[("cookie", &cookie)],
            None,
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
    // A write without the header (what a cross-site form sends) is refused.
    let forged = app
        .send(
            Method::POST,
            "/api/v1/shipments",
            None,
            &[("cookie", &cookie)],
            body(),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(String::from_utf8_lossy(&forged.bytes).contains("cross-site-request"));
    // With the header but from another site (a browser says so), refused too.
    let cross = app
        .send(
            Method::POST,
            "/api/v1/shipments",
            None,
            &[
                ("cookie", &cookie),
                ("x-requested-with", "declarant"),
                ("sec-fetch-site", "cross-site"),
            ],
            body(),
        )
        .await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    let same = app
        .send(
            Method::POST,
            "/api/v1/shipments",
            None,
            &[
                ("cookie", &cookie),
                ("x-requested-with", "declarant"),
                ("sec-fetch-site", "same-origin"),
            ],
            body(),
        )
        .await;
    assert_eq!(same.status, StatusCode::CREATED);
    // Logging out is a write too.
    let out = app
        .send(
            Method::POST,
            "/api/v1/logout",
            None,
            &[("cookie", &cookie)],
            None,
        )
        .await;
    assert_eq!(out.status, StatusCode::FORBIDDEN);
    let out = app
        .send(
            Method::POST,
            "/api/v1/logout",
            None,
            &[("cookie", &cookie), ("x-requested-with", "declarant")],
            None,
        )
        .await;
    assert_eq!(out.status, StatusCode::OK);
    let after = app
        .send(
            Method::GET,
            "/api/v1/shipments",
            None,
            &[("cookie", &cookie)],
            None,
        )
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    // API keys need no such header: no browser sends them on its own.
    let created = app.create(BUNDLE, false).await;
    assert!(created.starts_with("shp_"));
}
