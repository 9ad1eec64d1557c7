//! Webhook delivery against a real receiver (axum on 127.0.0.1:0) that refuses the first two
//! attempts of every delivery and accepts the third: each reminder is accepted exactly once,
//! with a signature that verifies and the same delivery id on every attempt; a further pass
//! sends nothing; a receiver that never answers ends as a failed delivery visible in the API.
//! Time is a clock the test moves: no sleeping, no timing asserts.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod common;

use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode};
use common::app;
use serde_json::{Value, json};
use server::webhook::{PassReport, WebhookSettings, WebhookWorker, signature};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use store::{Clock, Role};

const SECRET: &str = "test-secret-0123456789";

#[derive(Default)]
struct Receiver {
    /// Attempts per delivery id.
    attempts: HashMap<String, u32>,
    /// Accepted bodies per delivery id.
    accepted: HashMap<String, Vec<Value>>,
    /// Signatures that did not verify.
    bad_signatures: u32,
    /// Delivery ids whose header and body disagreed.
    mismatched_ids: u32,
}

async fn receive(
    State(receiver): State<Arc<Mutex<Receiver>>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    let mut receiver = receiver.lock().unwrap();
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    if header("x-declarant-signature") != signature(SECRET, &body) {
        receiver.bad_signatures += 1;
        return StatusCode::UNAUTHORIZED;
    }
    let id = header("x-declarant-delivery");
    let parsed: Value = serde_json::from_slice(&body).unwrap();
    if parsed["delivery_id"] != id.as_str() {
        receiver.mismatched_ids += 1;
    }
    let attempts = receiver.attempts.entry(id.clone()).or_default();
    *attempts += 1;
    if *attempts <= 2 {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    receiver.accepted.entry(id).or_default().push(parsed);
    StatusCode::NO_CONTENT
}

async fn start_receiver() -> (String, Arc<Mutex<Receiver>>) {
    let receiver = Arc::new(Mutex::new(Receiver::default()));
    let router = axum::Router::new()
        .route("/hook", axum::routing::post(receive))
        .with_state(receiver.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{address}/hook"), receiver)
}

/// A URL nobody listens on (a port bound, then released).
async fn dead_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{address}/gone")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_reminder_is_accepted_exactly_once_after_retries() {
    let app = app().await;
    let admin = app.a.keys[&Role::Administrator].clone();
    let (url, receiver) = start_receiver().await;
    let created = app
        .send(
            Method::POST,
            "/api/v1/webhooks",
            Some(&admin),
            &[],
            Some((
                "application/json",
                json!({"url": url, "secret": SECRET})
                    .to_string()
                    .into_bytes(),
            )),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(created.json()["secret"], SECRET);
    let dead = app
        .send(
            Method::POST,
            "/api/v1/webhooks",
            Some(&admin),
            &[],
            Some((
                "application/json",
                json!({"url": dead_url().await}).to_string().into_bytes(),
            )),
        )
        .await
        .json();
    let listed = app
        .send(
            Method::GET,
            "/api/v1/webhooks",
            Some(app.key(Role::Auditor)),
            &[],
            None,
        )
        .await
        .json();
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert!(listed[0].get("secret").is_none(), "secrets are shown once");

    // Something to remind of (the clock shows 2026-03-02 16:00 in China): an order opened
    // long ago (pre-review and receipt check overdue) and a party with lapsed papers.
    let order = json!({"application_no": "SQ-HOOK-1", "opened_at": "2026-02-10T09:00:00+08:00"});
    let answer = app
        .send(
            Method::POST,
            "/api/v1/orders",
            Some(app.key(Role::DeclarantStaff)),
            &[],
            Some(("application/json", order.to_string().into_bytes())),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let party =
        json!({"name": "某某贸易", "eport_certificate": {"no": "E1", "expires_on": "2026-01-31"}});
    let answer = app
        .send(
            Method::PUT,
            "/api/v1/qualifications/P-HOOK",
            Some(app.key(Role::DeclarantStaff)),
            &[],
            Some(("application/json", party.to_string().into_bytes())),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let reminders = app
        .send(
            Method::GET,
            "/api/v1/reminders",
            Some(app.key(Role::Auditor)),
            &[],
            None,
        )
        .await
        .json();
    let keys: Vec<String> = reminders["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap().to_string())
        .collect();
    assert!(keys.len() >= 4, "{reminders}");

    let clock: Arc<dyn Clock> = app.clock.clone();
    let settings = WebhookSettings {
        timeout: Duration::from_secs(5),
        max_attempts: 3,
        backoff_base_seconds: 10,
        backoff_cap_seconds: 60,
        batch: 3,
        ..WebhookSettings::default()
    };
    let worker = WebhookWorker::new(app.store.clone(), clock, settings);
    let n = keys.len();
    let advance = |seconds: i64| {
        let now = app.clock.now();
        app.clock.set(
            now.checked_add(jiff::SignedDuration::from_secs(seconds))
                .unwrap(),
        );
    };

    // Pass 1: every reminder enqueued for both subscriptions; every attempt refused.
    let first = worker.run_once().await.unwrap();
    assert_eq!(
        first,
        PassReport {
            enqueued: 2 * n,
            delivered: 0,
            retried: 2 * n,
            failed: 0
        }
    );
    // Too early for the retry (10 s): nothing.
    advance(5);
    assert_eq!(worker.run_once().await.unwrap(), PassReport::default());
    // Pass 2, 10 s later: refused again; the next wait is 20 s.
    advance(6);
    let second = worker.run_once().await.unwrap();
    assert_eq!(
        second,
        PassReport {
            enqueued: 0,
            delivered: 0,
            retried: 2 * n,
            failed: 0
        }
    );
    advance(15);
    assert_eq!(worker.run_once().await.unwrap(), PassReport::default());
    // Pass 3: the receiver accepts; the dead URL has had its 3 attempts.
    advance(6);
    let third = worker.run_once().await.unwrap();
    assert_eq!(
        third,
        PassReport {
            enqueued: 0,
            delivered: n,
            retried: 0,
            failed: n
        }
    );
    // Nothing new, ever: the same reminders are not enqueued again.
    advance(3600);
    assert_eq!(worker.run_once().await.unwrap(), PassReport::default());

    {
        let receiver = receiver.lock().unwrap();
        assert_eq!(receiver.bad_signatures, 0);
        assert_eq!(receiver.mismatched_ids, 0);
        assert_eq!(receiver.accepted.len(), n, "one delivery id per reminder");
        assert!(receiver.accepted.values().all(|bodies| bodies.len() == 1));
        assert!(receiver.attempts.values().all(|&attempts| attempts == 3));
        let mut delivered_keys: Vec<String> = receiver
            .accepted
            .values()
            .map(|bodies| bodies[0]["reminder"]["key"].as_str().unwrap().to_string())
            .collect();
        delivered_keys.sort();
        let mut expected_keys = keys.clone();
        expected_keys.sort();
        assert_eq!(delivered_keys, expected_keys, "exactly the API's reminders");
        let sample = &receiver.accepted.values().next().unwrap()[0]["reminder"];
        assert!(sample["message"]["zh"].is_string() && sample["message"]["en"].is_string());
        assert!(sample["status"].is_string());
    }

    let deliveries = app
        .send(
            Method::GET,
            "/api/v1/webhook-deliveries?status=failed",
            Some(app.key(Role::Auditor)),
            &[],
            None,
        )
        .await
        .json();
    let failed = deliveries.as_array().unwrap();
    assert_eq!(failed.len(), n);
    assert!(failed.iter().all(|d| {
        d["subscription_id"] == dead["id"]
            && d["attempts"] == 3
            && d["last_error"]
                .as_str()
                .unwrap()
                .starts_with("connection failed")
    }));
    let delivered = app
        .send(
            Method::GET,
            "/api/v1/webhook-deliveries?status=delivered",
            Some(app.key(Role::Auditor)),
            &[],
            None,
        )
        .await
        .json();
    assert_eq!(delivered.as_array().unwrap().len(), n);
    // Another tenant sees none of it.
    let other = app
        .send(
            Method::GET,
            "/api/v1/webhook-deliveries",
            Some(&app.b.keys[&Role::Administrator]),
            &[],
            None,
        )
        .await
        .json();
    assert_eq!(other, json!([]));
    assert!(app.store.verify_audit().await.unwrap().intact());
}

#[tokio::test]
async fn subscriptions_refuse_what_cannot_be_delivered() {
    let app = app().await;
    let admin = app.a.keys[&Role::Administrator].clone();
    for (body, path) in [
        (json!({"url": "https://hooks.example/x"}), "url"),
        (json!({"url": "ftp://hooks.example/x"}), "url"),
        (json!({"url": "not a url"}), "url"),
        (
            json!({"url": "http://127.0.0.1:9/x", "secret": "short"}),
            "secret",
        ),
    ] {
        let answer = app
            .send(
                Method::POST,
                "/api/v1/webhooks",
                Some(&admin),
                &[],
                Some(("application/json", body.to_string().into_bytes())),
            )
            .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(answer.json()["errors"][0]["path"], path, "{body}");
    }
    let staff = app
        .send(
            Method::POST,
            "/api/v1/webhooks",
            Some(app.key(Role::DeclarantStaff)),
            &[],
            Some((
                "application/json",
                json!({"url": "http://127.0.0.1:9/x"})
                    .to_string()
                    .into_bytes(),
            )),
        )
        .await;
    assert_eq!(staff.status, StatusCode::FORBIDDEN);
}
