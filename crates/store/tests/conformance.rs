//! The storage conformance suite: every case runs on SQLite and on PostgreSQL, against the
//! `Store` trait only. Tenant isolation, versions, idempotency, encryption at rest, retention,
//! key rotation, access records, listing, replicas; the audit log's cases are in
//! `conformance_audit.rs`.
//!
//! PostgreSQL must be reachable (127.0.0.1:5432, user postgres, trust auth, database `test`,
//! or `DECLARANT_TEST_PG_URL`): when it is not, the PostgreSQL cases fail saying so.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test cases: a failed step fails the test"
)]

mod harness;

use harness::{Harness, actor, not_found, shipment};
use store::{
    AuditFilter, NewCheckRun, NewUser, Role, ShipmentFilter, StoreError, TenantKind, UploadedFile,
};

conformance!(
    tenant_isolation,
    versions_are_kept,
    idempotent_creation,
    nothing_readable_at_rest,
    retention_refuses_early_deletion,
    master_key_rotation,
    keys_users_and_sessions,
    listing_filters_and_pages,
    concurrent_writers_keep_one_chain,
);

async fn tenant_isolation(h: &Harness) {
    let store = h.store();
    let a = h.agency("Agency A").await;
    let b = h.agency("Agency B").await;
    let mut input = shipment("SHP-A-1", "锂离子蓄电池");
    input.source_file = Some(UploadedFile {
        name: "invoice.xlsx".into(),
        bytes: b"PK fake workbook".to_vec(),
    });
    let created = store
        .create_shipment(&actor(), &a.id, input, None)
        .await
        .unwrap();
    let id = created.shipment.id.clone();
    let document = store
        .get_version(&a.id, &id, None)
        .await
        .unwrap()
        .document_id
        .unwrap();
    store.get_document(&a.id, &document).await.unwrap();

    not_found(store.get_shipment(&b.id, &id).await, "get");
    not_found(store.get_version(&b.id, &id, None).await, "get version");
    not_found(
        store.get_version(&b.id, &id, Some(1)).await,
        "get version 1",
    );
    not_found(store.history(&b.id, &id).await, "history");
    not_found(store.check_runs(&b.id, &id).await, "check runs");
    not_found(store.get_document(&b.id, &document).await, "document");
    not_found(
        store
            .add_version(&actor(), &b.id, &id, None, shipment("X", "y"))
            .await,
        "new version",
    );
    not_found(
        store.archive_shipment(&actor(), &b.id, &id).await,
        "archive",
    );
    not_found(store.delete_shipment(&actor(), &b.id, &id).await, "delete");
    let run = NewCheckRun {
        version: 1,
        report_json: "{}".into(),
        errors: 0,
        warnings: 0,
        infos: 0,
    };
    not_found(
        store.record_check(&actor(), &b.id, &id, run).await,
        "record check",
    );
    let listed = store
        .list_shipments(&b.id, &ShipmentFilter::default())
        .await
        .unwrap();
    assert!(listed.is_empty());
    let audit_b = store
        .audit_entries(&AuditFilter {
            tenant_id: Some(b.id.clone()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert!(audit_b.iter().all(|e| e.tenant_id == b.id));
    assert!(!audit_b.iter().any(|e| e.object.contains(&id)));
    // Still there for its owner.
    assert_eq!(
        store.get_shipment(&a.id, &id).await.unwrap().reference,
        "SHP-A-1"
    );
}

async fn versions_are_kept(h: &Harness) {
    let store = h.store();
    let a = h.agency("A").await;
    let id = store
        .create_shipment(&actor(), &a.id, shipment("SHP-1", "first"), None)
        .await
        .unwrap()
        .shipment
        .id;
    let second = store
        .add_version(&actor(), &a.id, &id, Some(1), shipment("SHP-1", "second"))
        .await
        .unwrap();
    assert_eq!(second.latest_version, 2);
    let third = store
        .add_version(&actor(), &a.id, &id, None, shipment("SHP-1", "third"))
        .await
        .unwrap();
    assert_eq!(third.latest_version, 3);
    match store
        .add_version(&actor(), &a.id, &id, Some(2), shipment("SHP-1", "stale"))
        .await
    {
        Err(StoreError::Conflict(_)) => {}
        other => panic!("a stale If-Match must conflict, got {other:?}"),
    }
    for (version, product) in [(1, "first"), (2, "second"), (3, "third")] {
        let stored = store.get_version(&a.id, &id, Some(version)).await.unwrap();
        assert!(stored.bundle_json.contains(product), "version {version}");
        assert_eq!(stored.version, version);
    }
    assert!(
        store
            .get_version(&a.id, &id, None)
            .await
            .unwrap()
            .bundle_json
            .contains("third")
    );
    let history = store.history(&a.id, &id).await.unwrap();
    assert_eq!(
        history.iter().map(|v| v.version).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_ne!(history[0].digest, history[1].digest);
    let run = store
        .record_check(
            &actor(),
            &a.id,
            &id,
            NewCheckRun {
                version: 3,
                report_json: r#"{"reports": []}"#.into(),
                errors: 1,
                warnings: 2,
                infos: 0,
            },
        )
        .await
        .unwrap();
    let runs = store.check_runs(&a.id, &id).await.unwrap();
    assert_eq!(runs, vec![run]);
    assert!(h.store().verify_audit().await.unwrap().intact());
}

async fn idempotent_creation(h: &Harness) {
    let store = h.store();
    let a = h.agency("A").await;
    let first = store
        .create_shipment(&actor(), &a.id, shipment("SHP-1", "p"), Some("key-1"))
        .await
        .unwrap();
    assert!(!first.replayed);
    let again = store
        .create_shipment(&actor(), &a.id, shipment("SHP-1", "p"), Some("key-1"))
        .await
        .unwrap();
    assert!(again.replayed);
    assert_eq!(again.shipment.id, first.shipment.id);
    match store
        .create_shipment(&actor(), &a.id, shipment("SHP-2", "q"), Some("key-1"))
        .await
    {
        Err(StoreError::IdempotencyMismatch(_)) => {}
        other => panic!("expected an idempotency mismatch, got {other:?}"),
    }
    // Keys are per tenant.
    let b = h.agency("B").await;
    let other = store
        .create_shipment(&actor(), &b.id, shipment("SHP-1", "p"), Some("key-1"))
        .await
        .unwrap();
    assert!(!other.replayed);
    let listed = store
        .list_shipments(&a.id, &ShipmentFilter::default())
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
}

async fn nothing_readable_at_rest(h: &Harness) {
    let product = "锂离子蓄电池-XYZZY-PLUGH";
    let a = h.agency("A").await;
    let mut input = shipment("SHP-SECRET", product);
    input.source_file = Some(UploadedFile {
        name: "invoice.csv".into(),
        bytes: format!("no,name\n1,{product}\n").into_bytes(),
    });
    let id = h
        .store()
        .create_shipment(&actor(), &a.id, input, None)
        .await
        .unwrap()
        .shipment
        .id;
    h.store()
        .add_version(&actor(), &a.id, &id, None, shipment("SHP-SECRET", product))
        .await
        .unwrap();
    h.store()
        .record_check(
            &actor(),
            &a.id,
            &id,
            NewCheckRun {
                version: 2,
                report_json: format!(r#"{{"message": "{product} differs"}}"#),
                errors: 1,
                warnings: 0,
                infos: 0,
            },
        )
        .await
        .unwrap();
    assert!(
        h.store()
            .get_version(&a.id, &id, None)
            .await
            .unwrap()
            .bundle_json
            .contains(product)
    );
    assert!(
        !h.raw_contains(product).await,
        "the product name is readable at rest"
    );
    assert!(
        !h.raw_contains("XYZZY-PLUGH").await,
        "the product name is readable at rest"
    );
    // The needle search itself works: the clear reference is found.
    assert!(h.raw_contains("SHP-SECRET").await);
}

async fn retention_refuses_early_deletion(h: &Harness) {
    let store = h.store();
    let a = h.agency("A").await;
    let draft = store
        .create_shipment(&actor(), &a.id, shipment("DRAFT", "p"), None)
        .await
        .unwrap()
        .shipment
        .id;
    store
        .delete_shipment(&actor(), &a.id, &draft)
        .await
        .unwrap();
    not_found(store.get_shipment(&a.id, &draft).await, "deleted draft");

    let id = store
        .create_shipment(&actor(), &a.id, shipment("KEPT", "p"), None)
        .await
        .unwrap()
        .shipment
        .id;
    let archived = store.archive_shipment(&actor(), &a.id, &id).await.unwrap();
    assert!(archived.archived_at.is_some());
    match store
        .add_version(&actor(), &a.id, &id, None, shipment("KEPT", "q"))
        .await
    {
        Err(StoreError::Conflict(_)) => {}
        other => panic!("an archived shipment takes no versions, got {other:?}"),
    }
    for (now, allowed) in [
        ("2027-03-02T08:00:00Z", false),
        ("2031-03-02T07:59:59.999999Z", false),
        ("2031-03-02T08:00:00Z", true),
    ] {
        h.clock.set(now.parse().unwrap());
        let outcome = store.delete_shipment(&actor(), &a.id, &id).await;
        match (allowed, outcome) {
            (false, Err(StoreError::Retention { until, .. })) => {
                assert_eq!(until, "2031-03-02T08:00:00.000000Z");
            }
            (true, Ok(())) => {}
            (_, other) => panic!("at {now}: {other:?}"),
        }
    }
    not_found(
        store.get_shipment(&a.id, &id).await,
        "deleted after retention",
    );
    assert!(store.verify_audit().await.unwrap().intact());
}

async fn master_key_rotation(h: &Harness) {
    let a = h.agency("A").await;
    let id = h
        .store()
        .create_shipment(&actor(), &a.id, shipment("S", "secret"), None)
        .await
        .unwrap()
        .shipment
        .id;
    let new_key = store::MasterKey::from_bytes([7u8; 32]);
    let rewrapped = h
        .store()
        .rotate_master_key(&actor(), new_key.clone())
        .await
        .unwrap();
    assert_eq!(rewrapped, 2, "one tenant key and the audit signing key");
    assert!(
        h.store()
            .get_version(&a.id, &id, None)
            .await
            .unwrap()
            .bundle_json
            .contains("secret")
    );
    // Another replica rotates again: this one now holds a retired key, and may not wrap new
    // data keys with it.
    let other_replica = h.reopen(new_key).await.unwrap();
    other_replica
        .rotate_master_key(&actor(), store::MasterKey::from_bytes([8u8; 32]))
        .await
        .unwrap();
    match h
        .store()
        .create_tenant(&actor(), "late", TenantKind::Agency)
        .await
    {
        Err(StoreError::WrongMasterKey { .. }) => {}
        other => panic!("a retired master key wrapped a data key: {other:?}"),
    }
    let new_key = store::MasterKey::from_bytes([8u8; 32]);
    let reopened = h.reopen(new_key).await.unwrap();
    assert!(
        reopened
            .get_version(&a.id, &id, None)
            .await
            .unwrap()
            .bundle_json
            .contains("secret")
    );
    assert!(reopened.verify_audit().await.unwrap().intact());
    match h.reopen(h.master.clone()).await {
        Err(StoreError::WrongMasterKey { .. }) => {}
        Err(other) => panic!("expected the wrong-key error, got {other}"),
        Ok(_) => panic!("the old master key still opens the database"),
    }
}

async fn keys_users_and_sessions(h: &Harness) {
    let store = h.store();
    let a = h.agency("A").await;
    let client = store
        .create_client(&actor(), &a.id, "Shenzhen Battery Co.", None)
        .await
        .unwrap();
    assert_eq!(
        store.list_clients(&a.id).await.unwrap(),
        vec![client.clone()]
    );
    let enterprise = store
        .create_tenant(&actor(), "E", TenantKind::Enterprise)
        .await
        .unwrap();
    assert!(matches!(
        store
            .create_client(&actor(), &enterprise.id, "x", None)
            .await,
        Err(StoreError::Invalid(_))
    ));
    let reviewer = store
        .create_user(
            &actor(),
            &a.id,
            NewUser {
                username: "reviewer@battery".into(),
                role: Role::ClientReviewer,
                client_id: Some(client.id.clone()),
                password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$x$y".into()),
            },
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .create_user(
                &actor(),
                &a.id,
                NewUser {
                    username: "reviewer@battery".into(),
                    role: Role::Auditor,
                    client_id: None,
                    password_hash: None
                }
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    let found = store
        .find_user_by_name("reviewer@battery")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.password_hash, reviewer.password_hash);
    store
        .create_api_key(&actor(), &a.id, &reviewer.id, "hash-1", "ci")
        .await
        .unwrap();
    let principal = store.find_api_key("hash-1").await.unwrap().unwrap();
    assert_eq!(principal.role, Role::ClientReviewer);
    assert_eq!(principal.client_id, Some(client.id.clone()));
    assert!(store.find_api_key("hash-2").await.unwrap().is_none());
    // A key cannot be issued to another tenant's user.
    let b = h.agency("B").await;
    not_found(
        store
            .create_api_key(&actor(), &b.id, &reviewer.id, "hash-3", "x")
            .await,
        "foreign user",
    );

    let expires = harness::start_time()
        .checked_add(jiff::SignedDuration::from_hours(8))
        .unwrap();
    store
        .create_session(&actor(), &reviewer, "session-1", expires)
        .await
        .unwrap();
    assert_eq!(
        store
            .find_session("session-1")
            .await
            .unwrap()
            .unwrap()
            .user_id,
        reviewer.id
    );
    h.advance(jiff::Span::new().hours(9));
    assert!(
        store.find_session("session-1").await.unwrap().is_none(),
        "expired"
    );
    store.delete_session(&actor(), "session-1").await.unwrap();
    assert!(store.verify_audit().await.unwrap().intact());
}

async fn listing_filters_and_pages(h: &Harness) {
    let store = h.store();
    let a = h.agency("A").await;
    let client = store
        .create_client(&actor(), &a.id, "Client", None)
        .await
        .unwrap();
    for n in 0..5 {
        let mut input = shipment(&format!("EXP-{n}"), "p");
        if n % 2 == 0 {
            input.client_id = Some(client.id.clone());
        }
        store
            .create_shipment(&actor(), &a.id, input, None)
            .await
            .unwrap();
        h.advance(jiff::Span::new().seconds(1));
    }
    let mut import = shipment("IMP-%_1", "p");
    import.direction = "import".into();
    store
        .create_shipment(&actor(), &a.id, import, None)
        .await
        .unwrap();

    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .list_shipments(
                &a.id,
                &ShipmentFilter {
                    limit: 2,
                    after: after.clone(),
                    ..ShipmentFilter::default()
                },
            )
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        after = page.last().map(|s| s.id.clone());
        seen.extend(page.into_iter().map(|s| s.reference));
    }
    assert_eq!(
        seen,
        vec!["IMP-%_1", "EXP-4", "EXP-3", "EXP-2", "EXP-1", "EXP-0"]
    );
    let tenant = a.id.as_str();
    let references = |filter: ShipmentFilter| async move {
        store
            .list_shipments(tenant, &filter)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.reference)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        references(ShipmentFilter {
            client_id: Some(client.id.clone()),
            ..ShipmentFilter::default()
        })
        .await,
        vec!["EXP-4", "EXP-2", "EXP-0"]
    );
    assert_eq!(
        references(ShipmentFilter {
            direction: Some("import".into()),
            ..ShipmentFilter::default()
        })
        .await,
        vec!["IMP-%_1"]
    );
    assert_eq!(
        references(ShipmentFilter {
            reference_prefix: Some("IMP-%".into()),
            ..ShipmentFilter::default()
        })
        .await,
        vec!["IMP-%_1"]
    );
    assert!(
        references(ShipmentFilter {
            reference_prefix: Some("EXP-_".into()),
            ..ShipmentFilter::default()
        })
        .await
        .is_empty()
    );
}

async fn concurrent_writers_keep_one_chain(h: &Harness) {
    let a = h.agency("A").await;
    // Two store instances on one database, as two server replicas would be.
    let replicas: Vec<std::sync::Arc<dyn store::Store>> = vec![
        h.reopen(h.master.clone()).await.unwrap().into(),
        h.reopen(h.master.clone()).await.unwrap().into(),
    ];
    let mut tasks = Vec::new();
    for n in 0..24 {
        let replica = replicas[n % 2].clone();
        let tenant = a.id.clone();
        tasks.push(tokio::spawn(async move {
            replica
                .create_shipment(&actor(), &tenant, shipment(&format!("C{n}"), "p"), None)
                .await
                .map(|created| created.shipment.id)
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap().unwrap());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 24);
    let verdict = h.store().verify_audit().await.unwrap();
    assert!(verdict.intact(), "{verdict:?}");
    let listed = h
        .store()
        .list_shipments(
            &a.id,
            &ShipmentFilter {
                limit: 100,
                ..ShipmentFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(listed.len(), 24);
}
