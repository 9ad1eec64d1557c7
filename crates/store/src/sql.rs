//! The one implementation of [`crate::Store`] over SQL, instantiated for SQLite and for
//! PostgreSQL by [`sql_store!`]. The SQL text is the same on both (sqlx's SQLite driver takes
//! `$1…$n` too); only opening a write transaction differs, and each backend provides it as
//! `begin_write`.

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

/// Silences the "unused" lint for the checkpoint type used only inside the macro.
pub(crate) type CheckpointRow = Checkpoint;

/// Implements [`crate::Store`] for `$store` over the sqlx database `$db`. `$store` must have
/// fields `pool: sqlx::Pool<$db>`, `keys: crate::keys::KeyRing`, `clock: Arc<dyn Clock>` and an
/// inherent `async fn begin_write(&self) -> StoreResult<crate::sql::WriteTx<$db>>`.
macro_rules! sql_store {
    ($store:ty, $db:ty) => {
        impl $store {
            fn now(&self) -> (jiff::Timestamp, String) {
                let now = self.clock.now();
                (now, crate::clock::db_time(now))
            }

            #[expect(clippy::too_many_arguments, reason = "the fields of one audit entry")]
            async fn append_audit(
                &self,
                tx: &mut sqlx::Transaction<'static, $db>,
                at: &str,
                actor: &crate::Actor,
                tenant_id: &str,
                action: &str,
                object: &str,
                payload: &[u8],
            ) -> crate::StoreResult<()> {
                let previous: Option<(i64, String)> =
                    sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                        .fetch_optional(&mut **tx)
                        .await?;
                let entry = crate::sql::next_entry(
                    previous, at, &actor.0, tenant_id, action, object, payload,
                );
                sqlx::query(
                    "INSERT INTO audit_log (seq, at, actor, tenant_id, action, object, \
                     payload_digest, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(entry.seq)
                .bind(&entry.at)
                .bind(&entry.actor)
                .bind(&entry.tenant_id)
                .bind(&entry.action)
                .bind(&entry.object)
                .bind(&entry.payload_digest)
                .bind(&entry.prev_hash)
                .bind(&entry.hash)
                .execute(&mut **tx)
                .await?;
                if crate::sql::checkpoint_due(entry.seq) {
                    self.insert_checkpoint(tx, entry.seq, &entry.hash, at).await?;
                }
                Ok(())
            }

            async fn insert_checkpoint(
                &self,
                tx: &mut sqlx::Transaction<'static, $db>,
                seq: i64,
                head_hash: &str,
                at: &str,
            ) -> crate::StoreResult<crate::sql::CheckpointRow> {
                let key = self.keys.signing()?;
                let checkpoint = crate::audit::sign_checkpoint(&key, seq, head_hash, at);
                sqlx::query(
                    "INSERT INTO audit_checkpoints (seq, head_hash, at, signature, public_key) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(checkpoint.seq)
                .bind(&checkpoint.head_hash)
                .bind(&checkpoint.at)
                .bind(&checkpoint.signature)
                .bind(&checkpoint.public_key)
                .execute(&mut **tx)
                .await?;
                Ok(checkpoint)
            }

            /// Loads the audit signing key, creating it on a fresh database.
            async fn init_signing_key(&self) -> crate::StoreResult<()> {
                let master = self.keys.master()?;
                let stored: Option<(Vec<u8>, String)> = sqlx::query_as(
                    "SELECT wrapped, master_key_id FROM service_keys WHERE name = $1",
                )
                .bind(crate::keys::AUDIT_SIGNING_KEY)
                .fetch_optional(&self.pool)
                .await?;
                if let Some((wrapped, master_key_id)) = stored {
                    if master_key_id != master.id() {
                        return Err(crate::StoreError::WrongMasterKey {
                            stored: master_key_id,
                            given: master.id(),
                        });
                    }
                    let seed = master.unwrap_key(crate::keys::AUDIT_SIGNING_LABEL, &wrapped)?;
                    return self
                        .keys
                        .set_signing(ed25519_dalek::SigningKey::from_bytes(&seed));
                }
                let mut write = self.begin_write().await?;
                let again: Option<(Vec<u8>,)> =
                    sqlx::query_as("SELECT wrapped FROM service_keys WHERE name = $1")
                        .bind(crate::keys::AUDIT_SIGNING_KEY)
                        .fetch_optional(&mut *write.tx)
                        .await?;
                if again.is_some() {
                    // Another replica created it meanwhile.
                    drop(write);
                    return Box::pin(self.init_signing_key()).await;
                }
                let seed = crate::crypto::random_key()?;
                let key = ed25519_dalek::SigningKey::from_bytes(&seed);
                let public_key = crate::crypto::to_hex(key.verifying_key().as_bytes());
                let (_, at) = self.now();
                sqlx::query(
                    "INSERT INTO service_keys (name, wrapped, master_key_id, public_key, created_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(crate::keys::AUDIT_SIGNING_KEY)
                .bind(master.wrap(crate::keys::AUDIT_SIGNING_LABEL, &seed)?)
                .bind(master.id())
                .bind(&public_key)
                .bind(&at)
                .execute(&mut *write.tx)
                .await?;
                self.keys.set_signing(key)?;
                self.append_audit(
                    &mut write.tx,
                    &at,
                    &crate::Actor::system("store"),
                    "",
                    "service.init",
                    "service-key/audit-signing",
                    public_key.as_bytes(),
                )
                .await?;
                write.tx.commit().await?;
                Ok(())
            }

            /// The tenant's current data key, unwrapped (cached after the first use).
            async fn data_key(&self, tenant_id: &str) -> crate::StoreResult<crate::crypto::DataKey> {
                if let Some(key) = self.keys.cached(tenant_id)? {
                    return Ok(key);
                }
                let row: Option<(i64, Vec<u8>)> = sqlx::query_as(
                    "SELECT version, wrapped FROM tenant_keys WHERE tenant_id = $1 \
                     ORDER BY version DESC LIMIT 1",
                )
                .bind(tenant_id)
                .fetch_optional(&self.pool)
                .await?;
                let (version, wrapped) =
                    row.ok_or_else(|| crate::StoreError::NotFound(format!("tenant `{tenant_id}`")))?;
                let master = self.keys.master()?;
                let key = master.unwrap_key(&crate::crypto::tenant_key_label(tenant_id, version), &wrapped)?;
                let data_key = crate::crypto::DataKey::new(version, key);
                self.keys.remember(tenant_id, data_key.clone())?;
                Ok(data_key)
            }

            /// A data key of a given version (for records sealed before a data-key rotation).
            async fn data_key_version(
                &self,
                tenant_id: &str,
                version: i64,
            ) -> crate::StoreResult<crate::crypto::DataKey> {
                let current = self.data_key(tenant_id).await?;
                if current.version == version {
                    return Ok(current);
                }
                let row: Option<(Vec<u8>,)> = sqlx::query_as(
                    "SELECT wrapped FROM tenant_keys WHERE tenant_id = $1 AND version = $2",
                )
                .bind(tenant_id)
                .bind(version)
                .fetch_optional(&self.pool)
                .await?;
                let (wrapped,) = row.ok_or_else(|| {
                    crate::StoreError::Corrupt(format!("tenant `{tenant_id}` has no data key {version}"))
                })?;
                let master = self.keys.master()?;
                let key = master.unwrap_key(&crate::crypto::tenant_key_label(tenant_id, version), &wrapped)?;
                Ok(crate::crypto::DataKey::new(version, key))
            }

            async fn store_document(
                &self,
                tx: &mut sqlx::Transaction<'static, $db>,
                tenant_id: &str,
                shipment_id: &str,
                file: &crate::UploadedFile,
                at: &str,
            ) -> crate::StoreResult<String> {
                let key = self.data_key(tenant_id).await?;
                let id = crate::crypto::random_id("doc")?;
                let packed = crate::sql::pack_file(&file.name, &file.bytes);
                let sealed = key.seal(&crate::sql::document_context(tenant_id, &id), &packed)?;
                sqlx::query(
                    "INSERT INTO documents (id, tenant_id, shipment_id, sealed, key_version, size, \
                     sha256, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(&id)
                .bind(tenant_id)
                .bind(shipment_id)
                .bind(sealed)
                .bind(key.version)
                .bind(file.bytes.len() as i64)
                .bind(crate::crypto::sha256_hex(&file.bytes))
                .bind(at)
                .execute(&mut **tx)
                .await?;
                Ok(id)
            }

            #[expect(clippy::too_many_arguments, reason = "one version's identity and content")]
            async fn insert_version(
                &self,
                tx: &mut sqlx::Transaction<'static, $db>,
                actor: &crate::Actor,
                tenant_id: &str,
                shipment_id: &str,
                version: i64,
                input: &crate::ShipmentInput,
                at: &str,
            ) -> crate::StoreResult<()> {
                let document_id = match &input.source_file {
                    Some(file) => {
                        Some(self.store_document(tx, tenant_id, shipment_id, file, at).await?)
                    }
                    None => None,
                };
                let key = self.data_key(tenant_id).await?;
                let sealed = key.seal(
                    &crate::sql::version_context(tenant_id, shipment_id, version),
                    input.bundle_json.as_bytes(),
                )?;
                sqlx::query(
                    "INSERT INTO shipment_versions (shipment_id, version, tenant_id, sealed, \
                     key_version, digest, document_id, created_at, created_by) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(shipment_id)
                .bind(version)
                .bind(tenant_id)
                .bind(sealed)
                .bind(key.version)
                .bind(crate::crypto::sha256_hex(input.bundle_json.as_bytes()))
                .bind(document_id)
                .bind(at)
                .bind(&actor.0)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            async fn summary_in(
                executor: &mut <$db as sqlx::Database>::Connection,
                tenant_id: &str,
                shipment_id: &str,
            ) -> crate::StoreResult<crate::ShipmentSummary> {
                let row = sqlx::query(
                    "SELECT id, tenant_id, client_id, reference, direction, latest_version, \
                     created_at, updated_at, archived_at FROM shipments \
                     WHERE tenant_id = $1 AND id = $2",
                )
                .bind(tenant_id)
                .bind(shipment_id)
                .fetch_optional(executor)
                .await?;
                match row {
                    Some(row) => Self::summary_from_row(&row),
                    None => Err(crate::StoreError::NotFound(format!("shipment `{shipment_id}`"))),
                }
            }

            fn summary_from_row(
                row: &<$db as sqlx::Database>::Row,
            ) -> crate::StoreResult<crate::ShipmentSummary> {
                use sqlx::Row as _;
                Ok(crate::ShipmentSummary {
                    id: row.try_get("id")?,
                    tenant_id: row.try_get("tenant_id")?,
                    client_id: row.try_get("client_id")?,
                    reference: row.try_get("reference")?,
                    direction: row.try_get("direction")?,
                    latest_version: row.try_get("latest_version")?,
                    created_at: row.try_get("created_at")?,
                    updated_at: row.try_get("updated_at")?,
                    archived_at: row.try_get("archived_at")?,
                })
            }

            fn user_from_row(row: &<$db as sqlx::Database>::Row) -> crate::StoreResult<crate::User> {
                use sqlx::Row as _;
                let role: String = row.try_get("role")?;
                Ok(crate::User {
                    id: row.try_get("id")?,
                    tenant_id: row.try_get("tenant_id")?,
                    username: row.try_get("username")?,
                    role: crate::sql::parse_role(&role)?,
                    client_id: row.try_get("client_id")?,
                    password_hash: row.try_get("password_hash")?,
                })
            }

            async fn check_client(
                executor: &mut <$db as sqlx::Database>::Connection,
                tenant_id: &str,
                client_id: Option<&str>,
            ) -> crate::StoreResult<()> {
                let Some(client_id) = client_id else {
                    return Ok(());
                };
                let found: Option<(String,)> =
                    sqlx::query_as("SELECT id FROM clients WHERE tenant_id = $1 AND id = $2")
                        .bind(tenant_id)
                        .bind(client_id)
                        .fetch_optional(executor)
                        .await?;
                match found {
                    Some(_) => Ok(()),
                    None => Err(crate::StoreError::Invalid(format!(
                        "client `{client_id}` is not a client of this tenant"
                    ))),
                }
            }

            async fn principal_of_user(
                &self,
                user_id: &str,
            ) -> crate::StoreResult<Option<crate::Principal>> {
                let row: Option<(String, String, String, Option<String>)> = sqlx::query_as(
                    "SELECT id, tenant_id, role, client_id FROM users WHERE id = $1",
                )
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|(user_id, tenant_id, role, client_id)| {
                    Ok(crate::Principal {
                        tenant_id,
                        user_id,
                        role: crate::sql::parse_role(&role)?,
                        client_id,
                    })
                })
                .transpose()
            }
        }

        #[async_trait::async_trait]
        impl crate::Store for $store {
            async fn create_tenant(
                &self,
                actor: &crate::Actor,
                name: &str,
                kind: crate::TenantKind,
            ) -> crate::StoreResult<crate::Tenant> {
                let name = name.trim();
                if name.is_empty() {
                    return Err(crate::StoreError::Invalid("a tenant needs a name".into()));
                }
                let id = crate::crypto::random_id("tnt")?;
                let (_, at) = self.now();
                let data_key = crate::crypto::random_key()?;
                let master = self.keys.master()?;
                let mut write = self.begin_write().await?;
                // Another process may have rotated the master key since this one started: a
                // data key must never be wrapped under a retired master key.
                let wrapping: Option<(String,)> =
                    sqlx::query_as("SELECT master_key_id FROM service_keys WHERE name = $1")
                        .bind(crate::keys::AUDIT_SIGNING_KEY)
                        .fetch_optional(&mut *write.tx)
                        .await?;
                if let Some((stored,)) = wrapping {
                    if stored != master.id() {
                        return Err(crate::StoreError::WrongMasterKey { stored, given: master.id() });
                    }
                }
                sqlx::query("INSERT INTO tenants (id, name, kind, created_at) VALUES ($1, $2, $3, $4)")
                    .bind(&id)
                    .bind(name)
                    .bind(kind.as_str())
                    .bind(&at)
                    .execute(&mut *write.tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO tenant_keys (tenant_id, version, wrapped, master_key_id, created_at) \
                     VALUES ($1, 1, $2, $3, $4)",
                )
                .bind(&id)
                .bind(master.wrap(&crate::crypto::tenant_key_label(&id, 1), &data_key)?)
                .bind(master.id())
                .bind(&at)
                .execute(&mut *write.tx)
                .await?;
                let payload = format!("{name}\0{}", kind.as_str());
                self.append_audit(&mut write.tx, &at, actor, &id, "tenant.create", &format!("tenant/{id}"), payload.as_bytes())
                    .await?;
                write.tx.commit().await?;
                self.keys.remember(&id, crate::crypto::DataKey::new(1, data_key))?;
                Ok(crate::Tenant {
                    id,
                    name: name.to_string(),
                    kind,
                    created_at: at,
                })
            }

            async fn get_tenant(&self, tenant_id: &str) -> crate::StoreResult<crate::Tenant> {
                let row: Option<(String, String, String, String)> =
                    sqlx::query_as("SELECT id, name, kind, created_at FROM tenants WHERE id = $1")
                        .bind(tenant_id)
                        .fetch_optional(&self.pool)
                        .await?;
                let (id, name, kind, created_at) =
                    row.ok_or_else(|| crate::StoreError::NotFound(format!("tenant `{tenant_id}`")))?;
                Ok(crate::Tenant {
                    id,
                    name,
                    kind: crate::sql::parse_kind(&kind)?,
                    created_at,
                })
            }

            async fn create_user(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                user: crate::NewUser,
            ) -> crate::StoreResult<crate::User> {
                let username = user.username.trim().to_string();
                if username.is_empty() {
                    return Err(crate::StoreError::Invalid("a user needs a login name".into()));
                }
                if (user.role == crate::Role::ClientReviewer) != user.client_id.is_some() {
                    return Err(crate::StoreError::Invalid(
                        "a client reviewer, and only a client reviewer, names its client enterprise".into(),
                    ));
                }
                self.get_tenant(tenant_id).await?;
                let id = crate::crypto::random_id("usr")?;
                let (_, at) = self.now();
                let mut write = self.begin_write().await?;
                Self::check_client(&mut *write.tx, tenant_id, user.client_id.as_deref()).await?;
                let taken: Option<(String,)> = sqlx::query_as("SELECT id FROM users WHERE username = $1")
                    .bind(&username)
                    .fetch_optional(&mut *write.tx)
                    .await?;
                if taken.is_some() {
                    return Err(crate::StoreError::Conflict(format!("login name `{username}` is taken")));
                }
                sqlx::query(
                    "INSERT INTO users (id, tenant_id, username, password_hash, role, client_id, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&id)
                .bind(tenant_id)
                .bind(&username)
                .bind(&user.password_hash)
                .bind(user.role.as_str())
                .bind(&user.client_id)
                .bind(&at)
                .execute(&mut *write.tx)
                .await?;
                let payload = format!("{username}\0{}", user.role.as_str());
                self.append_audit(&mut write.tx, &at, actor, tenant_id, "user.create", &format!("user/{id}"), payload.as_bytes())
                    .await?;
                write.tx.commit().await?;
                Ok(crate::User {
                    id,
                    tenant_id: tenant_id.to_string(),
                    username,
                    role: user.role,
                    client_id: user.client_id,
                    password_hash: user.password_hash,
                })
            }

            async fn find_user_by_name(&self, username: &str) -> crate::StoreResult<Option<crate::User>> {
                let row = sqlx::query(
                    "SELECT id, tenant_id, username, role, client_id, password_hash FROM users WHERE username = $1",
                )
                .bind(username.trim())
                .fetch_optional(&self.pool)
                .await?;
                row.as_ref().map(Self::user_from_row).transpose()
            }

            async fn create_api_key(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                user_id: &str,
                key_hash: &str,
                label: &str,
            ) -> crate::StoreResult<String> {
                let id = crate::crypto::random_id("key")?;
                let (_, at) = self.now();
                let mut write = self.begin_write().await?;
                let owner: Option<(String,)> =
                    sqlx::query_as("SELECT id FROM users WHERE id = $1 AND tenant_id = $2")
                        .bind(user_id)
                        .bind(tenant_id)
                        .fetch_optional(&mut *write.tx)
                        .await?;
                if owner.is_none() {
                    return Err(crate::StoreError::NotFound(format!("user `{user_id}`")));
                }
                sqlx::query(
                    "INSERT INTO api_keys (id, tenant_id, user_id, key_hash, label, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&id)
                .bind(tenant_id)
                .bind(user_id)
                .bind(key_hash)
                .bind(label)
                .bind(&at)
                .execute(&mut *write.tx)
                .await?;
                self.append_audit(&mut write.tx, &at, actor, tenant_id, "api_key.create", &format!("api-key/{id}"), label.as_bytes())
                    .await?;
                write.tx.commit().await?;
                Ok(id)
            }

            async fn find_api_key(&self, key_hash: &str) -> crate::StoreResult<Option<crate::Principal>> {
                let row: Option<(String,)> = sqlx::query_as(
                    "SELECT user_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL",
                )
                .bind(key_hash)
                .fetch_optional(&self.pool)
                .await?;
                match row {
                    Some((user_id,)) => self.principal_of_user(&user_id).await,
                    None => Ok(None),
                }
            }

            async fn create_session(
                &self,
                actor: &crate::Actor,
                user: &crate::User,
                token_hash: &str,
                expires_at: jiff::Timestamp,
            ) -> crate::StoreResult<()> {
                let (_, at) = self.now();
                let mut write = self.begin_write().await?;
                sqlx::query(
                    "INSERT INTO sessions (token_hash, user_id, tenant_id, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(token_hash)
                .bind(&user.id)
                .bind(&user.tenant_id)
                .bind(&at)
                .bind(crate::clock::db_time(expires_at))
                .execute(&mut *write.tx)
                .await?;
                self.append_audit(&mut write.tx, &at, actor, &user.tenant_id, "session.create", &format!("user/{}", user.id), token_hash.as_bytes())
                    .await?;
                write.tx.commit().await?;
                Ok(())
            }

            async fn find_session(&self, token_hash: &str) -> crate::StoreResult<Option<crate::Principal>> {
                let (_, now) = self.now();
                let row: Option<(String,)> = sqlx::query_as(
                    "SELECT user_id FROM sessions WHERE token_hash = $1 AND expires_at > $2",
                )
                .bind(token_hash)
                .bind(&now)
                .fetch_optional(&self.pool)
                .await?;
                match row {
                    Some((user_id,)) => self.principal_of_user(&user_id).await,
                    None => Ok(None),
                }
            }

            async fn delete_session(&self, actor: &crate::Actor, token_hash: &str) -> crate::StoreResult<()> {
                let (_, at) = self.now();
                let mut write = self.begin_write().await?;
                let row: Option<(String, String)> =
                    sqlx::query_as("SELECT user_id, tenant_id FROM sessions WHERE token_hash = $1")
                        .bind(token_hash)
                        .fetch_optional(&mut *write.tx)
                        .await?;
                let Some((user_id, tenant_id)) = row else {
                    return Ok(());
                };
                sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(&mut *write.tx)
                    .await?;
                self.append_audit(&mut write.tx, &at, actor, &tenant_id, "session.delete", &format!("user/{user_id}"), token_hash.as_bytes())
                    .await?;
                write.tx.commit().await?;
                Ok(())
            }

            async fn create_client(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                name: &str,
                enterprise_tenant_id: Option<&str>,
            ) -> crate::StoreResult<crate::Client> {
                let name = name.trim();
                if name.is_empty() {
                    return Err(crate::StoreError::Invalid("a client enterprise needs a name".into()));
                }
                let tenant = self.get_tenant(tenant_id).await?;
                if tenant.kind != crate::TenantKind::Agency {
                    return Err(crate::StoreError::Invalid("only an agency has client enterprises".into()));
                }
                if let Some(enterprise) = enterprise_tenant_id {
                    self.get_tenant(enterprise).await?;
                }
                let id = crate::crypto::random_id("cli")?;
                let (_, at) = self.now();
                let mut write = self.begin_write().await?;
                sqlx::query(
                    "INSERT INTO clients (id, tenant_id, name, enterprise_tenant_id, created_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(&id)
                .bind(tenant_id)
                .bind(name)
                .bind(enterprise_tenant_id)
                .bind(&at)
                .execute(&mut *write.tx)
                .await?;
                self.append_audit(&mut write.tx, &at, actor, tenant_id, "client.create", &format!("client/{id}"), name.as_bytes())
                    .await?;
                write.tx.commit().await?;
                Ok(crate::Client {
                    id,
                    tenant_id: tenant_id.to_string(),
                    name: name.to_string(),
                    enterprise_tenant_id: enterprise_tenant_id.map(str::to_string),
                })
            }

            async fn list_clients(&self, tenant_id: &str) -> crate::StoreResult<Vec<crate::Client>> {
                let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
                    "SELECT id, tenant_id, name, enterprise_tenant_id FROM clients \
                     WHERE tenant_id = $1 ORDER BY created_at, id",
                )
                .bind(tenant_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(id, tenant_id, name, enterprise_tenant_id)| crate::Client {
                        id,
                        tenant_id,
                        name,
                        enterprise_tenant_id,
                    })
                    .collect())
            }

            async fn create_shipment(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                input: crate::ShipmentInput,
                idempotency_key: Option<&str>,
            ) -> crate::StoreResult<crate::Created> {
                // Loads (and checks) the tenant's key before the write transaction.
                self.data_key(tenant_id).await?;
                let (_, at) = self.now();
                let digest = crate::sql::request_digest(&input);
                let mut write = self.begin_write().await?;
                if let Some(key) = idempotency_key {
                    let earlier: Option<(String, String)> = sqlx::query_as(
                        "SELECT request_digest, object_id FROM idempotency_keys \
                         WHERE tenant_id = $1 AND key = $2",
                    )
                    .bind(tenant_id)
                    .bind(key)
                    .fetch_optional(&mut *write.tx)
                    .await?;
                    if let Some((earlier_digest, shipment_id)) = earlier {
                        if earlier_digest != digest {
                            return Err(crate::StoreError::IdempotencyMismatch(key.to_string()));
                        }
                        let shipment = Self::summary_in(&mut *write.tx, tenant_id, &shipment_id).await?;
                        return Ok(crate::Created { shipment, replayed: true });
                    }
                }
                Self::check_client(&mut *write.tx, tenant_id, input.client_id.as_deref()).await?;
                let id = crate::crypto::random_id("shp")?;
                sqlx::query(
                    "INSERT INTO shipments (id, tenant_id, client_id, reference, direction, \
                     latest_version, created_at, updated_at, archived_at, created_by) \
                     VALUES ($1, $2, $3, $4, $5, 1, $6, $6, NULL, $7)",
                )
                .bind(&id)
                .bind(tenant_id)
                .bind(&input.client_id)
                .bind(&input.reference)
                .bind(&input.direction)
                .bind(&at)
                .bind(&actor.0)
                .execute(&mut *write.tx)
                .await?;
                self.insert_version(&mut write.tx, actor, tenant_id, &id, 1, &input, &at).await?;
                if let Some(key) = idempotency_key {
                    sqlx::query(
                        "INSERT INTO idempotency_keys (tenant_id, key, request_digest, object_id, created_at) \
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(tenant_id)
                    .bind(key)
                    .bind(&digest)
                    .bind(&id)
                    .bind(&at)
                    .execute(&mut *write.tx)
                    .await?;
                }
                self.append_audit(&mut write.tx, &at, actor, tenant_id, "shipment.create", &format!("shipment/{id}/1"), input.bundle_json.as_bytes())
                    .await?;
                let shipment = Self::summary_in(&mut *write.tx, tenant_id, &id).await?;
                write.tx.commit().await?;
                Ok(crate::Created { shipment, replayed: false })
            }

            async fn add_version(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                shipment_id: &str,
                expected_version: Option<i64>,
                input: crate::ShipmentInput,
            ) -> crate::StoreResult<crate::ShipmentSummary> {
                self.data_key(tenant_id).await?;
                let (_, at) = self.now();
                let mut write = self.begin_write().await?;
                let current = Self::summary_in(&mut *write.tx, tenant_id, shipment_id).await?;
                if let Some(expected) = expected_version {
                    if expected != current.latest_version {
                        return Err(crate::StoreError::Conflict(format!(
                            "shipment `{shipment_id}` is at version {}, not {expected}",
                            current.latest_version
                        )));
                    }
                }
                if current.archived_at.is_some() {
                    return Err(crate::StoreError::Conflict(format!(
                        "shipment `{shipment_id}` is archived: it takes no new versions"
                    )));
                }
                Self::check_client(&mut *write.tx, tenant_id, input.client_id.as_deref()).await?;
                let version = current.latest_version + 1;
                self.insert_version(&mut write.tx, actor, tenant_id, shipment_id, version, &input, &at)
                    .await?;
                sqlx::query(
                    "UPDATE shipments SET latest_version = $1, updated_at = $2, reference = $3, \
                     direction = $4, client_id = $5 WHERE id = $6 AND tenant_id = $7",
                )
                .bind(version)
                .bind(&at)
                .bind(&input.reference)
                .bind(&input.direction)
                .bind(&input.client_id)
                .bind(shipment_id)
                .bind(tenant_id)
                .execute(&mut *write.tx)
                .await?;
                self.append_audit(&mut write.tx, &at, actor, tenant_id, "shipment.version", &format!("shipment/{shipment_id}/{version}"), input.bundle_json.as_bytes())
                    .await?;
                let shipment = Self::summary_in(&mut *write.tx, tenant_id, shipment_id).await?;
                write.tx.commit().await?;
                Ok(shipment)
            }

            async fn get_shipment(
                &self,
                tenant_id: &str,
                shipment_id: &str,
            ) -> crate::StoreResult<crate::ShipmentSummary> {
                let mut connection = self.pool.acquire().await?;
                Self::summary_in(&mut connection, tenant_id, shipment_id).await
            }

            async fn get_version(
                &self,
                tenant_id: &str,
                shipment_id: &str,
                version: Option<i64>,
            ) -> crate::StoreResult<crate::ShipmentVersion> {
                let row: Option<(i64, Vec<u8>, i64, String, Option<String>, String, String)> =
                    sqlx::query_as(
                        "SELECT v.version, v.sealed, v.key_version, v.digest, v.document_id, \
                         v.created_at, v.created_by FROM shipment_versions v \
                         JOIN shipments s ON s.id = v.shipment_id \
                         WHERE s.tenant_id = $1 AND s.id = $2 \
                         AND v.version = COALESCE($3, s.latest_version)",
                    )
                    .bind(tenant_id)
                    .bind(shipment_id)
                    .bind(version)
                    .fetch_optional(&self.pool)
                    .await?;
                let (version, sealed, key_version, digest, document_id, created_at, created_by) =
                    row.ok_or_else(|| {
                        crate::StoreError::NotFound(format!("shipment `{shipment_id}` version"))
                    })?;
                let key = self.data_key_version(tenant_id, key_version).await?;
                let plain = key.open(&crate::sql::version_context(tenant_id, shipment_id, version), &sealed)?;
                let bundle_json = String::from_utf8(plain)
                    .map_err(|_| crate::StoreError::Corrupt("a shipment payload is not UTF-8".into()))?;
                Ok(crate::ShipmentVersion {
                    shipment_id: shipment_id.to_string(),
                    version,
                    bundle_json,
                    digest,
                    document_id,
                    created_at,
                    created_by,
                })
            }

            async fn list_shipments(
                &self,
                tenant_id: &str,
                filter: &crate::ShipmentFilter,
            ) -> crate::StoreResult<Vec<crate::ShipmentSummary>> {
                let prefix_pattern = filter.reference_prefix.as_ref().map(|prefix| {
                    let escaped = prefix.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
                    format!("{escaped}%")
                });
                let rows = sqlx::query(
                    "SELECT id, tenant_id, client_id, reference, direction, latest_version, \
                     created_at, updated_at, archived_at FROM shipments \
                     WHERE tenant_id = $1 \
                     AND ($2 IS NULL OR client_id = $2) \
                     AND ($3 IS NULL OR reference LIKE $3 ESCAPE '\\') \
                     AND ($4 IS NULL OR direction = $4) \
                     AND ($5 = 1 OR archived_at IS NULL) \
                     AND ($6 IS NULL OR (created_at, id) < \
                          (SELECT p.created_at, p.id FROM shipments p WHERE p.id = $6 AND p.tenant_id = $1)) \
                     ORDER BY created_at DESC, id DESC LIMIT $7",
                )
                .bind(tenant_id)
                .bind(&filter.client_id)
                .bind(&prefix_pattern)
                .bind(&filter.direction)
                .bind(i64::from(filter.include_archived))
                .bind(&filter.after)
                .bind(crate::sql::page_size(filter.limit, 50, 200))
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::summary_from_row).collect()
            }

            async fn history(
                &self,
                tenant_id: &str,
                shipment_id: &str,
            ) -> crate::StoreResult<Vec<crate::VersionSummary>> {
                self.get_shipment(tenant_id, shipment_id).await?;
                let rows: Vec<(i64, String, Option<String>, String, String)> = sqlx::query_as(
                    "SELECT version, digest, document_id, created_at, created_by \
                     FROM shipment_versions WHERE tenant_id = $1 AND shipment_id = $2 ORDER BY version",
                )
                .bind(tenant_id)
                .bind(shipment_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(version, digest, document_id, created_at, created_by)| crate::VersionSummary {
                        version,
                        digest,
                        document_id,
                        created_at,
                        created_by,
                    })
                    .collect())
            }

            async fn get_document(
                &self,
                tenant_id: &str,
                document_id: &str,
            ) -> crate::StoreResult<crate::UploadedFile> {
                let row: Option<(Vec<u8>, i64)> = sqlx::query_as(
                    "SELECT sealed, key_version FROM documents WHERE tenant_id = $1 AND id = $2",
                )
                .bind(tenant_id)
                .bind(document_id)
                .fetch_optional(&self.pool)
                .await?;
                let (sealed, key_version) =
                    row.ok_or_else(|| crate::StoreError::NotFound(format!("document `{document_id}`")))?;
                let key = self.data_key_version(tenant_id, key_version).await?;
                let packed = key.open(&crate::sql::document_context(tenant_id, document_id), &sealed)?;
                crate::sql::unpack_file(&packed)
            }

            async fn archive_shipment(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                shipment_id: &str,
            ) -> crate::StoreResult<crate::ShipmentSummary> {
                let (_, at) = self.now();
                let mut write = self.begin_write().await?;
                let current = Self::summary_in(&mut *write.tx, tenant_id, shipment_id).await?;
                if current.archived_at.is_some() {
                    return Ok(current);
                }
                sqlx::query("UPDATE shipments SET archived_at = $1 WHERE id = $2 AND tenant_id = $3")
                    .bind(&at)
                    .bind(shipment_id)
                    .bind(tenant_id)
                    .execute(&mut *write.tx)
                    .await?;
                self.append_audit(&mut write.tx, &at, actor, tenant_id, "shipment.archive", &format!("shipment/{shipment_id}"), at.as_bytes())
                    .await?;
                let shipment = Self::summary_in(&mut *write.tx, tenant_id, shipment_id).await?;
                write.tx.commit().await?;
                Ok(shipment)
            }

            async fn delete_shipment(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                shipment_id: &str,
            ) -> crate::StoreResult<()> {
                let (now, at) = self.now();
                let mut write = self.begin_write().await?;
                let current = Self::summary_in(&mut *write.tx, tenant_id, shipment_id).await?;
                if let Some(archived_at) = &current.archived_at {
                    let until = crate::retention_end(archived_at)?;
                    if now < until {
                        return Err(crate::StoreError::Retention {
                            id: shipment_id.to_string(),
                            until: crate::clock::db_time(until),
                        });
                    }
                }
                for statement in [
                    "DELETE FROM check_runs WHERE tenant_id = $1 AND shipment_id = $2",
                    "DELETE FROM shipment_versions WHERE tenant_id = $1 AND shipment_id = $2",
                    "DELETE FROM documents WHERE tenant_id = $1 AND shipment_id = $2",
                    "DELETE FROM idempotency_keys WHERE tenant_id = $1 AND object_id = $2",
                    "DELETE FROM shipments WHERE tenant_id = $1 AND id = $2",
                ] {
                    sqlx::query(statement)
                        .bind(tenant_id)
                        .bind(shipment_id)
                        .execute(&mut *write.tx)
                        .await?;
                }
                self.append_audit(&mut write.tx, &at, actor, tenant_id, "shipment.delete", &format!("shipment/{shipment_id}"), shipment_id.as_bytes())
                    .await?;
                write.tx.commit().await?;
                Ok(())
            }

            async fn record_check(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                shipment_id: &str,
                run: crate::NewCheckRun,
            ) -> crate::StoreResult<crate::CheckRun> {
                let key = self.data_key(tenant_id).await?;
                let (_, at) = self.now();
                let id = crate::crypto::random_id("chk")?;
                let sealed = key.seal(&crate::sql::check_context(tenant_id, &id), run.report_json.as_bytes())?;
                let mut write = self.begin_write().await?;
                let current = Self::summary_in(&mut *write.tx, tenant_id, shipment_id).await?;
                if run.version < 1 || run.version > current.latest_version {
                    return Err(crate::StoreError::Invalid(format!(
                        "shipment `{shipment_id}` has no version {}",
                        run.version
                    )));
                }
                sqlx::query(
                    "INSERT INTO check_runs (id, tenant_id, shipment_id, version, sealed, key_version, \
                     errors, warnings, infos, created_at, created_by) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(&id)
                .bind(tenant_id)
                .bind(shipment_id)
                .bind(run.version)
                .bind(sealed)
                .bind(key.version)
                .bind(run.errors)
                .bind(run.warnings)
                .bind(run.infos)
                .bind(&at)
                .bind(&actor.0)
                .execute(&mut *write.tx)
                .await?;
                self.append_audit(&mut write.tx, &at, actor, tenant_id, "shipment.check", &format!("shipment/{shipment_id}/{}/check/{id}", run.version), run.report_json.as_bytes())
                    .await?;
                write.tx.commit().await?;
                Ok(crate::CheckRun {
                    id,
                    shipment_id: shipment_id.to_string(),
                    version: run.version,
                    report_json: run.report_json,
                    errors: run.errors,
                    warnings: run.warnings,
                    infos: run.infos,
                    created_at: at,
                    created_by: actor.0.clone(),
                })
            }

            async fn check_runs(
                &self,
                tenant_id: &str,
                shipment_id: &str,
            ) -> crate::StoreResult<Vec<crate::CheckRun>> {
                self.get_shipment(tenant_id, shipment_id).await?;
                let rows: Vec<(String, i64, Vec<u8>, i64, i64, i64, i64, String, String)> = sqlx::query_as(
                    "SELECT id, version, sealed, key_version, errors, warnings, infos, created_at, created_by \
                     FROM check_runs WHERE tenant_id = $1 AND shipment_id = $2 \
                     ORDER BY created_at DESC, id DESC",
                )
                .bind(tenant_id)
                .bind(shipment_id)
                .fetch_all(&self.pool)
                .await?;
                let mut runs = Vec::with_capacity(rows.len());
                for (id, version, sealed, key_version, errors, warnings, infos, created_at, created_by) in rows {
                    let key = self.data_key_version(tenant_id, key_version).await?;
                    let plain = key.open(&crate::sql::check_context(tenant_id, &id), &sealed)?;
                    let report_json = String::from_utf8(plain)
                        .map_err(|_| crate::StoreError::Corrupt("a check report is not UTF-8".into()))?;
                    runs.push(crate::CheckRun {
                        id,
                        shipment_id: shipment_id.to_string(),
                        version,
                        report_json,
                        errors,
                        warnings,
                        infos,
                        created_at,
                        created_by,
                    });
                }
                Ok(runs)
            }

            async fn audit_entries(
                &self,
                filter: &crate::AuditFilter,
            ) -> crate::StoreResult<Vec<crate::AuditEntry>> {
                let rows: Vec<(i64, String, String, String, String, String, String, String, String)> =
                    sqlx::query_as(
                        "SELECT seq, at, actor, tenant_id, action, object, payload_digest, prev_hash, hash \
                         FROM audit_log WHERE ($1 IS NULL OR tenant_id = $1) AND seq > $2 \
                         AND ($3 IS NULL OR object = $3 OR object LIKE $4) \
                         ORDER BY seq LIMIT $5",
                    )
                    .bind(&filter.tenant_id)
                    .bind(filter.after_seq.unwrap_or(0))
                    .bind(&filter.object)
                    .bind(filter.object.as_ref().map(|o| format!("{}/%", o.replace('%', ""))))
                    .bind(crate::sql::page_size(filter.limit, 100, 1000))
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows.into_iter().map(crate::sql::entry_from_tuple).collect())
            }

            async fn checkpoint(&self) -> crate::StoreResult<Option<crate::Checkpoint>> {
                let (_, at) = self.now();
                let mut write = self.begin_write().await?;
                let head: Option<(i64, String)> =
                    sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                        .fetch_optional(&mut *write.tx)
                        .await?;
                let Some((seq, hash)) = head else {
                    return Ok(None);
                };
                let existing: Option<(i64,)> = sqlx::query_as("SELECT seq FROM audit_checkpoints WHERE seq = $1")
                    .bind(seq)
                    .fetch_optional(&mut *write.tx)
                    .await?;
                if existing.is_some() {
                    return Ok(None);
                }
                let checkpoint = self.insert_checkpoint(&mut write.tx, seq, &hash, &at).await?;
                write.tx.commit().await?;
                Ok(Some(checkpoint))
            }

            async fn verify_audit(&self) -> crate::StoreResult<crate::AuditVerification> {
                let rows: Vec<(i64, String, String, String, String, String, String, String, String)> =
                    sqlx::query_as(
                        "SELECT seq, at, actor, tenant_id, action, object, payload_digest, prev_hash, hash \
                         FROM audit_log ORDER BY seq",
                    )
                    .fetch_all(&self.pool)
                    .await?;
                let entries: Vec<crate::AuditEntry> = rows.into_iter().map(crate::sql::entry_from_tuple).collect();
                let checkpoints: Vec<(i64, String, String, String, String)> = sqlx::query_as(
                    "SELECT seq, head_hash, at, signature, public_key FROM audit_checkpoints ORDER BY seq",
                )
                .fetch_all(&self.pool)
                .await?;
                let checkpoints: Vec<crate::Checkpoint> = checkpoints
                    .into_iter()
                    .map(|(seq, head_hash, at, signature, public_key)| crate::Checkpoint {
                        seq,
                        head_hash,
                        at,
                        signature,
                        public_key,
                    })
                    .collect();
                let public_key = self.keys.signing()?.verifying_key();
                Ok(crate::audit::verify_chain(&entries, &checkpoints, &public_key))
            }

            async fn rotate_master_key(
                &self,
                actor: &crate::Actor,
                new_key: crate::MasterKey,
            ) -> crate::StoreResult<usize> {
                let old_key = self.keys.master()?;
                let (_, at) = self.now();
                let mut write = self.begin_write().await?;
                let tenant_keys: Vec<(String, i64, Vec<u8>)> =
                    sqlx::query_as("SELECT tenant_id, version, wrapped FROM tenant_keys")
                        .fetch_all(&mut *write.tx)
                        .await?;
                let mut count = 0usize;
                for (tenant_id, version, wrapped) in tenant_keys {
                    let label = crate::crypto::tenant_key_label(&tenant_id, version);
                    let key = old_key.unwrap_key(&label, &wrapped)?;
                    sqlx::query(
                        "UPDATE tenant_keys SET wrapped = $1, master_key_id = $2 \
                         WHERE tenant_id = $3 AND version = $4",
                    )
                    .bind(new_key.wrap(&label, &key)?)
                    .bind(new_key.id())
                    .bind(&tenant_id)
                    .bind(version)
                    .execute(&mut *write.tx)
                    .await?;
                    count += 1;
                }
                let service_keys: Vec<(String, Vec<u8>)> =
                    sqlx::query_as("SELECT name, wrapped FROM service_keys")
                        .fetch_all(&mut *write.tx)
                        .await?;
                for (name, wrapped) in service_keys {
                    let label = format!("service-key\0{name}");
                    let key = old_key.unwrap_key(&label, &wrapped)?;
                    sqlx::query("UPDATE service_keys SET wrapped = $1, master_key_id = $2 WHERE name = $3")
                        .bind(new_key.wrap(&label, &key)?)
                        .bind(new_key.id())
                        .bind(&name)
                        .execute(&mut *write.tx)
                        .await?;
                    count += 1;
                }
                let payload = format!("{}\0{}", old_key.id(), new_key.id());
                self.append_audit(&mut write.tx, &at, actor, "", "keys.rotate", &format!("master-key/{}", new_key.id()), payload.as_bytes())
                    .await?;
                write.tx.commit().await?;
                self.keys.set_master(new_key)?;
                Ok(count)
            }

            async fn ping(&self) -> crate::StoreResult<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
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
