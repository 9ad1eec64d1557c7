//! Where each reminder turns from nothing to due soon, due and overdue, as a table; and a
//! deadline in an unpublished year becomes a problem naming it, not a guess.

#![expect(clippy::unwrap_used, reason = "test helpers parse literal fixtures")]

use agency::{
    ReminderKind, ReminderStatus, parse_as_of, parse_orders, parse_qualifications, reminders,
};
use workdays::Calendar;

/// The status of the reminder of `kind` for `subject` as of `as_of`, if any.
fn status_of(
    orders: &str,
    qualifications: &str,
    as_of: &str,
    kind: ReminderKind,
) -> Option<ReminderStatus> {
    let ledger = parse_orders(orders);
    assert!(ledger.errors.is_empty(), "{:?}", ledger.errors);
    let registry = parse_qualifications(qualifications);
    assert!(registry.errors.is_empty(), "{:?}", registry.errors);
    let result = reminders(
        parse_as_of(as_of).unwrap(),
        &ledger.ledger,
        &registry.registry,
        &Calendar::china(),
    );
    assert!(result.problems.is_empty(), "{:?}", result.problems);
    result
        .items
        .iter()
        .find(|item| item.kind == kind)
        .map(|item| item.status)
}

const NO_PARTIES: &str = r#"{"parties": []}"#;

/// An order cleared on Thursday 24 September 2026 at 15:00, last checked then.
const CLEARED: &str = r#"[{"application_no": "SQ1", "opened_at": "2026-09-21T09:00",
  "events": [
    {"at": "2026-09-22T10:00", "event": "pre_review_passed", "receipt": "PR"},
    {"at": "2026-09-22T13:00", "event": "application_accepted", "receipt": "AP"},
    {"at": "2026-09-24T15:00", "event": "cleared", "receipt": "CL", "certificate_no": "Y"}]}]"#;

#[test]
fn write_off_and_receipt_check_boundaries() {
    use ReminderStatus::{Due, DueSoon, Overdue};
    let write_off = ReminderKind::NodeDeadline(agency::Node::WriteOff);
    let cases = [
        // Write-off due 2026-10-12 18:00 (7 working days after 24 Sep); soon from two working
        // days before (Friday 9 Oct: 10 Oct is a make-up Saturday, then 12 Oct).
        (write_off, "2026-10-08T12:00", None),
        (write_off, "2026-10-09T12:00", Some(DueSoon)),
        (write_off, "2026-10-12T17:59", Some(Due)),
        (write_off, "2026-10-12T18:00", Some(Due)),
        (write_off, "2026-10-12T18:01", Some(Overdue)),
        // Receipt check: 24 hours after the clearance receipt, 2026-09-25 15:00.
        (ReminderKind::ReceiptCheck, "2026-09-24T16:00", None),
        (ReminderKind::ReceiptCheck, "2026-09-25T08:00", Some(Due)),
        (ReminderKind::ReceiptCheck, "2026-09-25T15:00", Some(Due)),
        (
            ReminderKind::ReceiptCheck,
            "2026-09-25T15:01",
            Some(Overdue),
        ),
    ];
    for (kind, as_of, expected) in cases {
        assert_eq!(
            status_of(CLEARED, NO_PARTIES, as_of, kind),
            expected,
            "{kind:?} as of {as_of}"
        );
    }
}

#[test]
fn qualification_boundaries() {
    use ReminderStatus::{Due, DueSoon, Overdue};
    let party = r#"{"parties": [{"id": "A", "name": "A",
        "foreign_trade_registration": {"business_scope": "货物进出口"},
        "customs_registration": {"receipt_issued_on": "2023-12-20"},
        "eport_certificate": {"expires_on": "2026-10-31"},
        "changes": [{"kind": "business_scope", "changed_on": "2026-09-28"}]}]}"#;
    let cases = [
        // Filing receipt valid until 2026-12-19: renewal reminded from 90 days before.
        (ReminderKind::FilingReceipt, "2026-09-19", None),
        (ReminderKind::FilingReceipt, "2026-09-20", Some(DueSoon)),
        (ReminderKind::FilingReceipt, "2026-12-19T23:00", Some(Due)),
        (ReminderKind::FilingReceipt, "2026-12-20", Some(Overdue)),
        // E-port certificate until 2026-10-31: reminded from 30 days before.
        (ReminderKind::EportCertificate, "2026-09-30", None),
        (ReminderKind::EportCertificate, "2026-10-01", Some(DueSoon)),
        (ReminderKind::EportCertificate, "2026-11-01", Some(Overdue)),
        // A change on 28 September must be filed by 18:00 of the 10th working day after it
        // (29, 30 Sep, 8, 9, 10, 12, 13, 14, 15, 16 Oct).
        (ReminderKind::UnfiledChange, "2026-09-28", Some(DueSoon)),
        (ReminderKind::UnfiledChange, "2026-10-16T17:00", Some(Due)),
        (
            ReminderKind::UnfiledChange,
            "2026-10-16T18:30",
            Some(Overdue),
        ),
        // The scope covers import/export: no registration reminder at all.
        (ReminderKind::ForeignTradeRegistration, "2026-10-09", None),
    ];
    for (kind, as_of, expected) in cases {
        assert_eq!(
            status_of("[]", party, as_of, kind),
            expected,
            "{kind:?} as of {as_of}"
        );
    }
}

#[test]
fn a_deadline_in_an_unpublished_year_is_a_problem_naming_it() {
    let orders = parse_orders(
        r#"[{"application_no": "SQ9", "opened_at": "2026-12-21T09:00",
            "events": [
              {"at": "2026-12-22T10:00", "event": "pre_review_passed", "receipt": "PR"},
              {"at": "2026-12-22T11:00", "event": "application_accepted", "receipt": "AP"},
              {"at": "2026-12-24T10:00", "event": "cleared", "receipt": "CL", "certificate_no": "Y"}]}]"#,
    );
    let result = reminders(
        parse_as_of("2026-12-28").unwrap(),
        &orders.ledger,
        &agency::Registry::default(),
        &Calendar::china(),
    );
    assert_eq!(result.problems.len(), 1);
    assert_eq!(result.problems[0].subject, "SQ9");
    assert!(
        result.problems[0].message.en.contains("2027"),
        "{:?}",
        result.problems[0]
    );
    // The receipt check needs no calendar and is still reminded.
    assert!(
        result
            .items
            .iter()
            .any(|item| item.kind == ReminderKind::ReceiptCheck)
    );
    let text = agency::reminders_text(&result, model::Lang::Zh);
    assert!(text.contains("2027 年的工作日历尚未发布"), "{text}");
}
