//! Tenants, users, API keys, sessions and client enterprises: the inherent methods that [`crate::Store`] forwards to,
//! expanded for each backend by `sql_store!`.

/// Implements the access part of the store for `$store` over `$db`.
macro_rules! sql_access {
    ($store:ty, $db:ty) => {
        impl $store {
            pub(crate) async fn sql_create_tenant(
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

            pub(crate) async fn sql_get_tenant(&self, tenant_id: &str) -> crate::StoreResult<crate::Tenant> {
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

            pub(crate) async fn sql_create_user(
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
                self.sql_get_tenant(tenant_id).await?;
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

            pub(crate) async fn sql_find_user_by_name(&self, username: &str) -> crate::StoreResult<Option<crate::User>> {
                let row = sqlx::query(
                    "SELECT id, tenant_id, username, role, client_id, password_hash FROM users WHERE username = $1",
                )
                .bind(username.trim())
                .fetch_optional(&self.pool)
                .await?;
                row.as_ref().map(Self::user_from_row).transpose()
            }

            pub(crate) async fn sql_create_api_key(
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

            /// One read per request: the key and its user together (no cache in front of
            /// it, so a revocation holds on every replica at once).
            pub(crate) async fn sql_find_api_key(&self, key_hash: &str) -> crate::StoreResult<Option<crate::Principal>> {
                let row: Option<(String, String, String, Option<String>)> = sqlx::query_as(
                    "SELECT u.id, u.tenant_id, u.role, u.client_id FROM api_keys k \
                     JOIN users u ON u.id = k.user_id AND u.tenant_id = k.tenant_id \
                     WHERE k.key_hash = $1 AND k.revoked_at IS NULL",
                )
                .bind(key_hash)
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

            pub(crate) async fn sql_list_api_keys(&self, tenant_id: &str) -> crate::StoreResult<Vec<crate::ApiKeyInfo>> {
                let rows: Vec<crate::sql::ApiKeyRow> = sqlx::query_as(
                    "SELECT k.id, k.tenant_id, k.user_id, u.username, k.label, k.created_at, k.revoked_at \
                     FROM api_keys k JOIN users u ON u.id = k.user_id \
                     WHERE k.tenant_id = $1 ORDER BY k.created_at, k.id",
                )
                .bind(tenant_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(crate::sql::api_key_info).collect())
            }

            pub(crate) async fn sql_revoke_api_key(
                &self,
                actor: &crate::Actor,
                tenant_id: &str,
                key_id: &str,
            ) -> crate::StoreResult<crate::ApiKeyInfo> {
                let (_, at) = self.now();
                let mut write = self.begin_write().await?;
                let row: Option<crate::sql::ApiKeyRow> = sqlx::query_as(
                    "SELECT k.id, k.tenant_id, k.user_id, u.username, k.label, k.created_at, k.revoked_at \
                     FROM api_keys k JOIN users u ON u.id = k.user_id \
                     WHERE k.id = $1 AND k.tenant_id = $2",
                )
                .bind(key_id)
                .bind(tenant_id)
                .fetch_optional(&mut *write.tx)
                .await?;
                let mut key = crate::sql::api_key_info(
                    row.ok_or_else(|| crate::StoreError::NotFound(format!("API key `{key_id}`")))?,
                );
                if key.revoked_at.is_some() {
                    return Ok(key);
                }
                sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND tenant_id = $3")
                    .bind(&at)
                    .bind(key_id)
                    .bind(tenant_id)
                    .execute(&mut *write.tx)
                    .await?;
                self.append_audit(&mut write.tx, &at, actor, tenant_id, "api_key.revoke", &format!("api-key/{key_id}"), key.label.as_bytes())
                    .await?;
                write.tx.commit().await?;
                key.revoked_at = Some(at);
                Ok(key)
            }

            pub(crate) async fn sql_create_session(
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

            pub(crate) async fn sql_find_session(&self, token_hash: &str) -> crate::StoreResult<Option<crate::Principal>> {
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

            pub(crate) async fn sql_delete_session(&self, actor: &crate::Actor, token_hash: &str) -> crate::StoreResult<()> {
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

            pub(crate) async fn sql_create_client(
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
                let tenant = self.sql_get_tenant(tenant_id).await?;
                if tenant.kind != crate::TenantKind::Agency {
                    return Err(crate::StoreError::Invalid("only an agency has client enterprises".into()));
                }
                if let Some(enterprise) = enterprise_tenant_id {
                    self.sql_get_tenant(enterprise).await?;
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

            pub(crate) async fn sql_list_clients(&self, tenant_id: &str) -> crate::StoreResult<Vec<crate::Client>> {
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
        }
    };
}

pub(crate) use sql_access;
