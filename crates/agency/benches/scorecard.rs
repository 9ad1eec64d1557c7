//! The scorecard over 100,000 shipments (target: under a second, CSV reading included), and
//! reminders over 10,000 open orders.

use agency::{
    Event, EventKind, Ledger, OrderDraft, Registry, parse_history_csv, reminders, scorecard,
};
use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::date;
use std::fmt::Write;
use std::hint::black_box;
use workdays::Calendar;

/// A deterministic pseudo-random sequence (a linear congruential generator).
struct Sequence(u64);

impl Sequence {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// 100,000 shipments of 40 agents over twelve months of 2026, as CSV.
fn history_csv(shipments: usize) -> String {
    let mut sequence = Sequence(20_261_009);
    let mut csv =
        String::from("shipment_id,agent,declared_at,cleared_at,inspected,budget_fee,actual_fee\n");
    for index in 0..shipments {
        let month = 1 + sequence.next(12);
        let day = 1 + sequence.next(28);
        let hour = 8 + sequence.next(10);
        let minutes = sequence.next(60 * 48);
        let cleared = date(2026, month as i8, day as i8).at(hour as i8, 0, 0, 0)
            + jiff::SignedDuration::from_mins(minutes as i64);
        let budget = 500 + sequence.next(1500);
        let actual = budget * (95 + sequence.next(11)) / 100;
        let _ = writeln!(
            csv,
            "S{index},agent {},2026-{month:02}-{day:02}T{hour:02}:00,{cleared},{},{budget}.00,{actual}.50",
            sequence.next(40),
            if sequence.next(100) < 4 { "是" } else { "否" },
        );
    }
    csv
}

fn open_orders(count: usize) -> Ledger {
    let mut ledger = Ledger::new();
    let opened = date(2026, 9, 28).at(9, 0, 0, 0);
    for index in 0..count {
        let application_no = format!("SQ{index:06}");
        let _ = ledger.open(OrderDraft {
            application_no: application_no.clone(),
            opened_at: Some(opened),
            ..OrderDraft::default()
        });
        let steps = [
            EventKind::PreReviewPassed {
                receipt: "PR".into(),
            },
            EventKind::ApplicationAccepted {
                receipt: "AP".into(),
            },
            EventKind::Cleared {
                receipt: "CL".into(),
                certificate_no: "Y".into(),
            },
        ];
        for (hour, kind) in steps.into_iter().take(index % 4).enumerate() {
            let at = opened + jiff::SignedDuration::from_hours(24 * hour as i64 + 1);
            let _ = ledger.record(&application_no, Event { at, kind });
        }
    }
    ledger
}

fn benches(criterion: &mut Criterion) {
    let csv = history_csv(100_000);
    let history = parse_history_csv(&csv).records;
    assert_eq!(history.len(), 100_000);
    let mut group = criterion.benchmark_group("scorecard");
    group.sample_size(20);
    group.bench_function("read 100,000 shipments (CSV)", |bench| {
        bench.iter(|| parse_history_csv(black_box(&csv)))
    });
    group.bench_function("score 100,000 shipments", |bench| {
        bench.iter(|| scorecard(black_box(&history)))
    });
    group.bench_function("read and score 100,000 shipments", |bench| {
        bench.iter(|| scorecard(&parse_history_csv(black_box(&csv)).records))
    });
    group.finish();

    let calendar = Calendar::china();
    let ledger = open_orders(10_000);
    let registry = Registry::default();
    let as_of = date(2026, 10, 9).at(9, 0, 0, 0);
    criterion.bench_function("reminders over 10,000 orders", |bench| {
        bench.iter(|| reminders(black_box(as_of), &ledger, &registry, &calendar))
    });
}

criterion_group!(scorecard_benches, benches);
criterion_main!(scorecard_benches);
