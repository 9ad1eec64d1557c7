//! The agency side of declarant (issue 6): the agent-certificate workflow with its deadlines in
//! China working days, the qualifications registry, monthly agent scorecards and reminders.
//!
//! - [`workflow`](Order): five nodes, validated transitions, receipts and times per node;
//!   [`Ledger`] keeps the orders by application number; [`parse_orders`] replays an orders file.
//! - [`deadlines`](current_deadline): the nodes' working-day deadlines, the 24-hour receipt
//!   check, risky orders (write-off later than 7 working days after clearance).
//! - [`qualifications`](Registry): registrations, filing receipts, e-port certificates, AEO
//!   advice and supply-chain linkage; [`parse_qualifications`] reads its file.
//! - [`scorecard`]: monthly agent figures, score and ranking from a shipment history
//!   ([`parse_history_csv`], [`parse_history_xlsx`]), as text, JSON or an HTML page with SVG.
//! - [`reminders`]: overdue, due today and due soon, as text or JSON.
//!
//! **Invariant:** this crate does no IO and reads no clock: files come in as text, "now" is an
//! argument, and the working-day calendar is passed in.

mod deadlines;
mod figures;
mod history;
mod history_xlsx;
mod json_input;
mod ledger;
mod orders_file;
mod qualifications;
mod qualifications_file;
mod qualifications_review;
mod reminders;
mod reminders_render;
mod scorecard;
mod scorecard_html;
mod scorecard_render;
mod svg;
mod time;
mod workflow;
mod workflow_error;

pub use deadlines::{
    CurrentDeadline, NodeTime, RECEIPT_CHECK_INTERVAL, WRITE_OFF_LIMIT_DAYS, current_deadline,
    is_risky, node_deadline, node_time, receipt_check_due, write_off_days,
};
pub use figures::{
    Figure, FigureDifference, GoodsFigures, Reference, WRITE_OFF_TOLERANCE_PERCENT,
    beyond_tolerance, certificate_figures, compare_figures, declared_figures, deviation_percent,
};
pub use history::{
    HistoryOutcome, ShipmentRecord, history_csv, parse_history_csv, parse_history_csv_bytes,
    parse_history_rows,
};
pub use history_xlsx::parse_history_xlsx;
pub use ledger::Ledger;
pub use orders_file::{
    EVENT_KEYS, OrdersOutcome, apply_events_file, parse_event_value, parse_order_value,
    parse_orders,
};
pub use qualifications::{
    AEO_APPROVAL_DAYS, AeoAdvice, AeoLevel, CHANGE_FILING_DAYS, ChangeKind, CustomsRegistration,
    EPORT_RENEWAL_DAYS, EportCertificate, FILING_APPROVAL_DAYS, FILING_RECEIPT_RENEWAL_DAYS,
    FILING_RECEIPT_VALID_YEARS, ForeignTradeRegistration, Linkage, Party, PartyRole,
    RegistrationChange, Registry, SupplyChain, aeo_advanced_threshold_usd, aeo_advice,
    aeo_general_threshold_usd, filing_receipt_valid_until, linkage, penalty_range,
};
pub use qualifications_file::{QualificationsOutcome, parse_party_value, parse_qualifications};
pub use qualifications_review::{
    PartyReview, QualificationReview, qualification_review_json, qualification_review_text,
    review_qualifications,
};
pub use reminders::{
    DueAt, Reminder, ReminderKind, ReminderProblem, ReminderStatus, Reminders, reminders,
};
pub use reminders_render::{reminders_json, reminders_text};
pub use scorecard::{
    AgentMonth, CLEARANCE_TARGET_HOURS, InspectionGrade, MonthScorecard, Scorecard, scorecard,
};
pub use scorecard_html::scorecard_html;
pub use scorecard_render::{scorecard_json, scorecard_text};
pub use time::{display_time, parse_as_of, parse_china_time, parse_date};
pub use workflow::{
    ARCHIVE_RETENTION_YEARS, Archive, Event, EventKind, Node, NodeRecord, Order, OrderDraft,
    Outcome, Stage, archive_of,
};
pub use workflow_error::WorkflowError;
