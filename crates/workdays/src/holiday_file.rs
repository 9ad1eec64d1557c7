//! The holiday file of one year (the `holiday-cn` format of `data/holidays/schema.json`):
//! parsing and validation, with errors naming the JSON path.
//!
//! A file lists only the exceptions to "Monday–Friday work, weekends rest": `isOffDay: true`
//! marks an official holiday, `isOffDay: false` a make-up working day (调休) on a weekend. A
//! notice may name days of the neighbouring years (2023's names 2022-12-31), so a day may lie in
//! the year before or after the file's year.

use crate::error::CalendarError;
use jiff::civil::{Date, Weekday};
use model::Text;
use serde_json::Value;
use std::collections::BTreeMap;

/// One exception day of a holiday file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptionDay {
    /// The holiday's name as the notice writes it (`国庆节`).
    pub name: String,
    /// `true`: an official holiday; `false`: a make-up working day on a weekend.
    pub off_day: bool,
}

/// A validated holiday file of one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayFile {
    /// The year the notice is for.
    pub year: i16,
    /// The addresses of the State Council notices the file was made from.
    pub papers: Vec<String>,
    /// The exception days, by date.
    pub days: BTreeMap<Date, ExceptionDay>,
}

fn invalid(place: impl Into<String>, zh: &str, en: &str) -> CalendarError {
    CalendarError::InvalidHolidayFile {
        place: place.into(),
        expected: Text::new(zh, en),
    }
}

/// Parses and validates the holiday file `text`.
pub fn parse_holiday_file(text: &str) -> Result<HolidayFile, CalendarError> {
    let root: Value = serde_json::from_str(text).map_err(|error| {
        invalid(
            format!("line {}, column {}", error.line(), error.column()),
            &format!("JSON 格式的节假日文件（{error}）"),
            &format!("a holiday file in JSON ({error})"),
        )
    })?;
    let object = root
        .as_object()
        .ok_or_else(|| invalid("", "一个 JSON 对象", "a JSON object"))?;
    let year = object
        .get("year")
        .and_then(Value::as_i64)
        .and_then(|year| i16::try_from(year).ok())
        .filter(|year| (1900..=9998).contains(year))
        .ok_or_else(|| {
            invalid(
                "year",
                "年份（整数，如 2027）",
                "the year (an integer like 2027)",
            )
        })?;
    let papers = match object.get("papers") {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                item.as_str().map(str::to_owned).ok_or_else(|| {
                    invalid(
                        format!("papers[{index}]"),
                        "通知网址（字符串）",
                        "a notice address (a string)",
                    )
                })
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(invalid(
                "papers",
                "通知网址的数组",
                "an array of notice addresses",
            ));
        }
    };
    let items = object
        .get("days")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("days", "例外日期的数组", "an array of exception days"))?;
    let mut days = BTreeMap::new();
    for (index, item) in items.iter().enumerate() {
        let place = format!("days[{index}]");
        let (date, day) = parse_day(item, &place, year)?;
        if days.insert(date, day).is_some() {
            return Err(invalid(
                format!("{place}.date"),
                &format!("每个日期只出现一次（`{date}` 重复）"),
                &format!("each date once (`{date}` appears twice)"),
            ));
        }
    }
    Ok(HolidayFile { year, papers, days })
}

fn parse_day(item: &Value, place: &str, year: i16) -> Result<(Date, ExceptionDay), CalendarError> {
    let object = item.as_object().ok_or_else(|| {
        invalid(
            place,
            "含 name、date、isOffDay 的对象",
            "an object with name, date and isOffDay",
        )
    })?;
    let name = object.get("name").and_then(Value::as_str).ok_or_else(|| {
        invalid(
            format!("{place}.name"),
            "节日名称（字符串）",
            "the holiday's name (a string)",
        )
    })?;
    let date_text = object.get("date").and_then(Value::as_str).unwrap_or("");
    let date: Date = date_text.parse().map_err(|_| {
        invalid(
            format!("{place}.date"),
            &format!("ISO 8601 日期，如 {year}-10-01（得到 `{date_text}`）"),
            &format!("an ISO 8601 date like {year}-10-01 (got `{date_text}`)"),
        )
    })?;
    if !(year - 1..=year + 1).contains(&date.year()) {
        return Err(invalid(
            format!("{place}.date"),
            &format!("{year} 年或相邻年份的日期（得到 `{date}`）"),
            &format!("a date in {year} or a neighbouring year (got `{date}`)"),
        ));
    }
    let off_day = object
        .get("isOffDay")
        .and_then(Value::as_bool)
        .ok_or_else(|| {
            invalid(
                format!("{place}.isOffDay"),
                "true（放假）或 false（调休上班）",
                "true (holiday) or false (make-up working day)",
            )
        })?;
    if !off_day && !is_weekend(date) {
        return Err(invalid(
            format!("{place}.isOffDay"),
            &format!("调休上班日应在周末（`{date}` 是工作日）"),
            &format!("a make-up working day on a weekend (`{date}` is a weekday)"),
        ));
    }
    Ok((
        date,
        ExceptionDay {
            name: name.to_owned(),
            off_day,
        },
    ))
}

/// Saturday or Sunday.
pub fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The English name of a holiday named in Chinese (`中秋节、国庆节` → `Mid-Autumn Festival,
/// National Day`); a name not known here is kept as written.
pub fn holiday_name_en(name_zh: &str) -> String {
    name_zh
        .split(['、', ',', '，'])
        .map(|part| match part.trim() {
            "元旦" => "New Year's Day".to_owned(),
            "春节" => "Spring Festival".to_owned(),
            "清明节" => "Qingming Festival".to_owned(),
            "劳动节" => "Labour Day".to_owned(),
            "端午节" => "Dragon Boat Festival".to_owned(),
            "中秋节" => "Mid-Autumn Festival".to_owned(),
            "国庆节" => "National Day".to_owned(),
            other => other.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_place(text: &str) -> String {
        match parse_holiday_file(text) {
            Err(CalendarError::InvalidHolidayFile { place, .. }) => place,
            other => panic!("expected an invalid-file error, got {other:?}"),
        }
    }

    #[test]
    fn bad_files_name_the_place() {
        let cases = [
            ("{", "line 1, column 1"),
            ("[]", ""),
            (r#"{"days": []}"#, "year"),
            (r#"{"year": "2027", "days": []}"#, "year"),
            (r#"{"year": 2027}"#, "days"),
            (r#"{"year": 2027, "papers": [1], "days": []}"#, "papers[0]"),
            (r#"{"year": 2027, "days": [1]}"#, "days[0]"),
            (
                r#"{"year": 2027, "days": [{"date": "2027-01-01", "isOffDay": true}]}"#,
                "days[0].name",
            ),
            (
                r#"{"year": 2027, "days": [{"name": "元旦", "date": "2027-13-01", "isOffDay": true}]}"#,
                "days[0].date",
            ),
            (
                r#"{"year": 2027, "days": [{"name": "元旦", "date": "2029-01-01", "isOffDay": true}]}"#,
                "days[0].date",
            ),
            (
                r#"{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01"}]}"#,
                "days[0].isOffDay",
            ),
            (
                r#"{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-04", "isOffDay": false}]}"#,
                "days[0].isOffDay",
            ),
            (
                r#"{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true},
                                            {"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#,
                "days[1].date",
            ),
        ];
        for (text, place) in cases {
            assert_eq!(error_place(text), place, "{text}");
        }
    }

    #[test]
    fn english_names() {
        assert_eq!(
            holiday_name_en("中秋节、国庆节"),
            "Mid-Autumn Festival, National Day"
        );
        assert_eq!(holiday_name_en("某节"), "某节");
    }
}
