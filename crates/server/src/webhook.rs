//! The webhook delivery worker: a tokio task of the server that, every interval, computes
//! each subscribed tenant's reminders with the agency engine (as of the server clock), puts
//! the new ones in the outbox (one row per subscription and reminder key, so a reminder is
//! enqueued once, ever), then claims due rows and posts them.
//!
//! A delivery is `POST url` with the JSON body `{"delivery_id": "dlv_…", "reminder": {key,
//! status, kind, node?, subject, name?, due, message: {zh, en}, as_of}}` and the headers
//! `X-Declarant-Delivery: dlv_…` (the same on every retry) and `X-Declarant-Signature:
//! sha256=<hex HMAC-SHA256 of the body under the subscription's secret>`. A 2xx answer marks
//! it delivered; anything else (or no answer within the timeout) is retried with exponential
//! backoff (capped) until the last attempt, after which it is marked failed and listed by
//! `GET /api/v1/webhook-deliveries?status=failed`.
//!
//! Exactly once toward the receiver = at-least-once delivery + a stable delivery id to
//! dedupe on: a worker that dies between the receiver's 2xx and recording it leaves the row
//! leased; once the lease ends another pass posts it again with the same id. A delivered row
//! is never posted or enqueued again. Several replicas may run the worker: claims are
//! exclusive (`FOR UPDATE SKIP LOCKED` on PostgreSQL, one writer on SQLite).

use crate::routes::agency::{calendar, replay};
use crate::routes::agency_records::tenant_registry;
use crate::routes::agency_views::{ReminderPayload, reminder_key};
use axum::body::Bytes;
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use sha2::Sha256;
use std::sync::Arc;
use std::time::Duration;
use store::{Actor, AttemptOutcome, ClaimedDelivery, Clock, NewDelivery, Store, StoreError};

/// How the worker runs.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// Whether `serve` starts the worker.
    pub enabled: bool,
    /// Time between passes.
    pub interval: Duration,
    /// How long a receiver has to answer one delivery.
    pub timeout: Duration,
    /// Attempts before a delivery is marked failed.
    pub max_attempts: i64,
    /// The wait after the first failed attempt; it doubles after each further one.
    pub backoff_base_seconds: i64,
    /// The longest wait between attempts.
    pub backoff_cap_seconds: i64,
    /// Deliveries claimed at a time.
    pub batch: u32,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        WebhookSettings {
            enabled: true,
            interval: Duration::from_secs(60),
            timeout: Duration::from_secs(10),
            max_attempts: 8,
            backoff_base_seconds: 30,
            backoff_cap_seconds: 3600,
            batch: 50,
        }
    }
}

impl WebhookSettings {
    /// The wait after attempt number `attempts` failed: base × 2^(attempts − 1), capped.
    pub fn backoff_seconds(&self, attempts: i64) -> i64 {
        let doublings = u32::try_from((attempts - 1).clamp(0, 30)).unwrap_or(30);
        self.backoff_base_seconds
            .saturating_mul(1_i64 << doublings)
            .min(self.backoff_cap_seconds)
            .max(0)
    }
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PassReport {
    /// New outbox rows.
    pub enqueued: usize,
    /// Deliveries the receivers accepted.
    pub delivered: usize,
    /// Failed attempts that will be retried.
    pub retried: usize,
    /// Deliveries given up.
    pub failed: usize,
}

/// The signature header's value for `body` under `secret`: `sha256=<hex>`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    use hmac::{KeyInit, Mac};
    let mut mac = match hmac::Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        // HMAC takes a key of any length.
        Err(_) => return String::new(),
    };
    mac.update(body);
    format!(
        "sha256={}",
        store::crypto::to_hex(&mac.finalize().into_bytes())
    )
}

/// The worker.
pub struct WebhookWorker {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    settings: WebhookSettings,
    client: Client<HttpConnector, Full<Bytes>>,
    actor: Actor,
}

impl WebhookWorker {
    /// A worker over `store`, reading "now" from `clock`.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, settings: WebhookSettings) -> Self {
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(settings.timeout));
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(connector);
        WebhookWorker {
            store,
            clock,
            settings,
            client,
            actor: Actor::system("webhooks"),
        }
    }

    /// Runs passes every interval until the task is aborted. A pass that fails (the database
    /// is away) is logged and the next one tries again.
    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(self.settings.interval);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                if let Err(error) = self.run_once().await {
                    eprintln!("declarant-server: webhook pass failed: {error}");
                }
            }
        })
    }

    /// One pass: enqueue every subscribed tenant's new reminders, then deliver what is due.
    pub async fn run_once(&self) -> Result<PassReport, StoreError> {
        let mut report = PassReport {
            enqueued: self.enqueue().await?,
            ..PassReport::default()
        };
        loop {
            let claimed = self
                .store
                .claim_deliveries(&self.actor, self.lease_seconds(), self.settings.batch)
                .await?;
            let count = claimed.len();
            let mut tasks = tokio::task::JoinSet::new();
            for delivery in claimed {
                let client = self.client.clone();
                let timeout = self.settings.timeout;
                tasks.spawn(async move {
                    let outcome = post(&client, &delivery, timeout).await;
                    (delivery, outcome)
                });
            }
            while let Some(joined) = tasks.join_next().await {
                let Ok((delivery, outcome)) = joined else {
                    continue;
                };
                let outcome = match outcome {
                    Ok(()) => {
                        report.delivered += 1;
                        AttemptOutcome::Delivered
                    }
                    Err(error) if delivery.attempts >= self.settings.max_attempts => {
                        report.failed += 1;
                        AttemptOutcome::Failed { error }
                    }
                    Err(error) => {
                        report.retried += 1;
                        AttemptOutcome::Retry {
                            error,
                            after_seconds: self.settings.backoff_seconds(delivery.attempts),
                        }
                    }
                };
                self.store
                    .finish_delivery(&self.actor, &delivery.tenant_id, &delivery.id, outcome)
                    .await?;
            }
            if count < self.settings.batch as usize {
                return Ok(report);
            }
        }
    }

    /// How long a claimed delivery stays with this worker: time to post it and record it.
    fn lease_seconds(&self) -> i64 {
        i64::try_from(self.settings.timeout.as_secs())
            .unwrap_or(60)
            .saturating_mul(2)
            .saturating_add(30)
    }

    async fn enqueue(&self) -> Result<usize, StoreError> {
        let as_of = workdays::china_time(self.clock.now());
        let mut enqueued = 0;
        for tenant_id in self.store.webhook_tenants().await? {
            let items = match self.tenant_reminders(&tenant_id, as_of).await {
                Ok(items) => items,
                Err(error) => {
                    eprintln!("declarant-server: reminders of tenant {tenant_id}: {error}");
                    continue;
                }
            };
            enqueued += self
                .store
                .enqueue_deliveries(&self.actor, &tenant_id, items)
                .await?
                .len();
        }
        Ok(enqueued)
    }

    async fn tenant_reminders(
        &self,
        tenant_id: &str,
        as_of: jiff::civil::DateTime,
    ) -> Result<Vec<NewDelivery>, StoreError> {
        let mut ledger = agency::Ledger::new();
        for stored in self.store.list_orders(tenant_id, None).await? {
            match replay(&stored) {
                Ok(order) => {
                    let _ = ledger.insert(order);
                }
                Err(_) => continue,
            }
        }
        let registry = tenant_registry(self.store.as_ref(), tenant_id).await?;
        let found = agency::reminders(as_of, &ledger, &registry, calendar());
        let as_of = found.as_of.to_string();
        Ok(found
            .items
            .iter()
            .map(|reminder| NewDelivery {
                reminder_key: reminder_key(reminder),
                payload_json: serde_json::to_string(&ReminderPayload::of(reminder, &as_of))
                    .unwrap_or_default(),
            })
            .collect())
    }
}

/// The body of a delivery.
pub fn delivery_body(delivery_id: &str, payload_json: &str) -> String {
    format!(
        "{{\"delivery_id\":{},\"reminder\":{payload_json}}}",
        serde_json::Value::String(delivery_id.to_string())
    )
}

/// Posts one delivery; `Err` says why it was not accepted.
async fn post(
    client: &Client<HttpConnector, Full<Bytes>>,
    delivery: &ClaimedDelivery,
    timeout: Duration,
) -> Result<(), String> {
    let body = delivery_body(&delivery.id, &delivery.payload_json);
    let request = axum::http::Request::post(&delivery.url)
        .header("content-type", "application/json")
        .header("user-agent", "declarant-webhooks/1")
        .header("x-declarant-delivery", &delivery.id)
        .header("x-declarant-attempt", delivery.attempts.to_string())
        .header(
            "x-declarant-signature",
            signature(&delivery.secret, body.as_bytes()),
        )
        .body(Full::new(Bytes::from(body)))
        .map_err(|error| format!("bad request: {error}"))?;
    match tokio::time::timeout(timeout, client.request(request)).await {
        Err(_) => Err(format!("no answer within {} s", timeout.as_secs())),
        Ok(Err(error)) => Err(format!("connection failed: {error}")),
        Ok(Ok(response)) if response.status().is_success() => Ok(()),
        Ok(Ok(response)) => Err(format!("HTTP {}", response.status().as_u16())),
    }
}
