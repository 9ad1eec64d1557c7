//! The report of `check` (CONTRACT §3): findings per bundle, input errors per file, summary.

use crate::finding::FindingJson;
use crate::{Finding, Severity};
use model::{Lang, Text};
use serde::Serialize;

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
    pub fn to_json(&self, lang: Lang) -> BundleReportJson<'_> {
        BundleReportJson {
            bundle: &self.bundle,
            file: &self.file,
            findings: self.findings.iter().map(|f| f.to_json(lang)).collect(),
        }
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
    pub fn to_json(&self, lang: Lang) -> InputErrorJson<'_> {
        InputErrorJson {
            file: &self.file,
            path: &self.path,
            message: self.message.get(lang),
        }
    }
}

/// A bundle's entry as it is written in reports.
#[derive(Debug, Serialize)]
pub struct BundleReportJson<'a> {
    bundle: &'a str,
    file: &'a str,
    findings: Vec<FindingJson<'a>>,
}

/// An input error as it is written in reports.
#[derive(Debug, Serialize)]
pub struct InputErrorJson<'a> {
    file: &'a str,
    path: &'a str,
    message: &'a str,
}

/// The counts that close a report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
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
    pub fn to_json(&self, lang: Lang) -> ReportJson<'_> {
        ReportJson {
            reports: self.reports.iter().map(|r| r.to_json(lang)).collect(),
            input_errors: self.input_errors.iter().map(|e| e.to_json(lang)).collect(),
            summary: self.summary(),
        }
    }
}

/// A whole report as it is written.
#[derive(Debug, Serialize)]
pub struct ReportJson<'a> {
    reports: Vec<BundleReportJson<'a>>,
    input_errors: Vec<InputErrorJson<'a>>,
    summary: Summary,
}
