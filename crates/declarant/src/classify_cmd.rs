//! `declarant classify`: commodity codes for a product description, or for a whole table of
//! them (a year of an enterprise's declarations) with the declared codes judged.

use classify::{Classification, Classifier};
use model::{Lang, Text};
use owo_colors::OwoColorize;
use refdata::DataFiles;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `classify`.
#[derive(Debug, clap::Args)]
pub struct ClassifyArgs {
    /// The product description, in Chinese or English (several words need no quotes).
    #[arg(required_unless_present = "batch")]
    pub description: Vec<String>,
    /// How many suggestions.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=50))]
    pub top: u16,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ClassifyFormat::Text)]
    pub format: ClassifyFormat,
    /// A table (csv or xlsx) of descriptions, optionally with declared codes: writes the same
    /// table back as CSV with the suggestions and whether each declared code fits.
    #[arg(long, value_name = "FILE", conflicts_with = "description")]
    pub batch: Option<PathBuf>,
    /// Where the batch result goes (default: standard output).
    #[arg(long, short, value_name = "FILE", requires = "batch")]
    pub output: Option<PathBuf>,
}

/// Output formats of `classify`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ClassifyFormat {
    /// For people.
    Text,
    /// `{"suggestions": [{"code", "name", "score", "basis"}]}`.
    Json,
}

/// Builds the classifier from the table texts of the run (built in, or those of `--data DIR`,
/// so new tariff texts reach H003 and `classify` without a rebuild). Tables that differ from
/// the built-in ones are analysed when loading (about half a second) instead of coming from
/// the index snapshot.
pub fn build(files: &DataFiles<'static>) -> Result<Classifier, Text> {
    Classifier::build(&crate::data::classifier_tables(files)).map_err(|e| {
        Text::new(
            format!("无法建立归类索引：{e}"),
            format!("cannot build the classification index: {e}"),
        )
    })
}

pub fn run(args: &ClassifyArgs, lang: Lang, data_dir: Option<&Path>) -> u8 {
    let classifier = match crate::data::read(data_dir).and_then(|files| build(&files)) {
        Ok(classifier) => classifier,
        Err(message) => {
            crate::data::print_error(&message, lang);
            return 2;
        }
    };
    if let Some(batch) = &args.batch {
        return crate::classify_batch::run(
            &classifier,
            batch,
            args.output.as_deref(),
            usize::from(args.top),
            lang,
        );
    }
    let description = args.description.join(" ");
    let classification = match classifier.classify(&description, usize::from(args.top)) {
        Ok(classification) => classification,
        Err(error) => {
            let message = match error {
                classify::ClassifyError::EmptyDescription => Text::new(
                    "品名描述为空：请给出商品名称或描述",
                    "the description is empty: give a product name or description",
                ),
                other => Text::new(other.to_string(), other.to_string()),
            };
            crate::data::print_error(&message, lang);
            return 2;
        }
    };
    let written = match args.format {
        ClassifyFormat::Json => print_json(&classification, lang),
        ClassifyFormat::Text => print_text(&description, &classification, lang),
    };
    if written.is_err() {
        return 2;
    }
    0
}

fn print_json(classification: &Classification, lang: Lang) -> std::io::Result<()> {
    let suggestions: Vec<serde_json::Value> = classification
        .suggestions
        .iter()
        .map(|s| {
            serde_json::json!({
                "code": s.code,
                "name": s.name(lang),
                "score": (f64::from(s.score) * 100.0).round() / 100.0,
                "basis": s.basis.summary(lang),
            })
        })
        .collect();
    let notes: Vec<&str> = classification.notes.iter().map(|n| n.get(lang)).collect();
    let answer = serde_json::json!({
        "suggestions": suggestions,
        "low_confidence": classification.low_confidence,
        "notes": notes,
    });
    writeln!(std::io::stdout(), "{answer}")
}

fn print_text(
    description: &str,
    classification: &Classification,
    lang: Lang,
) -> std::io::Result<()> {
    let mut out = anstream::stdout();
    writeln!(out, "{}", description.bold())?;
    for note in &classification.notes {
        writeln!(out, "  {} {}", "!".yellow().bold(), note.get(lang).yellow())?;
    }
    if classification.suggestions.is_empty() {
        let none = if lang == Lang::Zh {
            "没有可建议的商品编码"
        } else {
            "no code to suggest"
        };
        writeln!(out, "  {none}")?;
    }
    for (rank, suggestion) in classification.suggestions.iter().enumerate() {
        writeln!(
            out,
            "  {}. {}  {}  {}",
            rank + 1,
            suggestion.code.cyan().bold(),
            suggestion.name(lang),
            format!("{:.2}", suggestion.score).dimmed()
        )?;
        writeln!(out, "     {}", suggestion.basis.summary(lang).dimmed())?;
    }
    Ok(())
}
