//! The workflow's transitions: the happy path, every refusal (with the order unchanged), the
//! ledger's unknown and duplicate applications.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers build fixed, valid fixtures"
)]

use agency::{
    Event, EventKind, GoodsFigures, Ledger, Node, Order, OrderDraft, Outcome, Stage, WorkflowError,
};
use jiff::civil::DateTime;
use model::Decimal;
use std::str::FromStr;

fn at(text: &str) -> DateTime {
    text.parse().unwrap()
}

fn line(quantity: &str, amount: &str) -> GoodsFigures {
    GoodsFigures {
        no: 1,
        name: Some("锂离子蓄电池".to_owned()),
        quantity: Some(Decimal::from_str(quantity).unwrap()),
        amount: Some(Decimal::from_str(amount).unwrap()),
    }
}

fn draft() -> OrderDraft {
    OrderDraft {
        application_no: "SQ1".to_owned(),
        opened_at: Some(at("2026-09-28T09:00")),
        attached_documents: vec!["Y2026000123".to_owned()],
        declared_lines: vec![line("1000", "12500.00")],
        ..OrderDraft::default()
    }
}

fn event(time: &str, kind: EventKind) -> Event {
    Event { at: at(time), kind }
}

fn passed(time: &str) -> Event {
    event(
        time,
        EventKind::PreReviewPassed {
            receipt: "PR".into(),
        },
    )
}
fn accepted(time: &str) -> Event {
    event(
        time,
        EventKind::ApplicationAccepted {
            receipt: "AP".into(),
        },
    )
}
fn drawn(time: &str) -> Event {
    event(time, EventKind::VerificationDrawn { notice: None })
}
fn verified(time: &str) -> Event {
    event(
        time,
        EventKind::VerificationCompleted {
            receipt: "VC".into(),
        },
    )
}
fn cleared(time: &str, certificate: &str) -> Event {
    event(
        time,
        EventKind::Cleared {
            receipt: "CL".into(),
            certificate_no: certificate.into(),
        },
    )
}
fn written_off(time: &str, quantity: &str) -> Event {
    event(
        time,
        EventKind::WrittenOff {
            receipt: "WO".into(),
            lines: vec![line(quantity, "12500.00")],
        },
    )
}
fn returned(time: &str, to: Node, reason: &str) -> Event {
    event(
        time,
        EventKind::Returned {
            to,
            reason: reason.into(),
        },
    )
}
fn mismatch(time: &str) -> Event {
    event(
        time,
        EventKind::DocumentMismatch {
            receipt: "PR-X".into(),
            detail: None,
        },
    )
}
fn checked(time: &str) -> Event {
    event(time, EventKind::ReceiptChecked { status: None })
}

fn replay(events: Vec<Event>) -> Order {
    let mut order = Order::open(draft()).unwrap();
    for event in events {
        order.apply(event).unwrap();
    }
    order
}

#[test]
fn the_five_nodes_in_order_end_in_the_archive() {
    let order = replay(vec![
        passed("2026-09-29T10:00"),
        accepted("2026-09-29T13:00"),
        drawn("2026-09-30T10:00"),
        verified("2026-10-08T16:00"),
        cleared("2026-10-09T11:00", "Y2026000123"),
        written_off("2026-10-13T10:00", "1030"),
    ]);
    assert_eq!(order.stage, Stage::Archived);
    let nodes: Vec<Node> = order.records.iter().map(|record| record.node).collect();
    assert_eq!(nodes, Node::ALL.to_vec());
    assert!(
        order
            .records
            .iter()
            .all(|record| record.outcome == Outcome::Passed)
    );
    assert_eq!(order.records[3].started_at, at("2026-10-08T16:00"));
    assert_eq!(order.records[3].receipt, "CL");
    let archive = order.archive.clone().unwrap();
    assert_eq!(archive.key, "SQ1_20261013");
    assert_eq!(archive.keep_until.to_string(), "2031-10-13");
    assert_eq!(order.last_receipt_check, Some(at("2026-10-13T10:00")));
}

#[test]
fn refused_events_leave_the_order_unchanged() {
    let after_application = || vec![passed("2026-09-29T10:00"), accepted("2026-09-29T13:00")];
    let cases: Vec<(&str, Vec<Event>, Event, &str)> = vec![
        (
            "skip application",
            vec![passed("2026-09-29T10:00")],
            cleared("2026-09-30T10:00", "Y2026000123"),
            "unexpected",
        ),
        (
            "skip pre-review",
            vec![],
            accepted("2026-09-29T10:00"),
            "unexpected",
        ),
        (
            "verification not drawn",
            after_application(),
            verified("2026-09-30T10:00"),
            "unexpected",
        ),
        (
            "drawn twice",
            [after_application(), vec![drawn("2026-09-30T10:00")]].concat(),
            drawn("2026-09-30T11:00"),
            "unexpected",
        ),
        (
            "clear during verification",
            [after_application(), vec![drawn("2026-09-30T10:00")]].concat(),
            cleared("2026-10-08T10:00", "Y2026000123"),
            "unexpected",
        ),
        (
            "write off before clearance",
            after_application(),
            written_off("2026-09-30T10:00", "1000"),
            "unexpected",
        ),
        (
            "pass while awaiting correction",
            vec![mismatch("2026-09-29T10:00")],
            passed("2026-09-30T10:00"),
            "unexpected",
        ),
        (
            "return from pre-review",
            vec![],
            returned("2026-09-29T10:00", Node::PreReview, "why"),
            "unexpected",
        ),
        (
            "return without reason",
            after_application(),
            returned("2026-09-30T10:00", Node::PreReview, "  "),
            "reason",
        ),
        (
            "return forwards",
            vec![passed("2026-09-29T10:00")],
            returned("2026-09-30T10:00", Node::Clearance, "why"),
            "backwards",
        ),
        (
            "return to the same node",
            after_application(),
            returned("2026-09-30T10:00", Node::Clearance, "why"),
            "backwards",
        ),
        (
            "earlier than the previous event",
            after_application(),
            checked("2026-09-29T12:59"),
            "before",
        ),
        (
            "certificate not attached",
            after_application(),
            cleared("2026-09-30T10:00", "Y2026000999"),
            "certificate",
        ),
        (
            "write-off 3.01 % off",
            [
                after_application(),
                vec![cleared("2026-09-30T10:00", "Y2026000123")],
            ]
            .concat(),
            written_off("2026-10-08T10:00", "1030.1"),
            "mismatch",
        ),
        (
            "anything after the archive",
            [
                after_application(),
                vec![
                    cleared("2026-09-30T10:00", "Y2026000123"),
                    written_off("2026-10-08T10:00", "1000"),
                ],
            ]
            .concat(),
            checked("2026-10-09T10:00"),
            "unexpected",
        ),
        (
            "blank root cause",
            [
                after_application(),
                vec![cleared("2026-09-30T10:00", "Y2026000123")],
            ]
            .concat(),
            event(
                "2026-10-09T10:00",
                EventKind::RootCause { cause: "".into() },
            ),
            "reason",
        ),
    ];
    for (name, history, refused, expected) in cases {
        let mut order = replay(history);
        let before = order.clone();
        let error = order.apply(refused).unwrap_err();
        let kind = match error {
            WorkflowError::UnexpectedEvent { .. } => "unexpected",
            WorkflowError::ReasonRequired { .. } => "reason",
            WorkflowError::NotBackwards { .. } => "backwards",
            WorkflowError::BeforePrevious { .. } => "before",
            WorkflowError::CertificateNotAttached { .. } => "certificate",
            WorkflowError::WriteOffMismatch { .. } => "mismatch",
            _ => "other",
        };
        assert_eq!(kind, expected, "{name}: {error}");
        assert_eq!(order, before, "{name}: the order changed");
        assert!(!error.message().zh.is_empty() && !error.message().en.is_empty());
    }
}

#[test]
fn going_back_with_a_reason_restarts_the_node_and_keeps_the_history() {
    let order = replay(vec![
        passed("2026-09-29T10:00"),
        accepted("2026-09-29T13:00"),
        cleared("2026-09-30T10:00", "Y2026000123"),
        returned("2026-09-30T15:00", Node::PreReview, "申报要素漏填"),
        passed("2026-10-08T10:00"),
    ]);
    assert_eq!(order.stage, Stage::At(Node::Application));
    assert_eq!(order.stage_started_at, at("2026-10-08T10:00"));
    assert_eq!(order.certificate_no, None);
    assert_eq!(order.cleared_at, None);
    assert_eq!(order.records.len(), 4);
    assert_eq!(order.history.len(), 5);
}

#[test]
fn a_document_mismatch_waits_for_resubmission() {
    let mut order = replay(vec![mismatch("2026-09-29T10:00")]);
    assert_eq!(order.stage, Stage::AwaitingCorrection);
    assert_eq!(order.records[0].outcome, Outcome::DocumentMismatch);
    order
        .apply(event("2026-09-30T09:00", EventKind::Resubmitted))
        .unwrap();
    assert_eq!(order.stage, Stage::At(Node::PreReview));
    assert_eq!(order.stage_started_at, at("2026-09-30T09:00"));
}

#[test]
fn the_ledger_refuses_unknown_and_duplicate_applications() {
    let mut ledger = Ledger::new();
    ledger.open(draft()).unwrap();
    assert!(matches!(
        ledger.open(draft()),
        Err(WorkflowError::DuplicateApplication { .. })
    ));
    let unknown = ledger
        .record("SQ404", passed("2026-09-29T10:00"))
        .unwrap_err();
    assert_eq!(
        unknown,
        WorkflowError::UnknownApplication {
            application_no: "SQ404".into()
        }
    );
    assert_eq!(unknown.message().zh, "没有申请编号为 `SQ404` 的订单");
    let before = ledger.clone();
    assert!(
        ledger
            .record("SQ1", cleared("2026-09-29T10:00", "Y2026000123"))
            .is_err()
    );
    assert_eq!(ledger, before);
    ledger.record("SQ1", passed("2026-09-29T10:00")).unwrap();
    assert_eq!(
        ledger.get("SQ1").unwrap().stage,
        Stage::At(Node::Application)
    );
    assert!(matches!(
        Order::open(OrderDraft::default()),
        Err(WorkflowError::MissingApplicationNo)
    ));
}
