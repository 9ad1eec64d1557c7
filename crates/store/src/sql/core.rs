//! The helpers every write shares: the audit append (with its checkpoint), the keys (audit
//! signing key, tenant data keys), sealing documents and versions, row mapping. Expanded for
//! each backend by `sql_store!`.

/// Implements the shared helpers for `$store` over `$db`.
macro_rules! sql_core {
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
    };
}

pub(crate) use sql_core;
