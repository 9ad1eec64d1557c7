//! Bad input is data: every problem names its place (JSON path, or line and column) and what
//! was expected, and nothing already recorded changes.

use agency::{
    Node, Stage, apply_events_file, parse_history_csv, parse_history_csv_bytes, parse_history_xlsx,
    parse_orders, parse_qualifications,
};
use model::InputError;

/// `place: message` per error, English.
fn listed(errors: &[InputError]) -> String {
    errors
        .iter()
        .map(|error| format!("{}: {}", error.path, error.message.en))
        .collect::<Vec<_>>()
        .join("\n")
}

const ORDERS_WITH_PROBLEMS: &str = r#"{"orders": [
  {"application_no": "SQ1", "opened_at": "2026-09-28T09:00",
   "events": [
     {"at": "2026-09-29T10:00", "event": "pre_review_passed", "receipt": "PR-1"},
     {"at": "2026-09-29T11:00", "event": "cleared", "receipt": "CL-1", "certificate_no": "Y1"},
     {"at": "2026-09-29T12:00", "event": "application_accepted", "receipt": "AP-1"}
   ]},
  {"opened_at": "2026-09-28T09:00"},
  {"application_no": "SQ1", "opened_at": "2026-09-28T09:00"},
  {"application_no": "SQ3", "opened_at": "yesterday"},
  {"application_no": "SQ4", "opened_at": "2026-09-28T09:00",
   "events": [
     {"at": "2026-09-29T10:00", "event": "pre_review_passed", "receipt": "PR-4"},
     {"at": "2026-09-29T09:00", "event": "application_accepted", "receipt": "AP-4"}
   ]},
  {"application_no": "SQ5", "opened_at": "2026-09-28T09:00",
   "events": [
     {"at": "2026-09-29T10:00", "event": "approved"},
     {"at": "2026-09-29T11:00", "event": "pre_review_passed", "receipt": "PR-5"}
   ]},
  {"application_no": "SQ6", "opened_at": "2026-09-28T09:00",
   "events": [
     {"at": "2026-09-29T10:00", "event": "pre_review_passed", "receipt": "PR-6"},
     {"at": "2026-09-29T11:00", "event": "returned", "to": "customs", "reason": "x"},
     {"at": "2026-09-29T12:00", "event": "returned", "to": "pre_review", "reason": ""}
   ]},
  {"application_no": "SQ7", "opened_at": "2026-09-28T09:00",
   "shipment": {"declaration": {"attached_documents": ["Y7"], "lines": [{"no": 1, "quantity": "many"}]}}}
]}"#;

#[test]
fn an_orders_file_names_every_problem_and_keeps_what_came_before() {
    let outcome = parse_orders(ORDERS_WITH_PROBLEMS);
    insta::assert_snapshot!("orders_file_errors", listed(&outcome.errors));
    // SQ1 keeps its valid prefix: pre-review passed, the skipped node refused, nothing after.
    let first = outcome.ledger.get("SQ1").unwrap();
    assert_eq!(first.stage, Stage::At(Node::Application));
    assert_eq!(first.history.len(), 1);
    // SQ4 stops at the event dated before the previous one.
    assert_eq!(outcome.ledger.get("SQ4").unwrap().history.len(), 1);
    // SQ7's bundle still gives its attached documents.
    assert_eq!(
        outcome.ledger.get("SQ7").unwrap().attached_documents,
        vec!["Y7"]
    );
    assert!(outcome.ledger.get("SQ3").is_none());
}

#[test]
fn broken_json_names_line_and_column() {
    let outcome = parse_orders("{\"orders\": [\n  {\"application_no\": }\n]}");
    assert_eq!(outcome.errors.len(), 1);
    assert_eq!(outcome.errors[0].path, "line 2, column 22");
    assert!(outcome.ledger.is_empty());
    assert_eq!(listed(&parse_orders("[]").errors), "");
    assert_eq!(
        listed(&parse_orders("{}").errors),
        "orders: expected an array of orders"
    );
}

#[test]
fn an_events_file_refuses_unknown_applications_and_applies_the_rest() {
    let mut ledger =
        parse_orders(r#"[{"application_no": "SQ1", "opened_at": "2026-09-28T09:00"}]"#).ledger;
    let errors = apply_events_file(
        &mut ledger,
        r#"{"events": [
            {"application_no": "SQ404", "at": "2026-09-29T10:00", "event": "pre_review_passed", "receipt": "PR"},
            {"application_no": "SQ1", "at": "2026-09-29T10:00", "event": "pre_review_passed", "receipt": "PR"},
            {"application_no": "SQ1", "at": "2026-09-29T11:00", "event": "cleared", "receipt": "CL", "certificate_no": "Y"},
            {"application_no": "SQ1", "at": "2026-09-29T12:00", "event": "receipt_checked"}
        ]}"#,
    );
    insta::assert_snapshot!("events_file_errors", listed(&errors));
    let order = ledger.get("SQ1").unwrap();
    assert_eq!(order.stage, Stage::At(Node::Application));
    assert_eq!(order.history.len(), 2);
}

#[test]
fn a_qualifications_file_names_every_problem() {
    let outcome = parse_qualifications(
        r#"{"parties": [
            {"id": "A", "customs_registration": {"receipt_issued_on": "2025-01-10", "receipt_valid_until": "2024-01-09"},
             "eport_certificate": {"no": "E"}, "aeo": "gold", "yearly_trade_usd": "lots",
             "changes": [{"kind": "business_scope", "changed_on": "2026-09-10", "filed_on": "2026-09-01"},
                         {"kind": "legal_representative", "changed_on": "10/09/2026"}]},
            {"id": "A"},
            {"name": "no id"},
            {"id": "B", "role": "bank", "customs_registration": {}}
        ],
        "supply_chains": [{"name": "x", "members": ["A", "Z"]}, {"name": "y", "members": ["Q"]}]}"#,
    );
    insta::assert_snapshot!("qualifications_file_errors", listed(&outcome.errors));
    assert_eq!(outcome.registry.parties.len(), 2);
    assert_eq!(outcome.registry.supply_chains.len(), 1);
    assert_eq!(outcome.registry.supply_chains[0].members, vec!["A"]);
}

#[test]
fn a_history_with_missing_columns_reads_nothing() {
    let outcome =
        parse_history_csv("shipment_id,agent,declared_at,inspected\nS1,A,2026-09-01T10:00,否\n");
    assert!(outcome.records.is_empty());
    assert_eq!(
        listed(&outcome.errors),
        "line 1: missing columns: cleared_at, budget_fee, actual_fee (the header needs agent, declared_at, cleared_at, inspected, budget_fee, actual_fee)"
    );
    assert_eq!(parse_history_csv("").errors[0].path, "line 1");
}

#[test]
fn history_rows_with_problems_are_named_and_skipped() {
    let csv = "编号,代理,申报时间,放行时间,查验,预算费用,实际费用\n\
               S1,甬通,2026-09-01 10:00,2026-09-02 09:00,否,1000,1020.50\n\
               S2,,2026-09-01,2026-09-02T09:00,maybe,abc,1000\n\
               S3,甬通,2026-09-03T10:00,2026-09-02T10:00,是,1000,1000\n\
               \n\
               S4,港联,2026-09-04T10:00,,1,800,790\n";
    let outcome = parse_history_csv(csv);
    insta::assert_snapshot!("history_row_errors", listed(&outcome.errors));
    let ids: Vec<&str> = outcome
        .records
        .iter()
        .map(|record| record.shipment_id.as_str())
        .collect();
    assert_eq!(ids, vec!["S1", "S4"]);
    assert_eq!(outcome.records[1].cleared_at, None);
    assert!(outcome.records[1].inspected);
}

#[test]
fn a_gb18030_csv_is_decoded() {
    let text = "编号,代理,申报时间,放行时间,查验,预算费用,实际费用\nS1,甬通报关,2026-09-01T10:00,2026-09-02T09:00,否,1000,1000\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    let outcome = parse_history_csv_bytes(&bytes);
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_eq!(outcome.records[0].agent, "甬通报关");
}

#[test]
fn an_xlsx_history_reads_like_the_csv() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let header = [
        "shipment_id",
        "agent",
        "declared_at",
        "cleared_at",
        "inspected",
        "budget_fee",
        "actual_fee",
    ];
    for (column, name) in header.iter().enumerate() {
        sheet.write_string(0, column as u16, *name).unwrap();
    }
    sheet.write_string(1, 0, "S1").unwrap();
    sheet.write_string(1, 1, "甬通报关").unwrap();
    sheet.write_string(1, 2, "2026-09-01T10:00").unwrap();
    let cleared = rust_xlsxwriter::ExcelDateTime::parse_from_str("2026-09-02T09:30:00").unwrap();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm");
    sheet
        .write_datetime_with_format(1, 3, &cleared, &date_format)
        .unwrap();
    sheet.write_boolean(1, 4, true).unwrap();
    sheet.write_number(1, 5, 1200.5).unwrap();
    sheet.write_string(1, 6, "1250.25").unwrap();
    sheet.write_string(2, 1, "港联报关").unwrap();
    sheet.write_string(2, 2, "not a time").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let outcome = parse_history_xlsx(&bytes);
    assert_eq!(
        listed(&outcome.errors),
        "line 3, column 3 (declared_at): expected a date-time like 2026-10-09T10:00:00+08:00 or 2026-10-09 10:00 (got `not a time`)\nline 3, column 6 (budget_fee): expected an amount (got ``)\nline 3, column 7 (actual_fee): expected an amount (got ``)"
    );
    let record = &outcome.records[0];
    assert_eq!(
        record.cleared_at.unwrap().to_string(),
        "2026-09-02T09:30:00"
    );
    assert!(record.inspected);
    assert_eq!(record.budget_fee.to_string(), "1200.5");
    assert_eq!(record.actual_fee.to_string(), "1250.25");
}
