//! The JSON shapes of the agency endpoints: orders with their nodes and deadlines,
//! qualification parties, history uploads, reminders, webhook subscriptions and deliveries.
//! Times of the workflow are civil times in China time (`2026-10-09T14:30:00`), as the files
//! and `declarant reminders --format json` write them.

use agency::{
    DueAt, Order, Outcome, Reminder, ReminderKind, Reminders, Stage, current_deadline, is_risky,
    receipt_check_due,
};
use model::Lang;
use serde::Serialize;
use store::{StoredOrder, StoredParty};
use utoipa::ToSchema;
use workdays::Calendar;

/// A node the order passed, with its receipt.
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeView {
    /// `pre_review`, `application`, `on_site_verification`, `clearance`, `write_off`.
    pub node: String,
    /// The node's name in the requested language.
    pub name: String,
    /// When it started.
    pub started_at: String,
    /// When its receipt came.
    pub completed_at: String,
    /// The receipt number.
    pub receipt: String,
    /// `passed` or `document_mismatch`.
    pub outcome: String,
}

/// The deadline the order works against now.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlineView {
    /// The node.
    pub node: String,
    /// When the node started (write-off: the clearance).
    pub started_at: String,
    /// When it must be done.
    pub due: String,
}

/// The archive entry of a written-off order (kept at least 5 years).
#[derive(Debug, Serialize, ToSchema)]
pub struct ArchiveView {
    /// `APPLICATION-NO_YYYYMMDD`.
    pub key: String,
    /// The write-off date.
    pub archived_on: String,
    /// The first day it may be destroyed.
    pub keep_until: String,
}

/// One recorded event.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    /// Its position in the log, from 1.
    pub seq: i64,
    /// The event as posted.
    #[schema(value_type = Object)]
    pub event: serde_json::Value,
    /// When it was recorded.
    pub recorded_at: String,
    /// By whom.
    pub recorded_by: String,
}

/// An order and where it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderView {
    /// The application number.
    pub application_no: String,
    /// The client enterprise (id) it is for.
    pub client_id: Option<String>,
    /// The client's name as the order gives it.
    pub client: Option<String>,
    /// The agent handling it.
    pub agent: Option<String>,
    /// When it was opened.
    pub opened_at: String,
    /// The stage: a node's key, `awaiting_correction` or `archived`.
    pub stage: String,
    /// The stage's name in the requested language.
    pub stage_name: String,
    /// When the stage started.
    pub stage_started_at: String,
    /// The nodes passed, in order, with receipts and times.
    pub nodes: Vec<NodeView>,
    /// The current deadline (none when archived or waiting for corrected documents).
    pub current_deadline: Option<DeadlineView>,
    /// Why the deadline could not be computed (an unpublished calendar year).
    pub deadline_problem: Option<String>,
    /// Written off more than 7 working days after clearance.
    pub risky: bool,
    /// The recorded root cause of a late write-off.
    pub root_cause: Option<String>,
    /// The certificate number, once cleared.
    pub certificate_no: Option<String>,
    /// When the goods cleared.
    pub cleared_at: Option<String>,
    /// When it was written off.
    pub written_off_at: Option<String>,
    /// The archive entry, once written off.
    pub archive: Option<ArchiveView>,
    /// The last receipt-status check.
    pub last_receipt_check: Option<String>,
    /// When the next receipt-status check is due (every 24 hours).
    pub receipt_check_due: Option<String>,
    /// The events the workflow accepts next.
    pub allowed_events: Vec<String>,
    /// The event log, oldest first.
    pub events: Vec<EventView>,
}

fn stage_name(stage: Stage, lang: Lang) -> String {
    let (zh, en) = stage.names();
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
    .to_string()
}

impl OrderView {
    /// The view of a replayed order.
    pub fn of(stored: &StoredOrder, order: &Order, calendar: &Calendar, lang: Lang) -> OrderView {
        let (current_deadline, deadline_problem) = match current_deadline(calendar, order) {
            Ok(deadline) => (
                deadline.map(|d| DeadlineView {
                    node: d.node.key().to_string(),
                    started_at: d.started_at.to_string(),
                    due: d.due.to_string(),
                }),
                None,
            ),
            Err(error) => (None, Some(error.message().get(lang).to_string())),
        };
        OrderView {
            application_no: order.application_no.clone(),
            client_id: stored.client_id.clone(),
            client: order.client.clone(),
            agent: order.agent.clone(),
            opened_at: order.opened_at.to_string(),
            stage: order.stage.key().to_string(),
            stage_name: stage_name(order.stage, lang),
            stage_started_at: order.stage_started_at.to_string(),
            nodes: order
                .records
                .iter()
                .map(|record| NodeView {
                    node: record.node.key().to_string(),
                    name: stage_name(Stage::At(record.node), lang),
                    started_at: record.started_at.to_string(),
                    completed_at: record.completed_at.to_string(),
                    receipt: record.receipt.clone(),
                    outcome: match record.outcome {
                        Outcome::Passed => "passed",
                        Outcome::DocumentMismatch => "document_mismatch",
                    }
                    .to_string(),
                })
                .collect(),
            current_deadline,
            deadline_problem,
            risky: is_risky(calendar, order).unwrap_or(false),
            root_cause: order.root_cause.clone(),
            certificate_no: order.certificate_no.clone(),
            cleared_at: order.cleared_at.map(|t| t.to_string()),
            written_off_at: order.written_off_at.map(|t| t.to_string()),
            archive: order.archive.as_ref().map(|archive| ArchiveView {
                key: archive.key.clone(),
                archived_on: archive.archived_on.to_string(),
                keep_until: archive.keep_until.to_string(),
            }),
            last_receipt_check: order.last_receipt_check.map(|t| t.to_string()),
            receipt_check_due: receipt_check_due(order).map(|t| t.to_string()),
            allowed_events: order
                .allowed_events()
                .into_iter()
                .map(str::to_string)
                .collect(),
            events: stored
                .events
                .iter()
                .map(|event| EventView {
                    seq: event.seq,
                    event: serde_json::from_str(&event.event_json)
                        .unwrap_or(serde_json::Value::Null),
                    recorded_at: event.recorded_at.clone(),
                    recorded_by: event.recorded_by.clone(),
                })
                .collect(),
        }
    }
}

/// An order in a listing.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderSummaryView {
    /// The application number.
    pub application_no: String,
    /// The client enterprise (id).
    pub client_id: Option<String>,
    /// The client's name as the order gives it.
    pub client: Option<String>,
    /// The agent.
    pub agent: Option<String>,
    /// The stage's key.
    pub stage: String,
    /// The stage's name in the requested language.
    pub stage_name: String,
    /// When the current node is due.
    pub due: Option<String>,
    /// Written off late.
    pub risky: bool,
    /// How many events are recorded (the order's ETag).
    pub events: usize,
}

impl OrderSummaryView {
    /// The summary of a replayed order.
    pub fn of(
        stored: &StoredOrder,
        order: &Order,
        calendar: &Calendar,
        lang: Lang,
    ) -> OrderSummaryView {
        OrderSummaryView {
            application_no: order.application_no.clone(),
            client_id: stored.client_id.clone(),
            client: order.client.clone(),
            agent: order.agent.clone(),
            stage: order.stage.key().to_string(),
            stage_name: stage_name(order.stage, lang),
            due: current_deadline(calendar, order)
                .ok()
                .flatten()
                .map(|d| d.due.to_string()),
            risky: is_risky(calendar, order).unwrap_or(false),
            events: stored.events.len(),
        }
    }
}

/// A qualification party (one version).
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyView {
    /// The party's id.
    pub party_id: String,
    /// This version (the ETag).
    pub version: i64,
    /// When it was written.
    pub updated_at: String,
    /// By whom.
    pub updated_by: String,
    /// The party as a qualifications file writes it.
    #[schema(value_type = Object)]
    pub party: serde_json::Value,
}

impl From<StoredParty> for PartyView {
    fn from(stored: StoredParty) -> PartyView {
        PartyView {
            party_id: stored.party_id,
            version: stored.version,
            updated_at: stored.created_at,
            updated_by: stored.created_by,
            party: serde_json::from_str(&stored.party_json).unwrap_or(serde_json::Value::Null),
        }
    }
}

/// An upload of shipment history.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryImportView {
    /// Its id (`his_…`).
    pub id: String,
    /// Shipments in it.
    pub records: i64,
    /// When it was uploaded.
    pub created_at: String,
    /// By whom.
    pub created_by: String,
}

impl From<store::HistoryImport> for HistoryImportView {
    fn from(import: store::HistoryImport) -> HistoryImportView {
        HistoryImportView {
            id: import.id,
            records: import.records,
            created_at: import.created_at,
            created_by: import.created_by,
        }
    }
}

/// How many reminders of each status.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReminderSummaryView {
    /// Past their deadline.
    pub overdue: usize,
    /// Due today.
    pub due: usize,
    /// Due soon.
    pub due_soon: usize,
}

/// One reminder, as `declarant reminders --format json` writes it, with its key.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReminderView {
    /// `kind[:node or change digest]|subject|due|status`: the same reminder has the same key on every query
    /// (and in webhook deliveries).
    pub key: String,
    /// `overdue`, `due`, `due_soon`.
    pub status: String,
    /// `node_deadline`, `document_mismatch`, `receipt_check`, `root_cause`,
    /// `foreign_trade_registration`, `filing_receipt`, `eport_certificate`, `unfiled_change`.
    pub kind: String,
    /// The node, for node deadlines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// The application number or party id.
    pub subject: String,
    /// The client's or party's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The deadline.
    pub due: Option<String>,
    /// What to do, in the requested language.
    pub message: String,
}

/// An item whose deadline could not be computed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReminderProblemView {
    /// The application number or party id.
    pub subject: String,
    /// Why, in the requested language.
    pub message: String,
}

/// The reminders as of a moment.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemindersView {
    /// The moment (China time).
    pub as_of: String,
    /// The counts.
    pub summary: ReminderSummaryView,
    /// Most urgent first.
    pub reminders: Vec<ReminderView>,
    /// Deadlines that could not be computed.
    pub problems: Vec<ReminderProblemView>,
}

/// The stable key of a reminder: kind (with its node), subject, deadline and status. A
/// reminder that moves from due soon to due to overdue is three reminders.
pub fn reminder_key(reminder: &Reminder) -> String {
    let kind = match reminder.kind {
        ReminderKind::NodeDeadline(node) => format!("{}:{}", reminder.kind.key(), node.key()),
        // A party may have two changes of one day to file: the message names the change.
        ReminderKind::UnfiledChange => {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(reminder.message.en.as_bytes());
            let hex = store::crypto::to_hex(&digest);
            format!("{}:{}", reminder.kind.key(), hex.get(..8).unwrap_or(""))
        }
        kind => kind.key().to_string(),
    };
    format!(
        "{kind}|{}|{}|{}",
        reminder.subject,
        reminder.due.map_or_else(|| "-".to_string(), DueAt::iso),
        reminder.status.key()
    )
}

fn node_of(reminder: &Reminder) -> Option<String> {
    match reminder.kind {
        ReminderKind::NodeDeadline(node) => Some(node.key().to_string()),
        _ => None,
    }
}

impl RemindersView {
    /// The view of the engine's reminders.
    pub fn of(reminders: &Reminders, lang: Lang) -> RemindersView {
        use agency::ReminderStatus;
        RemindersView {
            as_of: reminders.as_of.to_string(),
            summary: ReminderSummaryView {
                overdue: reminders.count(ReminderStatus::Overdue),
                due: reminders.count(ReminderStatus::Due),
                due_soon: reminders.count(ReminderStatus::DueSoon),
            },
            reminders: reminders
                .items
                .iter()
                .map(|item| ReminderView {
                    key: reminder_key(item),
                    status: item.status.key().to_string(),
                    kind: item.kind.key().to_string(),
                    node: node_of(item),
                    subject: item.subject.clone(),
                    name: item.subject_name.clone(),
                    due: item.due.map(DueAt::iso),
                    message: item.message.get(lang).to_string(),
                })
                .collect(),
            problems: reminders
                .problems
                .iter()
                .map(|problem| ReminderProblemView {
                    subject: problem.subject.clone(),
                    message: problem.message.get(lang).to_string(),
                })
                .collect(),
        }
    }
}

/// A reminder's message in both languages.
#[derive(Debug, Serialize, ToSchema)]
pub struct BilingualView {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

/// What a webhook delivery posts about one reminder (the `reminder` of the body).
#[derive(Debug, Serialize, ToSchema)]
pub struct ReminderPayload {
    /// The reminder's stable key.
    pub key: String,
    /// `overdue`, `due`, `due_soon`.
    pub status: String,
    /// The kind.
    pub kind: String,
    /// The node, for node deadlines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// The application number or party id.
    pub subject: String,
    /// The client's or party's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The deadline (China time).
    pub due: Option<String>,
    /// What to do, in both languages.
    pub message: BilingualView,
    /// When the reminder was computed.
    pub as_of: String,
}

impl ReminderPayload {
    /// The payload of one reminder computed as of `as_of`.
    pub fn of(reminder: &Reminder, as_of: &str) -> ReminderPayload {
        ReminderPayload {
            key: reminder_key(reminder),
            status: reminder.status.key().to_string(),
            kind: reminder.kind.key().to_string(),
            node: node_of(reminder),
            subject: reminder.subject.clone(),
            name: reminder.subject_name.clone(),
            due: reminder.due.map(DueAt::iso),
            message: BilingualView {
                zh: reminder.message.zh.clone(),
                en: reminder.message.en.clone(),
            },
            as_of: as_of.to_string(),
        }
    }
}

/// A webhook subscription (its secret is shown only when it is created).
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionView {
    /// Its id (`whk_…`).
    pub id: String,
    /// Where deliveries are posted.
    pub url: String,
    /// The HMAC-SHA256 key of `X-Declarant-Signature` (only in the creation's answer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// When it was created.
    pub created_at: String,
    /// By whom.
    pub created_by: String,
    /// When it was deleted.
    pub deleted_at: Option<String>,
}

impl SubscriptionView {
    /// The view, with or without the secret.
    pub fn of(subscription: store::Subscription, with_secret: bool) -> SubscriptionView {
        SubscriptionView {
            id: subscription.id,
            url: subscription.url,
            secret: with_secret.then_some(subscription.secret),
            created_at: subscription.created_at,
            created_by: subscription.created_by,
            deleted_at: subscription.deleted_at,
        }
    }
}

/// A row of the delivery outbox.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryView {
    /// Its id: the `X-Declarant-Delivery` header, the same on every retry.
    pub id: String,
    /// The subscription.
    pub subscription_id: String,
    /// The reminder's key.
    pub reminder_key: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    /// Attempts so far.
    pub attempts: i64,
    /// When the next attempt may start (pending).
    pub next_attempt_at: String,
    /// When the receiver accepted it.
    pub delivered_at: Option<String>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it was enqueued.
    pub created_at: String,
}

impl From<store::Delivery> for DeliveryView {
    fn from(delivery: store::Delivery) -> DeliveryView {
        DeliveryView {
            id: delivery.id,
            subscription_id: delivery.subscription_id,
            reminder_key: delivery.reminder_key,
            status: delivery.status.as_str().to_string(),
            attempts: delivery.attempts,
            next_attempt_at: delivery.next_attempt_at,
            delivered_at: delivery.delivered_at,
            last_error: delivery.last_error,
            created_at: delivery.created_at,
        }
    }
}
