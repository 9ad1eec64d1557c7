//! Findings: what a rule says about a shipment.

use crate::SuggestedCode;
use model::{DocumentKind, Lang, Text};
use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Customs would reject the declaration or fine the declarant.
    Error,
    /// Likely to draw a query or an inspection.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// The severity as written in reports (`error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The severity for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Info, Lang::Zh) => "提示",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Info, Lang::En) => "info",
        }
    }
}

/// An expected or actual value of a finding: a value from the documents (an amount, a code,
/// a number), the same in every language, or words that describe it ("10 digits", "(missing)"),
/// which a reader gets in their language.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// A value as the documents or tables give it.
    Value(String),
    /// A description, in both languages.
    Words(Text),
}

impl Shown {
    /// The value, or the description in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match self {
            Shown::Value(value) => value,
            Shown::Words(text) => text.get(lang),
        }
    }

    /// "(missing)": the document or field is absent.
    pub fn missing() -> Shown {
        Shown::Words(Text::new("（缺失）", "(missing)"))
    }

    /// "(none)": nothing of the kind is attached or listed.
    pub fn none() -> Shown {
        Shown::Words(Text::new("（无）", "(none)"))
    }
}

impl From<String> for Shown {
    fn from(value: String) -> Shown {
        Shown::Value(value)
    }
}

impl From<&str> for Shown {
    fn from(value: &str) -> Shown {
        Shown::Value(value.to_string())
    }
}

impl From<&String> for Shown {
    fn from(value: &String) -> Shown {
        Shown::Value(value.clone())
    }
}

impl From<&model::CompactString> for Shown {
    fn from(value: &model::CompactString) -> Shown {
        Shown::Value(value.to_string())
    }
}

impl From<model::CompactString> for Shown {
    fn from(value: model::CompactString) -> Shown {
        Shown::Value(value.into_string())
    }
}

impl From<Text> for Shown {
    fn from(words: Text) -> Shown {
        Shown::Words(words)
    }
}

/// One defect found in a shipment: which rule, where, expected versus actual, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The stable rule code (`C003`).
    pub rule: &'static str,
    /// Severity.
    pub severity: Severity,
    /// What is wrong, in both languages.
    pub message: Text,
    /// The documents involved, the checked one last.
    pub documents: Vec<DocumentKind>,
    /// The JSON path of the value at fault (`declaration.lines[0].amount`).
    pub path: String,
    /// The value the rule expected.
    pub expected: Option<Shown>,
    /// The value found.
    pub actual: Option<Shown>,
    /// Suggested commodity codes (H003).
    pub suggestions: Vec<SuggestedCode>,
}

impl Finding {
    /// The order of findings in a report: by document, then path, then rule.
    pub(crate) fn sort_key(&self) -> (DocumentKind, &str, &str) {
        let document = self
            .documents
            .last()
            .copied()
            .unwrap_or(DocumentKind::Declaration);
        (document, &self.path, self.rule)
    }

    /// Adds the expected and actual values.
    pub fn values(mut self, expected: impl Into<Shown>, actual: impl Into<Shown>) -> Self {
        self.expected = Some(expected.into());
        self.actual = Some(actual.into());
        self
    }

    /// The finding as the JSON object of CONTRACT §3, message in `lang`, keys in the
    /// contract's order.
    pub fn to_json(&self, lang: Lang) -> FindingJson<'_> {
        FindingJson {
            rule: self.rule,
            severity: self.severity,
            message: self.message.get(lang),
            documents: &self.documents,
            path: &self.path,
            expected: self.expected.as_ref().map(|shown| shown.get(lang)),
            actual: self.actual.as_ref().map(|shown| shown.get(lang)),
            suggestions: self
                .suggestions
                .iter()
                .map(|s| SuggestionJson {
                    code: &s.code,
                    name: if lang == Lang::Zh {
                        &s.name_zh
                    } else {
                        &s.name_en
                    },
                    score: s.rounded_score(),
                })
                .collect(),
        }
    }
}

/// A finding as it is written in reports.
#[derive(Debug, Serialize)]
pub struct FindingJson<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    documents: &'a [DocumentKind],
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actual: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<SuggestionJson<'a>>,
}

/// A suggested code as it is written in reports.
#[derive(Debug, Serialize)]
pub struct SuggestionJson<'a> {
    code: &'a str,
    name: &'a str,
    score: f64,
}
