//! The one implementation of [`crate::Store`] over SQL, instantiated for SQLite and for
//! PostgreSQL by `sql_store!`. The SQL text is the same on both (sqlx's SQLite driver takes
//! `$1…$n` too); only opening a write transaction differs, and each backend provides it as
//! `begin_write`. The parts live in the submodules (`core`, `access`, `shipments`, `ledger`),
//! each a macro of inherent methods; the trait impl forwards to them.

use crate::audit::{AuditEntry, CHECKPOINT_INTERVAL, Checkpoint, GENESIS_HASH, entry_hash};
use crate::crypto::sha256_hex;
use crate::{Role, StoreError, TenantKind};

/// The sealing context of a shipment version: a ciphertext moved to another row, shipment or
/// tenant does not open.
pub(crate) fn version_context(tenant_id: &str, shipment_id: &str, version: i64) -> String {
    format!("{tenant_id}\0shipment_version\0{shipment_id}\0{version}")
}

pub(crate) fn document_context(tenant_id: &str, document_id: &str) -> String {
    format!("{tenant_id}\0document\0{document_id}")
}

pub(crate) fn check_context(tenant_id: &str, check_id: &str) -> String {
    format!("{tenant_id}\0check_run\0{check_id}")
}

/// An uploaded file as one plaintext: name length (4 bytes, big-endian), name, bytes.
pub(crate) fn pack_file(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut packed = Vec::with_capacity(4 + name.len() + bytes.len());
    packed.extend_from_slice(&(name.len() as u32).to_be_bytes());
    packed.extend_from_slice(name.as_bytes());
    packed.extend_from_slice(bytes);
    packed
}

pub(crate) fn unpack_file(packed: &[u8]) -> Result<crate::UploadedFile, StoreError> {
    let corrupt = || StoreError::Corrupt("an uploaded file's envelope is malformed".into());
    let length_bytes: [u8; 4] = packed
        .get(..4)
        .ok_or_else(corrupt)?
        .try_into()
        .map_err(|_| corrupt())?;
    let length = u32::from_be_bytes(length_bytes) as usize;
    let name = packed.get(4..4 + length).ok_or_else(corrupt)?;
    let bytes = packed.get(4 + length..).ok_or_else(corrupt)?;
    Ok(crate::UploadedFile {
        name: String::from_utf8(name.to_vec()).map_err(|_| corrupt())?,
        bytes: bytes.to_vec(),
    })
}

/// The digest that identifies a creating request, for `Idempotency-Key`.
pub(crate) fn request_digest(input: &crate::ShipmentInput) -> String {
    let mut material = Vec::new();
    for part in [
        input.reference.as_bytes(),
        input.direction.as_bytes(),
        input.client_id.as_deref().unwrap_or("").as_bytes(),
        input.bundle_json.as_bytes(),
    ] {
        material.extend_from_slice(&(part.len() as u64).to_be_bytes());
        material.extend_from_slice(part);
    }
    if let Some(file) = &input.source_file {
        material.extend_from_slice(&pack_file(&file.name, &file.bytes));
    }
    sha256_hex(&material)
}

pub(crate) fn parse_role(text: &str) -> Result<Role, StoreError> {
    Role::parse(text).ok_or_else(|| StoreError::Corrupt(format!("unknown role `{text}`")))
}

pub(crate) fn parse_kind(text: &str) -> Result<TenantKind, StoreError> {
    TenantKind::parse(text)
        .ok_or_else(|| StoreError::Corrupt(format!("unknown tenant kind `{text}`")))
}

/// The next audit entry after `previous` (`None`: the log is empty).
pub(crate) fn next_entry(
    previous: Option<(i64, String)>,
    at: &str,
    actor: &str,
    tenant_id: &str,
    action: &str,
    object: &str,
    payload: &[u8],
) -> AuditEntry {
    let (last_seq, prev_hash) = previous.unwrap_or((0, GENESIS_HASH.to_string()));
    let seq = last_seq + 1;
    let payload_digest = sha256_hex(payload);
    let hash = entry_hash(
        seq,
        at,
        actor,
        tenant_id,
        action,
        object,
        &payload_digest,
        &prev_hash,
    );
    AuditEntry {
        seq,
        at: at.to_string(),
        actor: actor.to_string(),
        tenant_id: tenant_id.to_string(),
        action: action.to_string(),
        object: object.to_string(),
        payload_digest,
        prev_hash,
        hash,
    }
}

/// Whether an entry is due a checkpoint.
pub(crate) fn checkpoint_due(seq: i64) -> bool {
    seq % CHECKPOINT_INTERVAL == 0
}

pub(crate) fn page_size(limit: u32, default: u32, max: u32) -> i64 {
    i64::from(if limit == 0 { default } else { limit.min(max) })
}

/// An `api_keys` row joined with its user's login name.
pub(crate) type ApiKeyRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
);

pub(crate) fn api_key_info(row: ApiKeyRow) -> crate::ApiKeyInfo {
    let (id, tenant_id, user_id, username, label, created_at, revoked_at) = row;
    crate::ApiKeyInfo {
        id,
        tenant_id,
        user_id,
        username,
        label,
        created_at,
        revoked_at,
    }
}

/// Silences the "unused" lint for the checkpoint type used only inside the macro.
pub(crate) type CheckpointRow = Checkpoint;

mod access;
pub(crate) mod agency;
mod core;
mod ledger;
mod shipments;

pub(crate) use access::sql_access;
pub(crate) use agency::sql_agency;
pub(crate) use core::sql_core;
pub(crate) use ledger::sql_ledger;
pub(crate) use shipments::sql_shipments;

/// Implements [`crate::Store`] for `$store` over the sqlx database `$db`. `$store` must have
/// fields `pool: sqlx::Pool<$db>`, `keys: crate::keys::KeyRing`, `clock: Arc<dyn Clock>` and an
/// inherent `async fn begin_write(&self) -> StoreResult<crate::sql::WriteTx<$db>>`.
macro_rules! sql_store {
    ($store:ty, $db:ty) => {
        crate::sql::sql_core!($store, $db);
        crate::sql::sql_access!($store, $db);
        crate::sql::sql_shipments!($store, $db);
        crate::sql::sql_ledger!($store, $db);
        crate::sql::sql_agency!($store, $db);

        #[async_trait::async_trait]
        impl crate::Store for $store {
            async fn create_tenant(
                &self,
                actor: &crate::Actor,
                name: &str,
                kind: crate::TenantKind,
            ) -> crate::StoreResult<crate::Tenant> {
                self.sql_create_tenant(actor, name, kind).await
            }

            async fn get_tenant(&self, tenant_id: &str) -> crate::StoreResult<crate::Tenant> {
                self.sql_get_tenant(tenant_id).await
            }

            async fn create_user(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                user: crate::NewUser,
            ) -> crate::StoreResult<crate::User> {
                self.sql_create_user(actor, tenant_id, user).await
            }

            async fn find_user_by_name(
                &self,
                username: &str,
            ) -> crate::StoreResult<Option<crate::User>> {
                self.sql_find_user_by_name(username).await
            }

            async fn create_api_key(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                user_id: &str,
                key_hash: &str,
                label: &str,
            ) -> crate::StoreResult<String> {
                self.sql_create_api_key(actor, tenant_id, user_id, key_hash, label)
                    .await
            }

            async fn find_api_key(
                &self,
                key_hash: &str,
            ) -> crate::StoreResult<Option<crate::Principal>> {
                self.sql_find_api_key(key_hash).await
            }

            async fn list_api_keys(
                &self,
                tenant_id: &str,
            ) -> crate::StoreResult<Vec<crate::ApiKeyInfo>> {
                self.sql_list_api_keys(tenant_id).await
            }

            async fn revoke_api_key(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                key_id: &str,
            ) -> crate::StoreResult<crate::ApiKeyInfo> {
                self.sql_revoke_api_key(actor, tenant_id, key_id).await
            }

            async fn create_session(
                &self,
                actor: &crate::Actor,
                user: &crate::User,
                token_hash: &str,
                expires_at: jiff::Timestamp,
            ) -> crate::StoreResult<()> {
                self.sql_create_session(actor, user, token_hash, expires_at)
                    .await
            }

            async fn find_session(
                &self,
                token_hash: &str,
            ) -> crate::StoreResult<Option<crate::Principal>> {
                self.sql_find_session(token_hash).await
            }

            async fn delete_session(
                &self,
                actor: &crate::Actor,
                token_hash: &str,
            ) -> crate::StoreResult<()> {
                self.sql_delete_session(actor, token_hash).await
            }

            async fn create_client(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                name: &str,
                enterprise_tenant_id: Option<&str>,
            ) -> crate::StoreResult<crate::Client> {
                self.sql_create_client(actor, tenant_id, name, enterprise_tenant_id)
                    .await
            }

            async fn list_clients(
                &self,
                tenant_id: &str,
            ) -> crate::StoreResult<Vec<crate::Client>> {
                self.sql_list_clients(tenant_id).await
            }

            async fn create_shipment(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                input: crate::ShipmentInput,
                idempotency_key: Option<&str>,
            ) -> crate::StoreResult<crate::Created> {
                self.sql_create_shipment(actor, tenant_id, input, idempotency_key)
                    .await
            }

            async fn add_version(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                shipment_id: &str,
                expected_version: Option<i64>,
                input: crate::ShipmentInput,
            ) -> crate::StoreResult<crate::ShipmentSummary> {
                self.sql_add_version(actor, tenant_id, shipment_id, expected_version, input)
                    .await
            }

            async fn get_shipment(
                &self,
                tenant_id: &str,
                shipment_id: &str,
            ) -> crate::StoreResult<crate::ShipmentSummary> {
                self.sql_get_shipment(tenant_id, shipment_id).await
            }

            async fn get_version(
                &self,
                tenant_id: &str,
                shipment_id: &str,
                version: Option<i64>,
            ) -> crate::StoreResult<crate::ShipmentVersion> {
                self.sql_get_version(tenant_id, shipment_id, version).await
            }

            async fn list_shipments(
                &self,
                tenant_id: &str,
                filter: &crate::ShipmentFilter,
            ) -> crate::StoreResult<Vec<crate::ShipmentSummary>> {
                self.sql_list_shipments(tenant_id, filter).await
            }

            async fn history(
                &self,
                tenant_id: &str,
                shipment_id: &str,
            ) -> crate::StoreResult<Vec<crate::VersionSummary>> {
                self.sql_history(tenant_id, shipment_id).await
            }

            async fn get_document(
                &self,
                tenant_id: &str,
                document_id: &str,
            ) -> crate::StoreResult<crate::UploadedFile> {
                self.sql_get_document(tenant_id, document_id).await
            }

            async fn archive_shipment(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                shipment_id: &str,
            ) -> crate::StoreResult<crate::ShipmentSummary> {
                self.sql_archive_shipment(actor, tenant_id, shipment_id)
                    .await
            }

            async fn delete_shipment(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                shipment_id: &str,
            ) -> crate::StoreResult<()> {
                self.sql_delete_shipment(actor, tenant_id, shipment_id)
                    .await
            }

            async fn record_check(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                shipment_id: &str,
                run: crate::NewCheckRun,
            ) -> crate::StoreResult<crate::CheckRun> {
                self.sql_record_check(actor, tenant_id, shipment_id, run)
                    .await
            }

            async fn check_runs(
                &self,
                tenant_id: &str,
                shipment_id: &str,
            ) -> crate::StoreResult<Vec<crate::CheckRun>> {
                self.sql_check_runs(tenant_id, shipment_id).await
            }

            async fn audit_entries(
                &self,
                filter: &crate::AuditFilter,
            ) -> crate::StoreResult<Vec<crate::AuditEntry>> {
                self.sql_audit_entries(filter).await
            }

            async fn checkpoint(&self) -> crate::StoreResult<Option<crate::Checkpoint>> {
                self.sql_checkpoint().await
            }

            async fn verify_audit(&self) -> crate::StoreResult<crate::AuditVerification> {
                self.sql_verify_audit().await
            }

            async fn rotate_master_key(
                &self,
                actor: &crate::Actor,
                new_key: crate::MasterKey,
            ) -> crate::StoreResult<usize> {
                self.sql_rotate_master_key(actor, new_key).await
            }

            async fn ping(&self) -> crate::StoreResult<()> {
                self.sql_ping().await
            }
        }
    };
}

pub(crate) use sql_store;

type EntryTuple = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

pub(crate) fn entry_from_tuple(row: EntryTuple) -> AuditEntry {
    let (seq, at, actor, tenant_id, action, object, payload_digest, prev_hash, hash) = row;
    AuditEntry {
        seq,
        at,
        actor,
        tenant_id,
        action,
        object,
        payload_digest,
        prev_hash,
        hash,
    }
}

/// A write transaction, holding the in-process write lock where the backend needs one.
pub(crate) struct WriteTx<DB: sqlx::Database> {
    pub(crate) tx: sqlx::Transaction<'static, DB>,
    pub(crate) _guard: Option<tokio::sync::OwnedMutexGuard<()>>,
}
