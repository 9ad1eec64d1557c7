//! The agency side of the store (issue 6): agent-certificate orders as an append-only event
//! log, qualification parties with every version kept, shipment-history uploads for the
//! scorecard, webhook subscriptions and their delivery outbox.
//!
//! The store keeps these as opaque JSON or CSV documents, sealed with the tenant's data key:
//! the workflow engine (crate `agency`) lives in the server, which replays an order's events
//! before it asks the store to append one. Every write is one transaction with its audit
//! entry, like the rest of the store; every read is tenant-scoped.
//!
//! The outbox holds one row per (subscription, reminder key) under a UNIQUE constraint, so a
//! reminder is enqueued once; a worker claims due rows (with `FOR UPDATE SKIP LOCKED` on
//! PostgreSQL and a lease, so that a replica that dies mid-delivery releases them), posts them
//! and records the outcome. A delivered row is never enqueued again.

use crate::{Actor, StoreResult};
use async_trait::async_trait;
use serde::Serialize;

/// A new order: its opening document and the events recorded with it.
#[derive(Debug, Clone)]
pub struct NewOrder {
    /// The application number (the key of the order within the tenant).
    pub application_no: String,
    /// The client enterprise it is for (client reviewers see only their own).
    pub client_id: Option<String>,
    /// The order as an orders file writes it, without `events` (sealed at rest).
    pub order_json: String,
    /// Events recorded with the opening, oldest first (each sealed at rest).
    pub events: Vec<String>,
}

/// One recorded event of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredEvent {
    /// Its position in the order's log, from 1.
    pub seq: i64,
    /// The event as JSON (`{"at": …, "event": …, …}`).
    pub event_json: String,
    /// When it was recorded.
    pub recorded_at: String,
    /// By whom.
    pub recorded_by: String,
}

/// An order as stored: its opening document and its events, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredOrder {
    /// The application number.
    pub application_no: String,
    /// The client enterprise.
    pub client_id: Option<String>,
    /// The opening document.
    pub order_json: String,
    /// The events.
    pub events: Vec<StoredEvent>,
    /// When it was opened in the store.
    pub created_at: String,
    /// By whom.
    pub created_by: String,
    /// When its last event was recorded.
    pub updated_at: String,
}

/// What a creating write answered, and whether it replayed an earlier one under the same
/// `Idempotency-Key` (nothing new was written then).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replayable<T> {
    /// The object.
    pub value: T,
    /// `true` when the key had been used for this same request.
    pub replayed: bool,
}

/// One version of a qualification party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredParty {
    /// The party's id (unified social credit code or customs code).
    pub party_id: String,
    /// The version, from 1.
    pub version: i64,
    /// The party as a qualifications file writes it.
    pub party_json: String,
    /// When this version was written.
    pub created_at: String,
    /// By whom.
    pub created_by: String,
}

/// One upload of shipment history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryImport {
    /// Its id (`his_…`).
    pub id: String,
    /// How many shipments it holds.
    pub records: i64,
    /// When it was uploaded.
    pub created_at: String,
    /// By whom.
    pub created_by: String,
}

/// A webhook subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// Its id (`whk_…`).
    pub id: String,
    /// The tenant.
    pub tenant_id: String,
    /// Where deliveries are posted.
    pub url: String,
    /// The HMAC-SHA256 key of the signature header.
    pub secret: String,
    /// When it was created.
    pub created_at: String,
    /// By whom.
    pub created_by: String,
    /// When it was deleted (nothing is delivered to it since).
    pub deleted_at: Option<String>,
}

/// A reminder to deliver to every live subscription of a tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDelivery {
    /// `kind|subject|due|status`: the same reminder has the same key on every pass.
    pub reminder_key: String,
    /// The JSON body's reminder part (sealed at rest).
    pub payload_json: String,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its first or next attempt.
    Pending,
    /// Accepted by the receiver (a 2xx answer).
    Delivered,
    /// Given up after the last attempt.
    Failed,
}

impl DeliveryStatus {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }

    /// Parses the stored form.
    pub fn parse(text: &str) -> Option<DeliveryStatus> {
        [
            DeliveryStatus::Pending,
            DeliveryStatus::Delivered,
            DeliveryStatus::Failed,
        ]
        .into_iter()
        .find(|status| status.as_str() == text)
    }
}

/// A row of the outbox, without its payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delivery {
    /// Its id (`dlv_…`): the `X-Declarant-Delivery` header, stable across retries.
    pub id: String,
    /// The subscription.
    pub subscription_id: String,
    /// The reminder's key.
    pub reminder_key: String,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// Attempts begun so far.
    pub attempts: i64,
    /// When the next attempt may start (pending rows).
    pub next_attempt_at: String,
    /// When the receiver accepted it.
    pub delivered_at: Option<String>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it was enqueued.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
}

/// A delivery claimed by a worker: everything needed to post it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedDelivery {
    /// The delivery's id.
    pub id: String,
    /// The tenant.
    pub tenant_id: String,
    /// The subscription.
    pub subscription_id: String,
    /// Where to post.
    pub url: String,
    /// The signature key.
    pub secret: String,
    /// The reminder's key.
    pub reminder_key: String,
    /// The reminder as JSON.
    pub payload_json: String,
    /// Attempts begun, this one included.
    pub attempts: i64,
}

/// How an attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptOutcome {
    /// The receiver accepted it.
    Delivered,
    /// It failed; try again after this many seconds.
    Retry {
        /// Why it failed.
        error: String,
        /// Seconds until the next attempt.
        after_seconds: i64,
    },
    /// It failed for the last time.
    Failed {
        /// Why it failed.
        error: String,
    },
}

/// Filters of an outbox listing, newest first.
#[derive(Debug, Clone, Default)]
pub struct DeliveryFilter {
    /// Only this subscription's.
    pub subscription_id: Option<String>,
    /// Only this status.
    pub status: Option<DeliveryStatus>,
    /// Page size (1–500; 0 means 100).
    pub limit: u32,
}

/// The agency part of the store. Every method that writes takes the [`Actor`] recorded in
/// the audit log; every read of tenant data takes the tenant id.
#[async_trait]
pub trait AgencyStore: Send + Sync {
    /// Opens an order with its first events. A number the tenant already has is a
    /// [`crate::StoreError::Conflict`]; an `idempotency_key` behaves as for shipments.
    async fn create_order(
        &self,
        actor: &Actor,
        tenant_id: &str,
        order: NewOrder,
        idempotency_key: Option<&str>,
    ) -> StoreResult<Replayable<StoredOrder>>;
    /// Appends one event, the order's `expected_events`-th + 1; fails with
    /// [`crate::StoreError::Conflict`] when another event was recorded meanwhile.
    async fn append_order_event(
        &self,
        actor: &Actor,
        tenant_id: &str,
        application_no: &str,
        expected_events: i64,
        event_json: &str,
        idempotency_key: Option<&str>,
    ) -> StoreResult<Replayable<StoredOrder>>;
    /// One order with its events.
    async fn get_order(&self, tenant_id: &str, application_no: &str) -> StoreResult<StoredOrder>;
    /// The tenant's orders (only this client enterprise's when given), by application number.
    async fn list_orders(
        &self,
        tenant_id: &str,
        client_id: Option<&str>,
    ) -> StoreResult<Vec<StoredOrder>>;

    /// Writes a new version of a party. `expected_version` `None` creates it (a
    /// [`crate::StoreError::Conflict`] when it exists); `Some(v)` must name the latest.
    async fn put_party(
        &self,
        actor: &Actor,
        tenant_id: &str,
        party_id: &str,
        expected_version: Option<i64>,
        party_json: &str,
    ) -> StoreResult<StoredParty>;
    /// One version of a party (the latest when `None`).
    async fn get_party(
        &self,
        tenant_id: &str,
        party_id: &str,
        version: Option<i64>,
    ) -> StoreResult<StoredParty>;
    /// The latest version of every party of the tenant, by id.
    async fn list_parties(&self, tenant_id: &str) -> StoreResult<Vec<StoredParty>>;

    /// Stores an upload of shipment history (canonical CSV, `records` rows).
    async fn import_history(
        &self,
        actor: &Actor,
        tenant_id: &str,
        csv: &str,
        records: i64,
        idempotency_key: Option<&str>,
    ) -> StoreResult<Replayable<HistoryImport>>;
    /// Every upload with its CSV, oldest first.
    async fn history_csvs(&self, tenant_id: &str) -> StoreResult<Vec<(HistoryImport, String)>>;

    /// Adds a webhook subscription.
    async fn create_subscription(
        &self,
        actor: &Actor,
        tenant_id: &str,
        url: &str,
        secret: &str,
        idempotency_key: Option<&str>,
    ) -> StoreResult<Replayable<Subscription>>;
    /// The tenant's subscriptions, deleted ones included, oldest first.
    async fn list_subscriptions(&self, tenant_id: &str) -> StoreResult<Vec<Subscription>>;
    /// One subscription.
    async fn get_subscription(&self, tenant_id: &str, id: &str) -> StoreResult<Subscription>;
    /// Deletes a subscription: nothing more is enqueued for it or delivered to it; its
    /// outbox rows stay as the record of what was sent.
    async fn delete_subscription(
        &self,
        actor: &Actor,
        tenant_id: &str,
        id: &str,
    ) -> StoreResult<Subscription>;
    /// The tenants with at least one live subscription.
    async fn webhook_tenants(&self) -> StoreResult<Vec<String>>;
    /// Enqueues each reminder for each live subscription of the tenant, unless that pair is
    /// already in the outbox (whatever its status). Answers the new deliveries' ids.
    async fn enqueue_deliveries(
        &self,
        actor: &Actor,
        tenant_id: &str,
        items: Vec<NewDelivery>,
    ) -> StoreResult<Vec<String>>;
    /// Claims up to `limit` pending deliveries whose time has come (any tenant, live
    /// subscriptions only): each counts one more attempt and is leased for `lease_seconds`,
    /// after which another worker may claim it again if no outcome was recorded.
    async fn claim_deliveries(
        &self,
        actor: &Actor,
        lease_seconds: i64,
        limit: u32,
    ) -> StoreResult<Vec<ClaimedDelivery>>;
    /// Records how an attempt ended. A delivery already delivered stays delivered.
    async fn finish_delivery(
        &self,
        actor: &Actor,
        tenant_id: &str,
        id: &str,
        outcome: AttemptOutcome,
    ) -> StoreResult<Delivery>;
    /// The tenant's outbox, newest first.
    async fn list_deliveries(
        &self,
        tenant_id: &str,
        filter: &DeliveryFilter,
    ) -> StoreResult<Vec<Delivery>>;
}
