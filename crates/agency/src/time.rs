//! Reading dates and times from input files: every time is a civil date-time in China time.
//!
//! Accepted: `2026-10-09T10:00:00+08:00` or any other offset (converted to China time),
//! `2026-10-09T02:00:00Z`, and a bare `2026-10-09T10:00` or `2026-10-09 10:00`, taken as China
//! time already.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use model::Text;

/// A date-time in China time from its text, or what was expected.
pub fn parse_china_time(text: &str) -> Result<DateTime, Text> {
    let trimmed = text.trim();
    // jiff would read a bare date as midnight: a time of day is required here.
    let has_time = trimmed.contains(':');
    if has_time && let Ok(instant) = trimmed.parse::<Timestamp>() {
        return Ok(workdays::china_time(instant));
    }
    let spaced = trimmed.replacen(' ', "T", 1);
    let parsed = if has_time {
        spaced.parse::<DateTime>().ok()
    } else {
        None
    };
    parsed.ok_or_else(|| {
        Text::new(
            format!("日期时间，如 2026-10-09T10:00:00+08:00 或 2026-10-09 10:00（得到 `{text}`）"),
            format!(
                "a date-time like 2026-10-09T10:00:00+08:00 or 2026-10-09 10:00 (got `{text}`)"
            ),
        )
    })
}

/// A date from its ISO 8601 text, or what was expected.
pub fn parse_date(text: &str) -> Result<Date, Text> {
    let trimmed = text.trim();
    // jiff would read the date part of a date-time: a bare date is required here.
    let bare = !trimmed.contains(['T', 't', ' ', ':']);
    let parsed = if bare {
        trimmed.parse::<Date>().ok()
    } else {
        None
    };
    parsed.ok_or_else(|| {
        Text::new(
            format!("日期，如 2026-10-09（得到 `{text}`）"),
            format!("a date like 2026-10-09 (got `{text}`)"),
        )
    })
}

/// The moment of `--as-of`: a date means 09:00 China time of that day (when the working day
/// opens and the reminders are read); a date-time is taken as it is.
pub fn parse_as_of(text: &str) -> Result<DateTime, Text> {
    match parse_date(text) {
        Ok(date) => Ok(date.to_datetime(workdays::WORKDAY_OPENS)),
        Err(_) => parse_china_time(text),
    }
}

/// A date-time as people read it: `2026-10-09 10:00` (seconds only when not zero).
pub fn display_time(moment: DateTime) -> String {
    if moment.second() == 0 && moment.subsec_nanosecond() == 0 {
        format!(
            "{} {:02}:{:02}",
            moment.date(),
            moment.hour(),
            moment.minute()
        )
    } else {
        format!(
            "{} {:02}:{:02}:{:02}",
            moment.date(),
            moment.hour(),
            moment.minute(),
            moment.second()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_accepted_form_as_china_time() {
        let cases = [
            ("2026-10-09T10:00:00+08:00", "2026-10-09T10:00:00"),
            ("2026-10-09T02:00:00Z", "2026-10-09T10:00:00"),
            ("2026-10-09T04:00:00+02:00", "2026-10-09T10:00:00"),
            ("2026-10-09T10:00", "2026-10-09T10:00:00"),
            ("2026-10-09 10:00", "2026-10-09T10:00:00"),
            (" 2026-10-09 10:00:30 ", "2026-10-09T10:00:30"),
        ];
        for (text, expected) in cases {
            assert_eq!(
                parse_china_time(text).unwrap().to_string(),
                expected,
                "{text}"
            );
        }
        for bad in ["", "2026-10-09", "tomorrow", "2026-13-01T10:00"] {
            assert!(parse_china_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn as_of_a_date_is_the_opening_of_that_day() {
        assert_eq!(
            parse_as_of("2026-10-09").unwrap().to_string(),
            "2026-10-09T09:00:00"
        );
        assert_eq!(
            parse_as_of("2026-10-09T17:30").unwrap().to_string(),
            "2026-10-09T17:30:00"
        );
        assert!(parse_as_of("09/10/2026").is_err());
        assert_eq!(
            display_time(parse_as_of("2026-10-09").unwrap()),
            "2026-10-09 09:00"
        );
    }
}
