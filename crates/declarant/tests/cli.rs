//! Black-box tests of the `declarant` binary: a table of command lines, each with its exit
//! status and a snapshot of what it prints.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_declarant"))
        .args(args)
        .arg("--color=never")
        .current_dir(root())
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

const INPUTS: &str = "crates/declarant/tests/inputs";

#[test]
fn command_lines_give_their_exit_status_and_output() {
    let cases: &[(&str, &[&str], i32)] = &[
        (
            "check_clean_zh",
            &["check", "examples/shipments/clean-export-mixed.json"],
            0,
        ),
        (
            "check_clean_en",
            &[
                "check",
                "examples/shipments/clean-export-mixed.json",
                "--lang",
                "en",
            ],
            0,
        ),
        (
            "check_defects_en",
            &[
                "check",
                "crates/declarant/tests/inputs/defects.json",
                "--lang",
                "en",
            ],
            1,
        ),
        (
            "check_defects_json",
            &[
                "check",
                "crates/declarant/tests/inputs/defects.json",
                "--format",
                "json",
                "--lang",
                "en",
            ],
            1,
        ),
        (
            "check_bad_fields_json",
            &[
                "check",
                "crates/declarant/tests/inputs/bad-fields.json",
                "--format",
                "json",
                "--lang",
                "en",
            ],
            2,
        ),
        (
            "check_unreadable_zh",
            &[
                "check",
                "crates/declarant/tests/inputs/broken.json",
                "crates/declarant/tests/inputs/not-utf8.json",
                "no/such/file.json",
                "examples/shipments/clean-export-mixed.json",
            ],
            2,
        ),
        ("explain_c003_en", &["explain", "c003", "--lang", "en"], 0),
        ("explain_unknown", &["explain", "Z999"], 2),
        (
            "rules_json_en",
            &["rules", "--format", "json", "--lang", "en"],
            0,
        ),
    ];
    for (name, args, status) in cases {
        let (code, stdout, stderr) = run(args);
        assert_eq!(code, *status, "{name}: exit status; stderr: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
            "{name}: {stderr}"
        );
        insta::assert_snapshot!(*name, format!("{stdout}\n--- stderr ---\n{stderr}"));
    }
}

#[test]
fn json_reports_are_valid_and_deterministic() {
    let args = ["check", INPUTS, "examples/shipments", "--format", "json"];
    let (_, first, _) = run(&args);
    let (_, second, _) = run(&args);
    assert_eq!(first, second, "same input, same bytes");
    let report: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert!(report["summary"]["bundles"].as_u64().unwrap() >= 3);
    assert!(!report["input_errors"].as_array().unwrap().is_empty());
}

#[test]
fn sarif_is_valid_json_with_rules_and_results() {
    let (code, stdout, _) = run(&[
        "check",
        "crates/declarant/tests/inputs/defects.json",
        "--format",
        "sarif",
    ]);
    assert_eq!(code, 1);
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(
        run["tool"]["driver"]["rules"].as_array().unwrap().len(),
        rules::RULES.len()
    );
    assert!(!run["results"].as_array().unwrap().is_empty());
}

#[test]
fn oversized_files_are_refused_without_loading_them() {
    let dir = std::env::temp_dir().join(format!("declarant-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.json");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(2 * 1024 * 1024 * 1024).unwrap(); // a sparse 2 GB file
    let (code, stdout, _) = run(&["check", big.to_str().unwrap(), "--lang", "en"]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, 2);
    assert!(stdout.contains("too large"), "{stdout}");
}

/// An origin worksheet case: file name, extra arguments, exit status, the file's first bytes
/// (none: not written), and a part of standard error.
type WorksheetCase<'a> = (&'a str, &'a [&'a str], i32, Option<&'a [u8]>, &'a str);

/// `origin --worksheet` writes the kind its file name ends with; other endings and files that
/// are not fonts are errors (exit 2) with a message, never a panic.
#[test]
fn origin_worksheets_are_written_by_extension() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("origin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bill = "examples/origin/battery-pack-originating.json";
    let not_a_font = root().join(bill);
    let cases: &[WorksheetCase<'_>] = &[
        ("ws.pdf", &[], 0, Some(b"%PDF-"), ""),
        ("ws-en.PDF", &["--lang", "en"], 0, Some(b"%PDF-"), ""),
        ("ws.xlsx", &[], 0, Some(b"PK"), ""),
        ("ws.txt", &["--lang", "en"], 2, None, ".xlsx or a .pdf"),
        (
            "ws-bad-font.pdf",
            &["--font", not_a_font.to_str().unwrap(), "--lang", "en"],
            2,
            None,
            "font file cannot be used",
        ),
    ];
    for (file, extra, status, magic, message) in cases {
        let out = dir.join(file);
        let mut args = vec!["origin", bill, "--worksheet", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        let (code, _, stderr) = run(&args);
        assert_eq!(code, *status, "{file}: {stderr}");
        assert!(!stderr.contains("panicked"), "{file}: {stderr}");
        assert!(stderr.contains(message), "{file}: {stderr}");
        match magic {
            Some(magic) => assert!(std::fs::read(&out).unwrap().starts_with(magic), "{file}"),
            None => assert!(!out.exists(), "{file} is not written"),
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn newer_tariff_texts_reach_classify_without_a_rebuild() {
    // A copy of the tariff where one line has a new name, as customs publish new texts.
    let dir = std::env::temp_dir().join(format!("declarant-data-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("tariff")).unwrap();
    let tariff = std::fs::read_to_string(root().join("data/tariff/cn-hs8-2023.tsv")).unwrap();
    let renamed = tariff.replace(
        "85076000\t锂离子蓄电池",
        "85076000\t锂离子蓄电池（含钠离子试验型蓄能单元）",
    );
    assert_ne!(renamed, tariff, "the tariff line to rename is there");
    std::fs::write(dir.join("tariff/cn-hs8-2023.tsv"), renamed).unwrap();
    let data = dir.to_str().unwrap();

    let (code, stdout, stderr) = run(&[
        "classify",
        "钠离子试验型蓄能单元",
        "--format",
        "json",
        "--top",
        "3",
        "--data",
        data,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let answer: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let first = &answer["suggestions"][0];
    assert_eq!(
        first["code"].as_str().map(|code| &code[..6]),
        Some("850760"),
        "{stdout}"
    );

    // The built-in tables do not know the new words.
    let (_, stdout, _) = run(&["classify", "钠离子试验型蓄能单元", "--format", "json"]);
    let answer: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_ne!(
        answer["suggestions"][0]["code"]
            .as_str()
            .map(|code| &code[..6]),
        Some("850760"),
        "{stdout}"
    );

    let (code, _, stderr) = run(&["classify", "电池", "--data", "no/such/dir"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("does not exist") || stderr.contains("不存在"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
