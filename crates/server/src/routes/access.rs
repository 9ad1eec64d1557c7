//! Access: login and logout (session cookies for the web UI), users, API keys and an agency's
//! client enterprises, all within the caller's tenant.

use crate::auth::{self, Action, Caller, SESSION_COOKIE};
use crate::extract::{Body, PathParams};
use crate::problem::{ApiError, Problem};
use crate::state::AppState;
use crate::views::{CreatedDoc, StatusDoc};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use model::Text;
use serde::{Deserialize, Serialize};
use store::{NewUser, Role};
use utoipa::ToSchema;

/// A login.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The login name.
    pub username: String,
    /// The password.
    pub password: String,
}

/// Who logged in.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoginDoc {
    /// The user.
    pub user_id: String,
    /// The tenant.
    pub tenant_id: String,
    /// The role.
    #[schema(value_type = String)]
    pub role: Role,
}

/// A new user of the caller's tenant.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserRequest {
    /// The login name (unique over the service).
    pub username: String,
    /// The password (at least 12 characters); absent for API-key-only users.
    pub password: Option<String>,
    /// `administrator`, `declarant_staff`, `client_reviewer` or `auditor`.
    #[schema(value_type = String)]
    pub role: RoleField,
    /// For a client reviewer: its client enterprise.
    pub client_id: Option<String>,
}

/// A new API key for a user of the caller's tenant.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewKeyRequest {
    /// The user the key speaks for.
    pub user_id: String,
    /// A label for people (`ci`, `erp-sync`).
    #[serde(default)]
    pub label: String,
}

/// A new API key: shown once, stored only as its hash.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewKeyDoc {
    /// The key's id.
    pub id: String,
    /// The key itself (`Authorization: Bearer …`).
    pub api_key: String,
}

/// An API key as listed: never the key itself, never its hash.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyDoc {
    /// The key's id (`key_…`).
    pub id: String,
    /// The user it speaks for.
    pub user_id: String,
    /// That user's login name.
    pub username: String,
    /// Its label.
    pub label: String,
    /// When it was issued.
    pub created_at: String,
    /// When it was revoked; absent while it works.
    pub revoked_at: Option<String>,
}

impl From<store::ApiKeyInfo> for ApiKeyDoc {
    fn from(key: store::ApiKeyInfo) -> Self {
        ApiKeyDoc {
            id: key.id,
            user_id: key.user_id,
            username: key.username,
            label: key.label,
            created_at: key.created_at,
            revoked_at: key.revoked_at,
        }
    }
}

/// A new client enterprise of the caller's agency.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewClientRequest {
    /// The enterprise's name.
    pub name: String,
    /// The enterprise's own tenant, when it has one.
    pub enterprise_tenant_id: Option<String>,
}

/// A client enterprise.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClientDoc {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its own tenant, when any.
    pub enterprise_tenant_id: Option<String>,
}

impl<'de> Deserialize<'de> for RoleField {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Role::parse(&text).map(RoleField).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown role `{text}`: expected administrator, declarant_staff, client_reviewer or auditor"
            ))
        })
    }
}

/// A role as the API spells it.
#[derive(Debug)]
pub struct RoleField(pub Role);

fn too_many_attempts(seconds: u64) -> ApiError {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "too-many-attempts",
        "Too many login attempts",
        Text::new(
            format!("登录失败次数过多，请 {seconds} 秒后再试"),
            format!("too many failed logins: try again in {seconds} s"),
        ),
    )
    .retry_after(seconds)
}

fn bad_login() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "bad-login",
        "Login failed",
        Text::new("用户名或密码错误", "wrong login name or password"),
    )
}

/// Opens a session: answers a `declarant_session` cookie (HttpOnly, SameSite=Strict).
#[utoipa::path(
    post,
    path = "/api/v1/login",
    tag = "access",
    request_body = LoginRequest,
    responses(
        (status = 200, body = LoginDoc, headers(("Set-Cookie" = String, description = "The session cookie"))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn login(State(state): State<AppState>, body: Body) -> Result<Response, ApiError> {
    let request: LoginRequest = body.json()?;
    let now = state.clock.now();
    let username = request.username.trim().to_string();
    state
        .limiter
        .check(&username, now.as_second())
        .map_err(too_many_attempts)?;
    let user = state.store.find_user_by_name(&username).await?;
    let password = request.password;
    // An unknown name costs the same argon2 work as a known one: timing tells nothing.
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let verified = tokio::task::spawn_blocking(move || match stored {
        Some(hash) => auth::verify_password(&password, &hash),
        None => {
            auth::verify_password(&password, auth::decoy_hash());
            false
        }
    })
    .await
    .unwrap_or(false);
    let Some(user) = user.filter(|_| verified) else {
        state.limiter.failed(&username, now.as_second());
        return Err(bad_login());
    };
    state.limiter.succeeded(&username);
    let token = auth::new_secret("ds_")?;
    let hours = state.settings.session_hours;
    let expires = now
        .checked_add(jiff::SignedDuration::from_hours(hours))
        .map_err(|_| ApiError::internal())?;
    state
        .store
        .create_session(
            &store::Actor::user(&user.id),
            &user,
            &auth::secret_hash(&token),
            expires,
        )
        .await?;
    let secure = if state.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        hours * 3600
    );
    let mut response = Json(LoginDoc {
        user_id: user.id,
        tenant_id: user.tenant_id,
        role: user.role,
    })
    .into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// Ends the caller's session.
#[utoipa::path(
    post,
    path = "/api/v1/logout",
    tag = "access",
    responses((status = 200, body = StatusDoc), (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("session" = []))
)]
pub async fn logout(
    State(state): State<AppState>,
    caller: Caller,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    let (parts, _) = request.into_parts();
    if let Some(token) = auth::session_token(&parts) {
        state
            .store
            .delete_session(&caller.actor, &auth::secret_hash(&token))
            .await?;
    }
    let mut response = Json(StatusDoc {
        status: "ok".into(),
    })
    .into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "declarant_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
        ),
    );
    Ok(response)
}

/// Adds a user to the caller's tenant (administrators).
#[utoipa::path(
    post,
    path = "/api/v1/users",
    tag = "access",
    request_body = NewUserRequest,
    responses(
        (status = 201, body = CreatedDoc),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Login name taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn create_user(
    State(state): State<AppState>,
    caller: Caller,
    body: Body,
) -> Result<(StatusCode, Json<CreatedDoc>), ApiError> {
    caller.require(Action::Administer)?;
    let request: NewUserRequest = body.json()?;
    let password_hash = match request.password {
        Some(password) if password.chars().count() < 12 => {
            return Err(ApiError::invalid_fields(vec![model::InputError::new(
                "password",
                Text::new(
                    "密码至少 12 个字符",
                    "a password needs at least 12 characters",
                ),
            )]));
        }
        Some(password) => Some(
            tokio::task::spawn_blocking(move || auth::hash_password(&password))
                .await
                .map_err(|_| ApiError::internal())??,
        ),
        None => None,
    };
    let user = state
        .store
        .create_user(
            &caller.actor,
            caller.tenant(),
            NewUser {
                username: request.username,
                role: request.role.0,
                client_id: request.client_id,
                password_hash,
            },
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedDoc {
            id: user.id,
            version: None,
        }),
    ))
}

/// Issues an API key for a user of the caller's tenant (administrators). The key is shown
/// once.
#[utoipa::path(
    post,
    path = "/api/v1/api-keys",
    tag = "access",
    request_body = NewKeyRequest,
    responses(
        (status = 201, body = NewKeyDoc),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn create_api_key(
    State(state): State<AppState>,
    caller: Caller,
    body: Body,
) -> Result<(StatusCode, Json<NewKeyDoc>), ApiError> {
    caller.require(Action::Administer)?;
    let request: NewKeyRequest = body.json()?;
    let api_key = auth::new_secret("dk_")?;
    let id = state
        .store
        .create_api_key(
            &caller.actor,
            caller.tenant(),
            &request.user_id,
            &auth::secret_hash(&api_key),
            &request.label,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(NewKeyDoc { id, api_key })))
}

/// The API keys of the caller's tenant, revoked ones included (administrators).
#[utoipa::path(
    get,
    path = "/api/v1/api-keys",
    tag = "access",
    responses(
        (status = 200, body = Vec<ApiKeyDoc>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn list_api_keys(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ApiKeyDoc>>, ApiError> {
    caller.require(Action::Administer)?;
    let keys = state.store.list_api_keys(caller.tenant()).await?;
    Ok(Json(keys.into_iter().map(ApiKeyDoc::from).collect()))
}

/// Revokes an API key of the caller's tenant (administrators): from this answer on it is
/// refused (401) by every replica. Revoking a revoked key answers it unchanged.
#[utoipa::path(
    delete,
    path = "/api/v1/api-keys/{id}",
    tag = "access",
    params(("id" = String, Path, description = "The key's id")),
    responses(
        (status = 200, description = "Revoked", body = ApiKeyDoc),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such key for this tenant", body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn revoke_api_key(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<String>,
) -> Result<Json<ApiKeyDoc>, ApiError> {
    caller.require(Action::Administer)?;
    let key = state
        .store
        .revoke_api_key(&caller.actor, caller.tenant(), &id)
        .await?;
    Ok(Json(key.into()))
}

/// Adds a client enterprise to the caller's agency (administrators).
#[utoipa::path(
    post,
    path = "/api/v1/clients",
    tag = "access",
    request_body = NewClientRequest,
    responses(
        (status = 201, body = CreatedDoc),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn create_client(
    State(state): State<AppState>,
    caller: Caller,
    body: Body,
) -> Result<(StatusCode, Json<CreatedDoc>), ApiError> {
    caller.require(Action::Administer)?;
    let request: NewClientRequest = body.json()?;
    if let Some(enterprise) = &request.enterprise_tenant_id {
        // Naming another tenant must not reveal whether it exists.
        state.store.get_tenant(enterprise).await.map_err(|_| {
            ApiError::invalid_fields(vec![model::InputError::new(
                "enterprise_tenant_id",
                Text::new("未知的企业租户", "unknown enterprise tenant"),
            )])
        })?;
    }
    let client = state
        .store
        .create_client(
            &caller.actor,
            caller.tenant(),
            &request.name,
            request.enterprise_tenant_id.as_deref(),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedDoc {
            id: client.id,
            version: None,
        }),
    ))
}

/// The caller's agency's client enterprises.
#[utoipa::path(
    get,
    path = "/api/v1/clients",
    tag = "access",
    responses(
        (status = 200, body = Vec<ClientDoc>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []), ("session" = []))
)]
pub async fn list_clients(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ClientDoc>>, ApiError> {
    caller.require(Action::ReadClients)?;
    let clients = state.store.list_clients(caller.tenant()).await?;
    Ok(Json(
        clients
            .into_iter()
            .map(|c| ClientDoc {
                id: c.id,
                name: c.name,
                enterprise_tenant_id: c.enterprise_tenant_id,
            })
            .collect(),
    ))
}
