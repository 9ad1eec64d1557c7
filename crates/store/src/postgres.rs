//! The shared store: PostgreSQL, for several stateless server replicas on one database.
//! Writers serialise on a transaction-scoped advisory lock, so the audit chain has one
//! order whatever replica writes.

use crate::keys::KeyRing;
use crate::sql::{WriteTx, sql_store};
use crate::{Clock, MasterKey, StoreError, StoreResult};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, Executor, PgConnection, Pool, Postgres};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// The advisory lock that serialises writers (an arbitrary constant: "declarant").
const WRITE_LOCK_KEY: i64 = 0x6465_636c_6172_616e;

/// The store on PostgreSQL.
pub struct PgStore {
    pool: Pool<Postgres>,
    keys: KeyRing,
    clock: Arc<dyn Clock>,
}

impl PgStore {
    /// Connects to `url`, in `schema` when given (created if missing; tests give each run its
    /// own), applies the migrations and loads the keys with `master_key`.
    pub async fn connect(
        url: &str,
        schema: Option<&str>,
        master_key: MasterKey,
        clock: Arc<dyn Clock>,
    ) -> StoreResult<PgStore> {
        let shown = redact(url);
        let connect_error = |e: sqlx::Error| StoreError::Connect {
            url: shown.clone(),
            reason: e.to_string(),
        };
        let mut options = PgConnectOptions::from_str(url).map_err(connect_error)?;
        if let Some(schema) = schema {
            if !schema
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
                || schema.is_empty()
            {
                return Err(StoreError::Invalid(format!(
                    "`{schema}` is not a plain schema name"
                )));
            }
            let mut connection = PgConnection::connect_with(&options)
                .await
                .map_err(connect_error)?;
            connection
                .execute(sqlx::AssertSqlSafe(format!(
                    "CREATE SCHEMA IF NOT EXISTS {schema}"
                )))
                .await?;
            connection.close().await?;
            options = options.options([("search_path", schema)]);
        }
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(connect_error)?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        let store = PgStore {
            pool,
            keys: KeyRing::new(master_key),
            clock,
        };
        store.init_signing_key().await?;
        Ok(store)
    }

    /// The connection pool (operators' tools and tests).
    pub fn pool(&self) -> &Pool<Postgres> {
        &self.pool
    }

    /// A write transaction holding the writers' advisory lock until it ends.
    async fn begin_write(&self) -> StoreResult<WriteTx<Postgres>> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(WRITE_LOCK_KEY)
            .execute(&mut *tx)
            .await?;
        Ok(WriteTx { tx, _guard: None })
    }
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &credentials[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

sql_store!(PgStore, Postgres);

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            super::redact("postgres://app:secret@db:5432/x"),
            "postgres://app:***@db:5432/x"
        );
        assert_eq!(super::redact("postgres://db/x"), "postgres://db/x");
    }
}
