//! Operators' commands over a database, for the command line: start the server, create a
//! tenant with its first administrator and key, verify the audit log, rotate the master key.
//! Each owns its tokio runtime, so the caller stays synchronous.

use crate::state::{AppState, Settings};
use crate::{auth, routes};
use std::net::SocketAddr;
use std::sync::Arc;
use store::{
    Actor, AuditVerification, Clock, MasterKey, NewUser, Role, Store, SystemClock, TenantKind,
};

/// Why an operator's command failed.
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    /// The store failed.
    #[error("{0}")]
    Store(#[from] store::StoreError),
    /// The address could not be bound or served.
    #[error("cannot listen on {address}: {reason}")]
    Listen {
        /// The address.
        address: String,
        /// Why.
        reason: String,
    },
    /// The runtime could not start, or another fault.
    #[error("{0}")]
    Other(String),
}

/// What `serve` needs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// `127.0.0.1:8080`.
    pub listen: String,
    /// `sqlite://PATH` or `postgres://…`.
    pub database: String,
    /// The master key.
    pub master_key: MasterKey,
    /// Limits and cookie settings.
    pub settings: Settings,
    /// The webhook delivery worker (started unless disabled).
    pub webhooks: crate::webhook::WebhookSettings,
    /// The judge of rule H003 (the classifier); without it, checks run every rule but H003.
    pub name_fit: Option<NameFitEngine>,
}

/// The engine that judges rule H003, shared by every check of the service.
#[derive(Clone)]
pub struct NameFitEngine(pub Arc<dyn rules::NameFit + Send>);

impl std::fmt::Debug for NameFitEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NameFitEngine")
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, OpsError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| OpsError::Other(format!("cannot start the runtime: {e}")))
}

async fn open(database: &str, master_key: MasterKey) -> Result<Arc<dyn Store>, OpsError> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    Ok(store::open(database, master_key, clock).await?)
}

/// Serves the API until interrupted (Ctrl-C or SIGTERM). `on_ready` gets the bound address
/// once the database is open and the port is listening.
pub fn serve(config: ServeConfig, on_ready: impl FnOnce(SocketAddr)) -> Result<(), OpsError> {
    runtime()?.block_on(async move {
        let store = open(&config.database, config.master_key).await?;
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let worker = config.webhooks.enabled.then(|| {
            crate::webhook::WebhookWorker::new(
                store.clone(),
                clock.clone(),
                config.webhooks.clone(),
            )
            .spawn()
        });
        let mut state = AppState::new(store, clock, config.settings)
            .map_err(|e| OpsError::Other(format!("built-in reference data: {e}")))?;
        if let Some(NameFitEngine(engine)) = config.name_fit {
            state = state.with_name_fit(engine);
        }
        let listener = tokio::net::TcpListener::bind(&config.listen)
            .await
            .map_err(|e| OpsError::Listen {
                address: config.listen.clone(),
                reason: e.to_string(),
            })?;
        let address = listener.local_addr().map_err(|e| OpsError::Listen {
            address: config.listen.clone(),
            reason: e.to_string(),
        })?;
        on_ready(address);
        let served = axum::serve(listener, routes::router(state))
            .with_graceful_shutdown(shutdown_signal())
            .await
            .map_err(|e| OpsError::Listen {
                address: config.listen.clone(),
                reason: e.to_string(),
            });
        if let Some(worker) = worker {
            worker.abort();
        }
        served
    })
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

/// A new tenant: its id, its first administrator and that administrator's API key.
#[derive(Debug, Clone)]
pub struct ProvisionedTenant {
    /// The tenant.
    pub tenant_id: String,
    /// Its first administrator's id.
    pub user_id: String,
    /// The administrator's API key (shown once).
    pub api_key: String,
}

/// Creates a tenant with its first administrator (`admin@<tenant id>`) and an API key.
pub async fn provision_tenant(
    store: &dyn Store,
    actor: &Actor,
    name: &str,
    kind: TenantKind,
) -> Result<ProvisionedTenant, OpsError> {
    let tenant = store.create_tenant(actor, name, kind).await?;
    let user = store
        .create_user(
            actor,
            &tenant.id,
            NewUser {
                username: format!("admin@{}", tenant.id),
                role: Role::Administrator,
                client_id: None,
                password_hash: None,
            },
        )
        .await?;
    let api_key =
        auth::new_secret("dk_").map_err(|_| OpsError::Other("random source failed".into()))?;
    store
        .create_api_key(
            actor,
            &tenant.id,
            &user.id,
            &auth::secret_hash(&api_key),
            "first administrator",
        )
        .await?;
    Ok(ProvisionedTenant {
        tenant_id: tenant.id,
        user_id: user.id,
        api_key,
    })
}

/// `declarant tenant create`.
pub fn create_tenant(
    database: &str,
    master_key: MasterKey,
    name: &str,
    kind: TenantKind,
) -> Result<ProvisionedTenant, OpsError> {
    runtime()?.block_on(async {
        let store = open(database, master_key).await?;
        provision_tenant(store.as_ref(), &Actor::system("cli"), name, kind).await
    })
}

/// `declarant audit verify`.
pub fn verify_audit(database: &str, master_key: MasterKey) -> Result<AuditVerification, OpsError> {
    runtime()?.block_on(async {
        let store = open(database, master_key).await?;
        Ok(store.verify_audit().await?)
    })
}

/// `declarant keys rotate`: re-wraps every data key under `new_key`; answers how many.
pub fn rotate_keys(
    database: &str,
    current: MasterKey,
    new_key: MasterKey,
) -> Result<usize, OpsError> {
    runtime()?.block_on(async {
        let store = open(database, current).await?;
        Ok(store
            .rotate_master_key(&Actor::system("cli"), new_key)
            .await?)
    })
}
