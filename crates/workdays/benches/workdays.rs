//! Wall-clock benchmarks of the working-day arithmetic: `add`, `between`, working minutes.

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::date;
use std::hint::black_box;
use workdays::Calendar;

fn arithmetic(criterion: &mut Criterion) {
    let calendar = Calendar::china();
    let start = date(2023, 1, 3);
    criterion.bench_function("add 1 working day", |bench| {
        bench.iter(|| calendar.add(black_box(start), black_box(1)))
    });
    criterion.bench_function("add 900 working days (2023 to 2026)", |bench| {
        bench.iter(|| calendar.add(black_box(start), black_box(900)))
    });
    let end = date(2026, 12, 30);
    criterion.bench_function("between 2023-01-03 and 2026-12-30", |bench| {
        bench.iter(|| calendar.between(black_box(start), black_box(end)))
    });
    let moment = start.at(16, 0, 0, 0);
    criterion.bench_function("add half a working day", |bench| {
        bench.iter(|| calendar.add_working_minutes(black_box(moment), black_box(270)))
    });
    criterion.bench_function("load the embedded calendar", |bench| {
        bench.iter(Calendar::china)
    });
}

criterion_group!(benches, arithmetic);
criterion_main!(benches);
