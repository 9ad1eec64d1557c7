//! Table of working-day answers across National Day, Spring Festival, Labour Day and the
//! make-up weekends of every embedded year (2023–2026). Each expectation was read off the
//! holiday files and cross-checked with an independent day-by-day count.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers parse literal dates of the table"
)]

use jiff::civil::Date;
use workdays::{Calendar, CalendarError, DayKind};

/// `Ok(date)` or `Err(year)` for a computation that needs an unpublished year.
fn check_add(calendar: &Calendar, from: &str, n: u32, expected: Result<&str, i16>) {
    let from: Date = from.parse().unwrap();
    let got = calendar.add(from, n);
    match expected {
        Ok(date) => assert_eq!(
            got.map(|d| d.to_string()),
            Ok(date.to_owned()),
            "add({from}, {n})"
        ),
        Err(year) => assert!(
            matches!(got, Err(CalendarError::YearNotPublished { year: missing, .. }) if missing == year),
            "add({from}, {n}) should need {year}: {got:?}"
        ),
    }
}

fn check_between(calendar: &Calendar, a: &str, b: &str, expected: Result<i64, i16>) {
    let (a, b): (Date, Date) = (a.parse().unwrap(), b.parse().unwrap());
    let got = calendar.between(a, b);
    match expected {
        Ok(count) => assert_eq!(got, Ok(count), "between({a}, {b})"),
        Err(year) => assert!(
            matches!(got, Err(CalendarError::YearNotPublished { year: missing, .. }) if missing == year),
            "between({a}, {b}) should need {year}: {got:?}"
        ),
    }
}

#[test]
fn add_across_holidays_and_make_up_days() {
    let calendar = Calendar::china();
    let cases: &[(&str, u32, Result<&str, i16>)] = &[
        // 2023 Spring Festival: off 21–27 January, Saturday 28 and Sunday 29 are working days.
        ("2023-01-20", 1, Ok("2023-01-28")),
        ("2023-01-20", 2, Ok("2023-01-29")),
        ("2023-01-20", 3, Ok("2023-01-30")),
        // 2023 New Year: off 31 December 2022 to 2 January; 2022 itself is not needed.
        ("2022-12-31", 1, Ok("2023-01-03")),
        ("2022-12-30", 1, Err(2022)),
        // 2023 Labour Day: Sunday 23 April works, off 29 April – 3 May.
        ("2023-04-21", 1, Ok("2023-04-23")),
        ("2023-04-28", 1, Ok("2023-05-04")),
        // 2023 Mid-Autumn + National Day: off 29 September – 6 October, 7 and 8 October work.
        ("2023-09-28", 1, Ok("2023-10-07")),
        // 2024 Spring Festival: Sunday 4 February works, off 10–17, Sunday 18 works.
        ("2024-02-03", 1, Ok("2024-02-04")),
        ("2024-02-08", 1, Ok("2024-02-09")),
        ("2024-02-09", 1, Ok("2024-02-18")),
        // 2024 Mid-Autumn: Saturday 14 September works, off 15–17.
        ("2024-09-13", 1, Ok("2024-09-14")),
        ("2024-09-13", 2, Ok("2024-09-18")),
        // 2024 National Day: off 1–7 October.
        ("2024-09-30", 1, Ok("2024-10-08")),
        // 2025 Spring Festival: off 28 January – 4 February.
        ("2025-01-27", 1, Ok("2025-02-05")),
        // 2025 National Day + Mid-Autumn: off 1–8 October, Saturday 11 works.
        ("2025-09-30", 1, Ok("2025-10-09")),
        ("2025-09-30", 3, Ok("2025-10-11")),
        // 2026 New Year: off 1–3 January, Sunday 4 works.
        ("2026-01-01", 1, Ok("2026-01-04")),
        // 2026 Spring Festival: Saturday 14 February works, off 15–23.
        ("2026-02-13", 1, Ok("2026-02-14")),
        ("2026-02-14", 1, Ok("2026-02-24")),
        // 2026 National Day: off 1–7 October, Saturday 10 works, Sunday 11 does not.
        ("2026-09-30", 1, Ok("2026-10-08")),
        ("2026-09-30", 3, Ok("2026-10-10")),
        ("2026-09-30", 4, Ok("2026-10-12")),
        // The end of the published calendar.
        ("2026-12-30", 1, Ok("2026-12-31")),
        ("2026-12-31", 1, Err(2027)),
        ("2026-12-31", 0, Ok("2026-12-31")),
        ("2023-01-03", 1000, Err(2027)),
    ];
    for &(from, n, expected) in cases {
        check_add(&calendar, from, n, expected);
    }
}

#[test]
fn between_across_holidays_and_make_up_days() {
    let calendar = Calendar::china();
    let cases: &[(&str, &str, Result<i64, i16>)] = &[
        ("2023-09-28", "2023-10-09", Ok(3)),
        ("2024-02-09", "2024-02-19", Ok(2)),
        ("2025-01-27", "2025-02-08", Ok(4)),
        ("2026-02-13", "2026-03-02", Ok(7)),
        ("2026-09-30", "2026-10-12", Ok(4)),
        ("2026-10-12", "2026-09-30", Ok(-4)),
        ("2026-10-01", "2026-10-01", Ok(0)),
        ("2025-12-31", "2026-01-05", Ok(2)),
        ("2022-12-31", "2023-01-03", Ok(1)),
        ("2023-01-01", "2026-12-31", Ok(996)),
        ("2022-12-30", "2023-01-03", Err(2022)),
        ("2026-12-01", "2027-01-05", Err(2027)),
        ("2027-01-05", "2026-12-01", Err(2027)),
    ];
    for &(a, b, expected) in cases {
        check_between(&calendar, a, b, expected);
    }
}

#[test]
fn day_kinds_name_the_holiday() {
    let calendar = Calendar::china();
    let kind = |text: &str| calendar.day_kind(text.parse().unwrap()).unwrap();
    assert!(matches!(kind("2026-10-01"), DayKind::Holiday(name) if name.en == "National Day"));
    assert!(matches!(kind("2026-10-10"), DayKind::MakeUpWorkday(name) if name.zh == "国庆节"));
    assert_eq!(kind("2026-10-11"), DayKind::Weekend);
    assert_eq!(kind("2026-10-12"), DayKind::Workday);
    assert!(calendar.day_kind("2027-01-04".parse().unwrap()).is_err());
}

#[test]
fn a_newly_published_year_extends_the_calendar() {
    // A made-up 2027 notice for the test: only New Year's Day off.
    let file_2027 = r#"{"year": 2027, "papers": ["https://example.invalid/notice"],
        "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#;
    let calendar = Calendar::china().with_year_file(file_2027).unwrap();
    check_add(&calendar, "2026-12-31", 1, Ok("2027-01-04"));
    // 22 weekdays from 2 to 31 December, then Monday 4 and Tuesday 5 January.
    check_between(&calendar, "2026-12-01", "2027-01-05", Ok(24));
    assert_eq!(calendar.years(), vec![2023, 2024, 2025, 2026, 2027]);
}

#[test]
fn the_missing_year_message_is_bilingual_and_names_the_year() {
    let calendar = Calendar::china();
    let error = calendar.add("2026-12-31".parse().unwrap(), 1).unwrap_err();
    let message = error.message();
    insta::assert_snapshot!(
        "missing_year_message",
        format!("{}\n{}\n{error}", message.zh, message.en)
    );
}

#[test]
fn every_day_of_every_embedded_year_follows_the_files() {
    // Read the files again, independently of the crate's parser.
    let mut exceptions = std::collections::HashMap::new();
    for year in 2023..=2026 {
        let path = format!(
            "{}/../../data/holidays/{year}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let file: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for day in file["days"].as_array().unwrap() {
            let date: Date = day["date"].as_str().unwrap().parse().unwrap();
            exceptions.insert(date, !day["isOffDay"].as_bool().unwrap());
        }
    }
    let calendar = Calendar::china();
    let mut day: Date = "2023-01-01".parse().unwrap();
    let mut checked = 0;
    while day.year() <= 2026 {
        let weekday = !matches!(
            day.weekday(),
            jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
        );
        let expected = exceptions.get(&day).copied().unwrap_or(weekday);
        assert_eq!(calendar.is_working_day(day), Ok(expected), "{day}");
        assert_eq!(
            calendar.day_kind(day).unwrap().is_working(),
            expected,
            "{day}"
        );
        day = day.tomorrow().unwrap();
        checked += 1;
    }
    assert_eq!(checked, 365 * 3 + 366);
}
