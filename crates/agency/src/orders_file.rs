//! The orders file (JSON): orders with their event history, replayed through the workflow so
//! that a history out of order is reported exactly where it breaks.
//!
//! ```json
//! {"orders": [{
//!   "application_no": "SQ2026100001", "client": "…", "agent": "…",
//!   "opened_at": "2026-09-28T09:30:00+08:00",
//!   "attached_documents": ["Y2026000123"],
//!   "declared_lines": [{"no": 1, "name": "锂离子蓄电池", "quantity": "1000", "amount": "12500.00"}],
//!   "bill_of_lading_lines": [{"no": 1, "quantity": "1000"}],
//!   "shipment": { "…": "a CONTRACT §1 bundle, instead of declared_lines/attached_documents" },
//!   "events": [{"at": "2026-09-29T15:00:00+08:00", "event": "pre_review_passed", "receipt": "PR-1"}, …]
//! }]}
//! ```
//!
//! Events (`event`): `pre_review_passed` (receipt), `document_mismatch` (receipt, detail?),
//! `resubmitted`, `application_accepted` (receipt), `verification_drawn` (notice?),
//! `verification_completed` (receipt), `cleared` (receipt, certificate_no), `written_off`
//! (receipt, lines?), `returned` (to, reason), `receipt_checked` (status?), `root_cause` (cause).
//!
//! An order's replay stops at its first bad event: what came before stays recorded, the error
//! names the event (`orders[1].events[3]`), and the events after it are not applied.

use crate::figures::{GoodsFigures, declared_figures};
use crate::json_input::{FieldReader, child, element, parse_json};
use crate::ledger::Ledger;
use crate::workflow::{Event, EventKind, Node, Order, OrderDraft};
use model::{InputError, Text};
use serde_json::{Map, Value};

/// What reading an orders file gave: the orders it could replay, and every problem.
#[derive(Debug, Default)]
pub struct OrdersOutcome {
    /// The orders, each replayed up to its first bad event.
    pub ledger: Ledger,
    /// Every problem, each with its JSON path.
    pub errors: Vec<InputError>,
}

/// Reads an orders file: `{"orders": [...]}` or a bare array of orders.
pub fn parse_orders(text: &str) -> OrdersOutcome {
    let mut outcome = OrdersOutcome::default();
    let root = match parse_json(text) {
        Ok(root) => root,
        Err(error) => {
            outcome.errors.push(error);
            return outcome;
        }
    };
    let mut reader = FieldReader::default();
    let (items, path): (&[Value], &str) = match &root {
        Value::Array(items) => (items, ""),
        Value::Object(object) => match object.get("orders") {
            Some(Value::Array(items)) => (items, "orders"),
            _ => {
                reader.expected("orders", "订单数组", "an array of orders");
                (&[], "orders")
            }
        },
        _ => {
            reader.expected(
                "",
                "含 orders 数组的 JSON 对象",
                "a JSON object with an `orders` array",
            );
            (&[], "")
        }
    };
    for (index, item) in items.iter().enumerate() {
        let order_path = element(path, index);
        if let Some(order) = read_order(&mut reader, item, &order_path)
            && let Err(error) = outcome.ledger.insert(order)
        {
            reader.problem(&child(&order_path, "application_no"), error.message());
        }
    }
    outcome.errors = reader.errors;
    outcome
}

fn read_order(reader: &mut FieldReader, item: &Value, path: &str) -> Option<Order> {
    let object = reader.object(item, path, ("订单", "an order"))?;
    let mut draft = OrderDraft {
        application_no: reader
            .string(object, "application_no", path)
            .unwrap_or_default(),
        client: reader.optional_string(object, "client", path),
        agent: reader.optional_string(object, "agent", path),
        opened_at: reader.time(object, "opened_at", path),
        attached_documents: reader.strings(object, "attached_documents", path),
        declared_lines: reader.goods_lines(object, "declared_lines", path),
        bill_of_lading_lines: reader.goods_lines(object, "bill_of_lading_lines", path),
    };
    if let Some(shipment) = object.get("shipment") {
        read_shipment(reader, shipment, &child(path, "shipment"), &mut draft);
    }
    if draft.application_no.is_empty() || draft.opened_at.is_none() {
        return None;
    }
    let mut order = match Order::open(draft) {
        Ok(order) => order,
        Err(error) => {
            reader.problem(path, error.message());
            return None;
        }
    };
    let events_path = child(path, "events");
    for (index, item) in reader.array(object, "events", path).iter().enumerate() {
        let event_path = element(&events_path, index);
        let problems_before = reader.errors.len();
        let Some(event) = read_event(reader, item, &event_path) else {
            if reader.errors.len() == problems_before {
                reader.expected(&event_path, "事件", "an event");
            }
            break;
        };
        if let Err(error) = order.apply(event) {
            reader.problem(&event_path, error.message());
            break;
        }
    }
    Some(order)
}

/// Fills declared lines and attached documents from a CONTRACT §1 bundle.
fn read_shipment(reader: &mut FieldReader, shipment: &Value, path: &str, draft: &mut OrderDraft) {
    let outcome = model::parse_bundle_value(shipment);
    for error in outcome.errors {
        let place = if error.path.is_empty() {
            path.to_owned()
        } else {
            child(path, &error.path)
        };
        reader.problem(&place, error.message);
    }
    let Some(bundle) = outcome.bundle else { return };
    if draft.declared_lines.is_empty() {
        draft.declared_lines = declared_figures(&bundle);
    }
    if draft.attached_documents.is_empty()
        && let Some(declaration) = &bundle.declaration
    {
        draft.attached_documents = declaration
            .attached_documents
            .iter()
            .map(ToString::to_string)
            .collect();
    }
}

fn read_event(reader: &mut FieldReader, item: &Value, path: &str) -> Option<Event> {
    let object = reader.object(item, path, ("事件", "an event"))?;
    let at = reader.time(object, "at", path);
    let key = reader.string(object, "event", path)?;
    let kind = read_event_kind(reader, object, &key, path)?;
    Some(Event { at: at?, kind })
}

fn read_event_kind(
    reader: &mut FieldReader,
    object: &Map<String, Value>,
    key: &str,
    path: &str,
) -> Option<EventKind> {
    let receipt = |reader: &mut FieldReader| reader.string(object, "receipt", path);
    Some(match key {
        "pre_review_passed" => EventKind::PreReviewPassed {
            receipt: receipt(reader)?,
        },
        "document_mismatch" => EventKind::DocumentMismatch {
            receipt: receipt(reader)?,
            detail: reader.optional_string(object, "detail", path),
        },
        "resubmitted" => EventKind::Resubmitted,
        "application_accepted" => EventKind::ApplicationAccepted {
            receipt: receipt(reader)?,
        },
        "verification_drawn" => EventKind::VerificationDrawn {
            notice: reader.optional_string(object, "notice", path),
        },
        "verification_completed" => EventKind::VerificationCompleted {
            receipt: receipt(reader)?,
        },
        "cleared" => {
            let receipt = receipt(reader);
            let certificate_no = reader.string(object, "certificate_no", path);
            EventKind::Cleared {
                receipt: receipt?,
                certificate_no: certificate_no?,
            }
        }
        "written_off" => {
            let receipt = receipt(reader);
            let lines: Vec<GoodsFigures> = reader.goods_lines(object, "lines", path);
            EventKind::WrittenOff {
                receipt: receipt?,
                lines,
            }
        }
        "returned" => {
            let to_text = reader.string(object, "to", path);
            let to = to_text.as_deref().and_then(Node::from_key);
            if to_text.is_some() && to.is_none() {
                reader.problem(&child(path, "to"), node_expected());
            }
            let reason = reader.string(object, "reason", path);
            EventKind::Returned {
                to: to?,
                reason: reason?,
            }
        }
        "receipt_checked" => EventKind::ReceiptChecked {
            status: reader.optional_string(object, "status", path),
        },
        "root_cause" => EventKind::RootCause {
            cause: reader.string(object, "cause", path)?,
        },
        other => {
            reader.problem(
                &child(path, "event"),
                Text::new(
                    format!(
                        "应为事件类型之一：{}（得到 `{other}`）",
                        EVENT_KEYS.join("、")
                    ),
                    format!(
                        "expected one of the events {} (got `{other}`)",
                        EVENT_KEYS.join(", ")
                    ),
                ),
            );
            return None;
        }
    })
}

/// Every event key a file may use.
pub const EVENT_KEYS: [&str; 11] = [
    "pre_review_passed",
    "document_mismatch",
    "resubmitted",
    "application_accepted",
    "verification_drawn",
    "verification_completed",
    "cleared",
    "written_off",
    "returned",
    "receipt_checked",
    "root_cause",
];

fn node_expected() -> Text {
    let keys: Vec<&str> = Node::ALL.iter().map(|node| node.key()).collect();
    Text::new(
        format!("应为节点之一：{}", keys.join("、")),
        format!("expected one of the nodes {}", keys.join(", ")),
    )
}

/// Applies an events file — `{"events": [{"application_no": "…", "at": "…", "event": "…", …}]}`
/// — to `ledger`, in order. Each bad event (unknown application, out-of-order transition,
/// unreadable field) is reported with its path and changes nothing; the others are applied.
pub fn apply_events_file(ledger: &mut Ledger, text: &str) -> Vec<InputError> {
    let root = match parse_json(text) {
        Ok(root) => root,
        Err(error) => return vec![error],
    };
    let mut reader = FieldReader::default();
    let items = match root.get("events") {
        Some(Value::Array(items)) => items.as_slice(),
        _ => {
            reader.expected("events", "事件数组", "an array of events");
            &[]
        }
    };
    for (index, item) in items.iter().enumerate() {
        let path = element("events", index);
        let Some(object) = reader.object(item, &path, ("事件", "an event")) else {
            continue;
        };
        let application_no = reader.string(object, "application_no", &path);
        let event = read_event(&mut reader, item, &path);
        if let (Some(application_no), Some(event)) = (application_no, event)
            && let Err(error) = ledger.record(&application_no, event)
        {
            reader.problem(&path, error.message());
        }
    }
    reader.errors
}

/// Reads one order of an orders file (its events included, replayed through the workflow)
/// from a JSON value; error paths are relative to it (`events[2].receipt`). The service
/// stores an order as its opening document and its events, and replays them with this.
pub fn parse_order_value(value: &Value) -> (Option<Order>, Vec<InputError>) {
    let mut reader = FieldReader::default();
    let order = read_order(&mut reader, value, "");
    (order, reader.errors)
}

/// Reads one event (`{"at": "…", "event": "…", …}`, as in an orders file); error paths are
/// relative to it (`receipt`, `at`).
pub fn parse_event_value(value: &Value) -> Result<Event, Vec<InputError>> {
    let mut reader = FieldReader::default();
    let event = read_event(&mut reader, value, "");
    match event {
        Some(event) if reader.errors.is_empty() => Ok(event),
        _ => {
            if reader.errors.is_empty() {
                reader.expected("", "事件", "an event");
            }
            Err(reader.errors)
        }
    }
}
