//! `declarant workdays`, `declarant reminders`, `declarant scorecard`, `declarant
//! qualifications`: the calendar and the agency's deadlines, read from files, with "now"
//! given on the command line or read from the clock here, in the shell.

use crate::inputs::{about_file, attach_file, read_bounded, read_text};
use model::{InputError, Lang, Text};
use std::path::{Path, PathBuf};
use workdays::Calendar;

/// Output formats of these commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// JSON.
    Json,
}

/// `declarant workdays …`.
#[derive(Debug, clap::Args)]
pub struct WorkdaysArgs {
    #[command(subcommand)]
    pub command: WorkdaysCommand,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text, global = true)]
    pub format: Format,
    /// A holiday file for a newly published year (same layout as data/holidays/2026.json).
    #[arg(long, value_name = "FILE", global = true)]
    pub holidays: Vec<PathBuf>,
}

/// The working-day questions.
#[derive(Debug, clap::Subcommand)]
pub enum WorkdaysCommand {
    /// The date N working days after DATE (DATE itself not counted).
    Add {
        /// The start date, YYYY-MM-DD.
        date: String,
        /// How many working days, at least 1.
        n: u32,
    },
    /// The working days in (A, B]: A excluded, B included.
    Between {
        /// The first date (excluded).
        a: String,
        /// The last date (included).
        b: String,
    },
}

fn say(message: &Text, lang: Lang) -> u8 {
    crate::data::print_error(message, lang);
    2
}

fn parse_date(text: &str) -> Result<jiff::civil::Date, Text> {
    text.trim().parse::<jiff::civil::Date>().map_err(|_| {
        Text::new(
            format!("`{text}` 不是日期，应为 YYYY-MM-DD"),
            format!("`{text}` is not a date: expected YYYY-MM-DD"),
        )
    })
}

fn calendar(extra: &[PathBuf]) -> Result<Calendar, Text> {
    let mut calendar = Calendar::china();
    for path in extra {
        let text = read_text(path)?;
        calendar
            .load_year_file(&text)
            .map_err(|e| about_file(path, &e.message()))?;
    }
    Ok(calendar)
}

pub fn workdays(args: &WorkdaysArgs, lang: Lang) -> u8 {
    let calendar = match calendar(&args.holidays) {
        Ok(calendar) => calendar,
        Err(message) => return say(&message, lang),
    };
    let answer = match &args.command {
        WorkdaysCommand::Add { date, n } => {
            if *n == 0 {
                return say(&Text::new("N 至少为 1", "N must be at least 1"), lang);
            }
            parse_date(date).and_then(|date| {
                let answer = calendar.add(date, *n).map_err(|e| e.message())?;
                Ok(match args.format {
                    Format::Json => workdays::add_json(answer).to_string(),
                    Format::Text => workdays::add_text(date, *n, answer, lang),
                })
            })
        }
        WorkdaysCommand::Between { a, b } => parse_date(a).and_then(|a| {
            let b = parse_date(b)?;
            let days = calendar.between(a, b).map_err(|e| e.message())?;
            Ok(match args.format {
                Format::Json => workdays::between_json(days).to_string(),
                Format::Text => workdays::between_text(a, b, days, lang),
            })
        }),
    };
    match answer {
        Ok(text) => {
            println!("{}", text.trim_end());
            0
        }
        Err(message) => say(&message, lang),
    }
}

/// `declarant reminders`.
#[derive(Debug, clap::Args)]
pub struct RemindersArgs {
    /// "Now": a date (09:00 China time) or a date and time; default: the clock.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// The agent-certificate orders (JSON).
    #[arg(long, value_name = "FILE")]
    pub orders: Option<PathBuf>,
    /// The qualifications registry (JSON).
    #[arg(long, value_name = "FILE")]
    pub qualifications: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// A holiday file for a newly published year.
    #[arg(long, value_name = "FILE")]
    pub holidays: Vec<PathBuf>,
}

fn as_of(text: Option<&str>) -> Result<jiff::civil::DateTime, Text> {
    match text {
        Some(text) => agency::parse_as_of(text),
        None => Ok(workdays::china_time(jiff::Timestamp::now())),
    }
}

fn report_errors(file: &Path, errors: Vec<InputError>, lang: Lang) -> bool {
    let shown = file.display().to_string();
    let any = !errors.is_empty();
    for error in attach_file(&shown, errors) {
        crate::output::print_input_error(&error, lang);
    }
    any
}

pub fn reminders(args: &RemindersArgs, lang: Lang) -> u8 {
    let (calendar, now) =
        match calendar(&args.holidays).and_then(|c| Ok((c, as_of(args.as_of.as_deref())?))) {
            Ok(pair) => pair,
            Err(message) => return say(&message, lang),
        };
    let mut unreadable = false;
    let ledger = match &args.orders {
        Some(path) => match read_text(path) {
            Ok(text) => {
                let outcome = agency::parse_orders(&text);
                unreadable |= report_errors(path, outcome.errors, lang);
                outcome.ledger
            }
            Err(message) => return say(&message, lang),
        },
        None => agency::Ledger::default(),
    };
    let registry = match &args.qualifications {
        Some(path) => match read_text(path) {
            Ok(text) => {
                let outcome = agency::parse_qualifications(&text);
                unreadable |= report_errors(path, outcome.errors, lang);
                outcome.registry
            }
            Err(message) => return say(&message, lang),
        },
        None => agency::Registry::default(),
    };
    let found = agency::reminders(now, &ledger, &registry, &calendar);
    let text = match args.format {
        Format::Json => agency::reminders_json(&found, lang),
        Format::Text => agency::reminders_text(&found, lang),
    };
    println!("{}", text.trim_end());
    if unreadable || !found.problems.is_empty() {
        2
    } else {
        0
    }
}

/// `declarant scorecard`.
#[derive(Debug, clap::Args)]
pub struct ScorecardArgs {
    /// Shipment history (CSV or xlsx).
    pub history: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also write the report with its charts as an HTML page.
    #[arg(long, value_name = "OUT.html")]
    pub html: Option<PathBuf>,
}

pub fn scorecard(args: &ScorecardArgs, lang: Lang) -> u8 {
    let bytes = match read_bounded(&args.history) {
        Ok(bytes) => bytes,
        Err(message) => return say(&about_file(&args.history, &message), lang),
    };
    let outcome = if import::workbook_kind(&bytes).is_some() {
        agency::parse_history_xlsx(&bytes)
    } else {
        agency::parse_history_csv_bytes(&bytes)
    };
    let unreadable = report_errors(&args.history, outcome.errors, lang);
    let card = agency::scorecard(&outcome.records);
    let text = match args.format {
        Format::Json => agency::scorecard_json(&card),
        Format::Text => agency::scorecard_text(&card, lang),
    };
    println!("{}", text.trim_end());
    if let Some(path) = &args.html
        && let Err(error) = std::fs::write(path, agency::scorecard_html(&card, lang))
    {
        return say(
            &Text::new(
                format!("无法写入 {}：{error}", path.display()),
                format!("cannot write `{}`: {error}", path.display()),
            ),
            lang,
        );
    }
    if unreadable { 2 } else { 0 }
}
