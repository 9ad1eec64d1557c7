//! Who is asking and what they may do. Authentication takes an API key
//! (`Authorization: Bearer …`, stored as its SHA-256) or a session cookie; authorisation is the
//! one table [`permits`], consulted by every handler through [`Caller::require`]. Passwords are
//! hashed with argon2id; failed logins are rate-limited per login name.

use crate::problem::ApiError;
use crate::state::AppState;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use store::{Principal, Role};

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "declarant_session";

/// Everything a caller may ask for; each endpoint names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Check a bundle without storing it.
    CheckBundle,
    /// List, read, history, findings of shipments.
    ReadShipments,
    /// Create shipments and new versions.
    WriteShipments,
    /// Run a check of a stored shipment (stores the run).
    CheckShipment,
    /// Archive a shipment.
    ArchiveShipment,
    /// Delete a shipment.
    DeleteShipment,
    /// Read the rule catalogue.
    ReadRules,
    /// Read and verify the audit log.
    ReadAudit,
    /// Read the client enterprises.
    ReadClients,
    /// Manage users, API keys and client enterprises (and webhook subscriptions).
    Administer,
    /// Read agent-certificate orders and their reminders (a client reviewer: its own
    /// client enterprise's).
    ReadOrders,
    /// Open orders, record their events, edit qualifications, upload shipment history.
    WriteOrders,
    /// Read qualifications, shipment history, scorecards, webhook subscriptions and
    /// deliveries.
    ReadAgency,
}

/// The authorisation table: may `role` do `action` (within its own tenant)?
pub fn permits(role: Role, action: Action) -> bool {
    use Action::*;
    match role {
        Role::Administrator => true,
        Role::DeclarantStaff => matches!(
            action,
            CheckBundle
                | ReadShipments
                | WriteShipments
                | CheckShipment
                | ArchiveShipment
                | ReadRules
                | ReadClients
                | ReadOrders
                | WriteOrders
                | ReadAgency
        ),
        Role::ClientReviewer => {
            matches!(
                action,
                CheckBundle | ReadShipments | CheckShipment | ReadRules | ReadOrders
            )
        }
        Role::Auditor => matches!(
            action,
            CheckBundle
                | ReadShipments
                | ReadRules
                | ReadAudit
                | ReadClients
                | ReadOrders
                | ReadAgency
        ),
    }
}

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Who.
    pub principal: Principal,
    /// How the caller is recorded in the audit log.
    pub actor: store::Actor,
}

impl Caller {
    /// Refuses with 403 unless the caller's role permits `action`.
    pub fn require(&self, action: Action) -> Result<(), ApiError> {
        if permits(self.principal.role, action) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }

    /// The caller's tenant.
    pub fn tenant(&self) -> &str {
        &self.principal.tenant_id
    }

    /// Whether the caller may see a shipment of `client_id`: a client reviewer sees only its
    /// own client enterprise's shipments; everyone else sees the whole tenant's.
    pub fn sees_client(&self, client_id: Option<&str>) -> bool {
        match (&self.principal.role, &self.principal.client_id) {
            (Role::ClientReviewer, Some(own)) => client_id == Some(own.as_str()),
            (Role::ClientReviewer, None) => false,
            _ => true,
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let text = value.to_str().map_err(|_| ApiError::unauthorized())?;
            let key = text
                .strip_prefix("Bearer ")
                .or_else(|| text.strip_prefix("bearer "))
                .ok_or_else(ApiError::unauthorized)?;
            // No cache in front of the store: a revoked key is refused at once, on every
            // replica (one indexed read per request).
            let principal = state
                .store
                .find_api_key(&secret_hash(key.trim()))
                .await?
                .ok_or_else(ApiError::unauthorized)?;
            return Ok(Caller {
                actor: store::Actor::user(&principal.user_id),
                principal,
            });
        }
        if let Some(token) = session_token(parts) {
            let principal = state
                .store
                .find_session(&secret_hash(&token))
                .await?
                .ok_or_else(ApiError::unauthorized)?;
            forgery_guard(parts)?;
            return Ok(Caller {
                actor: store::Actor::user(&principal.user_id),
                principal,
            });
        }
        Err(ApiError::unauthorized())
    }
}

/// The header a session-cookie write must carry. A cross-site form or `<img>` cannot set a
/// custom header, and a cross-site script cannot either without a CORS preflight, which this
/// service never grants: so a request that has it was sent by a page of this origin.
pub const CSRF_HEADER: &str = "x-requested-with";

/// Refuses (403) a session-cookie request that changes something unless it carries
/// [`CSRF_HEADER`] and the browser does not call it cross-site (`Sec-Fetch-Site`). API keys
/// are never sent by a browser on its own, so they need neither.
pub fn forgery_guard(parts: &Parts) -> Result<(), ApiError> {
    let safe = matches!(
        parts.method,
        axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS
    );
    if safe {
        return Ok(());
    }
    let cross_site = parts
        .headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|site| !matches!(site, "same-origin" | "none"));
    let marked = parts
        .headers
        .get(CSRF_HEADER)
        .is_some_and(|v| !v.is_empty());
    if marked && !cross_site {
        Ok(())
    } else {
        Err(ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            "cross-site-request",
            "Cross-site request refused",
            model::Text::new(
                format!("使用会话 Cookie 的写请求须带 {CSRF_HEADER} 头，且来自本站页面"),
                format!(
                    "a write with the session cookie needs the {CSRF_HEADER} header and must come from this site's pages"
                ),
            ),
        ))
    }
}

/// The session token from the `Cookie` header.
pub fn session_token(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
}

/// The stored form of an API key or a session token: SHA-256, hex. These secrets are 256
/// random bits, so a fast hash is enough (passwords get argon2id).
pub fn secret_hash(secret: &str) -> String {
    store::crypto::to_hex(&Sha256::digest(secret.as_bytes()))
}

/// A new secret: `prefix` and 64 hex digits.
pub fn new_secret(prefix: &str) -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| ApiError::internal())?;
    Ok(format!("{prefix}{}", store::crypto::to_hex(&bytes)))
}

/// Hashes a password with argon2id (PHC string with its own random salt).
pub fn hash_password(password: &str) -> Result<String, ApiError> {
    argon2::Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|_| ApiError::internal())
}

/// Whether `password` matches the PHC string `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    let Ok(parsed) = argon2::password_hash::phc::PasswordHash::new(hash) else {
        return false;
    };
    argon2::Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// A real argon2id hash of nothing anyone knows, verified against when a login name does
/// not exist, so that the answer takes as long as for a real user.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("declarant decoy password").unwrap_or_default())
}

/// Failed logins allowed per login name within [`LOGIN_WINDOW_SECONDS`].
pub const LOGIN_ATTEMPTS: usize = 5;
/// The window of the login rate limit.
pub const LOGIN_WINDOW_SECONDS: i64 = 15 * 60;

/// Failed login attempts per login name, in memory (per replica).
#[derive(Debug, Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, Vec<i64>>>,
}

impl LoginLimiter {
    /// `Err(seconds to wait)` while `username` has used up its attempts at `now` (Unix seconds).
    pub fn check(&self, username: &str, now: i64) -> Result<(), u64> {
        let Ok(mut failures) = self.failures.lock() else {
            return Ok(());
        };
        let Some(times) = failures.get_mut(username) else {
            return Ok(());
        };
        times.retain(|t| now - *t < LOGIN_WINDOW_SECONDS);
        if times.len() >= LOGIN_ATTEMPTS {
            let oldest = times.first().copied().unwrap_or(now);
            Err(u64::try_from(oldest + LOGIN_WINDOW_SECONDS - now)
                .unwrap_or(1)
                .max(1))
        } else {
            Ok(())
        }
    }

    /// Records a failed attempt.
    pub fn failed(&self, username: &str, now: i64) {
        if let Ok(mut failures) = self.failures.lock() {
            if failures.len() > 100_000 {
                failures.retain(|_, times| times.iter().any(|t| now - *t < LOGIN_WINDOW_SECONDS));
            }
            failures.entry(username.to_string()).or_default().push(now);
        }
    }

    /// Forgets the failures after a successful login.
    pub fn succeeded(&self, username: &str) {
        if let Ok(mut failures) = self.failures.lock() {
            failures.remove(username);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_table() {
        let expected = [
            (Role::Administrator, Action::Administer, true),
            (Role::Administrator, Action::DeleteShipment, true),
            (Role::DeclarantStaff, Action::WriteShipments, true),
            (Role::DeclarantStaff, Action::DeleteShipment, false),
            (Role::DeclarantStaff, Action::ReadAudit, false),
            (Role::DeclarantStaff, Action::Administer, false),
            (Role::ClientReviewer, Action::CheckShipment, true),
            (Role::ClientReviewer, Action::WriteShipments, false),
            (Role::ClientReviewer, Action::ReadClients, false),
            (Role::Auditor, Action::ReadAudit, true),
            (Role::Auditor, Action::WriteShipments, false),
            (Role::Auditor, Action::CheckShipment, false),
        ];
        for (role, action, allowed) in expected {
            assert_eq!(permits(role, action), allowed, "{role:?} {action:?}");
        }
    }

    #[test]
    fn passwords_hash_with_argon2id() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong", &hash));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn logins_are_limited_per_name_and_window() {
        let limiter = LoginLimiter::default();
        for n in 0..LOGIN_ATTEMPTS as i64 {
            assert!(limiter.check("a", 1000 + n).is_ok());
            limiter.failed("a", 1000 + n);
        }
        assert_eq!(limiter.check("a", 1010), Err(890));
        assert!(limiter.check("b", 1010).is_ok());
        assert!(limiter.check("a", 1000 + LOGIN_WINDOW_SECONDS).is_ok());
        limiter.succeeded("a");
        assert!(limiter.check("a", 1011).is_ok());
    }
}
