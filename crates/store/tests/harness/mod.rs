//! The conformance harness: a fresh store on SQLite (a temporary folder) or on PostgreSQL (a
//! schema of its own per test, dropped afterwards), a clock the test moves, and raw SQL access
//! for tampering as an attacker with database access would.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    dead_code,
    reason = "test helpers shared by two test files, each using a part: a broken fixture fails the test"
)]

use jiff::Timestamp;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use store::{
    Actor, ManualClock, MasterKey, PgStore, ShipmentInput, SqliteStore, Store, StoreError, Tenant,
    TenantKind,
};

/// The PostgreSQL the suite runs on (CI starts it; see scripts/test).
pub fn pg_url() -> String {
    std::env::var("DECLARANT_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

pub enum Backend {
    Sqlite {
        dir: tempfile::TempDir,
        store: SqliteStore,
    },
    Postgres {
        schema: String,
        store: PgStore,
    },
}

pub struct Harness {
    pub backend: Backend,
    pub clock: Arc<ManualClock>,
    pub master: MasterKey,
}

pub fn start_time() -> Timestamp {
    "2026-03-02T08:00:00Z".parse().unwrap()
}

static SCHEMA_COUNTER: AtomicU32 = AtomicU32::new(0);

impl Harness {
    pub async fn sqlite() -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(ManualClock::new(start_time()));
        let master = MasterKey::from_bytes([42u8; 32]);
        let store = SqliteStore::open(
            &dir.path().join("data/declarant.db"),
            master.clone(),
            clock.clone(),
        )
        .await
        .unwrap();
        Harness {
            backend: Backend::Sqlite { dir, store },
            clock,
            master,
        }
    }

    pub async fn postgres() -> Harness {
        let clock = Arc::new(ManualClock::new(start_time()));
        let master = MasterKey::from_bytes([42u8; 32]);
        let schema = format!(
            "conformance_{}_{}_{}",
            std::process::id(),
            SCHEMA_COUNTER.fetch_add(1, Ordering::SeqCst),
            Timestamp::now().as_millisecond()
        );
        let store = match PgStore::connect(&pg_url(), Some(&schema), master.clone(), clock.clone())
            .await
        {
            Ok(store) => store,
            Err(error) => panic!(
                "PostgreSQL is not reachable at {} (user postgres, trust auth, database `test`): \
                 start it before running the storage conformance suite (scripts/test does); {error}",
                pg_url()
            ),
        };
        Harness {
            backend: Backend::Postgres { schema, store },
            clock,
            master,
        }
    }

    pub fn store(&self) -> &dyn Store {
        match &self.backend {
            Backend::Sqlite { store, .. } => store,
            Backend::Postgres { store, .. } => store,
        }
    }

    /// Opens the same database again with `master` (as a restarted server would).
    pub async fn reopen(&self, master: MasterKey) -> Result<Box<dyn Store>, StoreError> {
        match &self.backend {
            Backend::Sqlite { dir, .. } => Ok(Box::new(
                SqliteStore::open(
                    &dir.path().join("data/declarant.db"),
                    master,
                    self.clock.clone(),
                )
                .await?,
            )),
            Backend::Postgres { schema, .. } => Ok(Box::new(
                PgStore::connect(&pg_url(), Some(schema), master, self.clock.clone()).await?,
            )),
        }
    }

    /// Runs statements in one transaction as an attacker with direct database access: the
    /// append-only triggers are bypassed (dropped on SQLite, replication role on PostgreSQL).
    pub async fn tamper(&self, statements: &[&str]) {
        match &self.backend {
            Backend::Sqlite { store, .. } => {
                let mut tx = store.pool().begin().await.unwrap();
                for trigger in ["audit_log_no_update", "audit_log_no_delete"] {
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "DROP TRIGGER IF EXISTS {trigger}"
                    )))
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                }
                for statement in statements {
                    sqlx::query(sqlx::AssertSqlSafe(statement.to_string()))
                        .execute(&mut *tx)
                        .await
                        .unwrap();
                }
                tx.commit().await.unwrap();
            }
            Backend::Postgres { store, .. } => {
                let mut tx = store.pool().begin().await.unwrap();
                sqlx::query("SET LOCAL session_replication_role = replica")
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                for statement in statements {
                    sqlx::query(sqlx::AssertSqlSafe(statement.to_string()))
                        .execute(&mut *tx)
                        .await
                        .unwrap();
                }
                tx.commit().await.unwrap();
            }
        }
    }

    /// Runs one statement as the application itself (no bypass).
    pub async fn exec_as_app(&self, statement: &str) -> Result<(), sqlx::Error> {
        match &self.backend {
            Backend::Sqlite { store, .. } => {
                sqlx::query(sqlx::AssertSqlSafe(statement.to_string()))
                    .execute(store.pool())
                    .await
                    .map(|_| ())
            }
            Backend::Postgres { store, .. } => {
                sqlx::query(sqlx::AssertSqlSafe(statement.to_string()))
                    .execute(store.pool())
                    .await
                    .map(|_| ())
            }
        }
    }

    /// Whether `needle` appears anywhere the database keeps data: the SQLite file and its
    /// journal byte for byte; on PostgreSQL every row of every table, as text and as bytes.
    pub async fn raw_contains(&self, needle: &str) -> bool {
        match &self.backend {
            Backend::Sqlite { dir, store } => {
                sqlx::query("PRAGMA wal_checkpoint(FULL)")
                    .execute(store.pool())
                    .await
                    .unwrap();
                let mut found = false;
                for entry in std::fs::read_dir(dir.path().join("data")).unwrap() {
                    let bytes = std::fs::read(entry.unwrap().path()).unwrap();
                    found |= bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
                }
                found
            }
            Backend::Postgres { store, .. } => {
                let mut found = false;
                for table in [
                    "tenants",
                    "clients",
                    "users",
                    "api_keys",
                    "shipments",
                    "shipment_versions",
                    "documents",
                    "check_runs",
                    "idempotency_keys",
                    "audit_log",
                    "audit_checkpoints",
                    "agency_orders",
                    "agency_order_events",
                    "agency_parties",
                    "agency_history_imports",
                    "webhook_subscriptions",
                    "webhook_deliveries",
                ] {
                    let sql = format!(
                        "SELECT count(*) FROM {table} t WHERE position(convert_to($1, 'UTF8') in \
                         convert_to(t::text, 'UTF8')) > 0"
                    );
                    let (count,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                        .bind(needle)
                        .fetch_one(store.pool())
                        .await
                        .unwrap();
                    found |= count > 0;
                }
                for (table, column) in [
                    ("shipment_versions", "sealed"),
                    ("documents", "sealed"),
                    ("check_runs", "sealed"),
                    ("agency_orders", "sealed"),
                    ("agency_order_events", "sealed"),
                    ("agency_parties", "sealed"),
                    ("agency_history_imports", "sealed"),
                    ("webhook_subscriptions", "sealed"),
                    ("webhook_deliveries", "sealed"),
                ] {
                    let sql = format!(
                        "SELECT count(*) FROM {table} WHERE position(convert_to($1, 'UTF8') in {column}) > 0"
                    );
                    let (count,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                        .bind(needle)
                        .fetch_one(store.pool())
                        .await
                        .unwrap();
                    found |= count > 0;
                }
                found
            }
        }
    }

    pub async fn finish(self) {
        if let Backend::Postgres { schema, store } = self.backend {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
                .execute(store.pool())
                .await;
            store.pool().close().await;
        }
    }

    pub fn advance(&self, span: jiff::Span) {
        let now = self.clock.now_for_test();
        self.clock.set(
            now.to_zoned(jiff::tz::TimeZone::UTC)
                .checked_add(span)
                .unwrap()
                .timestamp(),
        );
    }

    pub async fn agency(&self, name: &str) -> Tenant {
        self.store()
            .create_tenant(&Actor::system("test"), name, TenantKind::Agency)
            .await
            .unwrap()
    }
}

trait NowForTest {
    fn now_for_test(&self) -> Timestamp;
}

impl NowForTest for ManualClock {
    fn now_for_test(&self) -> Timestamp {
        store::Clock::now(self)
    }
}

/// A shipment whose product is `product`.
pub fn shipment(reference: &str, product: &str) -> ShipmentInput {
    ShipmentInput {
        reference: reference.into(),
        direction: "export".into(),
        client_id: None,
        bundle_json: format!(
            r#"{{"id": "{reference}", "declaration": {{"lines": [{{"no": 1, "name": "{product}"}}]}}}}"#
        ),
        source_file: None,
    }
}

/// Runs each case (an `async fn(&Harness)` of the calling file) on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! conformance {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let harness = super::harness::Harness::sqlite().await;
                    super::$case(&harness).await;
                    harness.finish().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let harness = super::harness::Harness::postgres().await;
                    super::$case(&harness).await;
                    harness.finish().await;
                }
            )*
        }
    };
}

/// The actor of the test's writes.
pub fn actor() -> Actor {
    Actor::system("test")
}

/// Fails unless `result` is "not found".
pub fn not_found<T: std::fmt::Debug>(result: Result<T, StoreError>, what: &str) {
    match result {
        Err(StoreError::NotFound(_)) => {}
        other => panic!("{what}: expected not found, got {other:?}"),
    }
}
