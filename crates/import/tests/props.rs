//! Property tests: no input makes an importer panic, and imports are deterministic.

use import::{assemble_shipment, import_file};
use proptest::prelude::*;
use std::path::Path;

const NAMES: [&str; 6] = [
    "a.xml",
    "a.json",
    "invoice.csv",
    "packing_list.xlsx",
    "bill_of_lading.json",
    "x",
];

fn example(relative: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples")
            .join(relative),
    )
    .unwrap_or_default()
}

/// Text made of the pieces real files are made of, so that the parsers get past their first
/// checks far more often than with plain random bytes.
fn token_soup() -> impl Strategy<Value = String> {
    let tokens = prop::sample::select(vec![
        "<DecMessage>",
        "</DecMessage>",
        "<DecHead>",
        "</DecHead>",
        "<DecLists>",
        "</DecLists>",
        "<DecList>",
        "</DecList>",
        "<GQty>",
        "</GQty>",
        "<GNo>",
        "</GNo>",
        "<CodeTS/>",
        "<IEFlag>E</IEFlag>",
        "<LicenseDocu><DocuCode>A</DocuCode><CertCode>1</CertCode></LicenseDocu>",
        "<?xml version='1.0' encoding='gbk'?>",
        "<ImportMessage>",
        "<SWImpData>",
        "&amp;",
        "&#x4E00;",
        "&bogus;",
        "<![CDATA[x]]>",
        "<!-- c -->",
        "12,500.00",
        "-3",
        "abc",
        "合计",
        "TOTAL:",
        "品名",
        "数量",
        "金额",
        "毛重(KG)",
        "Description",
        "Qty",
        "\n",
        ",",
        "\t",
        "\"",
        ";",
        "{",
        "}",
        "[",
        "]",
        ":",
        "\"declaration\"",
        "\"lines\"",
        "null",
        "1e999",
        "\u{feff}",
        "锂电池",
        " ",
        "Invoice No.:",
        "Date:",
        "2026-10-09",
        "USD 12.50",
    ]);
    prop::collection::vec(tokens, 0..60).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048), name in prop::sample::select(NAMES.to_vec())) {
        let _ = import_file(name, &bytes);
    }

    #[test]
    fn token_soup_never_panics(text in token_soup(), name in prop::sample::select(NAMES.to_vec())) {
        let first = import_file(name, text.as_bytes());
        let second = import_file(name, text.as_bytes());
        prop_assert_eq!(first, second);
    }

    #[test]
    fn damaged_examples_never_panic(
        which in prop::sample::select(vec![
            "xml/export-lithium-batteries.xml", "xml/import-envelope-gbk.xml", "sheets/invoice.xlsx",
            "sheets/packing_list.csv", "multi-file/SHP-2026-0104/declaration.xml",
        ]),
        cut in 0usize..10_000,
        flips in prop::collection::vec((0usize..10_000, any::<u8>()), 0..8),
    ) {
        let mut bytes = example(which);
        for (at, value) in flips {
            if !bytes.is_empty() {
                let at = at % bytes.len();
                bytes[at] = value;
            }
        }
        bytes.truncate(cut.min(bytes.len()));
        let _ = import_file(which, &bytes);
    }

    #[test]
    fn assembling_never_panics(parts in prop::collection::vec((prop::sample::select(NAMES.to_vec()), token_soup()), 0..5)) {
        let files: Vec<(String, Vec<u8>)> = parts.into_iter().map(|(n, t)| (n.to_string(), t.into_bytes())).collect();
        let _ = assemble_shipment(&files);
    }
}
