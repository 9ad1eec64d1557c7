//! One shipment from several files: documents merge, conflicts name both files, partial JSON
//! documents merge, unreadable files do not stop the others.

use import::{SourceFormat, assemble_shipment};
use model::DocumentKind;

const DECLARATION: &str = "<DecMessage><DecHead><IEFlag>E</IEFlag><BillNo>BL-1</BillNo></DecHead>\
<DecLists><DecList><GNo>1</GNo><GName>电池</GName><GQty>10</GQty><DeclTotal>20</DeclTotal><TradeCurr>USD</TradeCurr></DecList></DecLists>\
<DecLicenseDocus><LicenseDocu><DocuCode>A</DocuCode><CertCode>310000126000123</CertCode></LicenseDocu></DecLicenseDocus>\
<DecSign><ClientSeqNo>SHP-9</ClientSeqNo></DecSign></DecMessage>";

fn files(list: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
    list.iter()
        .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()))
        .collect()
}

#[test]
fn documents_from_every_kind_of_file_merge() {
    let shipment = files(&[
        ("declaration.xml", DECLARATION),
        (
            "invoice.csv",
            "Invoice No.: INV-1\nDescription,Qty,Amount\n电池,10,20\n",
        ),
        (
            "bill_of_lading.json",
            r#"{"no": "BL-1", "packages": 1, "gross_weight_kg": "12"}"#,
        ),
        (
            "origin.json",
            r#"{"certificate_of_origin": {"no": "RCEP-1", "agreement": "RCEP"}}"#,
        ),
        (
            "attachments.json",
            r#"[{"kind": "un38_3_test_report", "no": "UN-1"}]"#,
        ),
        (
            "agreement.json",
            r#"{"agency_agreement": {"no": "AA-1", "joint_liability_clause": true}}"#,
        ),
    ]);
    let imported = assemble_shipment(&shipment);
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    assert_eq!(imported.format, SourceFormat::Shipment);
    assert_eq!(
        imported.documents,
        vec![
            DocumentKind::Declaration,
            DocumentKind::Invoice,
            DocumentKind::BillOfLading,
            DocumentKind::CertificateOfOrigin,
            DocumentKind::AgencyAgreement,
            DocumentKind::Attachments,
        ]
    );
    let bundle = imported.bundle.unwrap();
    assert_eq!(bundle.id.as_deref(), Some("SHP-9"));
    assert_eq!(bundle.bill_of_lading.unwrap().no.as_deref(), Some("BL-1"));
    assert_eq!(bundle.invoice.unwrap().no.as_deref(), Some("INV-1"));
    let kinds: Vec<&str> = bundle.attachments.iter().map(|a| a.kind.as_str()).collect();
    assert_eq!(kinds, vec!["un38_3_test_report", "licence"]);
}

#[test]
fn two_declarations_are_an_error_naming_both_files() {
    let other = DECLARATION.replace("SHP-9", "SHP-10");
    let shipment = vec![
        ("b-declaration.xml".to_string(), other.into_bytes()),
        (
            "a-declaration.xml".to_string(),
            DECLARATION.as_bytes().to_vec(),
        ),
    ];
    let imported = assemble_shipment(&shipment);
    let messages: Vec<(&str, &str)> = imported
        .errors
        .iter()
        .map(|e| (e.path.as_str(), e.message.en.as_str()))
        .collect();
    assert_eq!(
        messages,
        vec![
            (
                "b-declaration.xml",
                "a-declaration.xml and b-declaration.xml give different ids (`SHP-9` and `SHP-10`): `SHP-9` was used"
            ),
            (
                "b-declaration.xml",
                "two files hold the declaration: a-declaration.xml and b-declaration.xml; only the one in a-declaration.xml was used"
            ),
        ]
    );
    assert_eq!(imported.bundle.unwrap().id.as_deref(), Some("SHP-9"));
}

#[test]
fn a_shipment_without_declaration_is_no_input_error() {
    let shipment = files(&[
        ("invoice.csv", "Description,Qty,Amount\n电池,10,20\n"),
        (
            "bill_of_lading.json",
            r#"{"bill_of_lading": {"no": "BL-1"}}"#,
        ),
    ]);
    let imported = assemble_shipment(&shipment);
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    assert_eq!(
        imported.documents,
        vec![DocumentKind::Invoice, DocumentKind::BillOfLading]
    );
    assert!(imported.bundle.unwrap().declaration.is_none());
}

#[test]
fn unreadable_files_are_named_and_the_rest_still_merges() {
    let shipment = files(&[
        ("declaration.xml", DECLARATION),
        (
            "receipt.xml",
            "<DEC_RESULT><CHANNEL>L</CHANNEL></DEC_RESULT>",
        ),
        ("bill_of_lading.json", "{\"no\": \"BL-1\",}"),
        ("packing_list.csv", "Description,Qty,G.W.\n电池,10,heavy\n"),
    ]);
    let imported = assemble_shipment(&shipment);
    let paths: Vec<&str> = imported.errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "bill_of_lading.json: line 1, column 15",
            "packing_list.csv: row 2, column C (G.W.)",
            "receipt.xml: line 1, column 1",
        ]
    );
    assert_eq!(
        imported.documents,
        vec![
            DocumentKind::Declaration,
            DocumentKind::PackingList,
            DocumentKind::Attachments
        ]
    );
}

#[test]
fn nothing_readable_gives_no_bundle() {
    let imported = assemble_shipment(&files(&[("a.pdf", "%PDF-1.4")]));
    assert!(imported.bundle.is_none());
    assert_eq!(imported.errors.len(), 1);
    let empty = assemble_shipment(&[]);
    assert!(empty.bundle.is_none() && empty.errors.is_empty());
}
