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
    /// The judge of rule H003 (does a goods name fit its code), with the verdicts it has
    /// given; without it, checks run every rule but H003.
    pub name_fit: Option<Arc<rules::CachedNameFit<'static>>>,
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
            name_fit: None,
        })
    }

    /// The state with `engine` judging rule H003 (the classifier, in the service).
    pub fn with_name_fit(mut self, engine: Arc<dyn rules::NameFit + Send>) -> AppState {
        self.name_fit = Some(Arc::new(rules::CachedNameFit::shared(engine)));
        self
    }
}
