//! Startup cost: building every index from the embedded tables.

use criterion::{Criterion, criterion_group, criterion_main};

fn load(c: &mut Criterion) {
    c.bench_function("refdata_load_embedded", |b| {
        b.iter(|| refdata::RefData::embedded().map(|data| data.codes.unit_name("035").is_some()))
    });
}

criterion_group!(benches, load);
criterion_main!(benches);
