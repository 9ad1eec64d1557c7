//! Planted defects: one defect at a time is planted into a clean example shipment, and the
//! check must raise exactly the rules that defect breaks — no fewer (a miss) and no more (a
//! false alarm a broker would learn to ignore). Where one defect rightly breaks two rules (a
//! changed line amount also breaks the invoice's own arithmetic), the table says so.
//!
//! Each case is a list of edits to the clean bundle's JSON (JSON pointer → new value, or
//! removal) and the exact set of rule codes expected.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

enum Edit {
    /// Replace (or add) the value at a JSON pointer with a JSON literal.
    Set(&'static str, &'static str),
    /// Remove the member or array element at a JSON pointer.
    Remove(&'static str),
}
use Edit::{Remove, Set};

struct Case {
    name: &'static str,
    base: &'static str,
    edits: &'static [Edit],
    expected: &'static [&'static str],
}

const EXPORT: &str = "clean-export-mixed.json";
const IMPORT: &str = "clean-import-bearings-rcep.json";

const CASES: &[Case] = &[
    // Documents present
    Case {
        name: "no invoice",
        base: EXPORT,
        edits: &[Remove("/invoice")],
        expected: &["D001"],
    },
    Case {
        name: "no packing list",
        base: EXPORT,
        edits: &[Remove("/packing_list")],
        expected: &["D001"],
    },
    Case {
        name: "no bill of lading though bl_no is declared",
        base: EXPORT,
        edits: &[Remove("/bill_of_lading")],
        expected: &["D001"],
    },
    Case {
        name: "no agent certificate though documents are attached",
        base: EXPORT,
        edits: &[Remove("/agent_certificate")],
        expected: &["D001"],
    },
    Case {
        name: "no declaration",
        base: EXPORT,
        edits: &[Remove("/declaration")],
        expected: &["D001"],
    },
    Case {
        name: "agreement without the joint-liability clause",
        base: EXPORT,
        edits: &[Set("/agency_agreement/joint_liability_clause", "false")],
        expected: &["D002"],
    },
    // Consistency between documents
    Case {
        name: "invoice names another product",
        base: EXPORT,
        edits: &[Set("/invoice/lines/1/name", "\"女式棉制针织T恤衫\"")],
        expected: &["C001"],
    },
    Case {
        name: "name differs only in width and case",
        base: EXPORT,
        edits: &[Set("/invoice/lines/1/name", "\"男式棉制针织ｔ恤衫\"")],
        expected: &[],
    },
    Case {
        name: "packing quantity 3.1 % off",
        base: EXPORT,
        edits: &[Set("/packing_list/lines/0/quantity", "\"1031\"")],
        expected: &["C002"],
    },
    Case {
        name: "packing quantity exactly 3 % off",
        base: EXPORT,
        edits: &[Set("/packing_list/lines/0/quantity", "\"1030\"")],
        expected: &[],
    },
    Case {
        name: "invoice line amount 5 % higher, invoice consistent",
        base: EXPORT,
        edits: &[
            Set("/invoice/lines/2/unit_price", "\"4.20\""),
            Set("/invoice/lines/2/amount", "\"2100.00\""),
            Set("/invoice/total_amount", "\"21000.00\""),
        ],
        expected: &["C003", "C004"],
    },
    Case {
        name: "invoice total above the declared total within line tolerance",
        base: EXPORT,
        edits: &[
            Set("/invoice/lines/2/unit_price", "\"4.10\""),
            Set("/invoice/lines/2/amount", "\"2050.00\""),
            Set("/invoice/total_amount", "\"20950.00\""),
        ],
        expected: &["C004"],
    },
    Case {
        name: "bill of lading gross weight 5.45 % over",
        base: EXPORT,
        edits: &[Set("/bill_of_lading/gross_weight_kg", "\"2310\"")],
        expected: &["C005"],
    },
    Case {
        name: "bill of lading gross weight just under 5 % over",
        base: EXPORT,
        edits: &[Set("/bill_of_lading/gross_weight_kg", "\"2299\"")],
        expected: &[],
    },
    Case {
        name: "declared net weight above gross",
        base: EXPORT,
        edits: &[Set("/declaration/net_weight_kg", "\"2200\"")],
        expected: &["C006"],
    },
    Case {
        name: "agent certificate number not attached",
        base: EXPORT,
        edits: &[Set("/agent_certificate/no", "\"Y2026000999\"")],
        expected: &["C007"],
    },
    Case {
        name: "bill of lading counts another package number",
        base: EXPORT,
        edits: &[Set("/bill_of_lading/packages", "101")],
        expected: &["C008"],
    },
    Case {
        name: "invoice line does not multiply out",
        base: EXPORT,
        edits: &[Set("/invoice/lines/0/unit_price", "\"12.60\"")],
        expected: &["C009"],
    },
    Case {
        name: "contract in another currency",
        base: EXPORT,
        edits: &[Set("/contract/currency", "\"EUR\"")],
        expected: &["C010"],
    },
    Case {
        name: "bill of lading voyage differs",
        base: EXPORT,
        edits: &[Set("/bill_of_lading/voyage", "\"046E\"")],
        expected: &["C012"],
    },
    Case {
        name: "bill of lading number differs",
        base: EXPORT,
        edits: &[Set("/bill_of_lading/no", "\"COSU6123456789\"")],
        expected: &["C012"],
    },
    Case {
        name: "invoice lacks a line, total adjusted",
        base: EXPORT,
        edits: &[
            Remove("/invoice/lines/2"),
            Set("/invoice/total_amount", "\"18900.00\""),
        ],
        expected: &["C011"],
    },
    Case {
        name: "packing list counts another package number",
        base: EXPORT,
        edits: &[
            Set("/packing_list/packages", "101"),
            Set("/packing_list/lines/2/packages", "11"),
        ],
        expected: &["C008"],
    },
    Case {
        name: "invoice total does not add up",
        base: EXPORT,
        edits: &[Set("/invoice/total_amount", "\"20899.00\"")],
        expected: &["C009"],
    },
    Case {
        name: "invoice in euro",
        base: EXPORT,
        edits: &[Set("/invoice/currency", "\"EUR\"")],
        expected: &["C010"],
    },
    Case {
        name: "declaration in an unknown currency",
        base: EXPORT,
        edits: &[
            Set("/declaration/currency", "\"USX\""),
            Set("/invoice/currency", "\"USX\""),
            Set("/contract/currency", "\"USX\""),
        ],
        expected: &["K001"],
    },
    Case {
        name: "line gross below net on the packing list",
        base: EXPORT,
        edits: &[
            Set("/packing_list/lines/2/net_weight_kg", "\"521\""),
            Set("/packing_list/lines/1/net_weight_kg", "\"379\""),
        ],
        expected: &["C006"],
    },
    Case {
        name: "import: invoice under-declared",
        base: IMPORT,
        edits: &[Set("/declaration/lines/0/amount", "\"1.00\"")],
        expected: &["C003", "C009"],
    },
    // Classification
    Case {
        name: "nine-digit code",
        base: EXPORT,
        edits: &[Set("/declaration/lines/2/hs_code", "\"731815909\"")],
        expected: &["H001"],
    },
    Case {
        name: "element missing",
        base: EXPORT,
        edits: &[Remove("/declaration/lines/0/elements/型号")],
        expected: &["H004"],
    },
    Case {
        name: "legal unit wrong",
        base: EXPORT,
        edits: &[Set("/declaration/lines/2/legal_unit", "\"007\"")],
        expected: &["H005"],
    },
    Case {
        name: "legal quantity missing",
        base: EXPORT,
        edits: &[Remove("/declaration/lines/2/legal_quantity")],
        expected: &["H005"],
    },
    // Regulatory
    Case {
        name: "no UN38.3 report",
        base: EXPORT,
        edits: &[Remove("/attachments/0")],
        expected: &["R001"],
    },
    Case {
        name: "no dangerous-goods packaging certificate",
        base: EXPORT,
        edits: &[Remove("/attachments/1")],
        expected: &["R002"],
    },
    Case {
        name: "certificate of origin names another country",
        base: EXPORT,
        edits: &[Set("/certificate_of_origin/origin_country", "\"VNM\"")],
        expected: &["R005"],
    },
    Case {
        name: "certificate of origin line under another subheading",
        base: EXPORT,
        edits: &[Set("/certificate_of_origin/lines/2/hs_code", "\"731816\"")],
        expected: &["R005"],
    },
    // Codes
    Case {
        name: "unknown country",
        base: EXPORT,
        edits: &[Set("/declaration/trade_country", "\"QQQ\"")],
        expected: &["K002"],
    },
    Case {
        name: "unknown unit",
        base: EXPORT,
        edits: &[Set("/declaration/lines/2/unit", "\"999\"")],
        expected: &["K003"],
    },
    Case {
        name: "unknown trade mode",
        base: EXPORT,
        edits: &[Set("/declaration/trade_mode", "\"9999\"")],
        expected: &["K004"],
    },
    Case {
        name: "unknown transaction terms",
        base: EXPORT,
        edits: &[Set("/declaration/transaction_terms", "\"XYZ\"")],
        expected: &["K005"],
    },
    Case {
        name: "unknown customs office",
        base: EXPORT,
        edits: &[Set("/declaration/customs_office", "\"9999\"")],
        expected: &["K006"],
    },
    Case {
        name: "unknown package kind",
        base: EXPORT,
        edits: &[Set("/declaration/package_kind", "\"Z\"")],
        expected: &["K007"],
    },
    // The import example stays clean under harmless edits and breaks under real ones
    Case {
        name: "import: untouched",
        base: IMPORT,
        edits: &[],
        expected: &[],
    },
    Case {
        name: "export: untouched",
        base: EXPORT,
        edits: &[],
        expected: &[],
    },
];

fn data() -> &'static refdata::RefData {
    static DATA: OnceLock<refdata::RefData> = OnceLock::new();
    DATA.get_or_init(|| refdata::RefData::embedded().unwrap())
}

fn classifier() -> &'static classify::Classifier {
    static CLASSIFIER: OnceLock<classify::Classifier> = OnceLock::new();
    CLASSIFIER.get_or_init(|| classify::Classifier::build(&classify::embedded_tables()).unwrap())
}

fn base(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/shipments")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn apply(value: &mut Value, edit: &Edit, case: &str) {
    let (pointer, new) = match edit {
        Set(pointer, literal) => (
            *pointer,
            Some(serde_json::from_str::<Value>(literal).unwrap()),
        ),
        Remove(pointer) => (*pointer, None),
    };
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    let container = value
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("{case}: no {parent}"));
    match (container, new) {
        (Value::Object(map), Some(new)) => {
            map.insert(last.to_string(), new);
        }
        (Value::Object(map), None) => {
            assert!(map.remove(last).is_some(), "{case}: no {pointer}");
        }
        (Value::Array(items), new) => {
            let index: usize = last.parse().unwrap();
            assert!(index < items.len(), "{case}: no {pointer}");
            match new {
                Some(new) => items[index] = new,
                None => {
                    items.remove(index);
                }
            }
        }
        _ => panic!("{case}: {parent} is not a container"),
    }
}

fn fired(bundle: &Value) -> BTreeSet<String> {
    let text = serde_json::to_string(bundle).unwrap();
    let outcome = model::parse_bundle(&text);
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let bundle = outcome.bundle.unwrap();
    let input = rules::CheckInput::new(&bundle, data()).with_name_fit(Some(classifier()));
    rules::check(&input)
        .into_iter()
        .map(|finding| finding.rule.to_string())
        .collect()
}

#[test]
fn each_planted_defect_raises_exactly_its_rules() {
    let mut wrong = Vec::new();
    for case in CASES {
        let mut bundle = base(case.base);
        for edit in case.edits {
            apply(&mut bundle, edit, case.name);
        }
        let got = fired(&bundle);
        let expected: BTreeSet<String> = case.expected.iter().map(|c| c.to_string()).collect();
        if got != expected {
            wrong.push(format!("{}: expected {expected:?}, got {got:?}", case.name));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}
