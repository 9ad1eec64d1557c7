//! The agency part of the store ([`crate::AgencyStore`]): orders and their event log,
//! qualification parties, history uploads, webhook subscriptions and the delivery outbox.
//! Expanded for each backend by `sql_store!`.

/// The sealing contexts: a ciphertext moved to another row or tenant does not open.
pub(crate) fn order_context(tenant_id: &str, application_no: &str) -> String {
    format!("{tenant_id}\0agency_order\0{application_no}")
}

pub(crate) fn event_context(tenant_id: &str, application_no: &str, seq: i64) -> String {
    format!("{tenant_id}\0agency_order_event\0{application_no}\0{seq}")
}

pub(crate) fn party_context(tenant_id: &str, party_id: &str, version: i64) -> String {
    format!("{tenant_id}\0agency_party\0{party_id}\0{version}")
}

pub(crate) fn history_context(tenant_id: &str, id: &str) -> String {
    format!("{tenant_id}\0agency_history\0{id}")
}

pub(crate) fn subscription_context(tenant_id: &str, id: &str) -> String {
    format!("{tenant_id}\0webhook_subscription\0{id}")
}

pub(crate) fn delivery_context(tenant_id: &str, id: &str) -> String {
    format!("{tenant_id}\0webhook_delivery\0{id}")
}

/// The digest of a creating request's parts, for `Idempotency-Key`.
pub(crate) fn parts_digest(parts: &[&str]) -> String {
    let mut material = Vec::new();
    for part in parts {
        material.extend_from_slice(&(part.len() as u64).to_be_bytes());
        material.extend_from_slice(part.as_bytes());
    }
    crate::crypto::sha256_hex(&material)
}

/// A subscription's sealed part.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct SubscriptionSecret {
    pub(crate) url: String,
    pub(crate) secret: String,
}

pub(crate) fn utf8(bytes: Vec<u8>, what: &str) -> Result<String, crate::StoreError> {
    String::from_utf8(bytes).map_err(|_| crate::StoreError::Corrupt(format!("{what} is not UTF-8")))
}

pub(crate) fn delivery_status(text: &str) -> Result<crate::DeliveryStatus, crate::StoreError> {
    crate::DeliveryStatus::parse(text)
        .ok_or_else(|| crate::StoreError::Corrupt(format!("unknown delivery status `{text}`")))
}

pub(crate) type DeliveryRow = (
    String,
    String,
    String,
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
);

pub(crate) fn delivery_from_row(row: DeliveryRow) -> Result<crate::Delivery, crate::StoreError> {
    let (
        id,
        subscription_id,
        reminder_key,
        status,
        attempts,
        next_attempt_at,
        delivered_at,
        last_error,
        created_at,
        updated_at,
    ) = row;
    Ok(crate::Delivery {
        id,
        subscription_id,
        reminder_key,
        status: delivery_status(&status)?,
        attempts,
        next_attempt_at,
        delivered_at,
        last_error,
        created_at,
        updated_at,
    })
}

/// Implements [`crate::AgencyStore`] for `$store` over `$db`.
macro_rules! sql_agency {
    ($store:ty, $db:ty) => {
        impl $store {
            /// The object an `Idempotency-Key` created before, if any; a key used for another
            /// request fails with [`crate::StoreError::IdempotencyMismatch`].
            async fn agency_idempotent(
                tx: &mut sqlx::Transaction<'static, $db>,
                tenant_id: &str,
                key: Option<&str>,
                digest: &str,
            ) -> crate::StoreResult<Option<String>> {
                let Some(key) = key else { return Ok(None) };
                let earlier: Option<(String, String)> = sqlx::query_as(
                    "SELECT request_digest, object_id FROM idempotency_keys \
                     WHERE tenant_id = $1 AND key = $2",
                )
                .bind(tenant_id)
                .bind(key)
                .fetch_optional(&mut **tx)
                .await?;
                match earlier {
                    Some((earlier_digest, object)) if earlier_digest == digest => Ok(Some(object)),
                    Some(_) => Err(crate::StoreError::IdempotencyMismatch(key.to_string())),
                    None => Ok(None),
                }
            }

            async fn agency_remember_key(
                tx: &mut sqlx::Transaction<'static, $db>,
                tenant_id: &str,
                key: Option<&str>,
                digest: &str,
                object: &str,
                at: &str,
            ) -> crate::StoreResult<()> {
                let Some(key) = key else { return Ok(()) };
                sqlx::query(
                    "INSERT INTO idempotency_keys (tenant_id, key, request_digest, object_id, created_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(tenant_id)
                .bind(key)
                .bind(digest)
                .bind(object)
                .bind(at)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            async fn agency_order_in(
                &self,
                executor: &mut <$db as sqlx::Database>::Connection,
                tenant_id: &str,
                application_no: &str,
            ) -> crate::StoreResult<crate::StoredOrder> {
                let row: Option<(String, Option<String>, Vec<u8>, i64, String, String, String)> =
                    sqlx::query_as(
                        "SELECT application_no, client_id, sealed, key_version, created_at, \
                         created_by, updated_at FROM agency_orders \
                         WHERE tenant_id = $1 AND application_no = $2",
                    )
                    .bind(tenant_id)
                    .bind(application_no)
                    .fetch_optional(&mut *executor)
                    .await?;
                let row = row.ok_or_else(|| {
                    crate::StoreError::NotFound(format!("order `{application_no}`"))
                })?;
                let events: Vec<(String, i64, Vec<u8>, i64, String, String)> = sqlx::query_as(
                    "SELECT application_no, seq, sealed, key_version, recorded_at, recorded_by \
                     FROM agency_order_events WHERE tenant_id = $1 AND application_no = $2 \
                     ORDER BY seq",
                )
                .bind(tenant_id)
                .bind(application_no)
                .fetch_all(&mut *executor)
                .await?;
                let mut orders = self.agency_assemble(tenant_id, vec![row], events).await?;
                orders.pop().ok_or_else(|| {
                    crate::StoreError::NotFound(format!("order `{application_no}`"))
                })
            }

            /// Opens orders and their events (events sorted by order, then seq).
            async fn agency_assemble(
                &self,
                tenant_id: &str,
                rows: Vec<(String, Option<String>, Vec<u8>, i64, String, String, String)>,
                events: Vec<(String, i64, Vec<u8>, i64, String, String)>,
            ) -> crate::StoreResult<Vec<crate::StoredOrder>> {
                let mut by_order: std::collections::HashMap<String, Vec<crate::StoredEvent>> =
                    std::collections::HashMap::new();
                for (application_no, seq, sealed, key_version, recorded_at, recorded_by) in events {
                    let key = self.data_key_version(tenant_id, key_version).await?;
                    let plain = key.open(
                        &crate::sql::agency::event_context(tenant_id, &application_no, seq),
                        &sealed,
                    )?;
                    by_order.entry(application_no).or_default().push(crate::StoredEvent {
                        seq,
                        event_json: crate::sql::agency::utf8(plain, "an order event")?,
                        recorded_at,
                        recorded_by,
                    });
                }
                let mut orders = Vec::with_capacity(rows.len());
                for (application_no, client_id, sealed, key_version, created_at, created_by, updated_at) in rows {
                    let key = self.data_key_version(tenant_id, key_version).await?;
                    let plain = key.open(
                        &crate::sql::agency::order_context(tenant_id, &application_no),
                        &sealed,
                    )?;
                    let events = by_order.remove(&application_no).unwrap_or_default();
                    orders.push(crate::StoredOrder {
                        order_json: crate::sql::agency::utf8(plain, "an order")?,
                        application_no,
                        client_id,
                        events,
                        created_at,
                        created_by,
                        updated_at,
                    });
                }
                Ok(orders)
            }

            #[expect(clippy::too_many_arguments, reason = "one event's identity and content")]
            async fn agency_insert_event(
                &self,
                tx: &mut sqlx::Transaction<'static, $db>,
                key: &crate::crypto::DataKey,
                tenant_id: &str,
                application_no: &str,
                seq: i64,
                event_json: &str,
                actor: &crate::Actor,
                at: &str,
            ) -> crate::StoreResult<()> {
                let sealed = key.seal(
                    &crate::sql::agency::event_context(tenant_id, application_no, seq),
                    event_json.as_bytes(),
                )?;
                sqlx::query(
                    "INSERT INTO agency_order_events (tenant_id, application_no, seq, sealed, \
                     key_version, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(tenant_id)
                .bind(application_no)
                .bind(seq)
                .bind(sealed)
                .bind(key.version)
                .bind(at)
                .bind(&actor.0)
                .execute(&mut **tx)
                .await?;
                self.append_audit(
                    tx,
                    at,
                    actor,
                    tenant_id,
                    "order.event",
                    &format!("order/{application_no}/{seq}"),
                    event_json.as_bytes(),
                )
                .await
            }

            async fn agency_subscription_from(
                &self,
                row: (String, String, Vec<u8>, i64, String, String, Option<String>),
            ) -> crate::StoreResult<crate::Subscription> {
                let (id, tenant_id, sealed, key_version, created_at, created_by, deleted_at) = row;
                let key = self.data_key_version(&tenant_id, key_version).await?;
                let plain = key.open(
                    &crate::sql::agency::subscription_context(&tenant_id, &id),
                    &sealed,
                )?;
                let opened: crate::sql::agency::SubscriptionSecret = serde_json::from_slice(&plain)
                    .map_err(|_| crate::StoreError::Corrupt("a webhook subscription is malformed".into()))?;
                Ok(crate::Subscription {
                    id,
                    tenant_id,
                    url: opened.url,
                    secret: opened.secret,
                    created_at,
                    created_by,
                    deleted_at,
                })
            }

            async fn agency_delivery_in(
                executor: &mut <$db as sqlx::Database>::Connection,
                tenant_id: &str,
                id: &str,
            ) -> crate::StoreResult<crate::Delivery> {
                let sql = "SELECT id, subscription_id, reminder_key, status, attempts, next_attempt_at, \
                           delivered_at, last_error, created_at, updated_at FROM webhook_deliveries \
                           WHERE tenant_id = $1 AND id = $2";
                let row: Option<crate::sql::agency::DeliveryRow> = sqlx::query_as(sql)
                    .bind(tenant_id)
                    .bind(id)
                    .fetch_optional(executor)
                    .await?;
                crate::sql::agency::delivery_from_row(
                    row.ok_or_else(|| crate::StoreError::NotFound(format!("delivery `{id}`")))?,
                )
            }
        }

        #[async_trait::async_trait]
        impl crate::AgencyStore for $store {
            async fn create_order(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                order: crate::NewOrder,
                idempotency_key: Option<&str>,
            ) -> crate::StoreResult<crate::Replayable<crate::StoredOrder>> {
                let application_no = order.application_no.trim().to_string();
                if application_no.is_empty() || application_no.len() > 200 {
                    return Err(crate::StoreError::Invalid(
                        "an order needs an application number of 1–200 characters".into(),
                    ));
                }
                let key = self.data_key(tenant_id).await?;
                let (_, at) = self.now();
                let mut parts = vec![
                    "order",
                    application_no.as_str(),
                    order.client_id.as_deref().unwrap_or(""),
                    order.order_json.as_str(),
                ];
                parts.extend(order.events.iter().map(String::as_str));
                let digest = crate::sql::agency::parts_digest(&parts);
                let mut write = self.begin_write().await?;
                if let Some(object) =
                    Self::agency_idempotent(&mut write.tx, tenant_id, idempotency_key, &digest).await?
                {
                    let number = object.strip_prefix("order/").unwrap_or(&object).to_string();
                    drop(write);
                    let mut connection = self.pool.acquire().await?;
                    let value = self.agency_order_in(&mut connection, tenant_id, &number).await?;
                    return Ok(crate::Replayable { value, replayed: true });
                }
                let existing: Option<(String,)> = sqlx::query_as(
                    "SELECT application_no FROM agency_orders WHERE tenant_id = $1 AND application_no = $2",
                )
                .bind(tenant_id)
                .bind(&application_no)
                .fetch_optional(&mut *write.tx)
                .await?;
                if existing.is_some() {
                    return Err(crate::StoreError::Conflict(format!(
                        "application `{application_no}` is already recorded"
                    )));
                }
                Self::check_client(&mut *write.tx, tenant_id, order.client_id.as_deref()).await?;
                let sealed = key.seal(
                    &crate::sql::agency::order_context(tenant_id, &application_no),
                    order.order_json.as_bytes(),
                )?;
                sqlx::query(
                    "INSERT INTO agency_orders (tenant_id, application_no, client_id, sealed, \
                     key_version, event_count, created_at, created_by, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(tenant_id)
                .bind(&application_no)
                .bind(&order.client_id)
                .bind(sealed)
                .bind(key.version)
                .bind(order.events.len() as i64)
                .bind(&at)
                .bind(&actor.0)
                .bind(&at)
                .execute(&mut *write.tx)
                .await?;
                self.append_audit(&mut write.tx, &at, actor, tenant_id, "order.create", &format!("order/{application_no}"), order.order_json.as_bytes())
                    .await?;
                for (index, event) in order.events.iter().enumerate() {
                    self.agency_insert_event(&mut write.tx, &key, tenant_id, &application_no, index as i64 + 1, event, actor, &at)
                        .await?;
                }
                Self::agency_remember_key(&mut write.tx, tenant_id, idempotency_key, &digest, &format!("order/{application_no}"), &at)
                    .await?;
                let value = self.agency_order_in(&mut *write.tx, tenant_id, &application_no).await?;
                write.tx.commit().await?;
                Ok(crate::Replayable { value, replayed: false })
            }

            async fn append_order_event(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                application_no: &str,
                expected_events: i64,
                event_json: &str,
                idempotency_key: Option<&str>,
            ) -> crate::StoreResult<crate::Replayable<crate::StoredOrder>> {
                let key = self.data_key(tenant_id).await?;
                let (_, at) = self.now();
                let digest = crate::sql::agency::parts_digest(&["order-event", application_no, event_json]);
                let mut write = self.begin_write().await?;
                if Self::agency_idempotent(&mut write.tx, tenant_id, idempotency_key, &digest).await?.is_some() {
                    drop(write);
                    let mut connection = self.pool.acquire().await?;
                    let value = self.agency_order_in(&mut connection, tenant_id, application_no).await?;
                    return Ok(crate::Replayable { value, replayed: true });
                }
                let current: Option<(i64,)> = sqlx::query_as(
                    "SELECT event_count FROM agency_orders WHERE tenant_id = $1 AND application_no = $2",
                )
                .bind(tenant_id)
                .bind(application_no)
                .fetch_optional(&mut *write.tx)
                .await?;
                let (count,) = current.ok_or_else(|| {
                    crate::StoreError::NotFound(format!("order `{application_no}`"))
                })?;
                if count != expected_events {
                    return Err(crate::StoreError::Conflict(format!(
                        "order `{application_no}` has {count} events, not {expected_events}"
                    )));
                }
                let seq = count + 1;
                self.agency_insert_event(&mut write.tx, &key, tenant_id, application_no, seq, event_json, actor, &at)
                    .await?;
                sqlx::query(
                    "UPDATE agency_orders SET event_count = $1, updated_at = $2 \
                     WHERE tenant_id = $3 AND application_no = $4",
                )
                .bind(seq)
                .bind(&at)
                .bind(tenant_id)
                .bind(application_no)
                .execute(&mut *write.tx)
                .await?;
                Self::agency_remember_key(&mut write.tx, tenant_id, idempotency_key, &digest, &format!("order/{application_no}/{seq}"), &at)
                    .await?;
                let value = self.agency_order_in(&mut *write.tx, tenant_id, application_no).await?;
                write.tx.commit().await?;
                Ok(crate::Replayable { value, replayed: false })
            }

            async fn get_order(
                &self,
                tenant_id: &str,
                application_no: &str,
            ) -> crate::StoreResult<crate::StoredOrder> {
                let mut connection = self.pool.acquire().await?;
                self.agency_order_in(&mut connection, tenant_id, application_no).await
            }

            async fn list_orders(
                &self,
                tenant_id: &str,
                client_id: Option<&str>,
            ) -> crate::StoreResult<Vec<crate::StoredOrder>> {
                let rows: Vec<(String, Option<String>, Vec<u8>, i64, String, String, String)> =
                    sqlx::query_as(
                        "SELECT application_no, client_id, sealed, key_version, created_at, \
                         created_by, updated_at FROM agency_orders \
                         WHERE tenant_id = $1 AND ($2 IS NULL OR client_id = $2) \
                         ORDER BY application_no",
                    )
                    .bind(tenant_id)
                    .bind(client_id)
                    .fetch_all(&self.pool)
                    .await?;
                let events: Vec<(String, i64, Vec<u8>, i64, String, String)> = sqlx::query_as(
                    "SELECT e.application_no, e.seq, e.sealed, e.key_version, e.recorded_at, e.recorded_by \
                     FROM agency_order_events e JOIN agency_orders o \
                     ON o.tenant_id = e.tenant_id AND o.application_no = e.application_no \
                     WHERE e.tenant_id = $1 AND ($2 IS NULL OR o.client_id = $2) \
                     ORDER BY e.application_no, e.seq",
                )
                .bind(tenant_id)
                .bind(client_id)
                .fetch_all(&self.pool)
                .await?;
                self.agency_assemble(tenant_id, rows, events).await
            }

            async fn put_party(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                party_id: &str,
                expected_version: Option<i64>,
                party_json: &str,
            ) -> crate::StoreResult<crate::StoredParty> {
                let party_id = party_id.trim();
                if party_id.is_empty() || party_id.len() > 200 {
                    return Err(crate::StoreError::Invalid(
                        "a party needs an id of 1–200 characters".into(),
                    ));
                }
                let key = self.data_key(tenant_id).await?;
                let (_, at) = self.now();
                let mut write = self.begin_write().await?;
                let latest: Option<(i64,)> = sqlx::query_as(
                    "SELECT version FROM agency_parties WHERE tenant_id = $1 AND party_id = $2 \
                     ORDER BY version DESC LIMIT 1",
                )
                .bind(tenant_id)
                .bind(party_id)
                .fetch_optional(&mut *write.tx)
                .await?;
                let latest = latest.map(|(version,)| version);
                if latest != expected_version {
                    return Err(crate::StoreError::Conflict(match latest {
                        Some(version) => format!("party `{party_id}` is at version {version}"),
                        None => format!("party `{party_id}` does not exist yet"),
                    }));
                }
                let version = latest.unwrap_or(0) + 1;
                let sealed = key.seal(
                    &crate::sql::agency::party_context(tenant_id, party_id, version),
                    party_json.as_bytes(),
                )?;
                sqlx::query(
                    "INSERT INTO agency_parties (tenant_id, party_id, version, sealed, key_version, \
                     created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(tenant_id)
                .bind(party_id)
                .bind(version)
                .bind(sealed)
                .bind(key.version)
                .bind(&at)
                .bind(&actor.0)
                .execute(&mut *write.tx)
                .await?;
                self.append_audit(&mut write.tx, &at, actor, tenant_id, "party.version", &format!("party/{party_id}/{version}"), party_json.as_bytes())
                    .await?;
                write.tx.commit().await?;
                Ok(crate::StoredParty {
                    party_id: party_id.to_string(),
                    version,
                    party_json: party_json.to_string(),
                    created_at: at,
                    created_by: actor.0.clone(),
                })
            }

            async fn get_party(
                &self,
                tenant_id: &str,
                party_id: &str,
                version: Option<i64>,
            ) -> crate::StoreResult<crate::StoredParty> {
                let row: Option<(i64, Vec<u8>, i64, String, String)> = sqlx::query_as(
                    "SELECT version, sealed, key_version, created_at, created_by FROM agency_parties \
                     WHERE tenant_id = $1 AND party_id = $2 AND ($3 IS NULL OR version = $3) \
                     ORDER BY version DESC LIMIT 1",
                )
                .bind(tenant_id)
                .bind(party_id)
                .bind(version)
                .fetch_optional(&self.pool)
                .await?;
                let (version, sealed, key_version, created_at, created_by) =
                    row.ok_or_else(|| crate::StoreError::NotFound(format!("party `{party_id}`")))?;
                let key = self.data_key_version(tenant_id, key_version).await?;
                let plain = key.open(&crate::sql::agency::party_context(tenant_id, party_id, version), &sealed)?;
                Ok(crate::StoredParty {
                    party_id: party_id.to_string(),
                    version,
                    party_json: crate::sql::agency::utf8(plain, "a party")?,
                    created_at,
                    created_by,
                })
            }

            async fn list_parties(&self, tenant_id: &str) -> crate::StoreResult<Vec<crate::StoredParty>> {
                let rows: Vec<(String, i64, Vec<u8>, i64, String, String)> = sqlx::query_as(
                    "SELECT p.party_id, p.version, p.sealed, p.key_version, p.created_at, p.created_by \
                     FROM agency_parties p WHERE p.tenant_id = $1 AND p.version = \
                     (SELECT MAX(q.version) FROM agency_parties q \
                      WHERE q.tenant_id = p.tenant_id AND q.party_id = p.party_id) \
                     ORDER BY p.party_id",
                )
                .bind(tenant_id)
                .fetch_all(&self.pool)
                .await?;
                let mut parties = Vec::with_capacity(rows.len());
                for (party_id, version, sealed, key_version, created_at, created_by) in rows {
                    let key = self.data_key_version(tenant_id, key_version).await?;
                    let plain = key.open(&crate::sql::agency::party_context(tenant_id, &party_id, version), &sealed)?;
                    parties.push(crate::StoredParty {
                        party_id,
                        version,
                        party_json: crate::sql::agency::utf8(plain, "a party")?,
                        created_at,
                        created_by,
                    });
                }
                Ok(parties)
            }

            async fn import_history(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                csv: &str,
                records: i64,
                idempotency_key: Option<&str>,
            ) -> crate::StoreResult<crate::Replayable<crate::HistoryImport>> {
                let key = self.data_key(tenant_id).await?;
                let (_, at) = self.now();
                let digest = crate::sql::agency::parts_digest(&["history", csv]);
                let id = crate::crypto::random_id("his")?;
                let sealed = key.seal(&crate::sql::agency::history_context(tenant_id, &id), csv.as_bytes())?;
                let mut write = self.begin_write().await?;
                if let Some(object) =
                    Self::agency_idempotent(&mut write.tx, tenant_id, idempotency_key, &digest).await?
                {
                    let earlier: Option<(String, i64, String, String)> = sqlx::query_as(
                        "SELECT id, records, created_at, created_by FROM agency_history_imports \
                         WHERE tenant_id = $1 AND id = $2",
                    )
                    .bind(tenant_id)
                    .bind(&object)
                    .fetch_optional(&mut *write.tx)
                    .await?;
                    let (id, records, created_at, created_by) = earlier
                        .ok_or_else(|| crate::StoreError::NotFound(format!("history upload `{object}`")))?;
                    return Ok(crate::Replayable {
                        value: crate::HistoryImport { id, records, created_at, created_by },
                        replayed: true,
                    });
                }
                sqlx::query(
                    "INSERT INTO agency_history_imports (id, tenant_id, records, sealed, key_version, \
                     created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&id)
                .bind(tenant_id)
                .bind(records)
                .bind(sealed)
                .bind(key.version)
                .bind(&at)
                .bind(&actor.0)
                .execute(&mut *write.tx)
                .await?;
                self.append_audit(&mut write.tx, &at, actor, tenant_id, "history.import", &format!("history/{id}"), csv.as_bytes())
                    .await?;
                Self::agency_remember_key(&mut write.tx, tenant_id, idempotency_key, &digest, &id, &at).await?;
                write.tx.commit().await?;
                Ok(crate::Replayable {
                    value: crate::HistoryImport { id, records, created_at: at, created_by: actor.0.clone() },
                    replayed: false,
                })
            }

            async fn history_csvs(
                &self,
                tenant_id: &str,
            ) -> crate::StoreResult<Vec<(crate::HistoryImport, String)>> {
                let rows: Vec<(String, i64, Vec<u8>, i64, String, String)> = sqlx::query_as(
                    "SELECT id, records, sealed, key_version, created_at, created_by \
                     FROM agency_history_imports WHERE tenant_id = $1 ORDER BY created_at, id",
                )
                .bind(tenant_id)
                .fetch_all(&self.pool)
                .await?;
                let mut imports = Vec::with_capacity(rows.len());
                for (id, records, sealed, key_version, created_at, created_by) in rows {
                    let key = self.data_key_version(tenant_id, key_version).await?;
                    let plain = key.open(&crate::sql::agency::history_context(tenant_id, &id), &sealed)?;
                    let csv = crate::sql::agency::utf8(plain, "a history upload")?;
                    imports.push((crate::HistoryImport { id, records, created_at, created_by }, csv));
                }
                Ok(imports)
            }

            async fn create_subscription(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                url: &str,
                secret: &str,
                idempotency_key: Option<&str>,
            ) -> crate::StoreResult<crate::Replayable<crate::Subscription>> {
                let key = self.data_key(tenant_id).await?;
                let (_, at) = self.now();
                let digest = crate::sql::agency::parts_digest(&["webhook", url, secret]);
                let id = crate::crypto::random_id("whk")?;
                let opened = serde_json::to_vec(&crate::sql::agency::SubscriptionSecret {
                    url: url.to_string(),
                    secret: secret.to_string(),
                })
                .map_err(|e| crate::StoreError::Invalid(e.to_string()))?;
                let sealed = key.seal(&crate::sql::agency::subscription_context(tenant_id, &id), &opened)?;
                let mut write = self.begin_write().await?;
                if let Some(object) =
                    Self::agency_idempotent(&mut write.tx, tenant_id, idempotency_key, &digest).await?
                {
                    drop(write);
                    let value = self.get_subscription(tenant_id, &object).await?;
                    return Ok(crate::Replayable { value, replayed: true });
                }
                sqlx::query(
                    "INSERT INTO webhook_subscriptions (id, tenant_id, sealed, key_version, created_at, \
                     created_by) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&id)
                .bind(tenant_id)
                .bind(sealed)
                .bind(key.version)
                .bind(&at)
                .bind(&actor.0)
                .execute(&mut *write.tx)
                .await?;
                // The audit keeps the URL's digest, never the secret's.
                self.append_audit(&mut write.tx, &at, actor, tenant_id, "webhook.create", &format!("webhook/{id}"), url.as_bytes())
                    .await?;
                Self::agency_remember_key(&mut write.tx, tenant_id, idempotency_key, &digest, &id, &at).await?;
                write.tx.commit().await?;
                Ok(crate::Replayable {
                    value: crate::Subscription {
                        id,
                        tenant_id: tenant_id.to_string(),
                        url: url.to_string(),
                        secret: secret.to_string(),
                        created_at: at,
                        created_by: actor.0.clone(),
                        deleted_at: None,
                    },
                    replayed: false,
                })
            }

            async fn list_subscriptions(
                &self,
                tenant_id: &str,
            ) -> crate::StoreResult<Vec<crate::Subscription>> {
                let rows: Vec<(String, String, Vec<u8>, i64, String, String, Option<String>)> =
                    sqlx::query_as(
                        "SELECT id, tenant_id, sealed, key_version, created_at, created_by, deleted_at \
                         FROM webhook_subscriptions WHERE tenant_id = $1 ORDER BY created_at, id",
                    )
                    .bind(tenant_id)
                    .fetch_all(&self.pool)
                    .await?;
                let mut subscriptions = Vec::with_capacity(rows.len());
                for row in rows {
                    subscriptions.push(self.agency_subscription_from(row).await?);
                }
                Ok(subscriptions)
            }

            async fn get_subscription(
                &self,
                tenant_id: &str,
                id: &str,
            ) -> crate::StoreResult<crate::Subscription> {
                let row: Option<(String, String, Vec<u8>, i64, String, String, Option<String>)> =
                    sqlx::query_as(
                        "SELECT id, tenant_id, sealed, key_version, created_at, created_by, deleted_at \
                         FROM webhook_subscriptions WHERE tenant_id = $1 AND id = $2",
                    )
                    .bind(tenant_id)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                let row = row.ok_or_else(|| crate::StoreError::NotFound(format!("webhook `{id}`")))?;
                self.agency_subscription_from(row).await
            }

            async fn delete_subscription(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                id: &str,
            ) -> crate::StoreResult<crate::Subscription> {
                let (_, at) = self.now();
                let current = self.get_subscription(tenant_id, id).await?;
                if current.deleted_at.is_some() {
                    return Ok(current);
                }
                let mut write = self.begin_write().await?;
                sqlx::query(
                    "UPDATE webhook_subscriptions SET deleted_at = $1 \
                     WHERE tenant_id = $2 AND id = $3 AND deleted_at IS NULL",
                )
                .bind(&at)
                .bind(tenant_id)
                .bind(id)
                .execute(&mut *write.tx)
                .await?;
                self.append_audit(&mut write.tx, &at, actor, tenant_id, "webhook.delete", &format!("webhook/{id}"), id.as_bytes())
                    .await?;
                write.tx.commit().await?;
                Ok(crate::Subscription {
                    deleted_at: Some(at),
                    ..current
                })
            }

            async fn webhook_tenants(&self) -> crate::StoreResult<Vec<String>> {
                let rows: Vec<(String,)> = sqlx::query_as(
                    "SELECT DISTINCT tenant_id FROM webhook_subscriptions WHERE deleted_at IS NULL \
                     ORDER BY tenant_id",
                )
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(|(tenant,)| tenant).collect())
            }

            async fn enqueue_deliveries(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                items: Vec<crate::NewDelivery>,
            ) -> crate::StoreResult<Vec<String>> {
                if items.is_empty() {
                    return Ok(Vec::new());
                }
                let subscriptions: Vec<(String,)> = sqlx::query_as(
                    "SELECT id FROM webhook_subscriptions WHERE tenant_id = $1 AND deleted_at IS NULL",
                )
                .bind(tenant_id)
                .fetch_all(&self.pool)
                .await?;
                let known: Vec<(String, String)> = sqlx::query_as(
                    "SELECT subscription_id, reminder_key FROM webhook_deliveries WHERE tenant_id = $1",
                )
                .bind(tenant_id)
                .fetch_all(&self.pool)
                .await?;
                let known: std::collections::HashSet<(String, String)> = known.into_iter().collect();
                let mut fresh = Vec::new();
                for (subscription_id,) in &subscriptions {
                    for item in &items {
                        if !known.contains(&(subscription_id.clone(), item.reminder_key.clone())) {
                            fresh.push((subscription_id.clone(), item));
                        }
                    }
                }
                if fresh.is_empty() {
                    return Ok(Vec::new());
                }
                let key = self.data_key(tenant_id).await?;
                let (_, at) = self.now();
                let mut write = self.begin_write().await?;
                let mut inserted = Vec::new();
                for (subscription_id, item) in fresh {
                    let id = crate::crypto::random_id("dlv")?;
                    let sealed = key.seal(
                        &crate::sql::agency::delivery_context(tenant_id, &id),
                        item.payload_json.as_bytes(),
                    )?;
                    // The UNIQUE (subscription, reminder key) makes a concurrent enqueue of
                    // the same reminder by another replica a no-op.
                    let result = sqlx::query(
                        "INSERT INTO webhook_deliveries (id, tenant_id, subscription_id, reminder_key, \
                         sealed, key_version, status, attempts, next_attempt_at, created_at, updated_at) \
                         SELECT $1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7, $7 \
                         WHERE EXISTS (SELECT 1 FROM webhook_subscriptions \
                                       WHERE id = $3 AND tenant_id = $2 AND deleted_at IS NULL) \
                         ON CONFLICT (subscription_id, reminder_key) DO NOTHING",
                    )
                    .bind(&id)
                    .bind(tenant_id)
                    .bind(&subscription_id)
                    .bind(&item.reminder_key)
                    .bind(sealed)
                    .bind(key.version)
                    .bind(&at)
                    .execute(&mut *write.tx)
                    .await?;
                    if result.rows_affected() == 1 {
                        let payload = format!("{subscription_id}\0{}", item.reminder_key);
                        self.append_audit(&mut write.tx, &at, actor, tenant_id, "webhook.enqueue", &format!("webhook/{subscription_id}/delivery/{id}"), payload.as_bytes())
                            .await?;
                        inserted.push(id);
                    }
                }
                write.tx.commit().await?;
                Ok(inserted)
            }

            async fn claim_deliveries(
                &self,
                actor: &crate::Actor,
                lease_seconds: i64,
                limit: u32,
            ) -> crate::StoreResult<Vec<crate::ClaimedDelivery>> {
                let (now, at) = self.now();
                let lease_until = now
                    .checked_add(jiff::SignedDuration::from_secs(lease_seconds.max(1)))
                    .map_err(|_| crate::StoreError::Invalid("lease out of range".into()))?;
                let lease_until = crate::clock::db_time(lease_until);
                // PostgreSQL: rows another replica is claiming right now are skipped, not
                // waited for. SQLite has a single writer (and no FOR UPDATE).
                let sql = if <$db as sqlx::Database>::NAME == "PostgreSQL" {
                    "SELECT d.id, d.tenant_id, d.subscription_id, d.reminder_key, d.sealed, d.key_version, \
                     d.attempts FROM webhook_deliveries d JOIN webhook_subscriptions s \
                     ON s.id = d.subscription_id AND s.deleted_at IS NULL \
                     WHERE d.status = 'pending' AND d.next_attempt_at <= $1 \
                     ORDER BY d.next_attempt_at, d.id LIMIT $2 FOR UPDATE OF d SKIP LOCKED"
                } else {
                    "SELECT d.id, d.tenant_id, d.subscription_id, d.reminder_key, d.sealed, d.key_version, \
                     d.attempts FROM webhook_deliveries d JOIN webhook_subscriptions s \
                     ON s.id = d.subscription_id AND s.deleted_at IS NULL \
                     WHERE d.status = 'pending' AND d.next_attempt_at <= $1 \
                     ORDER BY d.next_attempt_at, d.id LIMIT $2"
                };
                let mut write = self.begin_write().await?;
                let rows: Vec<(String, String, String, String, Vec<u8>, i64, i64)> = sqlx::query_as(sql)
                    .bind(&at)
                    .bind(i64::from(limit.clamp(1, 500)))
                    .fetch_all(&mut *write.tx)
                    .await?;
                let mut claimed = Vec::with_capacity(rows.len());
                for (id, tenant_id, subscription_id, reminder_key, sealed, key_version, attempts) in rows {
                    sqlx::query(
                        "UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = $1, \
                         updated_at = $2 WHERE id = $3",
                    )
                    .bind(&lease_until)
                    .bind(&at)
                    .bind(&id)
                    .execute(&mut *write.tx)
                    .await?;
                    self.append_audit(&mut write.tx, &at, actor, &tenant_id, "webhook.attempt", &format!("webhook/{subscription_id}/delivery/{id}"), (attempts + 1).to_string().as_bytes())
                        .await?;
                    let key = self.data_key_version(&tenant_id, key_version).await?;
                    let payload = key.open(&crate::sql::agency::delivery_context(&tenant_id, &id), &sealed)?;
                    let subscription = self.get_subscription(&tenant_id, &subscription_id).await?;
                    claimed.push(crate::ClaimedDelivery {
                        id,
                        tenant_id,
                        subscription_id,
                        url: subscription.url,
                        secret: subscription.secret,
                        reminder_key,
                        payload_json: crate::sql::agency::utf8(payload, "a delivery")?,
                        attempts: attempts + 1,
                    });
                }
                write.tx.commit().await?;
                Ok(claimed)
            }

            async fn finish_delivery(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                id: &str,
                outcome: crate::AttemptOutcome,
            ) -> crate::StoreResult<crate::Delivery> {
                let (now, at) = self.now();
                let mut write = self.begin_write().await?;
                let current = Self::agency_delivery_in(&mut *write.tx, tenant_id, id).await?;
                if current.status != crate::DeliveryStatus::Pending {
                    return Ok(current);
                }
                let (status, next, error, action) = match &outcome {
                    crate::AttemptOutcome::Delivered => {
                        (crate::DeliveryStatus::Delivered, at.clone(), None, "webhook.delivered")
                    }
                    crate::AttemptOutcome::Retry { error, after_seconds } => {
                        let next = now
                            .checked_add(jiff::SignedDuration::from_secs((*after_seconds).max(0)))
                            .map_err(|_| crate::StoreError::Invalid("retry time out of range".into()))?;
                        (crate::DeliveryStatus::Pending, crate::clock::db_time(next), Some(error.clone()), "webhook.retry")
                    }
                    crate::AttemptOutcome::Failed { error } => {
                        (crate::DeliveryStatus::Failed, at.clone(), Some(error.clone()), "webhook.failed")
                    }
                };
                let delivered_at = (status == crate::DeliveryStatus::Delivered).then(|| at.clone());
                sqlx::query(
                    "UPDATE webhook_deliveries SET status = $1, next_attempt_at = $2, delivered_at = $3, \
                     last_error = $4, updated_at = $5 WHERE tenant_id = $6 AND id = $7",
                )
                .bind(status.as_str())
                .bind(&next)
                .bind(&delivered_at)
                .bind(&error)
                .bind(&at)
                .bind(tenant_id)
                .bind(id)
                .execute(&mut *write.tx)
                .await?;
                let payload = format!("{}\0{}", status.as_str(), error.as_deref().unwrap_or(""));
                self.append_audit(&mut write.tx, &at, actor, tenant_id, action, &format!("webhook/{}/delivery/{id}", current.subscription_id), payload.as_bytes())
                    .await?;
                let delivery = Self::agency_delivery_in(&mut *write.tx, tenant_id, id).await?;
                write.tx.commit().await?;
                Ok(delivery)
            }

            async fn list_deliveries(
                &self,
                tenant_id: &str,
                filter: &crate::DeliveryFilter,
            ) -> crate::StoreResult<Vec<crate::Delivery>> {
                let rows: Vec<crate::sql::agency::DeliveryRow> = sqlx::query_as(
                    "SELECT id, subscription_id, reminder_key, status, attempts, next_attempt_at, \
                     delivered_at, last_error, created_at, updated_at FROM webhook_deliveries \
                     WHERE tenant_id = $1 AND ($2 IS NULL OR subscription_id = $2) \
                     AND ($3 IS NULL OR status = $3) ORDER BY created_at DESC, id DESC LIMIT $4",
                )
                .bind(tenant_id)
                .bind(&filter.subscription_id)
                .bind(filter.status.map(crate::DeliveryStatus::as_str))
                .bind(crate::sql::page_size(filter.limit, 100, 500))
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(crate::sql::agency::delivery_from_row).collect()
            }
        }
    };
}

pub(crate) use sql_agency;
