//! The agency part of the conformance suite, on SQLite and on PostgreSQL: orders as an
//! append-only event log, qualification parties with versions, history uploads, webhook
//! subscriptions and the delivery outbox (enqueued once, claimed once at a time, retried,
//! never again once delivered); tenant isolation and nothing readable at rest.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test cases: a failed step fails the test"
)]

mod harness;

use harness::{Harness, actor, not_found};
use store::{AttemptOutcome, DeliveryFilter, DeliveryStatus, NewDelivery, NewOrder, StoreError};

conformance!(
    orders_are_an_event_log,
    parties_keep_every_version,
    history_uploads,
    outbox_delivers_each_reminder_once,
    outbox_gives_up_and_forgets_deleted_subscriptions,
    concurrent_claims_never_overlap,
    agency_data_unreadable_at_rest,
);

const ORDER: &str = r#"{"application_no": "SQ2026100001", "client": "宁波某某电池有限公司", "opened_at": "2026-09-28T09:30:00+08:00"}"#;
const PASSED: &str =
    r#"{"at": "2026-09-29T15:00:00+08:00", "event": "pre_review_passed", "receipt": "PR-1"}"#;
const ACCEPTED: &str =
    r#"{"at": "2026-09-29T16:00:00+08:00", "event": "application_accepted", "receipt": "AP-1"}"#;

fn new_order(number: &str, client_id: Option<String>) -> NewOrder {
    NewOrder {
        application_no: number.into(),
        client_id,
        order_json: ORDER.replace("SQ2026100001", number),
        events: vec![PASSED.into()],
    }
}

fn conflict<T: std::fmt::Debug>(result: Result<T, StoreError>, what: &str) {
    match result {
        Err(StoreError::Conflict(_)) => {}
        other => panic!("{what}: expected a conflict, got {other:?}"),
    }
}

async fn orders_are_an_event_log(h: &Harness) {
    let store = h.store();
    let a = h.agency("A").await;
    let b = h.agency("B").await;
    let client = store
        .create_client(&actor(), &a.id, "client", None)
        .await
        .unwrap();
    let created = store
        .create_order(
            &actor(),
            &a.id,
            new_order("SQ1", Some(client.id.clone())),
            Some("k1"),
        )
        .await
        .unwrap();
    assert!(!created.replayed);
    assert_eq!(created.value.events.len(), 1);
    assert_eq!(created.value.events[0].seq, 1);
    assert_eq!(created.value.events[0].event_json, PASSED);
    // The same request again under its key writes nothing; another request under it fails.
    let again = store
        .create_order(
            &actor(),
            &a.id,
            new_order("SQ1", Some(client.id.clone())),
            Some("k1"),
        )
        .await
        .unwrap();
    assert!(again.replayed);
    assert_eq!(again.value, created.value);
    match store
        .create_order(&actor(), &a.id, new_order("SQ9", None), Some("k1"))
        .await
    {
        Err(StoreError::IdempotencyMismatch(_)) => {}
        other => panic!("expected an idempotency mismatch, got {other:?}"),
    }
    conflict(
        store
            .create_order(&actor(), &a.id, new_order("SQ1", None), None)
            .await,
        "a second order with the same number",
    );
    match store
        .create_order(
            &actor(),
            &a.id,
            new_order("SQ3", Some("cli_nobody".into())),
            None,
        )
        .await
    {
        Err(StoreError::Invalid(_)) => {}
        other => panic!("an unknown client must be refused, got {other:?}"),
    }

    let appended = store
        .append_order_event(&actor(), &a.id, "SQ1", 1, ACCEPTED, Some("e2"))
        .await
        .unwrap();
    assert_eq!(appended.value.events.len(), 2);
    assert_eq!(appended.value.events[1].event_json, ACCEPTED);
    let replayed = store
        .append_order_event(&actor(), &a.id, "SQ1", 1, ACCEPTED, Some("e2"))
        .await
        .unwrap();
    assert!(replayed.replayed);
    assert_eq!(replayed.value.events.len(), 2);
    // A writer that read the order before the second event loses.
    conflict(
        store
            .append_order_event(&actor(), &a.id, "SQ1", 1, ACCEPTED, None)
            .await,
        "a stale event count",
    );
    not_found(
        store
            .append_order_event(&actor(), &a.id, "SQ-NONE", 0, ACCEPTED, None)
            .await,
        "event of an unknown order",
    );

    store
        .create_order(&actor(), &a.id, new_order("SQ2", None), None)
        .await
        .unwrap();
    let all = store.list_orders(&a.id, None).await.unwrap();
    assert_eq!(
        all.iter()
            .map(|o| (o.application_no.as_str(), o.events.len()))
            .collect::<Vec<_>>(),
        vec![("SQ1", 2), ("SQ2", 1)]
    );
    let own = store.list_orders(&a.id, Some(&client.id)).await.unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].application_no, "SQ1");
    assert_eq!(store.get_order(&a.id, "SQ1").await.unwrap(), own[0]);

    // Another tenant sees nothing and writes nothing.
    not_found(store.get_order(&b.id, "SQ1").await, "get");
    not_found(
        store
            .append_order_event(&actor(), &b.id, "SQ1", 2, ACCEPTED, None)
            .await,
        "append",
    );
    assert!(store.list_orders(&b.id, None).await.unwrap().is_empty());
    // The same number is free in another tenant.
    store
        .create_order(&actor(), &b.id, new_order("SQ1", None), None)
        .await
        .unwrap();
    assert_eq!(store.get_order(&a.id, "SQ1").await.unwrap().events.len(), 2);
    assert!(store.verify_audit().await.unwrap().intact());
}

async fn parties_keep_every_version(h: &Harness) {
    let store = h.store();
    let a = h.agency("A").await;
    let b = h.agency("B").await;
    let first = store
        .put_party(&actor(), &a.id, "P1", None, r#"{"id": "P1", "name": "v1"}"#)
        .await
        .unwrap();
    assert_eq!(first.version, 1);
    conflict(
        store
            .put_party(&actor(), &a.id, "P1", None, r#"{"id": "P1"}"#)
            .await,
        "creating an existing party",
    );
    let second = store
        .put_party(
            &actor(),
            &a.id,
            "P1",
            Some(1),
            r#"{"id": "P1", "name": "v2"}"#,
        )
        .await
        .unwrap();
    assert_eq!(second.version, 2);
    conflict(
        store
            .put_party(&actor(), &a.id, "P1", Some(1), r#"{"id": "P1"}"#)
            .await,
        "a stale version",
    );
    conflict(
        store
            .put_party(&actor(), &a.id, "P2", Some(1), r#"{"id": "P2"}"#)
            .await,
        "updating a missing party",
    );
    store
        .put_party(&actor(), &a.id, "P0", None, r#"{"id": "P0"}"#)
        .await
        .unwrap();
    assert!(
        store
            .get_party(&a.id, "P1", Some(1))
            .await
            .unwrap()
            .party_json
            .contains("v1")
    );
    assert_eq!(store.get_party(&a.id, "P1", None).await.unwrap(), second);
    let listed = store.list_parties(&a.id).await.unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|p| (p.party_id.as_str(), p.version))
            .collect::<Vec<_>>(),
        vec![("P0", 1), ("P1", 2)]
    );
    not_found(
        store.get_party(&b.id, "P1", None).await,
        "another tenant's party",
    );
    assert!(store.list_parties(&b.id).await.unwrap().is_empty());
    // Another tenant's "P1" is its own.
    let theirs = store
        .put_party(&actor(), &b.id, "P1", None, r#"{"id": "P1"}"#)
        .await
        .unwrap();
    assert_eq!(theirs.version, 1);
}

async fn history_uploads(h: &Harness) {
    let store = h.store();
    let a = h.agency("A").await;
    let b = h.agency("B").await;
    let csv = "shipment_id,agent\nS1,甲\n";
    let first = store
        .import_history(&actor(), &a.id, csv, 1, Some("h1"))
        .await
        .unwrap();
    assert!(!first.replayed);
    let again = store
        .import_history(&actor(), &a.id, csv, 1, Some("h1"))
        .await
        .unwrap();
    assert!(again.replayed);
    assert_eq!(again.value, first.value);
    h.advance(jiff::Span::new().seconds(1));
    store
        .import_history(&actor(), &a.id, "shipment_id,agent\nS2,乙\n", 1, None)
        .await
        .unwrap();
    let csvs = store.history_csvs(&a.id).await.unwrap();
    assert_eq!(csvs.len(), 2);
    assert_eq!(csvs[0].0, first.value);
    assert_eq!(csvs[0].1, csv);
    assert!(csvs[1].1.contains("S2"));
    assert!(store.history_csvs(&b.id).await.unwrap().is_empty());
}

fn reminder(key: &str) -> NewDelivery {
    NewDelivery {
        reminder_key: key.into(),
        payload_json: format!(r#"{{"key": "{key}"}}"#),
    }
}

async fn outbox_delivers_each_reminder_once(h: &Harness) {
    let store = h.store();
    let a = h.agency("A").await;
    let b = h.agency("B").await;
    let subscription = store
        .create_subscription(
            &actor(),
            &a.id,
            "http://127.0.0.1:9/hook",
            "s3cret",
            Some("w1"),
        )
        .await
        .unwrap()
        .value;
    let replayed = store
        .create_subscription(
            &actor(),
            &a.id,
            "http://127.0.0.1:9/hook",
            "s3cret",
            Some("w1"),
        )
        .await
        .unwrap();
    assert!(replayed.replayed);
    assert_eq!(replayed.value, subscription);
    assert_eq!(store.webhook_tenants().await.unwrap(), vec![a.id.clone()]);
    not_found(
        store.get_subscription(&b.id, &subscription.id).await,
        "another tenant's subscription",
    );

    let ids = store
        .enqueue_deliveries(&actor(), &a.id, vec![reminder("r1"), reminder("r2")])
        .await
        .unwrap();
    assert_eq!(ids.len(), 2);
    // The same reminders again: nothing new.
    let again = store
        .enqueue_deliveries(&actor(), &a.id, vec![reminder("r1"), reminder("r2")])
        .await
        .unwrap();
    assert!(again.is_empty());

    let mut claimed = store.claim_deliveries(&actor(), 60, 10).await.unwrap();
    assert_eq!(claimed.len(), 2);
    // Rows due at the same moment come in id order, and ids are random: sort by reminder.
    claimed.sort_by(|x, y| x.payload_json.cmp(&y.payload_json));
    assert!(claimed.iter().all(|c| c.attempts == 1
        && c.url == "http://127.0.0.1:9/hook"
        && c.secret == "s3cret"
        && c.tenant_id == a.id));
    assert_eq!(claimed[0].payload_json, r#"{"key": "r1"}"#);
    // Leased: nobody else gets them now.
    assert!(
        store
            .claim_deliveries(&actor(), 60, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let first = &claimed[0];
    let second = &claimed[1];
    let retried = store
        .finish_delivery(
            &actor(),
            &a.id,
            &first.id,
            AttemptOutcome::Retry {
                error: "HTTP 500".into(),
                after_seconds: 30,
            },
        )
        .await
        .unwrap();
    assert_eq!(retried.status, DeliveryStatus::Pending);
    assert_eq!(retried.last_error.as_deref(), Some("HTTP 500"));
    let delivered = store
        .finish_delivery(&actor(), &a.id, &second.id, AttemptOutcome::Delivered)
        .await
        .unwrap();
    assert_eq!(delivered.status, DeliveryStatus::Delivered);
    assert!(delivered.delivered_at.is_some());
    not_found(
        store
            .finish_delivery(&actor(), &b.id, &first.id, AttemptOutcome::Delivered)
            .await,
        "finishing another tenant's delivery",
    );
    // Not yet time for the retry.
    h.advance(jiff::Span::new().seconds(10));
    assert!(
        store
            .claim_deliveries(&actor(), 60, 10)
            .await
            .unwrap()
            .is_empty()
    );
    h.advance(jiff::Span::new().seconds(25));
    let retry = store.claim_deliveries(&actor(), 60, 10).await.unwrap();
    assert_eq!(retry.len(), 1);
    assert_eq!(retry[0].id, first.id);
    assert_eq!(retry[0].attempts, 2);
    store
        .finish_delivery(&actor(), &a.id, &first.id, AttemptOutcome::Delivered)
        .await
        .unwrap();
    // Delivered stays delivered; the reminder is never enqueued again.
    let late = store
        .finish_delivery(
            &actor(),
            &a.id,
            &first.id,
            AttemptOutcome::Failed {
                error: "late".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(late.status, DeliveryStatus::Delivered);
    assert!(
        store
            .enqueue_deliveries(&actor(), &a.id, vec![reminder("r1")])
            .await
            .unwrap()
            .is_empty()
    );
    h.advance(jiff::Span::new().hours(2));
    assert!(
        store
            .claim_deliveries(&actor(), 60, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let listed = store
        .list_deliveries(&a.id, &DeliveryFilter::default())
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|d| d.status == DeliveryStatus::Delivered));
    assert!(
        store
            .list_deliveries(&b.id, &DeliveryFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.verify_audit().await.unwrap().intact());
}

async fn outbox_gives_up_and_forgets_deleted_subscriptions(h: &Harness) {
    let store = h.store();
    let a = h.agency("A").await;
    let subscription = store
        .create_subscription(&actor(), &a.id, "http://127.0.0.1:9/a", "k", None)
        .await
        .unwrap()
        .value;
    store
        .enqueue_deliveries(&actor(), &a.id, vec![reminder("r1")])
        .await
        .unwrap();
    let claimed = store.claim_deliveries(&actor(), 60, 10).await.unwrap();
    let failed = store
        .finish_delivery(
            &actor(),
            &a.id,
            &claimed[0].id,
            AttemptOutcome::Failed {
                error: "HTTP 410".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(failed.status, DeliveryStatus::Failed);
    let failed_only = store
        .list_deliveries(
            &a.id,
            &DeliveryFilter {
                status: Some(DeliveryStatus::Failed),
                ..DeliveryFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(failed_only, vec![failed]);
    h.advance(jiff::Span::new().hours(1));
    assert!(
        store
            .claim_deliveries(&actor(), 60, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // A pending delivery of a deleted subscription is never claimed; nothing new is enqueued.
    store
        .enqueue_deliveries(&actor(), &a.id, vec![reminder("r2")])
        .await
        .unwrap();
    let deleted = store
        .delete_subscription(&actor(), &a.id, &subscription.id)
        .await
        .unwrap();
    assert!(deleted.deleted_at.is_some());
    assert!(
        store
            .claim_deliveries(&actor(), 60, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .enqueue_deliveries(&actor(), &a.id, vec![reminder("r3")])
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.webhook_tenants().await.unwrap().is_empty());
}

async fn concurrent_claims_never_overlap(h: &Harness) {
    let store = h.store();
    let a = h.agency("A").await;
    store
        .create_subscription(&actor(), &a.id, "http://127.0.0.1:9/a", "k", None)
        .await
        .unwrap();
    let items: Vec<NewDelivery> = (0..20).map(|n| reminder(&format!("r{n}"))).collect();
    store
        .enqueue_deliveries(&actor(), &a.id, items)
        .await
        .unwrap();
    let who = actor();
    let (first, second, third) = tokio::join!(
        store.claim_deliveries(&who, 60, 8),
        store.claim_deliveries(&who, 60, 8),
        store.claim_deliveries(&who, 60, 8),
    );
    let mut ids: Vec<String> = [first.unwrap(), second.unwrap(), third.unwrap()]
        .into_iter()
        .flatten()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids.len(), 20, "every row claimed once");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20, "no row claimed twice");
    assert!(store.verify_audit().await.unwrap().intact());
}

async fn agency_data_unreadable_at_rest(h: &Harness) {
    let store = h.store();
    let a = h.agency("A").await;
    let secret_name = "绝密电池-QUUX-ORDER";
    let mut order = new_order("SQ1", None);
    order.order_json = order
        .order_json
        .replace("宁波某某电池有限公司", secret_name);
    store
        .create_order(&actor(), &a.id, order, None)
        .await
        .unwrap();
    store
        .append_order_event(
            &actor(),
            &a.id,
            "SQ1",
            1,
            r#"{"at": "2026-09-29T16:00:00+08:00", "event": "application_accepted", "receipt": "RCPT-QUUX-SECRET"}"#,
            None,
        )
        .await
        .unwrap();
    store
        .put_party(
            &actor(),
            &a.id,
            "P1",
            None,
            r#"{"id": "P1", "name": "PARTY-QUUX-SECRET"}"#,
        )
        .await
        .unwrap();
    store
        .import_history(
            &actor(),
            &a.id,
            "shipment_id,agent\nS1,AGENT-QUUX-SECRET\n",
            1,
            None,
        )
        .await
        .unwrap();
    store
        .create_subscription(
            &actor(),
            &a.id,
            "http://hooks.example/QUUX-URL",
            "HMAC-QUUX-SECRET",
            None,
        )
        .await
        .unwrap();
    store
        .enqueue_deliveries(
            &actor(),
            &a.id,
            vec![NewDelivery {
                reminder_key: "k".into(),
                payload_json: r#"{"message": "PAYLOAD-QUUX-SECRET"}"#.into(),
            }],
        )
        .await
        .unwrap();
    for needle in [
        secret_name,
        "RCPT-QUUX-SECRET",
        "PARTY-QUUX-SECRET",
        "AGENT-QUUX-SECRET",
        "QUUX-URL",
        "HMAC-QUUX-SECRET",
        "PAYLOAD-QUUX-SECRET",
    ] {
        assert!(!h.raw_contains(needle).await, "`{needle}` readable at rest");
    }
    // …and all of it opens for its tenant.
    assert!(
        store.get_order(&a.id, "SQ1").await.unwrap().events[1]
            .event_json
            .contains("RCPT-QUUX-SECRET")
    );
}
