//! Opening a store from a URL: SQLite paths with their durability option, bad options refused.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test cases: a failed step fails the test"
)]

use std::sync::Arc;
use store::{Clock, MasterKey, StoreError, SystemClock};

#[tokio::test]
async fn sqlite_urls_open_and_bad_options_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let key = MasterKey::from_bytes([3u8; 32]);
    for url in [
        format!("sqlite://{}/a/declarant.db", dir.path().display()),
        format!("sqlite://{}/b.db?synchronous=normal", dir.path().display()),
        format!("{}/c.db?synchronous=FULL", dir.path().display()),
    ] {
        let opened = store::open(&url, key.clone(), clock.clone()).await.unwrap();
        opened.ping().await.unwrap();
        assert!(opened.verify_audit().await.unwrap().intact(), "{url}");
    }
    let bad = format!("sqlite://{}/d.db?journal=off", dir.path().display());
    match store::open(&bad, key, clock).await {
        Err(StoreError::Invalid(message)) => assert!(message.contains("journal=off")),
        Err(other) => panic!("expected a refusal, got {other}"),
        Ok(_) => panic!("an unknown option was accepted"),
    }
}
