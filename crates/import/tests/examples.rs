//! The committed example files import as documented: snapshots of their bundles, and the
//! DecMessage example equals its JSON twin.

#![expect(
    clippy::expect_used,
    reason = "test helpers: a missing example fails the test"
)]

use import::{FileImport, SourceFormat, assemble_shipment, import_file};
use model::{DocumentKind, bundle_to_json};
use std::path::{Path, PathBuf};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn import_example(relative: &str) -> FileImport {
    let path = examples().join(relative);
    let bytes = std::fs::read(&path).expect("the example file exists");
    import_file(relative, &bytes)
}

/// The bundle JSON plus the errors, as one reviewable text.
fn render(imported: &FileImport) -> String {
    let bundle = imported
        .bundle
        .as_ref()
        .map_or("(no bundle)".to_string(), bundle_to_json);
    let errors: Vec<String> = imported
        .errors
        .iter()
        .map(|e| format!("{}: {} / {}", e.path, e.message.zh, e.message.en))
        .collect();
    format!(
        "format: {:?}\ndocuments: {:?}\nerrors:\n{}\nbundle:\n{bundle}\n",
        imported.format,
        imported.documents,
        errors.join("\n")
    )
}

#[test]
fn export_declaration_message() {
    let imported = import_example("xml/export-lithium-batteries.xml");
    assert_eq!(imported.format, SourceFormat::DecMessageXml);
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    insta::assert_snapshot!(render(&imported));
}

#[test]
fn export_declaration_message_equals_its_json_twin() {
    let from_xml = import_example("xml/export-lithium-batteries.xml");
    let from_json = import_example("xml/export-lithium-batteries.json");
    assert!(from_json.errors.is_empty(), "{:?}", from_json.errors);
    // Compared as JSON values: the JSON parser need not keep the order of the elements map.
    let as_value = |imported: &FileImport| -> serde_json::Value {
        serde_json::from_str(&bundle_to_json(imported.bundle.as_ref().expect("a bundle")))
            .expect("canonical JSON")
    };
    assert_eq!(as_value(&from_xml), as_value(&from_json));
}

#[test]
fn import_in_the_envelope_in_gbk() {
    let imported = import_example("xml/import-envelope-gbk.xml");
    assert_eq!(imported.format, SourceFormat::DecMessageXml);
    insta::assert_snapshot!(render(&imported));
}

#[test]
fn receipt_is_refused() {
    let imported = import_example("xml/receipt-DecImportResponse.xml");
    assert_eq!(imported.format, SourceFormat::ReceiptXml);
    assert!(imported.bundle.is_none());
    insta::assert_snapshot!(render(&imported));
}

#[test]
fn invoice_workbook() {
    let imported = import_example("sheets/invoice.xlsx");
    assert_eq!(imported.format, SourceFormat::InvoiceSheet);
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    insta::assert_snapshot!(render(&imported));
}

#[test]
fn packing_list_csv_in_gb18030() {
    let bytes = std::fs::read(examples().join("sheets/packing_list.csv")).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the example must really be GB18030"
    );
    let imported = import_example("sheets/packing_list.csv");
    assert_eq!(imported.format, SourceFormat::PackingListSheet);
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    insta::assert_snapshot!(render(&imported));
}

#[test]
fn multi_file_shipment() {
    let folder = examples().join("multi-file/SHP-2026-0104");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        files.push((name, std::fs::read(&path).unwrap()));
    }
    files.sort();
    let imported = assemble_shipment(&files);
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    assert_eq!(
        imported.documents,
        vec![
            DocumentKind::Declaration,
            DocumentKind::Invoice,
            DocumentKind::PackingList,
            DocumentKind::BillOfLading
        ]
    );
    // The order the files are given in does not matter.
    files.reverse();
    assert_eq!(assemble_shipment(&files), imported);
    insta::assert_snapshot!(render(&imported));
}

#[test]
fn content_decides_and_the_extension_only_breaks_ties() {
    let cases: &[(&str, &str, SourceFormat, &str)] = &[
        ("bundle.xml", r#"{"id": "X"}"#, SourceFormat::BundleJson, ""),
        (
            "decl.json",
            "<DecMessage><DecHead/></DecMessage>",
            SourceFormat::DecMessageXml,
            "",
        ),
        (
            "broken.json",
            "id: X",
            SourceFormat::BundleJson,
            "line 1, column 1",
        ),
        (
            "broken.xml",
            "DecMessage",
            SourceFormat::Unknown,
            "line 1, column 11",
        ),
        (
            "data.txt",
            "品名\t数量\n电池\t10\n",
            SourceFormat::InvoiceSheet,
            "",
        ),
    ];
    for (name, content, format, first_error) in cases {
        let imported = import_file(name, content.as_bytes());
        assert_eq!(imported.format, *format, "{name}");
        let first = imported.errors.first().map_or("", |e| e.path.as_str());
        if first_error.is_empty() {
            assert!(imported.errors.is_empty(), "{name}: {:?}", imported.errors);
        } else {
            assert_eq!(first, *first_error, "{name}");
        }
    }
}
