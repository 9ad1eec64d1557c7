//! China's working-day calendar (CONTRACT §2): Monday to Friday, minus the official holidays,
//! plus the make-up working days on weekends (调休), as published each year by the State Council.
//!
//! The holiday files of 2023–2026 (`data/holidays/*.json`) are embedded: [`Calendar::china`].
//! A year published later is added with [`Calendar::load_year_file`] from its file's text.
//! A computation that needs a year that is not loaded fails with
//! [`CalendarError::YearNotPublished`] naming the year: weekdays are never guessed.
//!
//! Semantics:
//! - [`Calendar::add`]`(d, n)`: the `n`-th working day after `d`, `d` not counted.
//! - [`Calendar::between`]`(a, b)`: working days in (`a`, `b`]; `0` when `a == b`,
//!   `-between(b, a)` when `b < a`.
//! - Working hours are 09:00–18:00 China time ([`WORKDAY_OPENS`], [`WORKDAY_CLOSES`]):
//!   [`Calendar::add_working_minutes`] and [`Calendar::working_time_between`] count only them,
//!   for deadlines such as the half working day of a formal application.
//!
//! **Invariant:** this crate does no IO and reads no clock: "now" is always an argument.

mod calendar;
mod error;
mod holiday_file;
mod hours;
mod render;

pub use calendar::{Calendar, DayKind};
pub use error::CalendarError;
pub use holiday_file::holiday_name_en;
pub use hours::{
    CHINA_OFFSET, HALF_WORKING_DAY_MINUTES, WORKDAY_CLOSES, WORKDAY_OPENS, WORKING_DAY_MINUTES,
    china_time, close_of_business,
};
pub use render::{add_json, add_text, between_json, between_text, weekday_name};

pub use jiff::civil::{Date, DateTime};
