//! The deadlines of the workflow, in China working days (DOMAIN.md), and the order's risk.
//!
//! | node | time allowed | deadline |
//! |---|---|---|
//! | pre-review | 1–2 working days | 18:00 of the 2nd working day after it started |
//! | formal application | 0.5 working day | 4 h 30 min of working time (09:00–18:00) after it started |
//! | on-site verification (when drawn) | 2–3 working days | 18:00 of the 3rd working day |
//! | clearance | 1–2 working days | 18:00 of the 2nd working day |
//! | write-off and archiving | 7 working days after clearance | 18:00 of the 7th working day after the clearance date |
//!
//! A node's working days are counted from the day it started, that day not counted
//! ([`workdays::Calendar::add`]). A write-off more than 7 working days after the clearance date
//! makes the order *risky*: its root cause must be recorded. The customs receipt status is
//! checked at least every 24 hours while a customs answer is pending.

use crate::workflow::{Node, Order, Stage};
use jiff::SignedDuration;
use jiff::civil::DateTime;
use workdays::{Calendar, CalendarError, HALF_WORKING_DAY_MINUTES, close_of_business};

/// The write-off limit: 7 working days after clearance.
pub const WRITE_OFF_LIMIT_DAYS: u32 = 7;

/// The longest time between two receipt-status checks: 24 hours.
pub const RECEIPT_CHECK_INTERVAL: SignedDuration = SignedDuration::from_hours(24);

/// The time a node takes, as DOMAIN.md gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeTime {
    /// From `min` to `max` working days.
    WorkingDays {
        /// The usual shortest time.
        min: u32,
        /// The limit: the deadline.
        max: u32,
    },
    /// Half a working day (4 h 30 min of working hours).
    HalfWorkingDay,
}

/// The time allowed for `node`.
pub fn node_time(node: Node) -> NodeTime {
    match node {
        Node::PreReview => NodeTime::WorkingDays { min: 1, max: 2 },
        Node::Application => NodeTime::HalfWorkingDay,
        Node::OnSiteVerification => NodeTime::WorkingDays { min: 2, max: 3 },
        Node::Clearance => NodeTime::WorkingDays { min: 1, max: 2 },
        Node::WriteOff => NodeTime::WorkingDays {
            min: 0,
            max: WRITE_OFF_LIMIT_DAYS,
        },
    }
}

/// The deadline of a node started at `started_at`.
pub fn node_deadline(
    calendar: &Calendar,
    node: Node,
    started_at: DateTime,
) -> Result<DateTime, CalendarError> {
    match node_time(node) {
        NodeTime::WorkingDays { max, .. } => {
            Ok(close_of_business(calendar.add(started_at.date(), max)?))
        }
        NodeTime::HalfWorkingDay => {
            calendar.add_working_minutes(started_at, HALF_WORKING_DAY_MINUTES)
        }
    }
}

/// The deadline the order is working against now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurrentDeadline {
    /// The node.
    pub node: Node,
    /// When the node started (for write-off: the clearance).
    pub started_at: DateTime,
    /// When it must be done.
    pub due: DateTime,
}

/// The deadline of the order's current node; `None` when it is archived or waits for
/// corrected documents (no customs deadline runs then).
pub fn current_deadline(
    calendar: &Calendar,
    order: &Order,
) -> Result<Option<CurrentDeadline>, CalendarError> {
    let Stage::At(node) = order.stage else {
        return Ok(None);
    };
    let started_at = match node {
        Node::WriteOff => order.cleared_at.unwrap_or(order.stage_started_at),
        _ => order.stage_started_at,
    };
    let due = node_deadline(calendar, node, started_at)?;
    Ok(Some(CurrentDeadline {
        node,
        started_at,
        due,
    }))
}

/// When the next receipt-status check is due: 24 hours after the last one (a receipt received
/// counts as a check; before any, the opening). `None` when no customs answer is pending:
/// archived, or waiting for the agent's corrected documents.
pub fn receipt_check_due(order: &Order) -> Option<DateTime> {
    if matches!(order.stage, Stage::Archived | Stage::AwaitingCorrection) {
        return None;
    }
    let last = order.last_receipt_check.unwrap_or(order.opened_at);
    last.checked_add(RECEIPT_CHECK_INTERVAL).ok()
}

/// Working days from the clearance date to the write-off date, once written off.
pub fn write_off_days(calendar: &Calendar, order: &Order) -> Result<Option<i64>, CalendarError> {
    match (order.cleared_at, order.written_off_at) {
        (Some(cleared), Some(written_off)) => calendar
            .between(cleared.date(), written_off.date())
            .map(Some),
        _ => Ok(None),
    }
}

/// Whether the order is risky: written off more than 7 working days after clearance.
pub fn is_risky(calendar: &Calendar, order: &Order) -> Result<bool, CalendarError> {
    Ok(write_off_days(calendar, order)?.is_some_and(|days| days > i64::from(WRITE_OFF_LIMIT_DAYS)))
}
