//! Tidy: the catalogue keeps its promises. Every rule has both pages with the four sections,
//! codes are unique, and every source file of the workspace opens with a `//!` doc comment.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use rules::RULES;
use std::collections::HashSet;
use std::path::Path;

#[test]
fn every_rule_has_its_pages() {
    let sections_zh = ["## 检查内容", "## 依据", "## 如何修正", "## 示例"];
    let sections_en = [
        "## What it checks",
        "## Why it matters",
        "## How to fix",
        "## Example",
    ];
    for rule in RULES {
        for section in sections_zh {
            assert!(
                rule.pages.0.contains(section),
                "{}: zh page lacks `{section}`",
                rule.code
            );
        }
        for section in sections_en {
            assert!(
                rule.pages.1.contains(section),
                "{}: en page lacks `{section}`",
                rule.code
            );
        }
        assert!(
            rule.pages.0.starts_with(&format!("# {}", rule.code)),
            "{}: zh page title",
            rule.code
        );
        assert!(
            rule.pages.1.starts_with(&format!("# {}", rule.code)),
            "{}: en page title",
            rule.code
        );
    }
}

#[test]
fn codes_are_unique_and_well_formed() {
    let mut seen = HashSet::new();
    for rule in RULES {
        assert!(seen.insert(rule.code), "{} twice", rule.code);
        assert!(
            rule.code.len() == 4 && rule.code[1..].bytes().all(|b| b.is_ascii_digit()),
            "{}",
            rule.code
        );
    }
}

#[test]
fn every_source_file_has_a_module_doc() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../");
    let mut missing = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                if name != "target" && name != "fixtures" && name != "snapshots" {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                if !text.trim_start().starts_with("//!") {
                    missing.push(path.display().to_string());
                }
            }
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "files without a `//!` module doc:\n{}",
        missing.join("\n")
    );
}
