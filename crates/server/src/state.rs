//! The application state every handler shares: the store, the reference data (loaded once),
//! the clock and the login limiter.

use crate::auth::LoginLimiter;
use refdata::RefData;
use std::sync::Arc;
use store::{Clock, Store};

/// Settings of one server.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Whether session cookies carry `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// How long a session lasts, in hours.
    pub session_hours: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            body_limit: 16 * 1024 * 1024,
            secure_cookies: false,
            session_hours: 12,
        }
    }
}

/// The shared state (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    /// Storage.
    pub store: Arc<dyn Store>,
    /// Reference data for the checks.
    pub refdata: Arc<RefData>,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// Failed-login counts.
    pub limiter: Arc<LoginLimiter>,
    /// Settings.
    pub settings: Arc<Settings>,
}

impl AppState {
    /// The state over `store`, with the built-in reference data.
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        settings: Settings,
    ) -> Result<AppState, refdata::TableError> {
        Ok(AppState {
            store,
            refdata: Arc::new(RefData::embedded()?),
            clock,
            limiter: Arc::new(LoginLimiter::default()),
            settings: Arc::new(settings),
        })
    }
}
