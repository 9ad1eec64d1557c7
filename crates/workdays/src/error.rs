//! Why a working-day computation or a holiday file was refused.

use jiff::civil::Date;
use model::Text;

/// Why a working-day computation or a holiday file was refused. Display is English; use
/// [`CalendarError::message`] for the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The answer needs a year whose holiday calendar is not loaded (not yet published by the
    /// State Council, or not given). Weekdays are never guessed.
    #[error("the working-day calendar of {year} is not published or not loaded (loaded: {})", years_list(.loaded))]
    YearNotPublished {
        /// The year that is missing.
        year: i16,
        /// The years that are loaded, ascending.
        loaded: Vec<i16>,
    },
    /// A holiday file is malformed.
    #[error("holiday file, at `{place}`: expected {}", .expected.en)]
    InvalidHolidayFile {
        /// The JSON path (`days[3].date`) or `line N, column M`.
        place: String,
        /// What was expected there.
        expected: Text,
    },
    /// Two loaded holiday files disagree about one day.
    #[error("the holiday files of {first_year} and {second_year} disagree about `{date}`")]
    ConflictingFiles {
        /// The day they disagree about.
        date: Date,
        /// The earlier of the two files' years.
        first_year: i16,
        /// The later of the two files' years.
        second_year: i16,
    },
    /// A date beyond what the calendar can represent (after 9999-12-31).
    #[error("the date is out of range")]
    DateOutOfRange,
}

fn years_list(years: &[i16]) -> String {
    if years.is_empty() {
        return "none".to_owned();
    }
    years
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl CalendarError {
    /// The message in both languages.
    pub fn message(&self) -> Text {
        match self {
            CalendarError::YearNotPublished { year, loaded } => Text::new(
                format!(
                    "{year} 年的工作日历尚未发布或未加载（已加载：{}）；请用国务院放假通知的节假日文件补充，不按周一至周五推算",
                    if loaded.is_empty() {
                        "无".to_owned()
                    } else {
                        years_list(loaded)
                    }
                ),
                format!(
                    "the working-day calendar of {year} is not published or not loaded (loaded: {}); add its holiday file from the State Council notice, weekdays are not guessed",
                    years_list(loaded)
                ),
            ),
            CalendarError::InvalidHolidayFile { place, expected } => Text::new(
                format!("节假日文件 `{place}` 处：应为{}", expected.zh),
                format!("holiday file, at `{place}`: expected {}", expected.en),
            ),
            CalendarError::ConflictingFiles {
                date,
                first_year,
                second_year,
            } => Text::new(
                format!("{first_year} 年与 {second_year} 年的节假日文件对 `{date}` 的安排不一致"),
                format!(
                    "the holiday files of {first_year} and {second_year} disagree about `{date}`"
                ),
            ),
            CalendarError::DateOutOfRange => Text::new("日期超出范围", "the date is out of range"),
        }
    }
}
