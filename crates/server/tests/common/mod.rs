//! In-process test harness: the router over a SQLite store in a temporary folder, two tenants
//! with a user and an API key of every role, and one helper that sends a request.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    dead_code,
    reason = "test helpers: a broken fixture fails the test"
)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use server::ops::provision_tenant;
use server::{AppState, Settings, auth};
use std::collections::HashMap;
use std::sync::Arc;
use store::{Actor, ManualClock, MasterKey, NewUser, Role, SqliteStore, Store, TenantKind};
use tower::ServiceExt;

pub const BUNDLE: &str =
    include_str!("../../../../examples/shipments/defects-export-power-banks.json");
pub const CLEAN_BUNDLE: &str =
    include_str!("../../../../examples/shipments/clean-export-mixed.json");
pub const DECLARATION_XML: &[u8] =
    include_bytes!("../../../../examples/xml/export-lithium-batteries.xml");

/// One tenant's callers: an API key per role, and a client enterprise.
pub struct TenantKeys {
    pub tenant_id: String,
    pub client_id: String,
    pub keys: HashMap<Role, String>,
}

pub struct TestApp {
    pub router: Router,
    pub store: Arc<dyn Store>,
    pub clock: Arc<ManualClock>,
    pub a: TenantKeys,
    pub b: TenantKeys,
    _dir: tempfile::TempDir,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.bytes)))
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

async fn tenant(store: &dyn Store, name: &str) -> TenantKeys {
    let actor = Actor::system("test");
    let provisioned = provision_tenant(store, &actor, name, TenantKind::Agency)
        .await
        .unwrap();
    let client = store
        .create_client(
            &actor,
            &provisioned.tenant_id,
            &format!("{name} client"),
            None,
        )
        .await
        .unwrap();
    let mut keys = HashMap::new();
    keys.insert(Role::Administrator, provisioned.api_key);
    for role in [Role::DeclarantStaff, Role::ClientReviewer, Role::Auditor] {
        let user = store
            .create_user(
                &actor,
                &provisioned.tenant_id,
                NewUser {
                    username: format!("{}-{name}", role.as_str()),
                    role,
                    client_id: (role == Role::ClientReviewer).then(|| client.id.clone()),
                    password_hash: None,
                },
            )
            .await
            .unwrap();
        let key = auth::new_secret("dk_").unwrap();
        store
            .create_api_key(
                &actor,
                &provisioned.tenant_id,
                &user.id,
                &auth::secret_hash(&key),
                "test",
            )
            .await
            .unwrap();
        keys.insert(role, key);
    }
    TenantKeys {
        tenant_id: provisioned.tenant_id,
        client_id: client.id,
        keys,
    }
}

pub async fn app() -> TestApp {
    app_with(Settings::default()).await
}

/// The app as `declarant serve` runs it: the classifier judges rule H003.
pub async fn app_judging_names() -> TestApp {
    let mut app = app_with(Settings::default()).await;
    let state = AppState::new(app.store.clone(), app.clock.clone(), Settings::default())
        .unwrap()
        .with_name_fit(Arc::new(
            classify::Classifier::build(&classify::embedded_tables()).unwrap(),
        ));
    app.router = server::router(state);
    app
}

pub async fn app_with(settings: Settings) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new("2026-03-02T08:00:00Z".parse().unwrap()));
    let store: Arc<dyn Store> = Arc::new(
        SqliteStore::open(
            &dir.path().join("declarant.db"),
            MasterKey::from_bytes([9u8; 32]),
            clock.clone(),
        )
        .await
        .unwrap(),
    );
    let a = tenant(store.as_ref(), "alpha").await;
    let b = tenant(store.as_ref(), "beta").await;
    let state = AppState::new(store.clone(), clock.clone(), settings).unwrap();
    TestApp {
        router: server::router(state),
        store,
        clock,
        a,
        b,
        _dir: dir,
    }
}

impl TestApp {
    /// Sends one request; `key` is an API key, `content_type` and `body` are optional.
    pub async fn send(
        &self,
        method: Method,
        uri: &str,
        key: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<(&str, Vec<u8>)>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(key) = key {
            request = request.header("authorization", format!("Bearer {key}"));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = match body {
            Some((content_type, bytes)) => request
                .header("content-type", content_type)
                .body(Body::from(bytes))
                .unwrap(),
            None => request.body(Body::empty()).unwrap(),
        };
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        Answer {
            status,
            headers,
            bytes,
        }
    }

    pub fn key(&self, role: Role) -> &str {
        &self.a.keys[&role]
    }

    /// Creates a shipment of tenant A as its staff; answers its id.
    pub async fn create(&self, bundle: &str, client: bool) -> String {
        let uri = if client {
            format!("/api/v1/shipments?client_id={}", self.a.client_id)
        } else {
            "/api/v1/shipments".to_string()
        };
        let answer = self
            .send(
                Method::POST,
                &uri,
                Some(self.key(Role::DeclarantStaff)),
                &[],
                Some(("application/json", bundle.as_bytes().to_vec())),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::CREATED,
            "{}",
            String::from_utf8_lossy(&answer.bytes)
        );
        answer.json()["id"].as_str().unwrap().to_string()
    }
}
