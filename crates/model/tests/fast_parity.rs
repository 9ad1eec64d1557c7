//! The fast bundle reader and the lenient one build the same bundle: over every JSON file of
//! the project (fixtures, examples, test inputs) and over generated JSON full of the cases
//! the lenient reader reports (wrong types, bad numbers, duplicate keys, `serde_json`'s
//! private number key written by hand).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

use model::{
    Bundle, ParseOutcome, bundle_to_json, parse_bundle, parse_bundle_fast, parse_bundle_value,
};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// The lenient reader alone (what `parse_bundle` did before the fast path).
fn lenient(text: &str) -> Option<ParseOutcome> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    Some(parse_bundle_value(&value))
}

/// True when the text is a JSON object with a bundle key (what the importer asks).
fn keyed(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    const KEYS: [&str; 11] = [
        "id",
        "direction",
        "declaration",
        "invoice",
        "packing_list",
        "contract",
        "bill_of_lading",
        "agent_certificate",
        "certificate_of_origin",
        "agency_agreement",
        "attachments",
    ];
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| {
            v.as_object()
                .map(|o| o.keys().any(|k| KEYS.contains(&k.as_str())))
        })
        .unwrap_or(false)
}

fn same(a: &Bundle, b: &Bundle) -> bool {
    // `Decimal` equality ignores the scale; the canonical JSON shows it.
    a == b && bundle_to_json(a) == bundle_to_json(b)
}

/// Checks one text; answers whether the fast reader took it.
fn check_parity(text: &str) -> Result<bool, String> {
    let fast = parse_bundle_fast(text);
    let slow = lenient(text);
    let public = parse_bundle(text);
    // `parse_bundle` (fast path inside) answers exactly what the lenient reader answers.
    match &slow {
        Some(slow) => {
            if public.errors != slow.errors {
                return Err(format!(
                    "errors differ: {:?} vs {:?}",
                    public.errors, slow.errors
                ));
            }
            match (&public.bundle, &slow.bundle) {
                (Some(a), Some(b)) if same(a, b) => {}
                (None, None) => {}
                (a, b) => return Err(format!("bundles differ:\n{a:?}\n{b:?}")),
            }
        }
        None => {
            if public.bundle.is_some() || public.errors.len() != 1 {
                return Err("invalid JSON read as a bundle".into());
            }
        }
    }
    let Some(fast) = fast else {
        return Ok(false);
    };
    let Some(slow) = slow else {
        return Err("the fast reader read invalid JSON".into());
    };
    if !slow.errors.is_empty() {
        return Err(format!(
            "the fast reader missed problems: {:?}",
            slow.errors
        ));
    }
    if !keyed(text) {
        return Err("the fast reader took an object without bundle keys".into());
    }
    match slow.bundle {
        Some(bundle) if same(&bundle, &fast) => Ok(true),
        other => Err(format!("bundles differ:\nfast {fast:?}\nlenient {other:?}")),
    }
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.ends_with("target") && !path.ends_with(".git") && !path.ends_with("data") {
                json_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

#[test]
fn every_project_json_file_reads_the_same() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    json_files(&root.join("examples"), &mut files);
    json_files(&root.join("crates"), &mut files);
    files.sort();
    assert!(files.len() > 100, "only {} JSON files found", files.len());
    let mut taken = 0;
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        match check_parity(&text) {
            Ok(fast) => {
                // Every clean bundle takes the fast path.
                let clean =
                    lenient(&text).is_some_and(|o| o.errors.is_empty() && o.bundle.is_some());
                if clean && keyed(&text) {
                    assert!(
                        fast,
                        "{}: clean, but the fast reader gave up",
                        file.display()
                    );
                }
                taken += usize::from(fast);
            }
            Err(message) => panic!("{}: {message}", file.display()),
        }
    }
    assert!(taken > 100, "the fast reader took only {taken} files");
}

#[test]
fn hand_picked_cases() {
    let cases = [
        r#"{"id": "A", "id": "B"}"#,
        r#"{"id": 12, "declaration": {"packages": 5e1, "gross_weight_kg": 1E3, "net_weight_kg": -0}}"#,
        r#"{"id": "x", "declaration": {"packages": "50.00", "total_amount": 12500.10}}"#,
        r#"{"id": "x", "declaration": {"packages": 50.5}}"#,
        r#"{"id": "x", "declaration": {"lines": [{"no": 0}]}}"#,
        r#"{"id": "x", "declaration": {"lines": [{"no": null}, {"no": 7}, {}]}}"#,
        r#"{"id": "x", "declaration": {"lines": [{"no": 2, "no": null}]}}"#,
        r#"{"id": "x", "declaration": {"lines": [{"elements": {"b": 1, "a": true, "c": null, " d ": " v "}}]}}"#,
        r#"{"id": "x", "declaration": {"lines": [{"elements": {"a": 1, "a": 2}}]}}"#,
        r#"{"id": "x", "declaration": {"lines": [{"elements": {"a": [1]}}]}}"#,
        r#"{"id": "x", "declaration": {"attached_documents": "Y1, Y2；Y3"}}"#,
        r#"{"id": "x", "declaration": {"attached_documents": ["Y1", " ", null, 12, 1.5]}}"#,
        r#"{"id": "x", "declaration": {"attached_documents": [true]}}"#,
        r#"{"id": "x", "declaration": {"currency": " usd ", "trade_mode": 110}}"#,
        r#"{"id": "x", "declaration": ["a"]}"#,
        r#"{"id": "x", "agency_agreement": []}"#,
        r#"{"id": "x", "agency_agreement": {"joint_liability_clause": "是"}}"#,
        r#"{"id": "x", "agency_agreement": {"joint_liability_clause": 1}}"#,
        r#"{"id": "x", "attachments": [{"kind": "LICENCE", "code": "a"}, {"kind": 5}]}"#,
        r#"{"id": "x", "attachments": [{"code": "a"}]}"#,
        r#"{"id": "x", "invoice": {"date": "2026-10-09"}, "contract": {"date": "2026-13-09"}}"#,
        r#"{"id": "x", "direction": "出口"}"#,
        r#"{"id": "x", "direction": "sideways"}"#,
        r#"{"id": "x", "x": {"$serde_json::private::Number": "1"}}"#,
        r#"{"id": "x", "x": {"$serde_json::private::Number": "abc"}}"#,
        r#"{"id": "x", "x": {"$serde_json::private::Number": "1", "y": 2}}"#,
        r#"{"id": "x", "x": {"$serde_json::private::RawValue": "{}"}}"#,
        r#"{"id": {"$serde_json::private::Number": "1.5E3"}}"#,
        r#"{"$serde_json::private::Number": "1"}"#,
        r#"{"id": "x", "declaration": {"$serde_json::private::Number": "1"}}"#,
        r#"{"id": "x", "unknown": [[[[{"a": "\ud800"}]]]]}"#,
        r#"{"id": "x", "unknown": "\u0041\n"}"#,
        "\u{feff}{\"id\": \"x\"}",
        r#"{"id": "x"} trailing"#,
        r#"{"ot\u0068er": 1}"#,
        r#"{"declaration": null, "invoice": null}"#,
        r#"{}"#,
        r#"[]"#,
        r#"{"id": "x", "declaration": {"lines": [{"quantity": 1000000000000000}]}}"#,
        r#"{"id": "x", "declaration": {"lines": [{"quantity": 999999999999999, "amount": 18446744073709551616}]}}"#,
        r#"{"id": "x", "declaration": {"lines": [{"hs_code": "8507.60.00.90", "name": "  锂电池 "}]}}"#,
        r#"{"id": "x", "declaration": {"lines": [{"hs_code": " . ", "unit": "  "}]}}"#,
        r#"{"id": "a\"b\\c\/d\u4e2d\ud83d\ude00\b\f\n\r\t", "direction": "\u51fa\u53e3"}"#,
        r#"{"id": "\ud83d"}"#,
        r#"{"id": "\ude00"}"#,
        r#"{"id": "\x41"}"#,
        r#"{"id": "\u12G4"}"#,
        "{\"id\": \"tab\there\"}",
        "{\"id\": \"x\"\r\n\t }\n",
        r#"{"id": "x", "unknown": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"#,
        r#"{"id": "x", "declaration": {"packages": 01}}"#,
        r#"{"id": "x", "declaration": {"packages": 1.}}"#,
        r#"{"id": "x", "declaration": {"packages": -}}"#,
        r#"{"id": "x", "declaration": {"total_amount": 1.5e2, "net_weight_kg": 2E-1, "gross_weight_kg": -1}}"#,
        r#"{"id": "x", "declaration": {"lines": [{"no": 1,}]}}"#,
        r#"{"id": "x", "declaration": {"lines": [{"no": 1}, ]}}"#,
        r#"{"id": "x" "direction": "export"}"#,
        r#"{"id": tru}"#,
        r#"{"id": nul, "x": 1}"#,
        r#"{"id": "x", "declaration": {"lines": [{"elements": "品牌类型:0|用途：储能"}]}}"#,
    ];
    for text in cases {
        if let Err(message) = check_parity(text) {
            panic!("{text}: {message}");
        }
    }
    // Recursion deeper than serde_json's limit in an unknown field is a problem for both.
    let deep = format!(
        r#"{{"id": "x", "unknown": {}1{}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    check_parity(&deep).unwrap();
    assert!(parse_bundle_fast(&deep).is_none());
}

const KEYS: &[&str] = &[
    "id",
    "direction",
    "declaration",
    "invoice",
    "packing_list",
    "contract",
    "bill_of_lading",
    "agent_certificate",
    "certificate_of_origin",
    "agency_agreement",
    "attachments",
    "lines",
    "no",
    "name",
    "name_en",
    "hs_code",
    "elements",
    "quantity",
    "unit",
    "amount",
    "unit_price",
    "packages",
    "gross_weight_kg",
    "net_weight_kg",
    "total_amount",
    "currency",
    "date",
    "kind",
    "code",
    "attached_documents",
    "joint_liability_clause",
    "criterion",
    "origin_country",
    "customs_office",
    "vessel",
    "description",
    "legal_quantity",
    "unknown",
    "$serde_json::private::Number",
];

fn scalar() -> BoxedStrategy<String> {
    prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        Just("false".to_string()),
        (0u64..2000).prop_map(|n| n.to_string()),
        Just("-3".to_string()),
        Just("-0".to_string()),
        Just("12.50".to_string()),
        Just("1.25e3".to_string()),
        Just("1E2".to_string()),
        Just("1e400".to_string()),
        Just("18446744073709551616".to_string()),
        Just("1000000000000000".to_string()),
        prop::sample::select(vec![
            "",
            " ",
            "abc",
            "12500.00",
            " 12.5 ",
            "1,234.50",
            "12,50",
            "-1",
            "0",
            "2",
            "USD",
            " usd ",
            "2026-10-09",
            "2026-13-01",
            "是",
            "no",
            "export",
            "I",
            "出口",
            "8507.60.00.90",
            "品牌:华为|型号:P60",
            "0|3|储能",
            "Y1, Y2；Y3",
            "\\u0041b",
            "a\\\"b",
            "锂离子蓄电池",
            "1e3",
        ])
        .prop_map(|s| format!("\"{s}\"")),
    ]
    .boxed()
}

fn value(depth: u32) -> BoxedStrategy<String> {
    if depth == 0 {
        return scalar();
    }
    prop_oneof![
        3 => scalar(),
        2 => object(depth - 1),
        1 => prop::collection::vec(value(depth - 1), 0..3).prop_map(|items| format!("[{}]", items.join(","))),
    ]
    .boxed()
}

fn object(depth: u32) -> BoxedStrategy<String> {
    let entry = (prop::sample::select(KEYS), value(depth))
        .prop_map(|(key, value)| format!("\"{key}\":{value}"));
    prop::collection::vec(entry, 0..5)
        .prop_map(|entries| format!("{{{}}}", entries.join(",")))
        .boxed()
}

/// Objects shaped like bundles: documents with a few fields and lines whose values are
/// mostly right for their field, so that many generated bundles are clean.
fn field(key: &'static str) -> BoxedStrategy<String> {
    let amount = prop::sample::select(vec!["\"12.50\"", "100", "\"1,000\"", "0", "\" \"", "null"]);
    let text = prop::sample::select(vec![
        "\"锂电池\"",
        "\" USD \"",
        "\"2\"",
        "12",
        "null",
        "\"\"",
    ]);
    match key {
        "quantity" | "amount" | "unit_price" | "gross_weight_kg" | "net_weight_kg"
        | "total_amount" | "legal_quantity" | "packages" => {
            prop_oneof![4 => amount.prop_map(str::to_string), 1 => scalar()].boxed()
        }
        "date" => prop_oneof![Just("\"2026-10-09\"".to_string()), scalar()].boxed(),
        "no" => prop_oneof![3 => (1u32..5).prop_map(|n| n.to_string()), 1 => scalar()].boxed(),
        "elements" => prop_oneof![
            Just(r#"{"品牌": "无", "用途": 1, "型号": null}"#.to_string()),
            Just(r#""品牌类型:0|用途:储能""#.to_string()),
            value(1),
        ]
        .boxed(),
        "attached_documents" => prop_oneof![
            Just(r#"["Y1", "Y2"]"#.to_string()),
            Just(r#""Y1,Y2""#.to_string()),
            value(1),
        ]
        .boxed(),
        _ => prop_oneof![4 => text.prop_map(str::to_string), 1 => scalar()].boxed(),
    }
}

fn record(keys: &'static [&'static str]) -> BoxedStrategy<String> {
    let entry = prop::sample::select(keys).prop_flat_map(|key| {
        if key == "lines" {
            prop::collection::vec(record(&LINE_KEYS), 0..3)
                .prop_map(|lines| format!("\"lines\":[{}]", lines.join(",")))
                .boxed()
        } else {
            field(key)
                .prop_map(move |v| format!("\"{key}\":{v}"))
                .boxed()
        }
    });
    prop::collection::vec(entry, 0..4)
        .prop_map(|entries| format!("{{{}}}", entries.join(",")))
        .boxed()
}

const LINE_KEYS: [&str; 12] = [
    "no",
    "name",
    "hs_code",
    "elements",
    "quantity",
    "unit",
    "amount",
    "packages",
    "gross_weight_kg",
    "criterion",
    "unknown",
    "currency",
];
const DOCUMENT_KEYS: [&str; 9] = [
    "no",
    "date",
    "currency",
    "total_amount",
    "packages",
    "lines",
    "attached_documents",
    "joint_liability_clause",
    "vessel",
];

fn bundle() -> BoxedStrategy<String> {
    let document = prop::sample::select(&KEYS[..11]).prop_flat_map(|key| {
        let body = match key {
            "id" => field("name"),
            "direction" => prop_oneof![Just("\"export\"".to_string()), scalar()].boxed(),
            "attachments" => prop::collection::vec(
                prop_oneof![
                    Just(r#"{"kind": "UN38_3_TEST_REPORT", "no": "R1"}"#.to_string()),
                    Just(r#"{"kind": "licence", "code": " y "}"#.to_string()),
                    value(1),
                ],
                0..3,
            )
            .prop_map(|items| format!("[{}]", items.join(",")))
            .boxed(),
            _ => prop_oneof![6 => record(&DOCUMENT_KEYS), 1 => value(1)].boxed(),
        };
        body.prop_map(move |v| format!("\"{key}\":{v}"))
    });
    prop::collection::vec(document, 0..5)
        .prop_map(|entries| format!("{{{}}}", entries.join(",")))
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn generated_bundles_read_the_same(text in bundle()) {
        if let Err(message) = check_parity(&text) {
            prop_assert!(false, "{}: {}", text, message);
        }
    }

    #[test]
    fn generated_json_reads_the_same(text in object(3)) {
        if let Err(message) = check_parity(&text) {
            prop_assert!(false, "{}: {}", text, message);
        }
    }
}

/// The example shipments, as mutation seeds (read once).
fn example_texts() -> &'static [String] {
    static TEXTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    TEXTS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/shipments");
        let mut files = Vec::new();
        json_files(&root, &mut files);
        files.sort();
        files
            .iter()
            .filter_map(|file| std::fs::read_to_string(file).ok())
            .collect()
    })
}

/// Bytes a mutation inserts: JSON's own punctuation, escapes, digits, signs, white space,
/// control characters and multi-byte text.
const INSERTS: &[&str] = &[
    "\"", "\\", "{", "}", "[", "]", ":", ",", "-", "0", "9", ".", "e", "E", "+", " ", "\t", "\n",
    "\u{1}", "\\u", "\\ud83d", "null", "true", "锂", "\u{3000}", "\\\"", "1e400", "\u{feff}",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    /// A real bundle with a few bytes deleted, inserted or replaced reads the same through
    /// both readers (or is left to the lenient one).
    #[test]
    fn mutated_examples_read_the_same(
        seed in 0usize..64,
        edits in prop::collection::vec((0usize..100_000, 0usize..3, prop::sample::select(INSERTS)), 1..4),
    ) {
        let texts = example_texts();
        let mut text = texts[seed % texts.len()].clone();
        for (at, kind, insert) in edits {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let next = text[at..].chars().next().map_or(0, char::len_utf8);
            match kind {
                0 => text.replace_range(at..at + next, ""),
                1 => text.insert_str(at, insert),
                _ => text.replace_range(at..at + next, insert),
            }
        }
        if let Err(message) = check_parity(&text) {
            prop_assert!(false, "{}: {}", text, message);
        }
    }
}
