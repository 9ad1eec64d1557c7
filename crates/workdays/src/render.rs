//! What `declarant workdays add|between` prints: text in Chinese or English, and the JSON of
//! CONTRACT §2 (`{"date": "…"}`, `{"working_days": N}`).

use jiff::civil::{Date, Weekday};
use model::Lang;
use serde_json::{Value, json};

/// The weekday's name in `lang`.
pub fn weekday_name(weekday: Weekday, lang: Lang) -> &'static str {
    let (zh, en) = match weekday {
        Weekday::Monday => ("星期一", "Monday"),
        Weekday::Tuesday => ("星期二", "Tuesday"),
        Weekday::Wednesday => ("星期三", "Wednesday"),
        Weekday::Thursday => ("星期四", "Thursday"),
        Weekday::Friday => ("星期五", "Friday"),
        Weekday::Saturday => ("星期六", "Saturday"),
        Weekday::Sunday => ("星期日", "Sunday"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The answer of `workdays add DATE N` as one line of text.
pub fn add_text(date: Date, n: u32, answer: Date, lang: Lang) -> String {
    let weekday = weekday_name(answer.weekday(), lang);
    match lang {
        Lang::Zh => format!("{date} 之后第 {n} 个工作日：{answer}（{weekday}）"),
        Lang::En => {
            let days = if n == 1 {
                "working day"
            } else {
                "working days"
            };
            format!("{n} {days} after {date}: {answer} ({weekday})")
        }
    }
}

/// The answer of `workdays add DATE N --format json`: `{"date": "2026-10-12"}`.
pub fn add_json(answer: Date) -> Value {
    json!({ "date": answer.to_string() })
}

/// The answer of `workdays between A B` as one line of text.
pub fn between_text(a: Date, b: Date, working_days: i64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{a}（不含）至 {b}（含）之间的工作日：{working_days} 天"),
        Lang::En => format!("working days after {a} up to and including {b}: {working_days}"),
    }
}

/// The answer of `workdays between A B --format json`: `{"working_days": 7}`.
pub fn between_json(working_days: i64) -> Value {
    json!({ "working_days": working_days })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn renders_both_languages_and_json() {
        let (from, to) = (date(2026, 9, 30), date(2026, 10, 12));
        insta::assert_snapshot!(
            [
                add_text(from, 4, to, Lang::Zh),
                add_text(from, 4, to, Lang::En),
                add_text(from, 1, date(2026, 10, 8), Lang::En),
                add_json(to).to_string(),
                between_text(from, to, 4, Lang::Zh),
                between_text(from, to, 4, Lang::En),
                between_json(-4).to_string(),
            ]
            .join("\n")
        );
    }
}
