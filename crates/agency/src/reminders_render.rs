//! What `declarant reminders --as-of DATE` prints: text in Chinese or English, or JSON whose
//! keys never change with the language.

use crate::reminders::{ReminderStatus, Reminders};
use crate::time::display_time;
use model::Lang;
use serde_json::{Value, json};
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

/// The reminders as JSON: `{"as_of", "summary", "reminders": [...], "problems": [...]}`.
pub fn reminders_json(reminders: &Reminders, lang: Lang) -> Value {
    let items: Vec<Value> = reminders
        .items
        .iter()
        .map(|item| {
            let mut entry = json!({
                "status": item.status.key(),
                "kind": item.kind.key(),
            });
            if let crate::reminders::ReminderKind::NodeDeadline(node) = item.kind {
                entry["node"] = json!(node.key());
            }
            entry["subject"] = json!(item.subject);
            if let Some(name) = &item.subject_name {
                entry["name"] = json!(name);
            }
            entry["due"] = item.due.map_or(Value::Null, |due| json!(due.iso()));
            entry["message"] = json!(item.message.get(lang));
            entry
        })
        .collect();
    let problems: Vec<Value> = reminders
        .problems
        .iter()
        .map(|problem| json!({"subject": problem.subject, "message": problem.message.get(lang)}))
        .collect();
    json!({
        "as_of": reminders.as_of.to_string(),
        "summary": {
            "overdue": reminders.count(ReminderStatus::Overdue),
            "due": reminders.count(ReminderStatus::Due),
            "due_soon": reminders.count(ReminderStatus::DueSoon),
        },
        "reminders": items,
        "problems": problems,
    })
}
