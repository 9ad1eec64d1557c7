//! Properties: the file readers never panic on any text, the scorecard's figures stay in range
//! whatever the history, and the workflow keeps a time-ordered history under any events.

use agency::{
    Event, EventKind, Node, Order, OrderDraft, ShipmentRecord, beyond_tolerance, parse_history_csv,
    parse_orders, parse_qualifications, scorecard,
};
use jiff::civil::{DateTime, date};
use model::Decimal;
use proptest::prelude::*;

fn a_moment() -> impl Strategy<Value = DateTime> {
    (0_i64..90, 0_i8..24, 0_i8..60).prop_map(|(day, hour, minute)| {
        (date(2026, 9, 1) + jiff::Span::new().days(day)).at(hour, minute, 0, 0)
    })
}

fn a_fee() -> impl Strategy<Value = Decimal> {
    (0_i64..500_000).prop_map(|cents| Decimal::new(cents, 2))
}

fn a_shipment() -> impl Strategy<Value = ShipmentRecord> {
    (
        0_usize..5,
        a_moment(),
        proptest::option::of(0_i64..200_000),
        any::<bool>(),
        a_fee(),
        a_fee(),
    )
        .prop_map(
            |(agent, declared_at, clearance_minutes, inspected, budget_fee, actual_fee)| {
                ShipmentRecord {
                    shipment_id: "S".to_owned(),
                    agent: format!("agent {agent}"),
                    declared_at,
                    cleared_at: clearance_minutes
                        .map(|minutes| declared_at + jiff::SignedDuration::from_mins(minutes)),
                    inspected,
                    budget_fee,
                    actual_fee,
                }
            },
        )
}

fn an_event_kind() -> impl Strategy<Value = EventKind> {
    prop_oneof![
        Just(EventKind::PreReviewPassed {
            receipt: "PR".into()
        }),
        Just(EventKind::DocumentMismatch {
            receipt: "PR".into(),
            detail: None
        }),
        Just(EventKind::Resubmitted),
        Just(EventKind::ApplicationAccepted {
            receipt: "AP".into()
        }),
        Just(EventKind::VerificationDrawn { notice: None }),
        Just(EventKind::VerificationCompleted {
            receipt: "VC".into()
        }),
        Just(EventKind::Cleared {
            receipt: "CL".into(),
            certificate_no: "Y".into()
        }),
        Just(EventKind::WrittenOff {
            receipt: "WO".into(),
            lines: vec![]
        }),
        (0_usize..5, "[a-z ]{0,3}").prop_map(|(node, reason)| EventKind::Returned {
            to: Node::ALL[node],
            reason
        }),
        Just(EventKind::ReceiptChecked { status: None }),
        "[a-z ]{0,3}".prop_map(|cause| EventKind::RootCause { cause }),
    ]
}

proptest! {
    #[test]
    fn readers_never_panic(text in "\\PC{0,200}") {
        let _ = parse_history_csv(&text);
        let _ = parse_orders(&text);
        let _ = parse_qualifications(&text);
    }

    #[test]
    fn readers_never_panic_on_json_shaped_text(
        text in r#"\{"(orders|parties|events)": \[\{("[a-z_]{1,16}": ("[0-9T:-]{0,20}"|[0-9]{1,4}|null|\[\]|\{\}), ?){0,6}\}\]\}"#
    ) {
        let _ = parse_orders(&text);
        let _ = parse_qualifications(&text);
    }

    #[test]
    fn scorecard_figures_stay_in_range(history in proptest::collection::vec(a_shipment(), 0..200)) {
        let card = scorecard(&history);
        let total: u32 = card.months.iter().flat_map(|month| &month.agents).map(|agent| agent.shipments).sum();
        prop_assert_eq!(total as usize, history.len());
        for month in &card.months {
            let mut previous_rank = 0;
            for (position, agent) in month.agents.iter().enumerate() {
                prop_assert!(agent.score >= Decimal::ZERO && agent.score <= Decimal::ONE_HUNDRED);
                prop_assert!(agent.inspection_rate_percent >= Decimal::ZERO && agent.inspection_rate_percent <= Decimal::ONE_HUNDRED);
                prop_assert!(agent.cleared_within_target <= agent.cleared && agent.cleared <= agent.shipments);
                prop_assert!(agent.rank >= previous_rank && agent.rank as usize <= position + 1);
                previous_rank = agent.rank;
            }
        }
    }

    #[test]
    fn the_history_stays_ordered_under_any_events(
        steps in proptest::collection::vec((0_i64..600, an_event_kind()), 0..40)
    ) {
        let start = date(2026, 9, 28).at(9, 0, 0, 0);
        let mut order = Order::open(OrderDraft {
            application_no: "SQ".into(),
            opened_at: Some(start),
            ..OrderDraft::default()
        }).unwrap();
        let mut moment = start;
        for (minutes, kind) in steps {
            // Times mostly move forward, sometimes back (refused).
            moment += jiff::SignedDuration::from_mins(minutes - 60);
            let before = order.clone();
            if order.apply(Event { at: moment, kind }).is_err() {
                prop_assert_eq!(&order, &before);
            }
        }
        prop_assert!(order.history.windows(2).all(|pair| pair[0].at <= pair[1].at));
        prop_assert!(order.records.len() <= order.history.len());
    }

    #[test]
    fn the_tolerance_is_three_percent_of_the_reference(expected in -1_000_000_i64..1_000_000, actual in -1_000_000_i64..1_000_000) {
        let (expected, actual) = (Decimal::new(expected, 2), Decimal::new(actual, 2));
        let beyond = (actual - expected).abs() * Decimal::ONE_HUNDRED > Decimal::from(3) * expected.abs();
        prop_assert_eq!(beyond_tolerance(expected, actual), beyond || (expected.is_zero() && actual != expected));
    }
}
