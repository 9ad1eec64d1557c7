//! Every rule fires on its `fires*.json` fixtures and stays silent on its `silent*.json`
//! ones; the findings a fixture raises are snapshotted in both languages, so a reviewer reads
//! exactly what a user will see.
//!
//! Fixtures live in `tests/fixtures/<CODE>/`. A `conditions.csv` beside them is loaded as the
//! regulatory-conditions table (R004); the classification engine is loaded for H003.
//!
//! The example shipments of `examples/shipments/` are checked too: `clean*` ones raise nothing,
//! the others' findings are snapshotted.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use model::Lang;
use rules::{CheckInput, Conditions, RULES};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn classifier() -> &'static classify::Classifier {
    static CLASSIFIER: OnceLock<classify::Classifier> = OnceLock::new();
    CLASSIFIER.get_or_init(|| classify::Classifier::build(&classify::embedded_tables()).unwrap())
}

fn data() -> &'static refdata::RefData {
    static DATA: OnceLock<refdata::RefData> = OnceLock::new();
    DATA.get_or_init(|| refdata::RefData::embedded().unwrap())
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|_| panic!("no folder {}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn fixtures_of(code: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(code);
    assert!(
        dir.is_dir(),
        "rule {code} has no fixture folder {}",
        dir.display()
    );
    json_files(&dir)
}

fn findings_of(path: &Path) -> Vec<rules::Finding> {
    let text = std::fs::read_to_string(path).unwrap();
    let outcome = model::parse_bundle(&text);
    assert!(
        outcome.errors.is_empty(),
        "{}: fixture has input errors: {:?}",
        path.display(),
        outcome.errors
    );
    let bundle = outcome.bundle.unwrap();
    let conditions = path
        .parent()
        .map(|dir| dir.join("conditions.csv"))
        .filter(|p| p.exists())
        .map(|p| Conditions::parse_csv(&std::fs::read_to_string(p).unwrap()).unwrap());
    let input = CheckInput::new(&bundle, data())
        .with_conditions(conditions.as_ref())
        .with_name_fit(Some(classifier()));
    rules::check(&input)
}

#[test]
fn every_rule_fires_on_its_fixtures_and_stays_silent_on_clean_ones() {
    for rule in RULES {
        let files = fixtures_of(rule.code);
        let (mut fired, mut silent) = (0, 0);
        for path in files {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let mine: Vec<_> = findings_of(&path)
                .into_iter()
                .filter(|f| f.rule == rule.code)
                .collect();
            if name.starts_with("fires") {
                assert!(!mine.is_empty(), "{} should fire on {name}", rule.code);
                let rendered: Vec<_> = mine
                    .iter()
                    .map(|f| serde_json::json!({"zh": f.to_json(Lang::Zh), "en": f.to_json(Lang::En)}))
                    .collect();
                let snapshot = format!("{}__{}", rule.code, name.trim_end_matches(".json"));
                insta::assert_snapshot!(snapshot, serde_json::to_string_pretty(&rendered).unwrap());
                fired += 1;
            } else if name.starts_with("silent") {
                assert!(
                    mine.is_empty(),
                    "{} should stay silent on {name}: {mine:#?}",
                    rule.code
                );
                silent += 1;
            }
        }
        assert!(
            fired > 0 && silent > 0,
            "{} needs fixtures that fire and that stay silent",
            rule.code
        );
    }
}

#[test]
fn clean_examples_raise_no_finding() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/shipments");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("clean") && name.ends_with(".json") {
            let findings = findings_of(&path);
            assert!(findings.is_empty(), "{name} should be clean: {findings:#?}");
        }
    }
}

#[test]
fn example_shipments_with_defects_raise_their_findings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/shipments");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = entries.map(|entry| entry.unwrap().path()).collect();
    files.sort();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("clean") || !name.ends_with(".json") {
            continue;
        }
        let findings = findings_of(&path);
        assert!(
            !findings.is_empty(),
            "{name} has no finding: its defects went unnoticed"
        );
        let rendered: Vec<_> = findings
            .iter()
            .map(|f| serde_json::json!({"zh": f.to_json(Lang::Zh), "en": f.to_json(Lang::En)}))
            .collect();
        let snapshot = format!("example__{}", name.trim_end_matches(".json"));
        insta::assert_snapshot!(snapshot, serde_json::to_string_pretty(&rendered).unwrap());
    }
}
