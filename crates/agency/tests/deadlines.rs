//! Deadlines of every node across National Day, Spring Festival and make-up weekends, the risky
//! order rule and the 24-hour receipt check, as tables.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers build fixed, valid fixtures"
)]

use agency::{
    Event, EventKind, Node, Order, OrderDraft, current_deadline, is_risky, node_deadline,
    receipt_check_due, write_off_days,
};
use jiff::civil::DateTime;
use workdays::{Calendar, CalendarError};

fn at(text: &str) -> DateTime {
    text.parse().unwrap()
}

#[test]
fn node_deadlines_across_holidays() {
    let calendar = Calendar::china();
    let cases = [
        // node, started, deadline; reasoning in the comment.
        // 2026 National Day (1–7 Oct off): two working days after 29 Sep are 30 Sep and 8 Oct.
        (Node::PreReview, "2026-09-29T10:00", Ok("2026-10-08T18:00")),
        // Half a working day from Wednesday 30 Sep 16:00: 2 h that day, 2 h 30 on 8 Oct.
        (
            Node::Application,
            "2026-09-30T16:00",
            Ok("2026-10-08T11:30"),
        ),
        // Started before opening: 09:00 + 4 h 30.
        (
            Node::Application,
            "2026-10-09T08:30",
            Ok("2026-10-09T13:30"),
        ),
        // Started on a holiday: counting begins when work resumes.
        (
            Node::Application,
            "2026-10-03T10:00",
            Ok("2026-10-08T13:30"),
        ),
        // Friday 9 Oct 16:00: Saturday 10 Oct is a make-up working day.
        (
            Node::Application,
            "2026-10-09T16:00",
            Ok("2026-10-10T11:30"),
        ),
        // Three working days after Monday 28 Sep: 29, 30 Sep, 8 Oct.
        (
            Node::OnSiteVerification,
            "2026-09-28T10:00",
            Ok("2026-10-08T18:00"),
        ),
        // 2026 Spring Festival: Saturday 14 Feb works, 15–23 Feb off.
        (Node::Clearance, "2026-02-13T10:00", Ok("2026-02-24T18:00")),
        // Write-off: 7 working days after Thursday 24 Sep (25 Sep is Mid-Autumn):
        // 28, 29, 30 Sep, 8, 9, 10 (Saturday, make-up), 12 Oct.
        (Node::WriteOff, "2026-09-24T10:00", Ok("2026-10-12T18:00")),
        // 2025 Spring Festival: 28 Jan – 4 Feb off.
        (Node::PreReview, "2025-01-27T09:00", Ok("2025-02-06T18:00")),
        // 2024 National Day: 1–7 Oct off.
        (Node::Clearance, "2024-09-30T12:00", Ok("2024-10-09T18:00")),
        // 2023 Mid-Autumn + National Day: 29 Sep – 6 Oct off, 7 and 8 Oct (weekend) work.
        (Node::WriteOff, "2023-09-27T10:00", Ok("2023-10-12T18:00")),
        // The calendar of 2027 is not published: the deadline is refused, not guessed.
        (Node::Application, "2026-12-31T17:00", Err(2027)),
        (Node::WriteOff, "2026-12-24T10:00", Err(2027)),
    ];
    for (node, started, expected) in cases {
        let got = node_deadline(&calendar, node, at(started));
        match expected {
            Ok(due) => assert_eq!(got, Ok(at(due)), "{node:?} from {started}"),
            Err(year) => assert!(
                matches!(got, Err(CalendarError::YearNotPublished { year: missing, .. }) if missing == year),
                "{node:?} from {started}: {got:?}"
            ),
        }
    }
}

fn order_cleared_at(cleared: &str) -> Order {
    let mut order = Order::open(OrderDraft {
        application_no: "SQ1".into(),
        opened_at: Some(at("2026-09-01T09:00")),
        ..OrderDraft::default()
    })
    .unwrap();
    let events = [
        (
            "2026-09-01T10:00",
            EventKind::PreReviewPassed {
                receipt: "PR".into(),
            },
        ),
        (
            "2026-09-01T11:00",
            EventKind::ApplicationAccepted {
                receipt: "AP".into(),
            },
        ),
        (
            cleared,
            EventKind::Cleared {
                receipt: "CL".into(),
                certificate_no: "Y1".into(),
            },
        ),
    ];
    for (time, kind) in events {
        order.apply(Event { at: at(time), kind }).unwrap();
    }
    order
}

#[test]
fn a_write_off_later_than_seven_working_days_is_risky() {
    let calendar = Calendar::china();
    let cases = [
        // cleared, written off, working days, risky
        ("2026-09-24T10:00", "2026-10-12T17:00", 7, false),
        ("2026-09-24T10:00", "2026-10-13T09:00", 8, true),
        ("2026-09-17T10:00", "2026-10-08T16:00", 10, true),
        ("2026-09-29T10:00", "2026-09-30T10:00", 1, false),
    ];
    for (cleared, written, days, risky) in cases {
        let mut order = order_cleared_at(cleared);
        let deadline = current_deadline(&calendar, &order).unwrap().unwrap();
        assert_eq!(deadline.node, Node::WriteOff);
        assert_eq!(deadline.started_at, at(cleared));
        order
            .apply(Event {
                at: at(written),
                kind: EventKind::WrittenOff {
                    receipt: "WO".into(),
                    lines: vec![],
                },
            })
            .unwrap();
        assert_eq!(
            write_off_days(&calendar, &order),
            Ok(Some(days)),
            "{cleared} → {written}"
        );
        assert_eq!(
            is_risky(&calendar, &order),
            Ok(risky),
            "{cleared} → {written}"
        );
        assert_eq!(current_deadline(&calendar, &order), Ok(None));
        assert_eq!(receipt_check_due(&order), None);
    }
}

#[test]
fn the_receipt_check_falls_due_24_hours_after_the_last() {
    let mut order = order_cleared_at("2026-09-24T10:00");
    assert_eq!(receipt_check_due(&order), Some(at("2026-09-25T10:00")));
    order
        .apply(Event {
            at: at("2026-09-26T20:15"),
            kind: EventKind::ReceiptChecked { status: None },
        })
        .unwrap();
    assert_eq!(receipt_check_due(&order), Some(at("2026-09-27T20:15")));
}
