//! Working hours, for deadlines shorter than a day (the 0.5-working-day formal application).
//!
//! **Definition:** a working day is open from 09:00 to 18:00 China time (UTC+8, no daylight
//! saving): 9 working hours, so half a working day is 4 h 30 min. Time outside those hours, and
//! every hour of a non-working day, does not count. All date-times here are civil date-times in
//! China time; [`china_time`] converts an instant. The core never reads a clock: "now" is always
//! an argument.

use crate::calendar::Calendar;
use crate::error::CalendarError;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};

/// When a working day opens: 09:00.
pub const WORKDAY_OPENS: Time = Time::constant(9, 0, 0, 0);
/// When a working day closes: 18:00.
pub const WORKDAY_CLOSES: Time = Time::constant(18, 0, 0, 0);
/// The working minutes of one working day (09:00–18:00).
pub const WORKING_DAY_MINUTES: u32 = 540;
/// The working minutes of half a working day.
pub const HALF_WORKING_DAY_MINUTES: u32 = 270;
/// China time: UTC+8 all year.
pub const CHINA_OFFSET: Offset = Offset::constant(8);

fn working_day() -> SignedDuration {
    SignedDuration::from_mins(i64::from(WORKING_DAY_MINUTES))
}

/// The civil date-time in China of an instant.
pub fn china_time(instant: Timestamp) -> DateTime {
    CHINA_OFFSET.to_datetime(instant)
}

/// The close of business (18:00) on `date`: where a deadline of whole working days ends.
pub fn close_of_business(date: Date) -> DateTime {
    date.to_datetime(WORKDAY_CLOSES)
}

impl Calendar {
    /// The earliest moment at which `minutes` working minutes have passed since `start`.
    /// Zero minutes answers `start`. A span that ends exactly at 18:00 ends then, not at 09:00
    /// of the next working day. `start` may lie outside working hours: counting then begins
    /// when the next working day opens.
    pub fn add_working_minutes(
        &self,
        start: DateTime,
        minutes: u32,
    ) -> Result<DateTime, CalendarError> {
        if minutes == 0 {
            return Ok(start);
        }
        let mut remaining = SignedDuration::from_mins(i64::from(minutes));
        let day = start.date();
        if self.is_working_day(day)? && start.time() < WORKDAY_CLOSES {
            let cursor = start.time().max(WORKDAY_OPENS);
            let available = WORKDAY_CLOSES.duration_since(cursor);
            if remaining <= available {
                return at(day, cursor, remaining);
            }
            remaining -= available;
        }
        // `remaining` > 0: it ends on the k-th working day after `day`, with 0 < rest ≤ 9 h.
        let day_nanos = working_day().as_nanos();
        let whole_days = (remaining.as_nanos() + day_nanos - 1) / day_nanos;
        let days = u32::try_from(whole_days).map_err(|_| CalendarError::DateOutOfRange)?;
        let last_day = self.add(day, days)?;
        let rest = remaining - working_day() * (days as i32 - 1);
        at(last_day, WORKDAY_OPENS, rest)
    }

    /// The working time in (`a`, `b`]: the part of the working hours between them. Negative
    /// when `b` is before `a` (`-working_time_between(b, a)`).
    pub fn working_time_between(
        &self,
        a: DateTime,
        b: DateTime,
    ) -> Result<SignedDuration, CalendarError> {
        let whole_days = self.between(a.date(), b.date())?;
        let whole =
            working_day() * i32::try_from(whole_days).map_err(|_| CalendarError::DateOutOfRange)?;
        Ok(whole - self.rest_of_day(b)? + self.rest_of_day(a)?)
    }

    /// The working time left on `moment`'s day after `moment`.
    fn rest_of_day(&self, moment: DateTime) -> Result<SignedDuration, CalendarError> {
        if !self.is_working_day(moment.date())? {
            return Ok(SignedDuration::ZERO);
        }
        let clamped = moment.time().clamp(WORKDAY_OPENS, WORKDAY_CLOSES);
        Ok(WORKDAY_CLOSES.duration_since(clamped))
    }
}

fn at(day: Date, time: Time, plus: SignedDuration) -> Result<DateTime, CalendarError> {
    day.to_datetime(time)
        .checked_add(plus)
        .map_err(|_| CalendarError::DateOutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn half_a_day_across_closing_and_holidays() {
        let calendar = Calendar::china();
        let cases = [
            // start, minutes, expected
            ("2026-09-28T10:00", 270, "2026-09-28T14:30"),
            ("2026-09-28T14:00", 270, "2026-09-29T09:30"),
            ("2026-09-28T13:30", 270, "2026-09-28T18:00"),
            ("2026-09-28T07:00", 270, "2026-09-28T13:30"),
            ("2026-09-28T19:00", 270, "2026-09-29T13:30"),
            // Wednesday 30 September 16:00: the National Day holiday (1–7 October) follows;
            // Saturday 10 October is a make-up working day, Sunday 11 October is not.
            ("2026-09-30T16:00", 270, "2026-10-08T11:30"),
            ("2026-10-08T16:00", 270, "2026-10-09T11:30"),
            ("2026-10-09T16:00", 270, "2026-10-10T11:30"),
            ("2026-10-09T16:00", 540 * 2, "2026-10-12T16:00"),
            ("2026-10-03T12:00", 0, "2026-10-03T12:00"),
        ];
        for (start, minutes, expected) in cases {
            let start: DateTime = start.parse().unwrap();
            let got = calendar.add_working_minutes(start, minutes).unwrap();
            assert_eq!(
                got.to_string(),
                format!("{expected}:00"),
                "{start} + {minutes} min"
            );
            let elapsed = calendar.working_time_between(start, got).unwrap();
            assert_eq!(
                elapsed,
                SignedDuration::from_mins(i64::from(minutes)),
                "{start}"
            );
        }
    }

    #[test]
    fn working_time_is_antisymmetric_and_counts_only_open_hours() {
        let calendar = Calendar::china();
        let a: DateTime = "2026-09-30T08:00".parse().unwrap();
        let b: DateTime = "2026-10-09T12:00".parse().unwrap();
        let forward = calendar.working_time_between(a, b).unwrap();
        assert_eq!(forward, SignedDuration::from_hours(9 + 9 + 3));
        assert_eq!(calendar.working_time_between(b, a).unwrap(), -forward);
    }

    #[test]
    fn china_time_is_utc_plus_eight() {
        let instant: Timestamp = "2026-10-09T01:30:00Z".parse().unwrap();
        assert_eq!(china_time(instant).to_string(), "2026-10-09T09:30:00");
        assert_eq!(
            close_of_business(date(2026, 10, 9)).to_string(),
            "2026-10-09T18:00:00"
        );
    }
}
