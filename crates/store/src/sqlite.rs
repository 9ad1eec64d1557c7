//! The embedded store: one SQLite file (WAL journal, full sync) in a data directory created
//! on first start, migrations applied on open.

use crate::keys::KeyRing;
use crate::sql::{WriteTx, sql_store};
use crate::{Clock, MasterKey, StoreError, StoreResult};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Pool, Sqlite};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// How hard SQLite holds on to an acknowledged write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// Every commit is fsynced: an acknowledged write survives a crash of the process and of
    /// the machine (the default).
    #[default]
    Full,
    /// WAL commits are not fsynced one by one: an acknowledged write survives a crash of the
    /// process (`kill -9`), but the last ones may be lost if the machine loses power. About one
    /// fsync less per write.
    Normal,
}

/// The store on a SQLite file.
pub struct SqliteStore {
    pool: Pool<Sqlite>,
    keys: KeyRing,
    clock: Arc<dyn Clock>,
    write_lock: Arc<tokio::sync::Mutex<()>>,
    checkpointer: tokio::task::JoinHandle<()>,
}

impl Drop for SqliteStore {
    fn drop(&mut self) {
        self.checkpointer.abort();
    }
}

/// How often the WAL is copied back into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);

/// Copies the WAL into the database file every [`CHECKPOINT_EVERY`], off the request path.
/// `PASSIVE` never blocks readers or writers; what it cannot copy now it copies next time.
async fn checkpoint_wal(pool: Pool<Sqlite>) {
    let mut ticks = tokio::time::interval(CHECKPOINT_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if pool.is_closed() {
            return;
        }
        // A failed checkpoint loses nothing (the WAL keeps every commit): try again later.
        let _ = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&pool)
            .await;
    }
}

impl SqliteStore {
    /// Opens (creating it and its folder when missing) the database file at `path`, applies
    /// the migrations and loads the keys with `master_key`.
    pub async fn open(
        path: &Path,
        master_key: MasterKey,
        clock: Arc<dyn Clock>,
    ) -> StoreResult<SqliteStore> {
        SqliteStore::open_with(path, Durability::Full, master_key, clock).await
    }

    /// [`SqliteStore::open`] with a chosen [`Durability`].
    pub async fn open_with(
        path: &Path,
        durability: Durability,
        master_key: MasterKey,
        clock: Arc<dyn Clock>,
    ) -> StoreResult<SqliteStore> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|e| StoreError::Connect {
                url: path.display().to_string(),
                reason: e.to_string(),
            })?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(match durability {
                Durability::Full => SqliteSynchronous::Full,
                Durability::Normal => SqliteSynchronous::Normal,
            })
            .foreign_keys(true)
            // Checkpoints run in the background (below), not in the request that happens to
            // cross the WAL's size threshold.
            .pragma("wal_autocheckpoint", "0")
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Connect {
                url: path.display().to_string(),
                reason: e.to_string(),
            })?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        let checkpointer = tokio::spawn(checkpoint_wal(pool.clone()));
        let store = SqliteStore {
            pool,
            keys: KeyRing::new(master_key),
            clock,
            write_lock: Arc::new(tokio::sync::Mutex::new(())),
            checkpointer,
        };
        store.init_signing_key().await?;
        Ok(store)
    }

    /// The connection pool (operators' tools and tests).
    pub fn pool(&self) -> &Pool<Sqlite> {
        &self.pool
    }

    /// A write transaction: one writer at a time in this process, and `BEGIN IMMEDIATE`
    /// so that another process writing the same file waits instead of failing mid-way.
    async fn begin_write(&self) -> StoreResult<WriteTx<Sqlite>> {
        let guard = self.write_lock.clone().lock_owned().await;
        let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        Ok(WriteTx {
            tx,
            _guard: Some(guard),
        })
    }
}

sql_store!(SqliteStore, Sqlite);
