//! The report of `check` (CONTRACT §3): findings per bundle, input errors per file, summary.

use crate::{Finding, Severity};
use model::{Lang, Text};
use serde_json::{Value, json};

/// The findings of one bundle.
#[derive(Debug, Clone)]
pub struct BundleReport {
    /// The bundle's id (or its file name when it has none).
    pub bundle: String,
    /// The file it came from.
    pub file: String,
    /// Its findings, in report order.
    pub findings: Vec<Finding>,
}

impl BundleReport {
    /// The report entry as JSON, messages in `lang`.
    pub fn to_json(&self, lang: Lang) -> Value {
        let findings: Vec<Value> = self.findings.iter().map(|f| f.to_json(lang)).collect();
        json!({"bundle": self.bundle, "file": self.file, "findings": findings})
    }

    /// Number of findings of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// A problem with an input, tied to its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInputError {
    /// The file.
    pub file: String,
    /// Place in the file: JSON path or line and column (empty for the whole file).
    pub path: String,
    /// What is wrong.
    pub message: Text,
}

impl FileInputError {
    /// The entry as JSON, message in `lang`.
    pub fn to_json(&self, lang: Lang) -> Value {
        json!({"file": self.file, "path": self.path, "message": self.message.get(lang)})
    }
}

/// The counts that close a report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Bundles checked.
    pub bundles: usize,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
    /// Input errors.
    pub input_errors: usize,
}

impl Summary {
    /// Adds one bundle's findings.
    pub fn add(&mut self, report: &BundleReport) {
        self.bundles += 1;
        self.errors += report.count(Severity::Error);
        self.warnings += report.count(Severity::Warning);
        self.infos += report.count(Severity::Info);
    }

    /// The summary as JSON.
    pub fn to_json(&self) -> Value {
        json!({"bundles": self.bundles, "errors": self.errors, "warnings": self.warnings,
               "infos": self.infos, "input_errors": self.input_errors})
    }

    /// The exit status of CONTRACT §2: 2 when some input could not be read, else 1 when
    /// there is an error finding, else 0.
    pub fn exit_code(&self) -> i32 {
        if self.input_errors > 0 {
            2
        } else if self.errors > 0 {
            1
        } else {
            0
        }
    }
}

/// A whole report, for callers that hold it in memory (the API); the CLI streams instead.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// One entry per bundle.
    pub reports: Vec<BundleReport>,
    /// Problems with inputs.
    pub input_errors: Vec<FileInputError>,
}

impl Report {
    /// The summary counts.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            input_errors: self.input_errors.len(),
            ..Summary::default()
        };
        for report in &self.reports {
            summary.add(report);
        }
        summary
    }

    /// The report as the JSON document of CONTRACT §3.
    pub fn to_json(&self, lang: Lang) -> Value {
        let reports: Vec<Value> = self.reports.iter().map(|r| r.to_json(lang)).collect();
        let errors: Vec<Value> = self.input_errors.iter().map(|e| e.to_json(lang)).collect();
        json!({"reports": reports, "input_errors": errors, "summary": self.summary().to_json()})
    }
}
