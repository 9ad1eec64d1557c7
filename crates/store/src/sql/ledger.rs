//! The audit log (entries, checkpoints, verification), master-key rotation and the readiness
//! ping: the inherent methods that [`crate::Store`] forwards to,
//! expanded for each backend by `sql_store!`.

/// Implements the ledger part of the store for `$store` over `$db`.
macro_rules! sql_ledger {
    ($store:ty, $db:ty) => {
        impl $store {
            pub(crate) async fn sql_audit_entries(
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

            pub(crate) async fn sql_checkpoint(&self) -> crate::StoreResult<Option<crate::Checkpoint>> {
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

            pub(crate) async fn sql_verify_audit(&self) -> crate::StoreResult<crate::AuditVerification> {
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

            pub(crate) async fn sql_rotate_master_key(
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

            pub(crate) async fn sql_ping(&self) -> crate::StoreResult<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }
        }
    };
}

pub(crate) use sql_ledger;
