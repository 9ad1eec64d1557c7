//! Shipments: creation with idempotency, versions, listing, originals, archiving with
//! retention, check runs: the inherent methods that [`crate::Store`] forwards to,
//! expanded for each backend by `sql_store!`.

/// Implements the shipments part of the store for `$store` over `$db`.
macro_rules! sql_shipments {
    ($store:ty, $db:ty) => {
        impl $store {
            pub(crate) async fn sql_create_shipment(
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

            pub(crate) async fn sql_add_version(
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

            pub(crate) async fn sql_get_shipment(
                &self,
                tenant_id: &str,
                shipment_id: &str,
            ) -> crate::StoreResult<crate::ShipmentSummary> {
                let mut connection = self.pool.acquire().await?;
                Self::summary_in(&mut connection, tenant_id, shipment_id).await
            }

            pub(crate) async fn sql_get_version(
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

            pub(crate) async fn sql_list_shipments(
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

            pub(crate) async fn sql_history(
                &self,
                tenant_id: &str,
                shipment_id: &str,
            ) -> crate::StoreResult<Vec<crate::VersionSummary>> {
                self.sql_get_shipment(tenant_id, shipment_id).await?;
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

            pub(crate) async fn sql_get_document(
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

            pub(crate) async fn sql_archive_shipment(
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

            pub(crate) async fn sql_delete_shipment(
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

            pub(crate) async fn sql_record_check(
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

            pub(crate) async fn sql_check_runs(
                &self,
                tenant_id: &str,
                shipment_id: &str,
            ) -> crate::StoreResult<Vec<crate::CheckRun>> {
                self.sql_get_shipment(tenant_id, shipment_id).await?;
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
        }
    };
}

pub(crate) use sql_shipments;
