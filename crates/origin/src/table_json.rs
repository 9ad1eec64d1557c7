//! Rule tables as JSON: the project's own layout, and the UK Trade Tariff `rule_sets` layout
//! (shown with its CPTPP example), whose English rule texts are mapped onto the rule tree where
//! they fit; any text that does not fit becomes "not machine-readable", never a pass.
//!
//! The project's layout:
//!
//! ```json
//! {"agreement": "RCEP", "hs_version": "2012", "name": "our corrections",
//!  "rules": [{"hs": "850760", "rule": "CTH or RVC40", "confidence": "user",
//!             "source": "Annex 3A p. 3A-150", "original": "CTH or RVC40"}]}
//! ```
//!
//! `hs` is a chapter (`85`), heading (`8507`), subheading (`850760`) or a range (`8501-8504`);
//! each rule may carry its own `agreement` and `hs_version`.

use crate::hs::{HsLevel, HsSpan, HsVersion};
use crate::rule::{Rule, RvcMethod};
use crate::table::{
    Confidence, RowFields, RuleEntry, RuleTable, RuleTableError, code_bounds, entry_from_fields,
};
use model::{InputError, JsonPath, Text};
use rust_decimal::Decimal;
use serde_json::{Map, Value};

impl RuleTable {
    /// Reads a rules file in JSON: the project's layout (`{"rules": […]}`) or the UK Trade
    /// Tariff layout (`{"rule_sets": […]}`). `default_agreement` names the agreement when the
    /// file does not (the UK layout never does); `rule_sets` codes are taken as HS 2022.
    pub fn from_json(
        text: &str,
        default_agreement: &str,
        table: &str,
    ) -> Result<RuleTable, RuleTableError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: Value = serde_json::from_str(text).map_err(|error| RuleTableError {
            errors: vec![InputError::new(
                format!("line {}, column {}", error.line(), error.column()),
                Text::new(
                    "规则文件不是有效的 JSON",
                    format!("the rules file is not valid JSON: {error}"),
                ),
            )],
        })?;
        let root = JsonPath::Root;
        let Some(object) = value.as_object() else {
            return Err(single_error(
                &root,
                "应是 JSON 对象",
                "expected a JSON object",
            ));
        };
        if let Some(sets) = object.get("rule_sets") {
            return from_rule_sets(sets, default_agreement, table);
        }
        own_layout(object, default_agreement, table)
    }
}

fn single_error(path: &JsonPath<'_>, zh: &str, en: &str) -> RuleTableError {
    RuleTableError {
        errors: vec![InputError::new(path.to_string(), Text::new(zh, en))],
    }
}

fn own_layout(
    object: &Map<String, Value>,
    default_agreement: &str,
    table: &str,
) -> Result<RuleTable, RuleTableError> {
    let root = JsonPath::Root;
    let text_of = |map: &Map<String, Value>, key: &str| -> String {
        match map.get(key) {
            Some(Value::String(text)) => text.trim().to_string(),
            Some(Value::Number(number)) => number.to_string(),
            _ => String::new(),
        }
    };
    let agreement = Some(text_of(object, "agreement"))
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| default_agreement.to_string());
    let version = text_of(object, "hs_version");
    let name = Some(text_of(object, "name"))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| table.to_string());
    let rules_path = root.field("rules");
    let Some(Value::Array(rules)) = object.get("rules") else {
        return Err(single_error(
            &rules_path,
            "缺少规则数组 rules（或 UK 格式的 rule_sets）",
            "expected an array `rules` (or the UK layout's `rule_sets`)",
        ));
    };
    let mut entries = Vec::with_capacity(rules.len());
    let mut errors = Vec::new();
    for (index, item) in rules.iter().enumerate() {
        let item_path = rules_path.index(index);
        let Some(map) = item.as_object() else {
            errors.push(InputError::new(
                item_path.to_string(),
                Text::new("应是 JSON 对象", "expected an object"),
            ));
            continue;
        };
        let (code, rule, confidence) = (
            text_of(map, "hs"),
            text_of(map, "rule"),
            text_of(map, "confidence"),
        );
        let (source, original) = (text_of(map, "source"), text_of(map, "original"));
        let row_agreement = text_of(map, "agreement");
        let row_version = Some(text_of(map, "hs_version"))
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| version.clone());
        let fields = RowFields {
            code: &code,
            level: "",
            rule: &rule,
            confidence: if confidence.is_empty() {
                "user"
            } else {
                &confidence
            },
            source: &source,
            original: &original,
            agreement: Some(row_agreement.as_str()).filter(|a| !a.is_empty()),
            hs_version: &row_version,
        };
        let place = |name: &str| {
            let key = match name {
                "hs" | "rule" | "confidence" | "hs_version" => name,
                _ => "hs",
            };
            item_path.field(key).to_string()
        };
        match entry_from_fields(&fields, &agreement, &name, &place) {
            Ok(entry) => entries.push(entry),
            Err(mut row_errors) => errors.append(&mut row_errors),
        }
    }
    if errors.is_empty() {
        Ok(RuleTable::from_entries(entries))
    } else {
        Err(RuleTableError { errors })
    }
}

fn from_rule_sets(sets: &Value, agreement: &str, table: &str) -> Result<RuleTable, RuleTableError> {
    let root = JsonPath::Root;
    let sets_path = root.field("rule_sets");
    let Some(sets) = sets.as_array() else {
        return Err(single_error(
            &sets_path,
            "rule_sets 应是数组",
            "expected an array",
        ));
    };
    let mut entries = Vec::with_capacity(sets.len());
    let mut errors = Vec::new();
    for (index, set) in sets.iter().enumerate() {
        let set_path = sets_path.index(index);
        let field = |key: &str| set.get(key).and_then(Value::as_str).unwrap_or("");
        if set.get("valid").and_then(Value::as_bool) == Some(false) {
            continue;
        }
        let (min, max) = (field("min"), field("max"));
        let bounds = (min.len() >= 6 && max.len() >= 6)
            .then(|| code_bounds(&format!("{}-{}", &min[..6], &max[..6])))
            .flatten();
        let Some((from, to)) = bounds else {
            errors.push(InputError::new(
                set_path.field("min").to_string(),
                Text::new(
                    format!("编码范围 `{min}`–`{max}` 无效"),
                    format!("`{min}`-`{max}` is not a valid code range"),
                ),
            ));
            continue;
        };
        let rules = set.get("rules").and_then(Value::as_array);
        let mut alternatives = Vec::new();
        let mut texts = Vec::new();
        for rule in rules.into_iter().flatten() {
            let raw = rule.get("rule").and_then(Value::as_str).unwrap_or("");
            let clean = clean_markdown(raw);
            alternatives.push(map_uk_rule(&clean));
            texts.push(clean);
        }
        if alternatives.is_empty() {
            alternatives.push(Rule::NotMachineReadable(String::new()));
        }
        let rule = Rule::AnyOf(alternatives).normalized();
        entries.push(RuleEntry {
            agreement: agreement.trim().to_ascii_uppercase(),
            hs_version: HsVersion::Hs2022,
            code: field("heading").to_string(),
            from,
            to,
            text: rule.to_string(),
            rule,
            confidence: Confidence::Unrated,
            source: Some(table.to_string()),
            original: Some(texts.join(" | ")),
            table: table.to_string(),
            layer: 0,
        });
    }
    if errors.is_empty() {
        Ok(RuleTable::from_entries(entries))
    } else {
        Err(RuleTableError { errors })
    }
}

/// Drops markdown links (keeping their text), bold marks and non-breaking spaces, and folds
/// runs of white space.
fn clean_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find("](").and_then(|close| {
            after[close + 2..]
                .find(')')
                .map(|end| (close, close + 2 + end + 1))
        }) {
            Some((close, end)) => {
                out.push_str(&after[..close]);
                rest = &after[end..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let out = out.replace("&nbsp;", " ").replace("**", "");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Maps one cleaned UK rule text onto the rule tree, or keeps it as not machine-readable.
fn map_uk_rule(text: &str) -> Rule {
    if let Some(rule) = map_change(text) {
        return rule;
    }
    if let Some(rule) = map_value_content(text) {
        return rule;
    }
    Rule::NotMachineReadable(text.to_string())
}

/// `A change to a good of heading 0101 to heading 0106 from any other chapter[, except from
/// …][, provided that …].`
fn map_change(text: &str) -> Option<Rule> {
    let body = text.strip_prefix("A change to a good of ")?;
    let (scope, rest) = body.split_once(" from any other ")?;
    if !is_plain_scope(scope) {
        return None;
    }
    let rest = rest.strip_suffix('.')?;
    let (level_word, rest) = rest.split_once([',', ' ']).unwrap_or((rest, ""));
    let level = match level_word {
        "chapter" => HsLevel::Chapter,
        "heading" => HsLevel::Heading,
        "subheading" => HsLevel::Subheading,
        _ => return None,
    };
    let rest = rest.trim_start_matches([',', ' ']);
    let (exceptions, proviso) = match rest.split_once("provided that ") {
        Some((before, proviso)) => (before.trim_end_matches([',', ' ']), Some(proviso)),
        None => (rest, None),
    };
    let except = if exceptions.is_empty() {
        Vec::new()
    } else {
        parse_exception_list(exceptions.strip_prefix("except from ")?)?
    };
    let shift = Rule::TariffShift { level, except };
    Some(match proviso {
        None => shift,
        Some(proviso) => Rule::AllOf(vec![
            shift,
            Rule::NotMachineReadable(format!("provided that {proviso}")),
        ]),
    })
}

/// `heading 0101`, `subheading 850710 through 850720`, `heading 5506 to heading 5511`.
fn is_plain_scope(scope: &str) -> bool {
    let words: Vec<&str> = scope.split(' ').collect();
    let is_level = |w: &str| matches!(w, "chapter" | "heading" | "subheading");
    let is_code = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    match words.as_slice() {
        [level, code] => is_level(level) && is_code(code),
        [level, code, joint, end] => {
            is_level(level) && is_code(code) && matches!(*joint, "to" | "through") && is_code(end)
        }
        [level, code, joint, level2, end] => {
            is_level(level)
                && is_code(code)
                && matches!(*joint, "to" | "through")
                && is_level(level2)
                && is_code(end)
        }
        _ => false,
    }
}

/// `heading 0401 to heading 0406, heading 5401 to heading 5402 or 540333 through 540339`.
fn parse_exception_list(text: &str) -> Option<Vec<HsSpan>> {
    let normalized = text.replace(", or ", ", ").replace(" or ", ", ");
    let mut spans = Vec::new();
    let mut level_word: Option<HsLevel> = None;
    for item in normalized.split(", ") {
        let words: Vec<&str> = item
            .split(' ')
            .filter(|w| !matches!(*w, "heading" | "subheading" | "chapter"))
            .collect();
        if let Some(first) = item.split(' ').next() {
            level_word = match first {
                "chapter" => Some(HsLevel::Chapter),
                "heading" => Some(HsLevel::Heading),
                "subheading" => Some(HsLevel::Subheading),
                _ => level_word,
            };
        }
        let (from, to) = match words.as_slice() {
            [code] => (*code, *code),
            [from, joint, to] if matches!(*joint, "to" | "through") => (*from, *to),
            _ => return None,
        };
        let span = HsSpan::range(from, to)?;
        if level_word.is_some_and(|level| level != span.level) {
            return None;
        }
        spans.push(span);
    }
    (!spans.is_empty()).then_some(spans)
}

/// `… regional value content of not less than: - a) 35% under the build-up method.` and the
/// follow-on fragments `- b) 45% under the build-down method.`
fn map_value_content(text: &str) -> Option<Rule> {
    let method = if text.ends_with("under the build-up method.") {
        RvcMethod::BuildUp
    } else if text.ends_with("under the build-down method.") {
        RvcMethod::BuildDown
    } else {
        return None;
    };
    if !(text.starts_with("- ") || text.contains("regional value content of not less than")) {
        return None;
    }
    let percent = text.rfind('%')?;
    let start = text[..percent]
        .rfind(|c: char| !c.is_ascii_digit() && c != '.')
        .map_or(0, |i| i + 1);
    let threshold: Decimal = text[start..percent].parse().ok()?;
    (threshold <= Decimal::ONE_HUNDRED).then_some(Rule::RegionalValueContent { threshold, method })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_uk_rule_texts() {
        let cases = [
            (
                "A change to a good of [heading&nbsp;0101](/headings/0101) to [heading&nbsp;0106](/headings/0106) from any other chapter.",
                "CC",
            ),
            (
                "A change to a good of [subheading&nbsp;850710](/subheading/8507100000-80) through 850720 from any other heading.",
                "CTH",
            ),
            (
                "A change to a good of [heading&nbsp;5506](/headings/5506) to [heading&nbsp;5511](/headings/5511) from any other chapter, except from [heading&nbsp;5201](/headings/5201) to [heading&nbsp;5203](/headings/5203) or [heading&nbsp;5401](/headings/5401) to [heading&nbsp;5402](/headings/5402), or [subheading&nbsp;540333](/subheading/5403330000-80) through 540339 or 540342 through 540500.",
                "CC except from heading 52.01-52.03, heading 54.01-54.02, subheading 5403.33-5403.39, subheading 5403.42-5405.00",
            ),
            (
                "No change in tariff classification required for a good of [subheading&nbsp;850790](/subheading/8507900000-80), provided there is a regional value content of not less than:\n\n \n\n- a) **30%** under the build-up method.",
                "RVC30 build-up",
            ),
            (
                "- b) **40%** under the build-down method.",
                "RVC40 build-down",
            ),
            (
                "- c) **50%** under the focused value method taking into account only the non-originating materials of [heading&nbsp;8507](/headings/8507).",
                "\"- c) 50% under the focused value method taking into account only the non-originating materials of heading 8507.\"",
            ),
            (
                "A change to any other good of [subheading&nbsp;030449](/subheading/0304490000-80) from any other heading.",
                "\"A change to any other good of subheading 030449 from any other heading.\"",
            ),
            (
                "A change to a good of [subheading&nbsp;390710](/subheading/3907100000-80) through 390750 from any other heading, provided that not less than **50%** by weight of the total polymer content is originating.",
                "CTH and \"provided that not less than 50% by weight of the total polymer content is originating\"",
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(map_uk_rule(&clean_markdown(raw)).to_string(), want, "{raw}");
        }
    }

    #[test]
    fn reads_the_own_layout_and_reports_paths() {
        let text = r#"{"agreement": "RCEP", "hs_version": "2012", "name": "ours",
            "rules": [{"hs": "850760", "rule": "CTH or RVC40", "source": "exporter"},
                      {"hs": "8507", "rule": "CTH or", "confidence": "user"},
                      {"hs": "85x", "rule": "CC"}]}"#;
        let error = RuleTable::from_json(text, "RCEP", "ours").unwrap_err();
        let places: Vec<&str> = error.errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(places, ["rules[1].rule, character 7", "rules[2].hs"]);
        let good = r#"{"rules": [{"hs": "850760", "rule": "CTH or RVC40"}]}"#;
        let table = RuleTable::from_json(good, "RCEP", "ours").unwrap();
        let entry = table.lookup("RCEP", HsVersion::Hs2012, "850760").unwrap();
        assert_eq!(entry.confidence, Confidence::User);
        assert_eq!(entry.table, "ours");
        assert!(RuleTable::from_json("[1]", "RCEP", "x").is_err());
        assert!(RuleTable::from_json("{", "RCEP", "x").is_err());
    }
}
