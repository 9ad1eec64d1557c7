//! Wall-clock benchmarks: building the classifier from the embedded tables, and one query.

use classify::{Classifier, embedded_tables};
use criterion::{Criterion, criterion_group, criterion_main};

fn build(c: &mut Criterion) {
    let tables = embedded_tables();
    c.bench_function("build", |b| {
        b.iter_with_large_drop(|| Classifier::build(&tables))
    });
}

fn query(c: &mut Criterion) {
    let tables = embedded_tables();
    let Ok(classifier) = Classifier::build(&tables) else {
        return;
    };
    c.bench_function("query zh", |b| {
        b.iter(|| classifier.classify("纯电动汽车用锂离子蓄电池模组", 5))
    });
    c.bench_function("query en", |b| {
        b.iter(|| classifier.classify("men's cotton knitted T-shirt, crew neck, short sleeves", 5))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = build, query
}
criterion_main!(benches);
