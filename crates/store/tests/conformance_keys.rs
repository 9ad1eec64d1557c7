//! The conformance cases of API keys: listing never shows a secret, revocation is
//! tenant-scoped, audited, idempotent and seen at once by another replica of the same
//! database. Runs on SQLite and PostgreSQL like `conformance.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test cases: a failed step fails the test"
)]

mod harness;

use harness::{Harness, actor, not_found};
use store::{AuditFilter, NewUser, Role};

conformance!(api_keys_are_listed_and_revoked);

async fn api_keys_are_listed_and_revoked(h: &Harness) {
    let store = h.store();
    let a = h.agency("A").await;
    let b = h.agency("B").await;
    let staff = store
        .create_user(
            &actor(),
            &a.id,
            NewUser {
                username: "staff@a".into(),
                role: Role::DeclarantStaff,
                client_id: None,
                password_hash: None,
            },
        )
        .await
        .unwrap();
    let ci = store
        .create_api_key(&actor(), &a.id, &staff.id, "hash-ci", "ci")
        .await
        .unwrap();
    let erp = store
        .create_api_key(&actor(), &a.id, &staff.id, "hash-erp", "erp-sync")
        .await
        .unwrap();

    let listed = store.list_api_keys(&a.id).await.unwrap();
    let ids: Vec<&str> = listed.iter().map(|k| k.id.as_str()).collect();
    assert!(ids.contains(&ci.as_str()) && ids.contains(&erp.as_str()));
    let shown = format!("{listed:?}");
    assert!(!shown.contains("hash-ci"), "a listing shows a key hash");
    let ci_info = listed.iter().find(|k| k.id == ci).unwrap();
    assert_eq!(
        (ci_info.username.as_str(), ci_info.label.as_str()),
        ("staff@a", "ci")
    );
    assert_eq!(ci_info.revoked_at, None);
    assert!(
        store
            .list_api_keys(&b.id)
            .await
            .unwrap()
            .iter()
            .all(|k| k.id != ci && k.id != erp),
        "another tenant lists A's keys"
    );

    // Another tenant cannot revoke it, and its attempt changes nothing.
    not_found(
        store.revoke_api_key(&actor(), &b.id, &ci).await,
        "foreign revoke",
    );
    not_found(
        store
            .revoke_api_key(&actor(), &a.id, "key_nonexistent")
            .await,
        "unknown key",
    );
    assert!(store.find_api_key("hash-ci").await.unwrap().is_some());

    // A second replica over the same database answers for the key until it is revoked.
    let replica = h.reopen(h.master.clone()).await.unwrap();
    assert!(replica.find_api_key("hash-ci").await.unwrap().is_some());
    h.advance(jiff::Span::new().minutes(5));
    let revoked = store.revoke_api_key(&actor(), &a.id, &ci).await.unwrap();
    assert_eq!(revoked.id, ci);
    let revoked_at = revoked.revoked_at.clone().expect("a revocation time");
    assert!(store.find_api_key("hash-ci").await.unwrap().is_none());
    assert!(
        replica.find_api_key("hash-ci").await.unwrap().is_none(),
        "the other replica still accepts a revoked key"
    );
    assert!(store.find_api_key("hash-erp").await.unwrap().is_some());

    let all = AuditFilter {
        limit: 1000,
        ..AuditFilter::default()
    };
    // Revoking again answers the same key and writes nothing.
    let entries = store.audit_entries(&all).await.unwrap();
    let again = store.revoke_api_key(&actor(), &a.id, &ci).await.unwrap();
    assert_eq!(again.revoked_at, Some(revoked_at));
    let after = store.audit_entries(&all).await.unwrap();
    assert_eq!(after.len(), entries.len());
    let revocations: Vec<_> = after
        .iter()
        .filter(|e| e.action == "api_key.revoke")
        .collect();
    assert_eq!(revocations.len(), 1);
    assert_eq!(revocations[0].object, format!("api-key/{ci}"));
    assert_eq!(revocations[0].tenant_id, a.id);

    let listed = store.list_api_keys(&a.id).await.unwrap();
    assert!(
        listed
            .iter()
            .find(|k| k.id == ci)
            .unwrap()
            .revoked_at
            .is_some()
    );
    assert!(store.verify_audit().await.unwrap().intact());
}
