//! What `declarant reminders --as-of DATE` prints: text in Chinese or English, or JSON whose
//! keys never change with the language.

use crate::reminders::{DueAt, ReminderKind, ReminderStatus, Reminders};
use crate::time::display_time;
use model::Lang;
use serde::Serialize;
use std::fmt::Write;

const STATUSES: [ReminderStatus; 3] = [
    ReminderStatus::Overdue,
    ReminderStatus::Due,
    ReminderStatus::DueSoon,
];

/// The reminders as text, grouped by status.
pub fn reminders_text(reminders: &Reminders, lang: Lang) -> String {
    let mut out = String::new();
    let as_of = display_time(reminders.as_of);
    let [overdue, due, soon] = STATUSES.map(|status| reminders.count(status));
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "提醒（截至 {as_of}）：逾期 {overdue} 项，今日到期 {due} 项，即将到期 {soon} 项"
        ),
        Lang::En => writeln!(
            out,
            "Reminders as of {as_of}: {overdue} overdue, {due} due today, {soon} due soon"
        ),
    };
    for status in STATUSES {
        let items: Vec<_> = reminders
            .items
            .iter()
            .filter(|item| item.status == status)
            .collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", status.name().get(lang));
        for item in items {
            let subject = match &item.subject_name {
                Some(name) if name != &item.subject => format!("{} {name}", item.subject),
                _ => item.subject.clone(),
            };
            let _ = writeln!(out, "  - [{subject}] {}", item.message.get(lang));
        }
    }
    if !reminders.problems.is_empty() {
        let title = match lang {
            Lang::Zh => "无法计算的期限",
            Lang::En => "Deadlines that could not be computed",
        };
        let _ = writeln!(out, "\n{title}");
        for problem in &reminders.problems {
            let _ = writeln!(
                out,
                "  - [{}] {}",
                problem.subject,
                problem.message.get(lang)
            );
        }
    }
    out
}

#[derive(Serialize)]
struct RemindersDocument<'a> {
    as_of: String,
    summary: Summary,
    reminders: Vec<ReminderEntry<'a>>,
    problems: Vec<ProblemEntry<'a>>,
}

#[derive(Serialize)]
struct Summary {
    overdue: usize,
    due: usize,
    due_soon: usize,
}

#[derive(Serialize)]
struct ReminderEntry<'a> {
    status: &'static str,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    node: Option<&'static str>,
    subject: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    due: Option<String>,
    message: &'a str,
}

/// A problem with its subject, as JSON.
#[derive(Serialize)]
pub(crate) struct ProblemEntry<'a> {
    pub(crate) subject: &'a str,
    pub(crate) message: &'a str,
}

/// The reminders as pretty JSON, keys in this order: `as_of`, `summary` (`overdue`, `due`,
/// `due_soon`), `reminders` (`status`, `kind`, `node`?, `subject`, `name`?, `due`, `message`),
/// `problems` (`subject`, `message`). Keys never change with the language; messages do.
pub fn reminders_json(reminders: &Reminders, lang: Lang) -> String {
    let document = RemindersDocument {
        as_of: reminders.as_of.to_string(),
        summary: Summary {
            overdue: reminders.count(ReminderStatus::Overdue),
            due: reminders.count(ReminderStatus::Due),
            due_soon: reminders.count(ReminderStatus::DueSoon),
        },
        reminders: reminders
            .items
            .iter()
            .map(|item| ReminderEntry {
                status: item.status.key(),
                kind: item.kind.key(),
                node: match item.kind {
                    ReminderKind::NodeDeadline(node) => Some(node.key()),
                    _ => None,
                },
                subject: &item.subject,
                name: item.subject_name.as_deref(),
                due: item.due.map(DueAt::iso),
                message: item.message.get(lang),
            })
            .collect(),
        problems: reminders
            .problems
            .iter()
            .map(|problem| ProblemEntry {
                subject: &problem.subject,
                message: problem.message.get(lang),
            })
            .collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&document).unwrap_or_default()
}
