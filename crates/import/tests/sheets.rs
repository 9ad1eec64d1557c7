//! Invoices, packing lists and contracts as csv and xlsx: header matching in Chinese and
//! English, encodings, labelled values above the table, totals rows, numbers as people write
//! them, error places.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a missing document fails the test"
)]

mod support;

use import::{FileImport, SourceFormat, import_file};
use model::{CommercialDocument, DocumentKind, bundle_to_json};
use support::Cell::{D, E, N, S};
use support::{gb18030, workbook};

fn invoice(imported: &FileImport) -> &CommercialDocument {
    imported
        .bundle
        .as_ref()
        .and_then(|b| b.invoice.as_ref())
        .unwrap()
}

fn packing_list(imported: &FileImport) -> &CommercialDocument {
    imported
        .bundle
        .as_ref()
        .and_then(|b| b.packing_list.as_ref())
        .unwrap()
}

fn text(value: Option<model::Decimal>) -> Option<String> {
    value.map(|d| d.to_string())
}

const ENGLISH_INVOICE: &str = "ACME TRADING CO., LTD.\n\
COMMERCIAL INVOICE\n\
Invoice No.: INV-2026-0418,,,Date:,2026-10-09\n\
Currency:,USD\n\
\n\
No.,Description,Qty,Unit,Unit Price,Amount\n\
1,Lithium-ion battery,\"1,000\",PCS,USD 12.50,\"USD 12,500.00\"\n\
2,Cotton T-shirt,2000 PCS,,$3.20,\"6,400.00\"\n\
3,Steel bolts,500,KGS,4,2000\n\
,,,,,\n\
TOTAL:,,3500,,,\"20,900.00\"\n\
SAY TOTAL US DOLLARS TWENTY THOUSAND NINE HUNDRED ONLY.\n";

#[test]
fn english_csv_invoice() {
    let imported = import_file("invoice.csv", ENGLISH_INVOICE.as_bytes());
    assert_eq!(imported.format, SourceFormat::InvoiceSheet);
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    insta::assert_snapshot!(bundle_to_json(imported.bundle.as_ref().unwrap()));
}

/// The csv with its delimiting commas (those outside quotes) turned into tabs.
fn tab_separated(csv: &str) -> String {
    let mut quoted = false;
    csv.chars()
        .map(|c| match c {
            '"' => {
                quoted = !quoted;
                c
            }
            ',' if !quoted => '\t',
            _ => c,
        })
        .collect()
}

#[test]
fn encodings_all_read_the_same() {
    let utf8 = ENGLISH_INVOICE.as_bytes().to_vec();
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(&utf8);
    let gb = gb18030(ENGLISH_INVOICE);
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in tab_separated(ENGLISH_INVOICE).encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let expected = import_file("invoice.csv", &utf8);
    for (name, bytes) in [
        ("bom", bom),
        ("gb18030", gb),
        ("utf-16 tab-separated", utf16),
    ] {
        let imported = import_file("invoice.csv", &bytes);
        assert!(imported.errors.is_empty(), "{name}: {:?}", imported.errors);
        assert_eq!(imported.bundle, expected.bundle, "{name}");
    }
}

#[test]
fn chinese_gb18030_packing_list_with_tonnes() {
    let csv = "装箱单\n编号：PL-7\n日期：2026年10月9日\n\
序号,货物名称,数量,箱数,毛重(吨),净重(吨)\n\
1,锂离子蓄电池,1000,50,1.2505,1.1\n\
2,不锈钢螺栓,500,10,0.52,0.5\n\
合计,,1500,60,1.7705,1.6\n";
    let imported = import_file("packing.csv", &gb18030(csv));
    assert_eq!(imported.format, SourceFormat::PackingListSheet);
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let list = packing_list(&imported);
    assert_eq!(list.no.as_deref(), Some("PL-7"));
    assert_eq!(list.date.as_deref(), Some("2026-10-09"));
    assert_eq!(list.packages, Some(60));
    assert_eq!(text(list.gross_weight_kg).as_deref(), Some("1770.5"));
    assert_eq!(
        text(list.lines[0].gross_weight_kg).as_deref(),
        Some("1250.5")
    );
    assert_eq!(text(list.lines[1].net_weight_kg).as_deref(), Some("500"));
}

#[test]
fn header_variants_find_their_columns() {
    // Each header row, with one goods row below it; the line must read name, quantity, amount.
    let cases = [
        "品名,数量,金额",
        "商品名称,数量,总价",
        "货物名称,成交数量,金额(USD)",
        "Description,Qty,Amount",
        "DESCRIPTION OF GOODS,QUANTITY,TOTAL AMOUNT",
        "Product name,Quantity (PCS),Total",
        "品名 Description,数量 Qty,金额 Amount",
        "\"品名\nDescription\",\"数量\nQTY\",\"金额\nAMOUNT\"",
        "ＤＥＳＣＲＩＰＴＩＯＮ,ＱＴＹ,ＡＭＯＵＮＴ",
        " item description , q'ty , Amount(USD) ",
    ];
    for header in cases {
        let csv = format!("{header}\n锂离子蓄电池,1000,12500\n");
        let imported = import_file("invoice.csv", csv.as_bytes());
        assert!(
            imported.errors.is_empty(),
            "{header}: {:?}",
            imported.errors
        );
        let line = &invoice(&imported).lines[0];
        assert_eq!(line.name.as_deref(), Some("锂离子蓄电池"), "{header}");
        assert_eq!(text(line.quantity).as_deref(), Some("1000"), "{header}");
        assert_eq!(text(line.amount).as_deref(), Some("12500"), "{header}");
    }
}

#[test]
fn document_kind_from_name_title_or_columns() {
    let money = "Description,Qty,Unit Price,Amount\nbattery,10,2,20\n";
    let weights = "Description,Qty,CTNS,G.W.,N.W.\nbattery,10,1,12,10\n";
    let both = "Description,Qty,Amount,CTNS,G.W.,N.W.\nbattery,10,20,1,12,10\n";
    let titled = "PACKING LIST\nDescription,Qty,Amount\nbattery,10,20\n";
    use DocumentKind::{Contract, Invoice, PackingList};
    let cases: &[(&str, &str, &[DocumentKind])] = &[
        ("invoice.csv", weights, &[Invoice]),
        ("发票.csv", money, &[Invoice]),
        ("INV-1.csv", money, &[Invoice]),
        ("packing_list.csv", money, &[PackingList]),
        ("装箱单.csv", money, &[PackingList]),
        ("PL-1.csv", money, &[PackingList]),
        ("contract.csv", money, &[Contract]),
        ("合同.csv", money, &[Contract]),
        ("goods.csv", money, &[Invoice]),
        ("goods.csv", weights, &[PackingList]),
        ("goods.csv", both, &[Invoice, PackingList]),
        ("goods.csv", titled, &[PackingList]),
    ];
    for (name, csv, expected) in cases {
        let imported = import_file(name, csv.as_bytes());
        assert!(imported.errors.is_empty(), "{name}: {:?}", imported.errors);
        assert_eq!(imported.documents, expected.to_vec(), "{name} / {csv}");
    }
}

#[test]
fn bad_numbers_are_errors_with_row_and_column() {
    let csv = "Description,Qty,Unit Price,Amount,CTNS\n\
battery,abc,12.5,12500,5.5\n\
bolt,500,-4,2000,10\n";
    let imported = import_file("invoice.csv", csv.as_bytes());
    let errors: Vec<(&str, &str)> = imported
        .errors
        .iter()
        .map(|e| (e.path.as_str(), e.message.en.as_str()))
        .collect();
    assert_eq!(
        errors,
        vec![
            (
                "row 2, column B (Qty)",
                "`abc` is not a number: expected e.g. `12,500.00`"
            ),
            (
                "row 2, column E (CTNS)",
                "the package count `5.5` must be a whole number"
            ),
            ("row 3, column C (Unit Price)", "`-4` must not be negative"),
        ]
    );
    let lines = &invoice(&imported).lines;
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].quantity, None);
    assert_eq!(text(lines[0].amount).as_deref(), Some("12500"));
}

#[test]
fn sheets_without_a_header_say_so() {
    let imported = import_file("invoice.csv", b"hello\nworld\n");
    assert!(imported.bundle.is_none());
    assert_eq!(imported.format, SourceFormat::Spreadsheet);
    assert!(imported.errors[0].message.en.contains("no header row"));
}

#[test]
fn two_row_header_and_unlabelled_total_row() {
    let csv = "Description,Qty,Weight (KG),\n\
,,G.W.,N.W.\n\
battery,10,12,10\n\
bolt,5,6,5\n\
,15,18,15\n\
Shipped per MSC AURORA\n";
    let imported = import_file("packing_list.csv", csv.as_bytes());
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let list = packing_list(&imported);
    assert_eq!(list.lines.len(), 2);
    assert_eq!(text(list.gross_weight_kg).as_deref(), Some("18"));
    assert_eq!(text(list.lines[1].net_weight_kg).as_deref(), Some("5"));
}

#[test]
fn subtotals_continuations_and_products_named_total_are_handled() {
    let csv = "Description,Qty,Amount\n\
TOTAL STATION,2,3000\n\
(with tripod)\n\
Subtotal,2,3000\n\
level,1,500\n\
合计：,3,3500\n";
    let imported = import_file("invoice.csv", csv.as_bytes());
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let document = invoice(&imported);
    let names: Vec<&str> = document
        .lines
        .iter()
        .filter_map(|l| l.name.as_deref())
        .collect();
    assert_eq!(names, vec!["TOTAL STATION", "level"]);
    assert_eq!(document.lines[1].no, 2);
    assert_eq!(text(document.total_amount).as_deref(), Some("3500"));
}

#[test]
fn totals_default_to_the_sums_of_the_lines() {
    let csv = "品名,数量,金额,件数,毛重,净重\n电池,10,20.5,1,12,10\n螺栓,5,3,2,6.5,5\n";
    let imported = import_file("goods.csv", csv.as_bytes());
    let document = invoice(&imported);
    assert_eq!(text(document.total_amount).as_deref(), Some("23.5"));
    assert_eq!(document.packages, Some(3));
    assert_eq!(text(document.gross_weight_kg).as_deref(), Some("18.5"));
}

#[test]
fn xlsx_cells_numbers_dates_and_sheets() {
    let bytes = workbook(&[
        (
            "Invoice",
            vec![
                vec![S("COMMERCIAL INVOICE")],
                vec![S("Invoice No."), S("INV-9"), E, S("Date"), D(2026, 10, 9)],
                vec![
                    S("No."),
                    S("品名"),
                    S("Description"),
                    S("HS Code"),
                    S("Qty"),
                    S("Unit Price"),
                    S("Amount (USD)"),
                ],
                vec![
                    N(1.0),
                    S("锂离子蓄电池"),
                    S("Li-ion battery"),
                    N(8507600090.0),
                    N(0.1 + 0.2),
                    N(12.5),
                    N(3.75),
                ],
                vec![
                    N(2.0),
                    S("螺栓"),
                    S("bolt"),
                    S("7318.15.90.90"),
                    S("1,000 PCS"),
                    N(1.0 / 3.0),
                    N(333.33),
                ],
                vec![S("Total"), E, E, E, E, E, N(337.08)],
            ],
        ),
        (
            "Packing List",
            vec![
                vec![S("PL No.:"), S("PL-9")],
                vec![
                    S("品名"),
                    S("数量"),
                    S("件数"),
                    S("毛重(KG)"),
                    S("净重(KG)"),
                ],
                vec![S("锂离子蓄电池"), N(0.3), N(1.0), N(1.5), N(1.2)],
                vec![S("螺栓"), N(1000.0), N(2.0), N(10.25), N(10.0)],
            ],
        ),
        ("Notes", vec![vec![S("Thank you for your business")]]),
    ]);
    let imported = import_file("CI-PL.xlsx", &bytes);
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    assert_eq!(
        imported.documents,
        vec![DocumentKind::Invoice, DocumentKind::PackingList]
    );
    insta::assert_snapshot!(bundle_to_json(imported.bundle.as_ref().unwrap()));
}

#[test]
fn xlsx_errors_name_the_sheet() {
    let bytes = workbook(&[(
        "发票",
        vec![
            vec![S("日期："), S("sometime")],
            vec![S("品名"), S("数量"), S("金额")],
            vec![S("电池"), S("十个"), N(20.0)],
            vec![S("螺栓"), D(2026, 1, 2), N(3.0)],
        ],
    )]);
    let imported = import_file("x.xlsx", &bytes);
    let errors: Vec<&str> = imported.errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        errors,
        vec![
            "sheet \"发票\", row 1, column B",
            "sheet \"发票\", row 3, column B (数量)",
            "sheet \"发票\", row 4, column B (数量)",
        ]
    );
    assert_eq!(invoice(&imported).lines.len(), 2);
}

#[test]
fn not_workbooks_are_refused_clearly() {
    let cases: &[(&str, &[u8], &str)] = &[
        ("empty.csv", b"", "empty"),
        ("scan.pdf", b"%PDF-1.4 ...", "PDF"),
        (
            "broken.xlsx",
            b"PK\x03\x04 xl/workbook.xml garbage",
            "cannot read the workbook",
        ),
        (
            "word.docx",
            b"PK\x03\x04 word/document.xml",
            "unrecognised file format",
        ),
        ("binary.csv", &[0u8, 159, 146, 150, 0, 1], "encoding"),
    ];
    for (name, bytes, expected) in cases {
        let imported = import_file(name, bytes);
        assert!(imported.bundle.is_none(), "{name}");
        assert!(
            imported
                .errors
                .iter()
                .any(|e| e.message.en.contains(expected)),
            "{name}: {:?}",
            imported.errors
        );
    }
}

#[test]
fn legacy_xls_workbook() {
    // Written by tests/fixtures/make_xls.py (xlwt): a cover sheet, then the invoice.
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invoice.xls"),
    )
    .unwrap();
    let imported = import_file("资料.xls", &bytes);
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    assert_eq!(imported.format, SourceFormat::InvoiceSheet);
    let document = invoice(&imported);
    assert_eq!(document.no.as_deref(), Some("INV-XLS-1"));
    assert_eq!(document.date.as_deref(), Some("2026-10-09"));
    assert_eq!(document.currency.as_deref(), Some("USD"));
    assert_eq!(text(document.total_amount).as_deref(), Some("14500"));
    assert_eq!(document.lines.len(), 2);
    assert_eq!(text(document.lines[0].unit_price).as_deref(), Some("12.5"));
}

#[test]
fn grids_without_documents() {
    let (grids, errors) = import::sheet::read_grids("a,b\n1,2\n".as_bytes());
    assert!(errors.is_empty());
    assert_eq!(
        grids[0].cell(1, 1),
        &import::sheet::CellValue::Text("2".to_string())
    );
    let bytes = workbook(&[("One", vec![vec![N(1.5)]]), ("Two", vec![vec![S("x")]])]);
    let (grids, errors) = import::sheet::read_grids(&bytes);
    assert!(errors.is_empty());
    let names: Vec<Option<&str>> = grids.iter().map(|g| g.sheet.as_deref()).collect();
    assert_eq!(names, vec![Some("One"), Some("Two")]);
    assert_eq!(
        grids[0].cell(0, 0),
        &import::sheet::CellValue::Number(model::Decimal::new(15, 1))
    );
}

#[test]
fn errors_are_capped_per_file() {
    let mut csv = String::from("Description,Qty\n");
    for _ in 0..1500 {
        csv.push_str("battery,lots\n");
    }
    let imported = import_file("invoice.csv", csv.as_bytes());
    assert_eq!(imported.errors.len(), import::MAX_ERRORS + 1);
    assert_eq!(
        imported.errors[import::MAX_ERRORS].message.en,
        "500 more problems are not listed"
    );
    assert_eq!(
        imported.errors[import::MAX_ERRORS].path,
        "row 1002, column B (Qty)"
    );
}
