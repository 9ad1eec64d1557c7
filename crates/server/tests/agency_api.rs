//! The agency workflow through the API: an order driven through all five nodes with a
//! refused out-of-order transition in the middle (nothing changes), qualifications with
//! versions, history and the scorecard, and reminders equal to the engine's for the same
//! `as_of`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod common;

use axum::http::{Method, StatusCode};
use common::{Answer, TestApp, app};
use serde_json::{Value, json};
use store::Role;

const ORDERS: &str = include_str!("../../../examples/agency/orders.json");
const QUALIFICATIONS: &str = include_str!("../../../examples/agency/qualifications.json");
const HISTORY: &str = include_str!("../../../examples/agency/history.csv");

async fn post_json(
    app: &TestApp,
    uri: &str,
    role: Role,
    body: &Value,
    headers: &[(&str, &str)],
) -> Answer {
    app.send(
        Method::POST,
        uri,
        Some(app.key(role)),
        headers,
        Some(("application/json", body.to_string().into_bytes())),
    )
    .await
}

async fn get(app: &TestApp, uri: &str, role: Role) -> Answer {
    app.send(Method::GET, uri, Some(app.key(role)), &[], None)
        .await
}

fn text(answer: &Answer) -> String {
    String::from_utf8_lossy(&answer.bytes).to_string()
}

#[tokio::test]
async fn an_order_passes_the_five_nodes_and_a_refused_transition_changes_nothing() {
    let app = app().await;
    let order = json!({
        "application_no": "SQ2026100001",
        "client": "宁波锐能电池有限公司",
        "agent": "甬通报关",
        "opened_at": "2026-09-28T09:30:00+08:00",
        "attached_documents": ["Y2026000123"],
        "declared_lines": [{"no": 1, "name": "锂离子蓄电池", "quantity": "1000", "amount": "12500.00"}]
    });
    let uri = format!("/api/v1/orders?client_id={}", app.a.client_id);
    let created = post_json(
        &app,
        &uri,
        Role::DeclarantStaff,
        &order,
        &[("idempotency-key", "o-1")],
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", text(&created));
    let view = created.json();
    assert_eq!(view["stage"], "pre_review");
    assert_eq!(
        view["allowed_events"],
        json!(["pre_review_passed", "document_mismatch", "receipt_checked"])
    );
    assert_eq!(view["current_deadline"]["node"], "pre_review");
    assert_eq!(created.headers["etag"], "\"0\"");
    // The same creation again under its key: the first answer, nothing new.
    let again = post_json(
        &app,
        &uri,
        Role::DeclarantStaff,
        &order,
        &[("idempotency-key", "o-1")],
    )
    .await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.headers["idempotent-replayed"], "true");
    // Without the key, the number is taken.
    let duplicate = post_json(&app, &uri, Role::DeclarantStaff, &order, &[]).await;
    assert_eq!(
        duplicate.status,
        StatusCode::CONFLICT,
        "{}",
        text(&duplicate)
    );

    let events = "/api/v1/orders/SQ2026100001/events";
    let shared = &app;
    let step = |event: Value| async move {
        let answer = post_json(shared, events, Role::DeclarantStaff, &event, &[]).await;
        assert_eq!(
            answer.status,
            StatusCode::CREATED,
            "{event}: {}",
            text(&answer)
        );
        answer.json()
    };
    let view = step(
        json!({"at": "2026-09-29T15:00:00+08:00", "event": "pre_review_passed", "receipt": "PR-1"}),
    )
    .await;
    assert_eq!(view["stage"], "application");

    // Out of order: clearance before the formal application. Refused with the engine's
    // message, and the order is exactly as it was.
    let before = get(&app, "/api/v1/orders/SQ2026100001", Role::Auditor).await;
    let audit_before = get(&app, "/api/v1/audit?limit=1000", Role::Auditor)
        .await
        .json();
    let refused = post_json(
        &app,
        &format!("{events}?lang=en"),
        Role::DeclarantStaff,
        &json!({"at": "2026-09-30T10:00:00+08:00", "event": "cleared", "receipt": "CL-1", "certificate_no": "Y2026000123"}),
        &[],
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", text(&refused));
    assert_eq!(refused.content_type(), "application/problem+json");
    let problem = refused.json();
    assert_eq!(problem["type"], "/problems/transition-refused");
    assert_eq!(problem["errors"][0]["path"], "event");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("`cleared` cannot happen at stage `application`"),
        "{problem}"
    );
    let in_chinese = post_json(
        &app,
        events,
        Role::DeclarantStaff,
        &json!({"at": "2026-09-30T10:00:00+08:00", "event": "cleared", "receipt": "CL-1", "certificate_no": "Y2026000123"}),
        &[],
    )
    .await;
    assert!(
        in_chinese.json()["detail"]
            .as_str()
            .unwrap()
            .contains("不得跳过节点")
    );
    let after = get(&app, "/api/v1/orders/SQ2026100001", Role::Auditor).await;
    assert_eq!(
        after.bytes, before.bytes,
        "a refused transition changed the order"
    );
    assert_eq!(after.headers["etag"], "\"1\"");
    let audit_after = get(&app, "/api/v1/audit?limit=1000", Role::Auditor)
        .await
        .json();
    assert_eq!(
        audit_after, audit_before,
        "a refused transition wrote to the audit log"
    );

    // A bad field of an event: 422 with its path, nothing stored.
    let missing = post_json(
        &app,
        events,
        Role::DeclarantStaff,
        &json!({"at": "2026-09-30T10:00:00+08:00", "event": "application_accepted"}),
        &[],
    )
    .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(missing.json()["errors"][0]["path"], "receipt");
    // A stale If-Match: 412.
    let stale = post_json(
        &app,
        events,
        Role::DeclarantStaff,
        &json!({"at": "2026-09-30T10:00:00+08:00", "event": "receipt_checked"}),
        &[("if-match", "\"0\"")],
    )
    .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    // Reviewers and auditors do not write.
    for role in [Role::ClientReviewer, Role::Auditor] {
        let answer = post_json(
            &app,
            events,
            role,
            &json!({"at": "2026-09-30T10:00:00+08:00", "event": "receipt_checked"}),
            &[],
        )
        .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN);
    }

    let view = step(json!({"at": "2026-09-30T10:00:00+08:00", "event": "application_accepted", "receipt": "AP-1"})).await;
    assert_eq!(view["stage"], "clearance");
    let view = step(
        json!({"at": "2026-09-30T11:00:00+08:00", "event": "verification_drawn", "notice": "N-1"}),
    )
    .await;
    assert_eq!(view["stage"], "on_site_verification");
    let view = step(json!({"at": "2026-10-09T10:00:00+08:00", "event": "verification_completed", "receipt": "VC-1"})).await;
    assert_eq!(view["stage"], "clearance");
    let wrong_certificate = post_json(&app, events, Role::DeclarantStaff, &json!({"at": "2026-10-09T15:00:00+08:00", "event": "cleared", "receipt": "CL-1", "certificate_no": "Y0000"}), &[]).await;
    assert_eq!(wrong_certificate.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        wrong_certificate.json()["errors"][0]["path"],
        "certificate_no"
    );
    let view = step(json!({"at": "2026-10-09T15:00:00+08:00", "event": "cleared", "receipt": "CL-1", "certificate_no": "Y2026000123"})).await;
    assert_eq!(view["stage"], "write_off");
    assert_eq!(view["certificate_no"], "Y2026000123");
    // An idempotent retry of the last step answers it again and records nothing.
    let write_off = json!({"at": "2026-10-12T10:00:00+08:00", "event": "written_off", "receipt": "WO-1",
        "lines": [{"no": 1, "name": "锂离子蓄电池", "quantity": "1000", "amount": "12480.00"}]});
    let first = post_json(
        &app,
        events,
        Role::DeclarantStaff,
        &write_off,
        &[("idempotency-key", "wo-1")],
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", text(&first));
    let retry = post_json(
        &app,
        events,
        Role::DeclarantStaff,
        &write_off,
        &[("idempotency-key", "wo-1")],
    )
    .await;
    assert_eq!(retry.status, StatusCode::CREATED, "{}", text(&retry));
    assert_eq!(retry.headers["idempotent-replayed"], "true");

    let view = get(
        &app,
        "/api/v1/orders/SQ2026100001?lang=en",
        Role::ClientReviewer,
    )
    .await;
    assert_eq!(view.status, StatusCode::OK, "{}", text(&view));
    let view = view.json();
    assert_eq!(view["stage"], "archived");
    assert_eq!(view["stage_name"], "archived");
    let nodes: Vec<&str> = view["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["node"].as_str().unwrap())
        .collect();
    assert_eq!(
        nodes,
        [
            "pre_review",
            "application",
            "on_site_verification",
            "clearance",
            "write_off"
        ]
    );
    let receipts: Vec<&str> = view["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["receipt"].as_str().unwrap())
        .collect();
    assert_eq!(receipts, ["PR-1", "AP-1", "VC-1", "CL-1", "WO-1"]);
    assert_eq!(view["nodes"][3]["completed_at"], "2026-10-09T15:00:00");
    assert_eq!(view["archive"]["key"], "SQ2026100001_20261012");
    assert_eq!(view["archive"]["keep_until"], "2031-10-12");
    assert_eq!(view["risky"], false);
    assert_eq!(view["current_deadline"], Value::Null);
    assert_eq!(view["allowed_events"], json!(["root_cause"]));
    assert_eq!(view["events"].as_array().unwrap().len(), 6);

    // Another tenant and the listing.
    let other = app
        .send(
            Method::GET,
            "/api/v1/orders/SQ2026100001",
            Some(&app.b.keys[&Role::Administrator]),
            &[],
            None,
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let listed = get(&app, "/api/v1/orders", Role::ClientReviewer)
        .await
        .json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["stage"], "archived");
    assert!(app.store.verify_audit().await.unwrap().intact());
}

#[tokio::test]
async fn reminders_through_the_api_equal_the_engines() {
    let app = app().await;
    let orders: Value = serde_json::from_str(ORDERS).unwrap();
    for order in orders["orders"].as_array().unwrap() {
        let answer = post_json(&app, "/api/v1/orders", Role::DeclarantStaff, order, &[]).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", text(&answer));
    }
    let qualifications: Value = serde_json::from_str(QUALIFICATIONS).unwrap();
    for party in qualifications["parties"].as_array().unwrap() {
        let id = party["id"].as_str().unwrap();
        let answer = app
            .send(
                Method::PUT,
                &format!("/api/v1/qualifications/{id}"),
                Some(app.key(Role::DeclarantStaff)),
                &[],
                Some(("application/json", party.to_string().into_bytes())),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", text(&answer));
    }
    let calendar = workdays::Calendar::china();
    let ledger = agency::parse_orders(ORDERS);
    assert!(ledger.errors.is_empty());
    let registry = agency::parse_qualifications(QUALIFICATIONS);
    for (as_of, lang) in [
        ("2026-10-12", model::Lang::En),
        ("2026-09-25T17:00", model::Lang::Zh),
        ("2026-12-01", model::Lang::En),
    ] {
        let engine = agency::reminders(
            agency::parse_as_of(as_of).unwrap(),
            &ledger.ledger,
            &registry.registry,
            &calendar,
        );
        let expected: Value = serde_json::from_str(&agency::reminders_json(&engine, lang)).unwrap();
        let lang_key = if lang == model::Lang::En { "en" } else { "zh" };
        let answer = get(
            &app,
            &format!("/api/v1/reminders?as_of={as_of}&lang={lang_key}"),
            Role::Auditor,
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", text(&answer));
        let mut served = answer.json();
        let keys: Vec<String> = served["reminders"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .map(|r| {
                r.as_object_mut()
                    .unwrap()
                    .remove("key")
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert!(!keys.is_empty(), "{as_of}: no reminders");
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), keys.len(), "{as_of}: keys are unique");
        assert_eq!(served, expected, "{as_of}");
    }
    // A client reviewer without orders of its client sees no reminder; bad as_of is a 400.
    let reviewer = get(
        &app,
        "/api/v1/reminders?as_of=2026-10-12",
        Role::ClientReviewer,
    )
    .await
    .json();
    assert_eq!(reviewer["reminders"], json!([]));
    let bad = get(&app, "/api/v1/reminders?as_of=12/10/2026", Role::Auditor).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["errors"][0]["path"], "as_of");
    // Without as_of: the server clock (2026-03-02 16:00 in China).
    let now = get(&app, "/api/v1/reminders", Role::Auditor).await.json();
    assert_eq!(now["as_of"], "2026-03-02T16:00:00");
}

#[tokio::test]
async fn qualifications_keep_versions_behind_if_match() {
    let app = app().await;
    let put = |body: Value, headers: Vec<(&'static str, &'static str)>| {
        let app = &app;
        async move {
            app.send(
                Method::PUT,
                "/api/v1/qualifications/91330201MA2H8RN01X",
                Some(app.key(Role::DeclarantStaff)),
                &headers,
                Some(("application/json", body.to_string().into_bytes())),
            )
            .await
        }
    };
    let party = json!({"name": "宁波锐能电池有限公司", "customs_registration": {"code": "3302961234", "receipt_issued_on": "2023-12-20"}});
    let created = put(party.clone(), vec![]).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", text(&created));
    assert_eq!(created.headers["etag"], "\"1\"");
    assert_eq!(created.json()["party"]["id"], "91330201MA2H8RN01X");
    assert_eq!(
        put(party.clone(), vec![]).await.status,
        StatusCode::PRECONDITION_REQUIRED
    );
    assert_eq!(
        put(party.clone(), vec![("if-match", "\"7\"")]).await.status,
        StatusCode::PRECONDITION_FAILED
    );
    let second = put(
        json!({"name": "宁波锐能电池股份有限公司"}),
        vec![("if-match", "\"1\"")],
    )
    .await;
    assert_eq!(second.status, StatusCode::OK, "{}", text(&second));
    assert_eq!(second.headers["etag"], "\"2\"");
    let bad = put(
        json!({"customs_registration": {"code": "1", "receipt_issued_on": "20.12.2023"}}),
        vec![("if-match", "\"2\"")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.json()["errors"][0]["path"],
        "customs_registration.receipt_issued_on"
    );
    let other_id = put(json!({"id": "X"}), vec![("if-match", "\"2\"")]).await;
    assert_eq!(other_id.json()["errors"][0]["path"], "id");
    let first = get(
        &app,
        "/api/v1/qualifications/91330201MA2H8RN01X?version=1",
        Role::Auditor,
    )
    .await;
    assert_eq!(first.json()["party"]["name"], "宁波锐能电池有限公司");
    assert_eq!(first.headers["etag"], "\"2\"");
    let listed = get(&app, "/api/v1/qualifications", Role::Auditor)
        .await
        .json();
    assert_eq!(listed[0]["version"], 2);
    assert_eq!(
        get(&app, "/api/v1/qualifications", Role::ClientReviewer)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn history_uploads_make_the_scorecard() {
    let app = app().await;
    let upload = |bytes: Vec<u8>, content_type: &'static str| {
        let app = &app;
        async move {
            app.send(
                Method::POST,
                "/api/v1/history",
                Some(app.key(Role::DeclarantStaff)),
                &[],
                Some((content_type, bytes)),
            )
            .await
        }
    };
    let stored = upload(HISTORY.as_bytes().to_vec(), "text/csv").await;
    assert_eq!(stored.status, StatusCode::CREATED, "{}", text(&stored));
    let file = agency::parse_history_csv(HISTORY);
    assert_eq!(stored.json()["records"], file.records.len());
    // Uploading the same shipments again replaces them: the scorecard does not double.
    assert_eq!(
        upload(HISTORY.as_bytes().to_vec(), "text/csv").await.status,
        StatusCode::CREATED
    );
    let month: Vec<_> = file
        .records
        .iter()
        .filter(|r| r.declared_at.month() == 9 && r.declared_at.year() == 2026)
        .cloned()
        .collect();
    let expected: Value =
        serde_json::from_str(&agency::scorecard_json(&agency::scorecard(&month))).unwrap();
    let served = get(&app, "/api/v1/scorecard?month=2026-09", Role::Auditor).await;
    assert_eq!(served.status, StatusCode::OK, "{}", text(&served));
    assert_eq!(served.json(), expected);
    let html = get(
        &app,
        "/api/v1/scorecard?month=2026-09&format=html&lang=en",
        Role::DeclarantStaff,
    )
    .await;
    assert!(html.content_type().starts_with("text/html"));
    assert!(text(&html).contains("<svg"));
    let bad_month = get(&app, "/api/v1/scorecard?month=2026-13", Role::Auditor).await;
    assert_eq!(bad_month.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_month.json()["errors"][0]["path"], "month");
    // A bad row: 422 naming it, nothing stored.
    let broken = upload(
        b"shipment_id,agent,declared_at,cleared_at,inspected,budget_fee,actual_fee\nX1,A,2026-09-01T10:00,,maybe,1,1\n".to_vec(),
        "text/csv",
    )
    .await;
    assert_eq!(
        broken.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        text(&broken)
    );
    assert!(
        broken.json()["errors"][0]["path"]
            .as_str()
            .unwrap()
            .starts_with("line 2")
    );
    let missing = upload(b"agent\nA\n".to_vec(), "text/csv").await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        get(&app, "/api/v1/history", Role::Auditor)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        upload(b"{}".to_vec(), "application/json").await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
}
