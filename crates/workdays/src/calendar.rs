//! The working-day calendar: which days are working days, and day arithmetic over them.
//!
//! A day is a working day when it is Monday to Friday and no loaded notice makes it a holiday,
//! or when a notice makes it a make-up working day (调休) on a weekend. A year is *loaded* when
//! its own holiday file is; any computation that needs a day of a year not loaded fails with
//! [`CalendarError::YearNotPublished`] naming that year, never guessing from weekdays.

use crate::error::CalendarError;
use crate::holiday_file::{HolidayFile, holiday_name_en, is_weekend, parse_holiday_file};
use jiff::civil::Date;
use model::Text;
use std::collections::BTreeMap;

/// The holiday files embedded in the program: 2023 to 2026.
const EMBEDDED_FILES: [&str; 4] = [
    include_str!("../../../data/holidays/2023.json"),
    include_str!("../../../data/holidays/2024.json"),
    include_str!("../../../data/holidays/2025.json"),
    include_str!("../../../data/holidays/2026.json"),
];

/// What kind of day a date is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayKind {
    /// Monday to Friday, no exception.
    Workday,
    /// Saturday or Sunday, no exception.
    Weekend,
    /// An official holiday (放假), with its name.
    Holiday(Text),
    /// A make-up working day on a weekend (调休上班), with the holiday it makes up for.
    MakeUpWorkday(Text),
}

impl DayKind {
    /// Whether people work on this day.
    pub fn is_working(&self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeUpWorkday(_))
    }
}

/// The working days of one loaded year, with running totals for O(1) counting.
#[derive(Debug, Clone)]
struct YearTable {
    /// `running[k]`: working days from January 1 to day-of-year `k` inclusive; `running[0] = 0`.
    running: Vec<u16>,
}

impl YearTable {
    fn total(&self) -> u16 {
        self.running.last().copied().unwrap_or(0)
    }

    /// Working days among days-of-year `first..=last` (1-based).
    fn count(&self, first: usize, last: usize) -> u16 {
        self.running[last] - self.running[first - 1]
    }
}

/// China's working-day calendar over the years whose holiday files are loaded.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    files: BTreeMap<i16, HolidayFile>,
    years: BTreeMap<i16, YearTable>,
}

impl Calendar {
    /// A calendar with no year loaded: every computation fails until files are loaded.
    pub fn empty() -> Calendar {
        Calendar::default()
    }

    /// The calendar of the embedded holiday files, 2023 to 2026.
    pub fn china() -> Calendar {
        let mut calendar = Calendar::empty();
        for text in EMBEDDED_FILES {
            // The embedded files are valid and consistent (a unit test checks all four load),
            // so an error here cannot happen; if it did, that year would simply be missing and
            // every computation needing it would say so.
            let _ = calendar.load_year_file(text);
        }
        calendar
    }

    /// Loads the holiday file of one year (`data/holidays/schema.json` format), e.g. a year
    /// newly published by the State Council. A file for a year already loaded replaces it.
    /// Returns the file's year. On error the calendar is unchanged.
    pub fn load_year_file(&mut self, text: &str) -> Result<i16, CalendarError> {
        let file = parse_holiday_file(text)?;
        let year = file.year;
        let mut files = self.files.clone();
        files.insert(year, file);
        let years = build_tables(&files)?;
        self.files = files;
        self.years = years;
        Ok(year)
    }

    /// The same calendar with one more year's file loaded (see [`Calendar::load_year_file`]).
    pub fn with_year_file(mut self, text: &str) -> Result<Calendar, CalendarError> {
        self.load_year_file(text)?;
        Ok(self)
    }

    /// The loaded years, ascending.
    pub fn years(&self) -> Vec<i16> {
        self.years.keys().copied().collect()
    }

    /// The State Council notices a loaded year's file was made from.
    pub fn papers(&self, year: i16) -> Option<&[String]> {
        self.files.get(&year).map(|file| file.papers.as_slice())
    }

    fn table(&self, year: i16) -> Result<&YearTable, CalendarError> {
        self.years
            .get(&year)
            .ok_or_else(|| CalendarError::YearNotPublished {
                year,
                loaded: self.years(),
            })
    }

    /// What kind of day `date` is.
    pub fn day_kind(&self, date: Date) -> Result<DayKind, CalendarError> {
        self.table(date.year())?;
        let exception = self.files.values().find_map(|file| file.days.get(&date));
        Ok(match exception {
            Some(day) => {
                let name = Text::new(day.name.clone(), holiday_name_en(&day.name));
                if day.off_day {
                    DayKind::Holiday(name)
                } else {
                    DayKind::MakeUpWorkday(name)
                }
            }
            None if is_weekend(date) => DayKind::Weekend,
            None => DayKind::Workday,
        })
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: Date) -> Result<bool, CalendarError> {
        let table = self.table(date.year())?;
        let day = day_index(date);
        Ok(table.count(day, day) == 1)
    }

    /// The date `n` working days after `date`, `date` itself not counted (CONTRACT §2): the
    /// `n`-th working day in (`date`, …). `n = 0` answers `date` itself, so that
    /// `add(add(d, n), m) == add(d, n + m)` holds for every `n`, `m`.
    pub fn add(&self, date: Date, n: u32) -> Result<Date, CalendarError> {
        if n == 0 {
            return Ok(date);
        }
        let mut remaining = n;
        let mut first = date.tomorrow().map_err(|_| CalendarError::DateOutOfRange)?;
        loop {
            let year = first.year();
            let table = self.table(year)?;
            let first_index = day_index(first);
            let available = u32::from(table.count(first_index, table.running.len() - 1));
            if remaining <= available {
                let target = table.running[first_index - 1] + remaining as u16;
                let index = table.running.partition_point(|&total| total < target);
                return date_of(year, index);
            }
            remaining -= available;
            first = Date::new(year, 12, 31)
                .and_then(|last| last.tomorrow())
                .map_err(|_| CalendarError::DateOutOfRange)?;
        }
    }

    /// The number of working days in (`a`, `b`]: `a` excluded, `b` included (CONTRACT §2).
    /// It is `0` when `a == b` and `-between(b, a)` when `b < a`, so that
    /// `between(a, b) + between(b, c) == between(a, c)` for all dates.
    pub fn between(&self, a: Date, b: Date) -> Result<i64, CalendarError> {
        if a == b {
            return Ok(0);
        }
        if b < a {
            return self.between(b, a).map(|count| -count);
        }
        let first = a.tomorrow().map_err(|_| CalendarError::DateOutOfRange)?;
        let mut count = 0_i64;
        for year in first.year()..=b.year() {
            let table = self.table(year)?;
            let from = if year == first.year() {
                day_index(first)
            } else {
                1
            };
            let to = if year == b.year() {
                day_index(b)
            } else {
                table.running.len() - 1
            };
            count += i64::from(table.count(from, to));
        }
        Ok(count)
    }

    /// The number of working days in a loaded year.
    pub fn working_days_in_year(&self, year: i16) -> Result<u16, CalendarError> {
        self.table(year).map(YearTable::total)
    }
}

/// Day-of-year, 1-based, as an index into [`YearTable::running`].
fn day_index(date: Date) -> usize {
    usize::try_from(date.day_of_year()).unwrap_or(1)
}

fn date_of(year: i16, day_of_year: usize) -> Result<Date, CalendarError> {
    let day = i16::try_from(day_of_year).map_err(|_| CalendarError::DateOutOfRange)?;
    Date::new(year, 1, 1)
        .and_then(|first| first.with().day_of_year(day).build())
        .map_err(|_| CalendarError::DateOutOfRange)
}

/// Builds the tables of every loaded year from all files, checking that files agree.
fn build_tables(
    files: &BTreeMap<i16, HolidayFile>,
) -> Result<BTreeMap<i16, YearTable>, CalendarError> {
    let mut exceptions: BTreeMap<Date, (bool, i16)> = BTreeMap::new();
    for (&year, file) in files {
        for (&date, day) in &file.days {
            match exceptions.get(&date) {
                Some(&(off_day, first_year)) if off_day != day.off_day => {
                    return Err(CalendarError::ConflictingFiles {
                        date,
                        first_year,
                        second_year: year,
                    });
                }
                Some(_) => {}
                None => {
                    exceptions.insert(date, (day.off_day, year));
                }
            }
        }
    }
    let mut tables = BTreeMap::new();
    for &year in files.keys() {
        let first = Date::new(year, 1, 1).map_err(|_| CalendarError::DateOutOfRange)?;
        let mut running = Vec::with_capacity(367);
        running.push(0_u16);
        let mut total = 0_u16;
        for date in first.series(jiff::Span::new().days(1)) {
            if date.year() != year {
                break;
            }
            let working = match exceptions.get(&date) {
                Some(&(off_day, _)) => !off_day,
                None => !is_weekend(date),
            };
            total += u16::from(working);
            running.push(total);
        }
        tables.insert(year, YearTable { running });
    }
    Ok(tables)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn embedded_years_all_load() {
        assert_eq!(Calendar::china().years(), vec![2023, 2024, 2025, 2026]);
        for text in EMBEDDED_FILES {
            Calendar::empty().load_year_file(text).unwrap();
        }
    }

    #[test]
    fn working_days_per_year_match_the_notices() {
        // Counted independently from the JSON files (a Python one-off over the same data).
        let calendar = Calendar::china();
        let counts: Vec<u16> = (2023..=2026)
            .map(|year| calendar.working_days_in_year(year).unwrap())
            .collect();
        assert_eq!(counts, vec![249, 251, 248, 248]);
    }

    #[test]
    fn a_conflicting_file_leaves_the_calendar_unchanged() {
        let mut calendar = Calendar::china();
        let conflicting = r#"{"year": 2022, "papers": [], "days": [
            {"name": "元旦", "date": "2022-12-31", "isOffDay": false}]}"#;
        let error = calendar.load_year_file(conflicting).unwrap_err();
        assert_eq!(
            error,
            CalendarError::ConflictingFiles {
                date: date(2022, 12, 31),
                first_year: 2022,
                second_year: 2023
            }
        );
        assert_eq!(calendar.years(), vec![2023, 2024, 2025, 2026]);
    }

    #[test]
    fn a_later_file_replaces_its_year() {
        let mut calendar = Calendar::china();
        let replacement = r#"{"year": 2026, "papers": [], "days": []}"#;
        assert_eq!(calendar.load_year_file(replacement), Ok(2026));
        assert_eq!(calendar.is_working_day(date(2026, 10, 1)), Ok(true));
        assert_eq!(calendar.papers(2026), Some(&[][..]));
    }
}
