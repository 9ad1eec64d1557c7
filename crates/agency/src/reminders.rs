//! Reminders: what is overdue, due today and due soon, as of a moment given by the caller.
//!
//! Classification of one deadline `due` as of `as_of` (China time):
//! - **overdue**: `as_of` is after `due` (a date deadline lasts to the end of its day);
//! - **due**: `due` falls on `as_of`'s date;
//! - **due soon**: within the item's window — workflow nodes: `due` is at most one working day
//!   after `as_of`'s date (write-off: two); filing receipt: 90 days before expiry; e-port
//!   certificate: 30 days; an unfiled change: from the day it changed.
//!
//! Problems that are already true (no registration on record, a business scope without
//! import/export, a document mismatch waiting for correction, a risky order without its root
//! cause) are listed as overdue or due without a deadline. An item whose deadline needs an
//! unpublished calendar year becomes a problem naming the year; the others are still computed.

use crate::deadlines::{
    NodeTime, WRITE_OFF_LIMIT_DAYS, current_deadline, is_risky, node_time, receipt_check_due,
    write_off_days,
};
use crate::ledger::Ledger;
use crate::qualifications::{
    CHANGE_FILING_DAYS, EPORT_RENEWAL_DAYS, FILING_RECEIPT_RENEWAL_DAYS, Party, Registry,
};
use crate::time::display_time;
use crate::workflow::{EventKind, Node, Order, Stage};
use jiff::civil::{Date, DateTime, Time};
use model::Text;
use workdays::{Calendar, CalendarError, close_of_business};

/// How urgent a reminder is, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReminderStatus {
    /// The deadline has passed, or the problem exists now.
    Overdue,
    /// The deadline is today.
    Due,
    /// The deadline is near.
    DueSoon,
}

impl ReminderStatus {
    /// The stable key (`overdue`, `due`, `due_soon`).
    pub fn key(self) -> &'static str {
        match self {
            ReminderStatus::Overdue => "overdue",
            ReminderStatus::Due => "due",
            ReminderStatus::DueSoon => "due_soon",
        }
    }

    /// The status's name.
    pub fn name(self) -> Text {
        match self {
            ReminderStatus::Overdue => Text::new("逾期", "overdue"),
            ReminderStatus::Due => Text::new("今日到期", "due today"),
            ReminderStatus::DueSoon => Text::new("即将到期", "due soon"),
        }
    }
}

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReminderKind {
    /// The deadline of a workflow node.
    NodeDeadline(Node),
    /// Pre-review answered "document mismatch": correct and resubmit.
    DocumentMismatch,
    /// The customs receipt status must be checked every 24 hours.
    ReceiptCheck,
    /// A risky order (late write-off) needs its root cause recorded.
    RootCause,
    /// The foreign-trade operator registration is missing or its scope lacks import/export.
    ForeignTradeRegistration,
    /// The customs registration is missing, or its filing receipt expires.
    FilingReceipt,
    /// The e-port digital certificate is missing or expires.
    EportCertificate,
    /// A change must be filed within 10 working days.
    UnfiledChange,
}

impl ReminderKind {
    /// The stable key (`node_deadline`, `receipt_check`, …).
    pub fn key(self) -> &'static str {
        match self {
            ReminderKind::NodeDeadline(_) => "node_deadline",
            ReminderKind::DocumentMismatch => "document_mismatch",
            ReminderKind::ReceiptCheck => "receipt_check",
            ReminderKind::RootCause => "root_cause",
            ReminderKind::ForeignTradeRegistration => "foreign_trade_registration",
            ReminderKind::FilingReceipt => "filing_receipt",
            ReminderKind::EportCertificate => "eport_certificate",
            ReminderKind::UnfiledChange => "unfiled_change",
        }
    }
}

/// When something is due: a moment, or the end of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DueAt {
    /// At this moment.
    Moment(DateTime),
    /// By the end of this day.
    Day(Date),
}

impl DueAt {
    /// The last moment before it is late.
    pub fn moment(self) -> DateTime {
        match self {
            DueAt::Moment(moment) => moment,
            DueAt::Day(day) => day.to_datetime(Time::MAX),
        }
    }

    /// As people read it: `2026-10-09 14:30` or `2026-12-19`.
    pub fn display(self) -> String {
        match self {
            DueAt::Moment(moment) => display_time(moment),
            DueAt::Day(day) => day.to_string(),
        }
    }

    /// As JSON writes it: `2026-10-09T14:30:00` or `2026-12-19`.
    pub fn iso(self) -> String {
        match self {
            DueAt::Moment(moment) => moment.to_string(),
            DueAt::Day(day) => day.to_string(),
        }
    }
}

/// One reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    /// How urgent.
    pub status: ReminderStatus,
    /// About what.
    pub kind: ReminderKind,
    /// The application number or the party's id.
    pub subject: String,
    /// The client's or party's name, when known.
    pub subject_name: Option<String>,
    /// The deadline, when there is one.
    pub due: Option<DueAt>,
    /// What to do, in both languages.
    pub message: Text,
}

/// An item whose deadline could not be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderProblem {
    /// The application number or party id.
    pub subject: String,
    /// Why, in both languages.
    pub message: Text,
}

/// All reminders as of one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminders {
    /// The moment they are computed for.
    pub as_of: DateTime,
    /// The reminders, most urgent first, then by deadline, subject and kind.
    pub items: Vec<Reminder>,
    /// Items whose deadline needs a calendar year that is not loaded.
    pub problems: Vec<ReminderProblem>,
}

impl Reminders {
    /// How many reminders have `status`.
    pub fn count(&self, status: ReminderStatus) -> usize {
        self.items
            .iter()
            .filter(|item| item.status == status)
            .count()
    }
}

/// How early a deadline becomes "due soon".
#[derive(Debug, Clone, Copy)]
enum Window {
    /// When at most this many working days remain.
    WorkingDays(i64),
    /// When at most this many calendar days remain.
    Days(i32),
    /// As soon as it exists.
    Always,
    /// Never: only due (today) or overdue.
    Never,
}

fn classify(
    calendar: &Calendar,
    as_of: DateTime,
    due: DueAt,
    window: Window,
) -> Result<Option<ReminderStatus>, CalendarError> {
    let last_moment = due.moment();
    if as_of > last_moment {
        return Ok(Some(ReminderStatus::Overdue));
    }
    if last_moment.date() == as_of.date() {
        return Ok(Some(ReminderStatus::Due));
    }
    let soon = match window {
        Window::WorkingDays(days) => calendar.between(as_of.date(), last_moment.date())? <= days,
        Window::Days(days) => {
            let remaining = as_of
                .date()
                .until(last_moment.date())
                .map(|span| span.get_days());
            remaining.is_ok_and(|remaining| remaining <= days)
        }
        Window::Always => true,
        Window::Never => false,
    };
    Ok(soon.then_some(ReminderStatus::DueSoon))
}

/// The reminders of every order and party as of `as_of`.
pub fn reminders(
    as_of: DateTime,
    orders: &Ledger,
    qualifications: &Registry,
    calendar: &Calendar,
) -> Reminders {
    let mut collected = Collector {
        as_of,
        calendar,
        items: Vec::new(),
        problems: Vec::new(),
    };
    for order in orders.orders() {
        collected.order(order);
    }
    for party in &qualifications.parties {
        collected.party(party);
    }
    let Collector {
        mut items,
        problems,
        ..
    } = collected;
    items.sort_by(|a, b| {
        (a.status, a.due.map(DueAt::moment), &a.subject, a.kind).cmp(&(
            b.status,
            b.due.map(DueAt::moment),
            &b.subject,
            b.kind,
        ))
    });
    Reminders {
        as_of,
        items,
        problems,
    }
}

struct Collector<'a> {
    as_of: DateTime,
    calendar: &'a Calendar,
    items: Vec<Reminder>,
    problems: Vec<ReminderProblem>,
}

impl Collector<'_> {
    fn push(
        &mut self,
        status: ReminderStatus,
        kind: ReminderKind,
        subject: (&str, Option<&str>),
        due: Option<DueAt>,
        message: Text,
    ) {
        self.items.push(Reminder {
            status,
            kind,
            subject: subject.0.to_owned(),
            subject_name: subject.1.map(str::to_owned),
            due,
            message,
        });
    }

    /// Adds a reminder for a deadline when its window has opened.
    fn deadline(
        &mut self,
        kind: ReminderKind,
        subject: (&str, Option<&str>),
        due: DueAt,
        window: Window,
        message: impl Fn(ReminderStatus) -> Text,
    ) {
        match classify(self.calendar, self.as_of, due, window) {
            Ok(Some(status)) => self.push(status, kind, subject, Some(due), message(status)),
            Ok(None) => {}
            Err(error) => self.problem(subject.0, &error),
        }
    }

    fn problem(&mut self, subject: &str, error: &CalendarError) {
        self.problems.push(ReminderProblem {
            subject: subject.to_owned(),
            message: error.message(),
        });
    }

    fn order(&mut self, order: &Order) {
        let subject = (order.application_no.as_str(), order.client.as_deref());
        if order.stage == Stage::AwaitingCorrection {
            let detail = order
                .history
                .iter()
                .rev()
                .find_map(|event| match &event.kind {
                    EventKind::DocumentMismatch { detail, .. } => {
                        Some(detail.clone().unwrap_or_default())
                    }
                    _ => None,
                });
            let detail = detail
                .filter(|d| !d.is_empty())
                .map(|d| format!("：{d}"))
                .unwrap_or_default();
            let detail_en = detail.trim_start_matches('：').to_owned();
            self.push(
                ReminderStatus::Due,
                ReminderKind::DocumentMismatch,
                subject,
                None,
                Text::new(
                    format!("预审回执“单证不符”{detail}，请补正后重新提交"),
                    if detail_en.is_empty() {
                        "pre-review found a document mismatch: correct and resubmit".to_owned()
                    } else {
                        format!("pre-review found a document mismatch ({detail_en}): correct and resubmit")
                    },
                ),
            );
        }
        match current_deadline(self.calendar, order) {
            Ok(Some(deadline)) => {
                let window = if deadline.node == Node::WriteOff {
                    Window::WorkingDays(2)
                } else {
                    Window::WorkingDays(1)
                };
                let (node_zh, node_en) = deadline.node.names();
                let allowed = allowance(deadline.node);
                let started = display_time(deadline.started_at);
                let (started_zh, started_en) = if deadline.node == Node::WriteOff {
                    (format!("{started} 通关"), format!("cleared {started}"))
                } else {
                    (format!("{started} 开始"), format!("started {started}"))
                };
                let due = DueAt::Moment(deadline.due);
                let write_off = deadline.node == Node::WriteOff;
                self.deadline(ReminderKind::NodeDeadline(deadline.node), subject, due, window, |status| {
                    let due = due.display();
                    match status {
                        ReminderStatus::Overdue if write_off => Text::new(
                            format!("核销归档已逾期（通关后 {WRITE_OFF_LIMIT_DAYS} 个工作日，应于 {due} 前完成）：列为风险订单，须记录根因"),
                            format!("write-off overdue (due {due}, {WRITE_OFF_LIMIT_DAYS} working days after clearance): a risky order, record its root cause"),
                        ),
                        ReminderStatus::Overdue => Text::new(
                            format!("{node_zh}已逾期：应于 {due} 前完成（{started_zh}，时限 {}）", allowance_zh(allowed)),
                            format!("{node_en} overdue: due {due} ({started_en}, {} allowed)", allowance_en(allowed)),
                        ),
                        _ => Text::new(
                            format!("{node_zh}应于 {due} 前完成（{started_zh}，时限 {}）", allowance_zh(allowed)),
                            format!("{node_en} due {due} ({started_en}, {} allowed)", allowance_en(allowed)),
                        ),
                    }
                });
            }
            Ok(None) => {}
            Err(error) => self.problem(&order.application_no, &error),
        }
        if let Some(due) = receipt_check_due(order) {
            let last = order.last_receipt_check.map_or_else(
                || Text::new("从未查询", "never checked"),
                |last| {
                    let last = display_time(last);
                    Text::new(format!("上次查询 {last}"), format!("last checked {last}"))
                },
            );
            self.deadline(
                ReminderKind::ReceiptCheck,
                subject,
                DueAt::Moment(due),
                Window::Never,
                |_| {
                    Text::new(
                        format!("查询海关回执状态（{}；至少每 24 小时一次）", last.zh),
                        format!(
                            "check the customs receipt status ({}; at least every 24 hours)",
                            last.en
                        ),
                    )
                },
            );
        }
        if order.stage == Stage::Archived && order.root_cause.is_none() {
            match (is_risky(self.calendar, order), write_off_days(self.calendar, order)) {
                (Ok(true), Ok(Some(days))) => self.push(
                    ReminderStatus::Overdue,
                    ReminderKind::RootCause,
                    subject,
                    None,
                    Text::new(
                        format!("风险订单：通关后 {days} 个工作日才核销（> {WRITE_OFF_LIMIT_DAYS}），须记录根因"),
                        format!("risky order: written off {days} working days after clearance (> {WRITE_OFF_LIMIT_DAYS}); record its root cause"),
                    ),
                ),
                (Err(error), _) | (_, Err(error)) => self.problem(&order.application_no, &error),
                _ => {}
            }
        }
    }

    fn party(&mut self, party: &Party) {
        let subject = (party.id.as_str(), Some(party.name.as_str()));
        match &party.foreign_trade {
            None => self.push(
                ReminderStatus::Overdue,
                ReminderKind::ForeignTradeRegistration,
                subject,
                None,
                Text::new(
                    "没有对外贸易经营者备案登记",
                    "no foreign-trade operator registration on record",
                ),
            ),
            Some(registration) if !registration.covers_import_export() => self.push(
                ReminderStatus::Overdue,
                ReminderKind::ForeignTradeRegistration,
                subject,
                None,
                Text::new(
                    format!(
                        "经营范围未包含进出口（`{}`），请办理变更",
                        registration.business_scope
                    ),
                    format!(
                        "the business scope does not cover import/export (`{}`): amend it",
                        registration.business_scope
                    ),
                ),
            ),
            Some(_) => {}
        }
        match &party.customs {
            None => self.push(
                ReminderStatus::Overdue,
                ReminderKind::FilingReceipt,
                subject,
                None,
                Text::new("没有海关报关单位备案", "no customs registration on record"),
            ),
            Some(customs) => {
                let until = customs.receipt_valid_until;
                self.deadline(ReminderKind::FilingReceipt, subject, DueAt::Day(until), Window::Days(FILING_RECEIPT_RENEWAL_DAYS), |status| {
                    if status == ReminderStatus::Overdue {
                        Text::new(format!("海关备案回执已于 {until} 到期，须立即续办，否则无法申报"), format!("the customs filing receipt expired on {until}: renew it now, declarations stop without it"))
                    } else {
                        Text::new(format!("海关备案回执有效期至 {until}：请在到期前 90 天内办理续期"), format!("the customs filing receipt is valid until {until}: renew it (renewal starts 90 days ahead)"))
                    }
                });
            }
        }
        match &party.eport {
            None => self.push(
                ReminderStatus::Overdue,
                ReminderKind::EportCertificate,
                subject,
                None,
                Text::new(
                    "没有电子口岸数字证书",
                    "no e-port digital certificate on record",
                ),
            ),
            Some(eport) => {
                let until = eport.expires_on;
                self.deadline(
                    ReminderKind::EportCertificate,
                    subject,
                    DueAt::Day(until),
                    Window::Days(EPORT_RENEWAL_DAYS),
                    |status| {
                        if status == ReminderStatus::Overdue {
                            Text::new(
                                format!("电子口岸数字证书已于 {until} 过期"),
                                format!("the e-port digital certificate expired on {until}"),
                            )
                        } else {
                            Text::new(
                                format!("电子口岸数字证书有效期至 {until}，请及时更新"),
                                format!(
                                    "the e-port digital certificate expires on {until}: renew it"
                                ),
                            )
                        }
                    },
                );
            }
        }
        for change in party
            .changes
            .iter()
            .filter(|change| change.filed_on.is_none())
        {
            let due = match self.calendar.add(change.changed_on, CHANGE_FILING_DAYS) {
                Ok(day) => close_of_business(day),
                Err(error) => {
                    self.problem(&party.id, &error);
                    continue;
                }
            };
            let name = change.kind.name();
            let changed = change.changed_on;
            self.deadline(ReminderKind::UnfiledChange, subject, DueAt::Moment(due), Window::Always, |_| {
                let due = display_time(due);
                Text::new(
                    format!("{}（{changed}）须在 {CHANGE_FILING_DAYS} 个工作日内向海关备案，截止 {due}", name.zh),
                    format!("{} on {changed} must be filed with customs within {CHANGE_FILING_DAYS} working days, by {due}", name.en),
                )
            });
        }
    }
}

/// The time allowed for a node, as `(min, max)` working days, or `None` for half a day.
fn allowance(node: Node) -> Option<(u32, u32)> {
    match node_time(node) {
        NodeTime::WorkingDays { min, max } => Some((min, max)),
        NodeTime::HalfWorkingDay => None,
    }
}

fn allowance_zh(allowance: Option<(u32, u32)>) -> String {
    match allowance {
        Some((0, max)) => format!("{max} 个工作日内"),
        Some((min, max)) => format!("{min}–{max} 个工作日"),
        None => "0.5 个工作日".to_owned(),
    }
}

fn allowance_en(allowance: Option<(u32, u32)>) -> String {
    match allowance {
        Some((0, max)) => format!("{max} working days"),
        Some((min, max)) => format!("{min}–{max} working days"),
        None => "half a working day".to_owned(),
    }
}
