//! Storage of the declarant service: one [`Store`] trait with two implementations,
//! [`SqliteStore`] (embedded default: one file in a data directory) and [`PgStore`]
//! (PostgreSQL, shared by several stateless server replicas).
//!
//! What every implementation guarantees:
//! - **Every write is one transaction**, and appends its audit entry (sequence, time, actor,
//!   tenant, action, object, SHA-256 of the payload, hash of the previous entry) in that same
//!   transaction; every [`audit::CHECKPOINT_INTERVAL`] entries a signed checkpoint (Ed25519)
//!   follows. [`Store::verify_audit`] recomputes the chain and names the first bad entry.
//! - **Nothing is overwritten**: each edit of a shipment is a new version row.
//! - **Tenants are isolated**: every read takes the tenant id; another tenant's object is
//!   "not found".
//! - **Encryption at rest**: shipment payloads, uploaded files and check reports are sealed
//!   with AES-256-GCM under the tenant's data key, itself wrapped by the [`MasterKey`] the
//!   caller passes in (it never lives in the database). [`Store::rotate_master_key`]
//!   re-wraps every data key.
//! - **Retention**: an archived shipment cannot be deleted before 5 years have passed.
//! - Time comes from the [`Clock`] passed in.
//!
//! **Invariant:** the store reads no environment, no key file and no system clock by itself.

mod agency;
pub mod audit;
mod clock;
pub mod crypto;
mod error;
mod keys;
mod postgres;
mod sql;
mod sqlite;
mod types;

pub use agency::*;
pub use audit::{AuditEntry, AuditVerification, Checkpoint, Tamper};
pub use clock::{Clock, ManualClock, SystemClock};
pub use crypto::MasterKey;
pub use error::StoreError;
pub use postgres::PgStore;
pub use sqlite::{Durability, SqliteStore};
pub use types::*;

/// The database driver's error, for callers that sort faults from unavailability.
pub use sqlx::Error as SqlxError;

use async_trait::async_trait;
use jiff::Timestamp;
use std::sync::Arc;

/// The result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// How long an archived shipment must be kept, in years.
pub const RETENTION_YEARS: i16 = 5;

/// The service's storage. Every method that writes takes the [`Actor`] recorded in the audit
/// log; every method that reads tenant data takes the tenant id and sees only that tenant's.
#[async_trait]
pub trait Store: AgencyStore + Send + Sync {
    /// Creates a tenant and its data key.
    async fn create_tenant(
        &self,
        actor: &Actor,
        name: &str,
        kind: TenantKind,
    ) -> StoreResult<Tenant>;
    /// A tenant.
    async fn get_tenant(&self, tenant_id: &str) -> StoreResult<Tenant>;
    /// Adds a user to a tenant.
    async fn create_user(&self, actor: &Actor, tenant_id: &str, user: NewUser)
    -> StoreResult<User>;
    /// A user by login name (any tenant: login names are unique).
    async fn find_user_by_name(&self, username: &str) -> StoreResult<Option<User>>;
    /// Stores an API key's hash for a user; answers the key's id.
    async fn create_api_key(
        &self,
        actor: &Actor,
        tenant_id: &str,
        user_id: &str,
        key_hash: &str,
        label: &str,
    ) -> StoreResult<String>;
    /// Who the API key with this hash speaks for (revoked keys speak for no one).
    async fn find_api_key(&self, key_hash: &str) -> StoreResult<Option<Principal>>;
    /// A tenant's API keys (never their hashes), oldest first, revoked ones included.
    async fn list_api_keys(&self, tenant_id: &str) -> StoreResult<Vec<ApiKeyInfo>>;
    /// Revokes a key of the tenant: from the moment this returns, [`Store::find_api_key`]
    /// answers `None` for it on every replica. Revoking a revoked key changes nothing and
    /// answers it as it is; another tenant's key is "not found".
    async fn revoke_api_key(
        &self,
        actor: &Actor,
        tenant_id: &str,
        key_id: &str,
    ) -> StoreResult<ApiKeyInfo>;
    /// Opens a session (its token's hash) until `expires_at`.
    async fn create_session(
        &self,
        actor: &Actor,
        user: &User,
        token_hash: &str,
        expires_at: Timestamp,
    ) -> StoreResult<()>;
    /// Who the session with this token hash speaks for, while it has not expired.
    async fn find_session(&self, token_hash: &str) -> StoreResult<Option<Principal>>;
    /// Ends a session.
    async fn delete_session(&self, actor: &Actor, token_hash: &str) -> StoreResult<()>;
    /// Adds a client enterprise to an agency.
    async fn create_client(
        &self,
        actor: &Actor,
        tenant_id: &str,
        name: &str,
        enterprise_tenant_id: Option<&str>,
    ) -> StoreResult<Client>;
    /// An agency's client enterprises.
    async fn list_clients(&self, tenant_id: &str) -> StoreResult<Vec<Client>>;

    /// Stores a new shipment (version 1). With an `idempotency_key` already used for the same
    /// request, answers the shipment it created and writes nothing; used for another request,
    /// fails with [`StoreError::IdempotencyMismatch`].
    async fn create_shipment(
        &self,
        actor: &Actor,
        tenant_id: &str,
        input: ShipmentInput,
        idempotency_key: Option<&str>,
    ) -> StoreResult<Created>;
    /// Stores a new version. With `expected_version`, fails with [`StoreError::Conflict`]
    /// unless it is the latest (optimistic concurrency, `If-Match`).
    async fn add_version(
        &self,
        actor: &Actor,
        tenant_id: &str,
        shipment_id: &str,
        expected_version: Option<i64>,
        input: ShipmentInput,
    ) -> StoreResult<ShipmentSummary>;
    /// A shipment's metadata.
    async fn get_shipment(
        &self,
        tenant_id: &str,
        shipment_id: &str,
    ) -> StoreResult<ShipmentSummary>;
    /// One version (the latest when `None`), opened.
    async fn get_version(
        &self,
        tenant_id: &str,
        shipment_id: &str,
        version: Option<i64>,
    ) -> StoreResult<ShipmentVersion>;
    /// A page of the tenant's shipments, newest first.
    async fn list_shipments(
        &self,
        tenant_id: &str,
        filter: &ShipmentFilter,
    ) -> StoreResult<Vec<ShipmentSummary>>;
    /// Every version of a shipment, oldest first.
    async fn history(&self, tenant_id: &str, shipment_id: &str)
    -> StoreResult<Vec<VersionSummary>>;
    /// An uploaded original file, opened.
    async fn get_document(&self, tenant_id: &str, document_id: &str) -> StoreResult<UploadedFile>;
    /// Archives a shipment: from now it is kept at least [`RETENTION_YEARS`] years.
    async fn archive_shipment(
        &self,
        actor: &Actor,
        tenant_id: &str,
        shipment_id: &str,
    ) -> StoreResult<ShipmentSummary>;
    /// Deletes a shipment with its versions, files and checks; refused with
    /// [`StoreError::Retention`] while an archived shipment is within its retention period.
    async fn delete_shipment(
        &self,
        actor: &Actor,
        tenant_id: &str,
        shipment_id: &str,
    ) -> StoreResult<()>;
    /// Stores a check run of one version with its report.
    async fn record_check(
        &self,
        actor: &Actor,
        tenant_id: &str,
        shipment_id: &str,
        run: NewCheckRun,
    ) -> StoreResult<CheckRun>;
    /// A shipment's check runs, newest first.
    async fn check_runs(&self, tenant_id: &str, shipment_id: &str) -> StoreResult<Vec<CheckRun>>;

    /// Audit entries, oldest first.
    async fn audit_entries(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEntry>>;
    /// Signs a checkpoint of the current head now (when the log is not empty and the head is
    /// not already checkpointed).
    async fn checkpoint(&self) -> StoreResult<Option<Checkpoint>>;
    /// Recomputes the whole chain and checks every checkpoint.
    async fn verify_audit(&self) -> StoreResult<AuditVerification>;
    /// Re-wraps every data key (and the audit signing key) under `new_key` in one
    /// transaction, then uses it. Answers how many keys were re-wrapped.
    async fn rotate_master_key(&self, actor: &Actor, new_key: MasterKey) -> StoreResult<usize>;
    /// Whether the database answers (readiness).
    async fn ping(&self) -> StoreResult<()>;
}

/// Opens the store a URL names: `postgres://…` or `postgresql://…` for PostgreSQL,
/// `sqlite://PATH` or a plain path for SQLite (created with its folder on first start;
/// `?synchronous=normal` trades power-loss durability for one fsync less per write, see
/// [`Durability`]). Migrations are applied.
pub async fn open(
    url: &str,
    master_key: MasterKey,
    clock: Arc<dyn Clock>,
) -> StoreResult<Arc<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Arc::new(
            PgStore::connect(url, None, master_key, clock).await?,
        ));
    }
    let path = url.strip_prefix("sqlite://").unwrap_or(url);
    let path = path.strip_prefix("sqlite:").unwrap_or(path);
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let mut durability = Durability::Full;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        durability = match pair.to_ascii_lowercase().as_str() {
            "synchronous=full" => Durability::Full,
            "synchronous=normal" => Durability::Normal,
            _ => {
                return Err(StoreError::Invalid(format!(
                    "unknown SQLite option `{pair}`: use synchronous=full or synchronous=normal"
                )));
            }
        };
    }
    Ok(Arc::new(
        SqliteStore::open_with(std::path::Path::new(path), durability, master_key, clock).await?,
    ))
}

/// The first moment an archived shipment may be deleted: [`RETENTION_YEARS`] calendar years
/// after `archived_at` (RFC 3339).
pub fn retention_end(archived_at: &str) -> StoreResult<Timestamp> {
    let archived: Timestamp = archived_at
        .parse()
        .map_err(|_| StoreError::Corrupt(format!("`{archived_at}` is not a time")))?;
    archived
        .to_zoned(jiff::tz::TimeZone::UTC)
        .checked_add(jiff::Span::new().years(RETENTION_YEARS))
        .map(|zoned| zoned.timestamp())
        .map_err(|_| StoreError::Corrupt(format!("`{archived_at}` is out of range")))
}
