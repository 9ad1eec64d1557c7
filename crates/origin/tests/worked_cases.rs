//! Worked cases of the determination: one bill each, with the conclusion, the criterion and
//! the status of every test that the rules of origin give for it.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers: a bad example or table fails the test"
)]

use origin::{
    Conclusion, Context, Correlation, Determination, HsVersion, Nomenclature, OriginError,
    RuleTable, Status, determine, parse_bom_json, rcep_table,
};

/// Rules for products the RCEP sample table does not cover, as a user's rules file would give
/// them (marked `user`).
const USER_RULES: &str = r#"{"agreement": "RCEP", "hs_version": "2012", "name": "test rules",
  "rules": [
    {"hs": "850760", "rule": "CTH or RVC40"},
    {"hs": "1904", "rule": "CTH except from heading 10.01"},
    {"hs": "2905", "rule": "CR or RVC40"},
    {"hs": "6109", "rule": "CC"},
    {"hs": "852990", "rule": "CTSH or RVC40"}
  ]}"#;

fn table() -> RuleTable {
    let mut table = rcep_table().expect("the embedded table reads");
    table.overlay(RuleTable::from_json(USER_RULES, "RCEP", "test rules").expect("valid rules"));
    table
}

/// A bill from a product line and material lines, with the contract's defaults.
fn bom(product: &str, materials: &[&str], extra: &str) -> String {
    format!(
        r#"{{"agreement": "RCEP",
            "product": {{"description": "product", "currency": "USD", "exporting_party": "CHN",
                         "importing_party": "JPN", "hs_version": "2012", {product}}},
            "materials": [{}],
            "costs": {{"direct_labour": "10.00", "direct_overhead": "5.00", "profit": "5.00", "other": "0"}}
            {extra}}}"#,
        materials.join(",")
    )
}

fn check(text: &str) -> Result<Determination, OriginError> {
    let bom = parse_bom_json(text).unwrap_or_else(|e| panic!("bom: {:?}", e.errors));
    let table = table();
    determine(&bom, &Context::new(&table))
}

fn statuses(answer: &Determination) -> Vec<(String, Status)> {
    answer
        .tests
        .iter()
        .map(|t| (t.test.clone(), t.status))
        .collect()
}

struct Case {
    name: &'static str,
    bom: String,
    conclusion: Conclusion,
    criterion: Option<&'static str>,
    tests: &'static [(&'static str, Status)],
}

const OPS: &str = r#", "operations": ["assembly", "testing"]"#;

fn cases() -> Vec<Case> {
    use Conclusion::{NotOriginating, Originating};
    use Status::{Met, NotMet};
    vec![
        Case {
            name: "pass by RVC only: a cell of the same heading fails CTH",
            bom: bom(
                r#""hs": "850760", "fob": "100.00""#,
                &[
                    r#"{"description": "cells", "hs": "850760", "value": "35.00", "originating": false, "origin_country": "USA"}"#,
                    r#"{"description": "casing", "hs": "392690", "value": "5.00", "originating": true, "origin_country": "CHN"}"#,
                ],
                OPS,
            ),
            conclusion: Originating,
            criterion: Some("RVC"),
            tests: &[("CTH", NotMet), ("RVC40", Met)],
        },
        Case {
            name: "pass by tariff shift only: RVC is low but every material changes heading",
            bom: bom(
                r#""hs": "850760", "fob": "100.00""#,
                &[
                    r#"{"description": "cathode powder", "hs": "284190", "value": "40.00", "originating": false, "origin_country": "USA"}"#,
                    r#"{"description": "control chip", "hs": "854239", "value": "30.00", "originating": false, "origin_country": "USA"}"#,
                ],
                OPS,
            ),
            conclusion: Originating,
            criterion: Some("CTC"),
            tests: &[("CTH", Met), ("RVC40", NotMet)],
        },
        Case {
            name: "both fail",
            bom: bom(
                r#""hs": "850760", "fob": "100.00""#,
                &[
                    r#"{"description": "cells", "hs": "850760", "value": "70.00", "originating": false, "origin_country": "USA"}"#,
                ],
                OPS,
            ),
            conclusion: NotOriginating,
            criterion: None,
            tests: &[("CTH", NotMet), ("RVC40", NotMet)],
        },
        Case {
            name: "saved by de minimis: the material without a change is 8 % of FOB",
            bom: bom(
                r#""hs": "170490", "fob": "100.00""#,
                &[
                    r#"{"description": "sugar", "hs": "170199", "value": "60.00", "originating": false, "origin_country": "BRA"}"#,
                    r#"{"description": "candy base", "hs": "170490", "value": "8.00", "originating": false, "origin_country": "BRA"}"#,
                ],
                OPS,
            ),
            conclusion: Originating,
            criterion: Some("CTC"),
            tests: &[("CTH", Met)],
        },
        Case {
            name: "de minimis exceeded: the material without a change is 11 % of FOB",
            bom: bom(
                r#""hs": "170490", "fob": "100.00""#,
                &[
                    r#"{"description": "candy base", "hs": "170490", "value": "11.00", "originating": false, "origin_country": "BRA"}"#,
                ],
                OPS,
            ),
            conclusion: NotOriginating,
            criterion: None,
            tests: &[("CTH", NotMet)],
        },
        Case {
            name: "saved by accumulation: Korean modules count as originating",
            bom: bom(
                r#""hs": "851712", "fob": "100.00""#,
                &[
                    r#"{"description": "sub-assembly", "hs": "851712", "value": "20.00", "originating": false, "origin_country": "USA"}"#,
                    r#"{"description": "modules", "hs": "851770", "value": "50.00", "originating": true, "origin_country": "KOR"}"#,
                ],
                OPS,
            ),
            conclusion: Originating,
            criterion: Some("RVC"),
            tests: &[("CTSH", NotMet), ("RVC40", Met)],
        },
        Case {
            name: "RVC exactly 40 passes",
            bom: bom(
                r#""hs": "851712", "fob": "100.00""#,
                &[
                    r#"{"description": "sub-assembly", "hs": "851712", "value": "60.00", "originating": false, "origin_country": "USA"}"#,
                ],
                OPS,
            ),
            conclusion: Originating,
            criterion: Some("RVC"),
            tests: &[("CTSH", NotMet), ("RVC40", Met)],
        },
        Case {
            name: "RVC 39.99 fails",
            bom: bom(
                r#""hs": "851712", "fob": "100000.00""#,
                &[
                    r#"{"description": "sub-assembly", "hs": "851712", "value": "60010.00", "originating": false, "origin_country": "USA"}"#,
                ],
                OPS,
            ),
            conclusion: NotOriginating,
            criterion: None,
            tests: &[("CTSH", NotMet), ("RVC40", NotMet)],
        },
        Case {
            name: "Art. 3.6 refusal: only packaging and labelling, whatever the RVC",
            bom: bom(
                r#""hs": "850760", "fob": "100.00""#,
                &[
                    r#"{"description": "cells", "hs": "850790", "value": "20.00", "originating": false, "origin_country": "USA"}"#,
                ],
                r#", "operations": ["packaging", "labelling"]"#,
            ),
            conclusion: NotOriginating,
            criterion: None,
            tests: &[("CTH", NotMet), ("RVC40", Met)],
        },
        Case {
            name: "exception triggers: wheat of heading 10.01 for a cereal product",
            bom: bom(
                r#""hs": "190410", "fob": "100.00""#,
                &[
                    r#"{"description": "wheat", "hs": "100199", "value": "30.00", "originating": false, "origin_country": "CAN"}"#,
                ],
                OPS,
            ),
            conclusion: NotOriginating,
            criterion: None,
            tests: &[("CTH except from heading 10.01", NotMet)],
        },
        Case {
            name: "exception not triggered: maize of heading 10.05",
            bom: bom(
                r#""hs": "190410", "fob": "100.00""#,
                &[
                    r#"{"description": "maize", "hs": "100590", "value": "30.00", "originating": false, "origin_country": "CAN"}"#,
                ],
                OPS,
            ),
            conclusion: Originating,
            criterion: Some("CTC"),
            tests: &[("CTH except from heading 10.01", Met)],
        },
        Case {
            name: "exception of the RCEP table: CC except from Chapter 01",
            bom: bom(
                r#""hs": "050400", "fob": "100.00""#,
                &[
                    r#"{"description": "live cattle", "hs": "010229", "value": "50.00", "originating": false, "origin_country": "AUS"}"#,
                ],
                OPS,
            ),
            conclusion: NotOriginating,
            criterion: None,
            tests: &[("CC except from Chapter 01", NotMet)],
        },
        Case {
            name: "chemical reaction declared",
            bom: bom(
                r#""hs": "290511", "fob": "100.00""#,
                &[
                    r#"{"description": "syngas", "hs": "290511", "value": "90.00", "originating": false, "origin_country": "USA"}"#,
                ],
                r#", "operations": ["chemical reaction"]"#,
            ),
            conclusion: Originating,
            criterion: Some("CR"),
            tests: &[("CR", Met), ("RVC40", NotMet)],
        },
        Case {
            name: "produced exclusively from originating materials (PE) under a WO rule",
            bom: bom(
                r#""hs": "070190", "fob": "100.00""#,
                &[
                    r#"{"description": "seed potatoes", "hs": "070110", "value": "30.00", "originating": true, "origin_country": "CHN"}"#,
                ],
                r#", "operations": ["growing"]"#,
            ),
            conclusion: Originating,
            criterion: Some("PE"),
            tests: &[("WO", Met)],
        },
        Case {
            name: "textile de minimis by weight: 30 % of value but 5 % of weight",
            bom: bom(
                r#""hs": "610910", "fob": "100.00", "weight_kg": "10""#,
                &[
                    r#"{"description": "cotton fabric", "hs": "600622", "value": "40.00", "originating": false, "origin_country": "IND", "weight_kg": "9"}"#,
                    r#"{"description": "printed panel", "hs": "610910", "value": "30.00", "originating": false, "origin_country": "IND", "weight_kg": "0.5"}"#,
                ],
                r#", "operations": ["cutting and sewing"]"#,
            ),
            conclusion: Originating,
            criterion: Some("CTC"),
            tests: &[("CC", Met)],
        },
        Case {
            name: "a material marked originating in a non-Party counts as non-originating",
            bom: bom(
                r#""hs": "851712", "fob": "100.00""#,
                &[
                    r#"{"description": "sub-assembly", "hs": "851712", "value": "70.00", "originating": true, "origin_country": "USA"}"#,
                ],
                OPS,
            ),
            conclusion: NotOriginating,
            criterion: None,
            tests: &[("CTSH", NotMet), ("RVC40", NotMet)],
        },
        Case {
            name: "a rule text that cannot be checked leaves it undetermined",
            bom: bom(
                r#""hs": "851712", "fob": "100.00", "psr": "CTSH or \"50% focused value\"""#,
                &[
                    r#"{"description": "sub-assembly", "hs": "851712", "value": "70.00", "originating": false, "origin_country": "USA"}"#,
                ],
                OPS,
            ),
            conclusion: Conclusion::Undetermined,
            criterion: None,
            tests: &[
                ("CTSH", NotMet),
                ("50% focused value", Status::Undetermined),
            ],
        },
    ]
}

#[test]
fn worked_cases() {
    for case in cases() {
        let answer = check(&case.bom).unwrap_or_else(|e| panic!("{}: {e:?}", case.name));
        assert_eq!(answer.conclusion, case.conclusion, "{}", case.name);
        assert_eq!(answer.criterion.as_deref(), case.criterion, "{}", case.name);
        let want: Vec<(String, Status)> = case
            .tests
            .iter()
            .map(|(t, s)| (t.to_string(), *s))
            .collect();
        assert_eq!(statuses(&answer), want, "{}", case.name);
        assert_eq!(
            answer.originating,
            case.conclusion == Conclusion::Originating,
            "{}",
            case.name
        );
    }
}

#[test]
fn de_minimis_and_accumulation_are_reported() {
    let saved = &cases()[3];
    let answer = check(&saved.bom).unwrap();
    let de_minimis = answer.de_minimis.expect("considered");
    assert!(de_minimis.met);
    assert_eq!(de_minimis.failing_value.to_string(), "8.00");
    assert_eq!(de_minimis.materials[0].description, "candy base");
    assert!(answer.tests[0].met_by_de_minimis);
    assert_eq!(answer.criterion_markers, ["DMI"]);

    let accumulated = &cases()[5];
    let answer = check(&accumulated.bom).unwrap();
    let accumulation = answer.accumulation.expect("used");
    assert_eq!(accumulation.materials[0].party, "KOR");
    assert_eq!(accumulation.rvc_build_down_without.to_string(), "30.00");
    assert_eq!(accumulation.rule_without, Status::NotMet);
    assert_eq!(answer.rvc_build_down.to_string(), "80.00");
    assert_eq!(answer.criterion_markers, ["ACU"]);

    let refused = &cases()[8];
    let answer = check(&refused.bom).unwrap();
    assert!(answer.minimal_operations.refused);
    assert_eq!(answer.rule_status, Status::Met);
}

#[test]
fn failed_materials_are_named() {
    let answer = check(&cases()[2].bom).unwrap();
    for test in &answer.tests {
        if test.test == "CTH" {
            assert_eq!(test.failed_materials.len(), 1);
            assert_eq!(test.failed_materials[0].description, "cells");
            assert_eq!(test.failed_materials[0].place, "materials[0]");
        }
    }
}

fn problems(error: &OriginError) -> Vec<(String, String)> {
    error
        .problems()
        .iter()
        .map(|p| (p.path.clone(), p.message.en.clone()))
        .collect()
}

#[test]
fn bad_bills_are_refused_with_their_places() {
    let over = bom(
        r#""hs": "850760", "fob": "50.00""#,
        &[
            r#"{"description": "cells", "hs": "850790", "value": "40.00", "originating": false, "currency": "EUR"}"#,
            r#"{"description": "case", "hs": "392690", "value": "20.00", "originating": false}"#,
        ],
        OPS,
    );
    let error = check(&over).unwrap_err();
    assert!(matches!(error, OriginError::Invalid(_)));
    let found = problems(&error);
    assert_eq!(found[0].0, "materials");
    assert!(found[0].1.contains("more than the product's FOB 50.00"));
    assert_eq!(found[1].0, "materials[0].currency");
    assert!(found[1].1.contains("currency mismatch"));

    let unknown = bom(
        r#""hs": "840110", "fob": "100""#,
        &[r#"{"hs": "840120", "value": "1", "originating": false}"#],
        OPS,
    );
    let error = check(&unknown).unwrap_err();
    assert!(matches!(error, OriginError::RuleUnknown(_)));
    assert!(
        problems(&error)[0]
            .1
            .contains("has no rule for subheading 840110")
    );
    assert!(error.render(model::Lang::Zh).contains("规则未知"));

    let stranger = bom(
        r#""hs": "850760", "fob": "100", "exporting_party": "USA""#,
        &[r#"{"hs": "850790", "value": "1", "originating": false}"#],
        OPS,
    );
    let error = check(&stranger).unwrap_err();
    assert_eq!(problems(&error)[0].0, "product.exporting_party");

    let negative = bom(
        r#""hs": "850760", "fob": "100""#,
        &[r#"{"hs": "850790", "value": "-1", "originating": false}"#],
        OPS,
    );
    let errors = parse_bom_json(&negative).unwrap_err().errors;
    assert_eq!(errors[0].path, "materials[0].value");
    assert!(errors[0].message.en.contains("negative"));
}

#[test]
fn unknown_codes_are_refused_with_a_nomenclature() {
    let nomenclature = Nomenclature::from_hs_tsv(
        include_str!("../../../data/hs/hs2022.tsv"),
        HsVersion::Hs2022,
    );
    assert!(nomenclature.len() > 5000);
    let text = r#"{"product": {"hs": "850760", "hs_version": "2022", "fob": "100", "currency": "USD"},
                   "materials": [{"hs": "850799", "value": "10", "originating": false}]}"#;
    let bom = parse_bom_json(text).unwrap();
    let table = table();
    let context = Context {
        rules: &table,
        correlation: None,
        nomenclature: Some(&nomenclature),
    };
    let error = determine(&bom, &context).unwrap_err();
    assert_eq!(
        problems(&error),
        [(
            "materials[0].hs".to_string(),
            "unknown HS code `850799`: subheading 850799 is not in HS 2022".to_string()
        )]
    );
}

#[test]
fn hs_2022_codes_convert_or_say_why_not() {
    // 8517.13 (smartphones) was split out of HS 2012's 8517.12 by HS 2022.
    let correlation =
        Correlation::from_csv("hs2022,hs2012\n851713,851712\n851714,851712\n999999,0\n")
            .err()
            .map(|_| ());
    assert!(correlation.is_some(), "a bad row is refused");
    let correlation = Correlation::from_csv(
        "hs2022,hs2012\n851713,851712\n851714,851712\n852410,901380\n852410,852990\n",
    )
    .unwrap();
    let table = table();
    let context = Context {
        rules: &table,
        correlation: Some(&correlation),
        nomenclature: None,
    };
    let phone = r#"{"product": {"description": "smartphone", "hs": "851713", "fob": "100", "currency": "USD", "exporting_party": "CHN"},
                   "materials": [{"description": "board", "hs": "851770", "value": "70", "originating": false}],
                   "operations": ["assembly"]}"#;
    let answer = determine(&parse_bom_json(phone).unwrap(), &context).unwrap();
    assert_eq!(answer.product.rule_edition_codes, ["851712"]);
    assert_eq!(answer.psr, "CTSH or RVC40");
    assert!(answer.notes.iter().any(|n| n.code == "hs_version_assumed"));
    assert!(answer.notes.iter().any(|n| n.code == "hs_code_converted"));
    assert_eq!(answer.conclusion, Conclusion::Originating);

    // A display module of HS 2022 8524 came from two HS 2012 headings: one of them is the
    // product's own, so the change of subheading cannot be decided, and RVC fails too.
    let undecided = r#"{"product": {"description": "monitor parts", "hs": "852990", "hs_version": "2022", "fob": "100", "currency": "USD"},
                   "materials": [{"description": "panel", "hs": "852410", "value": "70", "originating": false}],
                   "operations": ["assembly"]}"#;
    let answer = determine(&parse_bom_json(undecided).unwrap(), &context).unwrap();
    assert_eq!(answer.tests[0].status, Status::Undetermined);
    assert_eq!(answer.conclusion, Conclusion::Undetermined);
    assert_eq!(answer.exit_code(), 2);
    assert_eq!(
        answer.tests[0].undetermined_materials[0].description,
        "panel"
    );

    // Without a correlation table the codes are compared as written: HS 2012 has no 8517.13.
    let bare = Context::new(&table);
    let answer = determine(&parse_bom_json(phone).unwrap(), &bare).unwrap_err();
    assert!(matches!(answer, OriginError::RuleUnknown(_)));
}

#[test]
fn cptpp_rules_from_the_uk_example_load_and_decide() {
    let uk = RuleTable::from_json(
        include_str!("../../../data/origin/uk-cptpp-psr-schema-example.json"),
        "CPTPP",
        "UK CPTPP example",
    )
    .unwrap();
    assert!(uk.len() > 1200);
    let unreadable = uk.entries().iter().filter(|e| e.text.contains('"')).count();
    assert!(
        unreadable > 0,
        "texts that cannot be mapped are kept as such"
    );
    let entry = uk.lookup("CPTPP", HsVersion::Hs2022, "850760").unwrap();
    assert_eq!(entry.text, "CTH or RVC30 build-up or RVC40 build-down");
    let pack = r#"{"agreement": "CPTPP",
        "product": {"description": "battery pack", "hs": "850760", "hs_version": "2022", "fob": "100", "currency": "GBP"},
        "materials": [{"description": "cells", "hs": "850760", "value": "65", "originating": false}],
        "costs": {"direct_labour": "20", "profit": "15"},
        "operations": ["assembly"]}"#;
    let answer = determine(&parse_bom_json(pack).unwrap(), &Context::new(&uk)).unwrap();
    // Build-down 35 % < 40 %, build-up 35 % ≥ 30 %.
    assert_eq!(
        statuses(&answer),
        [
            ("CTH".to_string(), Status::NotMet),
            ("RVC30 build-up".to_string(), Status::Met),
            ("RVC40 build-down".to_string(), Status::NotMet),
        ]
    );
    assert_eq!(answer.conclusion, Conclusion::Originating);
}

#[test]
fn the_embedded_tables_read_and_flag_their_confidence() {
    let table = rcep_table().unwrap();
    assert_eq!(table.len(), 77);
    let base = RuleTable::from_csv(origin::RCEP_PSR_BASE_CSV, "RCEP", "base").unwrap();
    assert_eq!(base.len(), 60);
    let text = bom(
        r#""hs": "392190", "fob": "100""#,
        &[r#"{"hs": "390110", "value": "30", "originating": false}"#],
        OPS,
    );
    let answer = check(&text).unwrap();
    assert_eq!(answer.psr_source.confidence, origin::Confidence::Medium);
    assert!(answer.notes.iter().any(|n| n.code == "psr_low_confidence"));
}

#[test]
fn the_contract_example_is_refused_as_rule_unknown() {
    // CONTRACT §6's bill: the RCEP sample table has no row for heading 85.07.
    let text = r#"{"agreement": "RCEP",
 "product":   {"description": "lithium-ion battery pack", "hs": "850760", "hs_version": "2012",
               "fob": "100.00", "currency": "USD", "exporting_party": "CHN", "importing_party": "JPN"},
 "materials": [{"description": "cells", "hs": "850790", "value": "30.00", "originating": false, "origin_country": "USA"},
               {"description": "casing", "hs": "392690", "value": "5.00", "originating": true, "origin_country": "KOR"}],
 "costs":     {"direct_labour": "10.00", "direct_overhead": "5.00", "profit": "8.00", "other": "2.00"},
 "operations": ["assembly", "testing"]}"#;
    let bom = parse_bom_json(text).unwrap();
    let table = rcep_table().unwrap();
    let error = determine(&bom, &Context::new(&table)).unwrap_err();
    assert_eq!(error.exit_code(), 2);
    insta::assert_snapshot!("rule_unknown_zh", error.render(model::Lang::Zh));
    insta::assert_snapshot!("rule_unknown_en", error.render(model::Lang::En));
}
