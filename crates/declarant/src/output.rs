//! Writing the report: text for brokers, JSON (CONTRACT §3), SARIF for code-review tools.

use crate::check::Outcome;
use model::{DocumentKind, Lang};
use owo_colors::OwoColorize;
use rules::{BundleReport, FileInputError, Finding, Severity, Summary};
use serde_json::{Value, json};
use std::io::Write;

/// The output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Grouped by shipment and document, for people.
    Text,
    /// The JSON report of CONTRACT §3.
    Json,
    /// SARIF 2.1.0.
    Sarif,
}

/// Receives outcomes in input order and writes them as they come (SARIF at the end).
pub struct Sink {
    format: Format,
    lang: Lang,
    quiet: bool,
    summary: Summary,
    input_errors: Vec<FileInputError>,
    sarif_results: Vec<Value>,
    written: usize,
    out: anstream::AutoStream<std::io::Stdout>,
}

impl Sink {
    pub fn new(format: Format, lang: Lang, quiet: bool) -> Sink {
        Sink {
            format,
            lang,
            quiet,
            summary: Summary::default(),
            input_errors: Vec::new(),
            sarif_results: Vec::new(),
            written: 0,
            out: anstream::stdout(),
        }
    }

    pub fn add(&mut self, outcome: Outcome) {
        if let Some(report) = &outcome.report {
            self.summary.add(report);
        }
        self.summary.input_errors += outcome.loaded.errors.len();
        // A closed pipe (`| head`) is not an error worth a message: stop writing quietly.
        let _ = match self.format {
            Format::Text => self.text(&outcome),
            Format::Json => self.json(&outcome),
            Format::Sarif => {
                self.sarif(&outcome);
                Ok(())
            }
        };
        self.input_errors.extend(outcome.loaded.errors);
    }

    /// Writes the closing part and answers the exit status.
    pub fn finish(mut self) -> u8 {
        let _ = match self.format {
            Format::Text => self.text_summary(),
            Format::Json => self.json_end(),
            Format::Sarif => self.sarif_end(),
        };
        let _ = self.out.flush();
        u8::try_from(self.summary.exit_code()).unwrap_or(2)
    }

    fn text(&mut self, outcome: &Outcome) -> std::io::Result<()> {
        let lang = self.lang;
        let errors = &outcome.loaded.errors;
        let findings: &[Finding] = outcome
            .report
            .as_ref()
            .map_or(&[], |r| r.findings.as_slice());
        if self.quiet && errors.is_empty() && findings.is_empty() {
            return Ok(());
        }
        let name = outcome.report.as_ref().map_or("", |r| r.bundle.as_str());
        let out = &mut self.out;
        if errors.is_empty() && findings.is_empty() {
            let clean = if lang == Lang::Zh {
                "未发现问题"
            } else {
                "no findings"
            };
            return writeln!(
                out,
                "{} {}  {}  {}",
                "✔".green(),
                name.bold(),
                outcome.loaded.file.dimmed(),
                clean.green()
            );
        }
        writeln!(
            out,
            "{} {}  {}",
            "■".bold(),
            name.bold(),
            outcome.loaded.file.dimmed()
        )?;
        for error in errors {
            let label = if lang == Lang::Zh {
                "无法读取"
            } else {
                "unreadable"
            };
            let place = if error.path.is_empty() {
                String::new()
            } else {
                format!(" {}", error.path)
            };
            writeln!(
                out,
                "    {} {}{}  {}",
                "✖".red(),
                label.red().bold(),
                place.dimmed(),
                error.message.get(lang)
            )?;
        }
        let mut current: Option<DocumentKind> = None;
        for finding in findings {
            let document = finding
                .documents
                .last()
                .copied()
                .unwrap_or(DocumentKind::Declaration);
            if current != Some(document) {
                let (zh, en) = document.names();
                writeln!(
                    out,
                    "  {}",
                    if lang == Lang::Zh { zh } else { en }.underline()
                )?;
                current = Some(document);
            }
            let (mark, severity) = match finding.severity {
                Severity::Error => (
                    "✖".red().to_string(),
                    finding.severity.label(lang).red().bold().to_string(),
                ),
                Severity::Warning => (
                    "▲".yellow().to_string(),
                    finding.severity.label(lang).yellow().bold().to_string(),
                ),
                Severity::Info => (
                    "●".blue().to_string(),
                    finding.severity.label(lang).blue().to_string(),
                ),
            };
            writeln!(
                out,
                "    {mark} {} {severity}  {}",
                finding.rule.bold(),
                finding.path.dimmed()
            )?;
            writeln!(out, "      {}", finding.message.get(lang))?;
            if finding.expected.is_some() || finding.actual.is_some() {
                let (expected_label, actual_label) = if lang == Lang::Zh {
                    ("应为", "实为")
                } else {
                    ("expected", "actual")
                };
                writeln!(
                    out,
                    "      {expected_label} {}  │  {actual_label} {}",
                    finding
                        .expected
                        .as_ref()
                        .map_or("-", |s| s.get(lang))
                        .green(),
                    finding.actual.as_ref().map_or("-", |s| s.get(lang)).red()
                )?;
            }
            for suggestion in finding.suggestions.iter().take(3) {
                let name = if lang == Lang::Zh {
                    &suggestion.name_zh
                } else {
                    &suggestion.name_en
                };
                writeln!(
                    out,
                    "      → {} {} ({:.2})",
                    suggestion.code.cyan(),
                    name,
                    suggestion.rounded_score()
                )?;
            }
        }
        Ok(())
    }

    fn text_summary(&mut self) -> std::io::Result<()> {
        let s = self.summary;
        let line = if self.lang == Lang::Zh {
            format!(
                "共检查 {} 票：{} 个错误，{} 个警告，{} 个提示，{} 个输入错误",
                s.bundles, s.errors, s.warnings, s.infos, s.input_errors
            )
        } else {
            format!(
                "{} shipment{} checked: {} error{}, {} warning{}, {} info, {} input error{}",
                s.bundles,
                plural(s.bundles),
                s.errors,
                plural(s.errors),
                s.warnings,
                plural(s.warnings),
                s.infos,
                s.input_errors,
                plural(s.input_errors)
            )
        };
        if s.errors > 0 || s.input_errors > 0 {
            writeln!(self.out, "{}", line.red().bold())
        } else if s.warnings > 0 {
            writeln!(self.out, "{}", line.yellow().bold())
        } else {
            writeln!(self.out, "{}", line.green().bold())
        }
    }

    fn json(&mut self, outcome: &Outcome) -> std::io::Result<()> {
        let Some(report) = &outcome.report else {
            return Ok(());
        };
        let separator = if self.written == 0 {
            "{\"reports\": [\n"
        } else {
            ",\n"
        };
        self.written += 1;
        let entry = serde_json::to_string(&report.to_json(self.lang)).unwrap_or_default();
        write!(self.out, "{separator}{entry}")
    }

    fn json_end(&mut self) -> std::io::Result<()> {
        let opening = if self.written == 0 {
            "{\"reports\": ["
        } else {
            "\n"
        };
        let errors: Vec<_> = self
            .input_errors
            .iter()
            .map(|e| e.to_json(self.lang))
            .collect();
        writeln!(
            self.out,
            "{opening}],\n\"input_errors\": {},\n\"summary\": {}}}",
            serde_json::to_string(&errors).unwrap_or_default(),
            serde_json::to_string(&self.summary).unwrap_or_default()
        )
    }

    fn sarif(&mut self, outcome: &Outcome) {
        let Some(report) = &outcome.report else {
            return;
        };
        self.sarif_results.extend(sarif_results(report, self.lang));
    }

    fn sarif_end(&mut self) -> std::io::Result<()> {
        let rules: Vec<Value> = rules::RULES
            .iter()
            .map(|rule| {
                json!({
                    "id": rule.code,
                    "shortDescription": {"text": rule.title(self.lang)},
                    "fullDescription": {"text": rule.title(self.lang)},
                    "help": {"text": rule.page(self.lang), "markdown": rule.page(self.lang)},
                    "defaultConfiguration": {"level": sarif_level(rule.severity)}
                })
            })
            .collect();
        let notifications: Vec<Value> = self
            .input_errors
            .iter()
            .map(|e| {
                json!({
                    "level": "error",
                    "message": {"text": format!("{} {}", e.path, e.message.get(self.lang)).trim().to_string()},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": e.file}}}]
                })
            })
            .collect();
        let document = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "declarant", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
                "invocations": [{"executionSuccessful": notifications.is_empty(), "toolExecutionNotifications": notifications}],
                "results": std::mem::take(&mut self.sarif_results)
            }]
        });
        writeln!(
            self.out,
            "{}",
            serde_json::to_string_pretty(&document).unwrap_or_default()
        )
    }
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn sarif_results(report: &BundleReport, lang: Lang) -> Vec<Value> {
    report
        .findings
        .iter()
        .map(|finding| {
            json!({
                "ruleId": finding.rule,
                "level": sarif_level(finding.severity),
                "message": {"text": finding.message.get(lang)},
                "locations": [{
                    "physicalLocation": {"artifactLocation": {"uri": report.file}},
                    "logicalLocations": [{"fullyQualifiedName": format!("{}:{}", report.bundle, finding.path), "kind": "member"}]
                }],
                "properties": {"bundle": report.bundle, "path": finding.path,
                               "expected": finding.expected.as_ref().map(|s| s.get(lang)),
                               "actual": finding.actual.as_ref().map(|s| s.get(lang))}
            })
        })
        .collect()
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// Prints one input error on standard error (used by `import`).
pub fn print_input_error(error: &FileInputError, lang: Lang) {
    let place = if error.path.is_empty() {
        String::new()
    } else {
        format!(" {}", error.path)
    };
    let _ = writeln!(
        anstream::stderr(),
        "{}{place}: {}",
        error.file,
        error.message.get(lang)
    );
}
