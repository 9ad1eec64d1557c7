//! The audit log's conformance cases, on SQLite and on PostgreSQL: tampering with rows
//! directly in SQL (edit, delete, insert, reorder, a rewritten chain) is caught at the first bad
//! entry, the application cannot change audit rows, and checkpoints are signed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test cases: a failed step fails the test"
)]

mod harness;

use harness::{Harness, actor, shipment};
use store::{AuditFilter, Tamper};

conformance!(
    audit_edit_is_detected,
    audit_delete_is_detected,
    audit_insert_is_detected,
    audit_reorder_is_detected,
    audit_rows_are_append_only_for_the_application,
    checkpoints_are_signed_and_verified,
);

/// Ten writes after the service's own first entry: entries 1..=12 or so.
async fn some_history(h: &Harness) {
    let a = h.agency("A").await;
    for n in 0..10 {
        h.store()
            .create_shipment(&actor(), &a.id, shipment(&format!("SHP-{n}"), "p"), None)
            .await
            .unwrap();
    }
    let verdict = h.store().verify_audit().await.unwrap();
    assert!(verdict.intact(), "{:?}", verdict);
    assert!(verdict.entries >= 11);
}

async fn first_bad(h: &Harness) -> (i64, Tamper) {
    let verdict = h.store().verify_audit().await.unwrap();
    match verdict.first_bad.clone() {
        Some(first) => first,
        None => panic!("tampering went unnoticed: {verdict:?}"),
    }
}

async fn audit_edit_is_detected(h: &Harness) {
    some_history(h).await;
    h.tamper(&["UPDATE audit_log SET actor = 'user:mallory' WHERE seq = 5"])
        .await;
    assert_eq!(first_bad(h).await, (5, Tamper::Altered));
}

async fn audit_delete_is_detected(h: &Harness) {
    some_history(h).await;
    h.tamper(&["DELETE FROM audit_log WHERE seq = 6"]).await;
    assert_eq!(first_bad(h).await, (6, Tamper::Missing));
}

async fn audit_insert_is_detected(h: &Harness) {
    some_history(h).await;
    h.tamper(&[
        "UPDATE audit_log SET seq = -seq WHERE seq >= 5",
        "UPDATE audit_log SET seq = 1 - seq WHERE seq < 0",
        "INSERT INTO audit_log (seq, at, actor, tenant_id, action, object, payload_digest, prev_hash, hash) \
         SELECT 5, at, 'user:mallory', tenant_id, action, 'shipment/forged', payload_digest, hash, hash \
         FROM audit_log WHERE seq = 4",
    ])
    .await;
    assert_eq!(first_bad(h).await, (5, Tamper::Altered));
}

async fn audit_reorder_is_detected(h: &Harness) {
    some_history(h).await;
    h.tamper(&[
        "UPDATE audit_log SET seq = -7 WHERE seq = 7",
        "UPDATE audit_log SET seq = 7 WHERE seq = 8",
        "UPDATE audit_log SET seq = 8 WHERE seq = -7",
    ])
    .await;
    assert_eq!(first_bad(h).await, (7, Tamper::Altered));
}

async fn audit_rows_are_append_only_for_the_application(h: &Harness) {
    some_history(h).await;
    h.store().checkpoint().await.unwrap();
    for statement in [
        "UPDATE audit_log SET actor = 'user:mallory' WHERE seq = 2",
        "DELETE FROM audit_log WHERE seq = 2",
        "UPDATE audit_checkpoints SET at = 'x'",
        "DELETE FROM audit_checkpoints",
    ] {
        let outcome = h.exec_as_app(statement).await;
        let message = format!("{outcome:?}");
        assert!(outcome.is_err(), "`{statement}` was allowed");
        assert!(message.contains("append-only"), "`{statement}`: {message}");
    }
    if matches!(h.backend, harness::Backend::Postgres { .. }) {
        let outcome = h.exec_as_app("TRUNCATE audit_log").await;
        assert!(outcome.is_err(), "TRUNCATE was allowed");
    }
    assert!(h.store().verify_audit().await.unwrap().intact());
}

async fn checkpoints_are_signed_and_verified(h: &Harness) {
    let a = h.agency("A").await;
    for n in 0..70 {
        h.store()
            .create_shipment(&actor(), &a.id, shipment(&format!("S{n}"), "p"), None)
            .await
            .unwrap();
    }
    let manual = h
        .store()
        .checkpoint()
        .await
        .unwrap()
        .expect("a new head to sign");
    assert!(
        h.store().checkpoint().await.unwrap().is_none(),
        "the head is signed already"
    );
    let verdict = h.store().verify_audit().await.unwrap();
    assert!(verdict.intact(), "{verdict:?}");
    assert_eq!(verdict.checkpoints, 2, "one automatic at 64, one on demand");
    assert_eq!(manual.seq, verdict.entries);
    // Rewriting the chain from entry 10 with every hash recomputed fools the chain but not
    // the checkpoint signed at 64.
    let entries = h
        .store()
        .audit_entries(&AuditFilter {
            limit: 1000,
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let mut forged = entries.clone();
    forged[9].actor = "user:mallory".into();
    for index in 9..forged.len() {
        forged[index].prev_hash = forged[index - 1].hash.clone();
        forged[index].hash = forged[index].recomputed_hash();
    }
    let mut statements = Vec::new();
    for entry in &forged[9..] {
        statements.push(format!(
            "UPDATE audit_log SET actor = '{}', prev_hash = '{}', hash = '{}' WHERE seq = {}",
            entry.actor, entry.prev_hash, entry.hash, entry.seq
        ));
    }
    let borrowed: Vec<&str> = statements.iter().map(String::as_str).collect();
    h.tamper(&borrowed).await;
    assert_eq!(first_bad(h).await, (1, Tamper::CheckpointMismatch));
}
