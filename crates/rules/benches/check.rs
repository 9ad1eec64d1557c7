//! Speed of the shipment check for a 50-line shipment with 5 documents: parsing the bundle,
//! checking it, and the whole path to the JSON report.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use model::Lang;
use rules::{BundleReport, CheckInput};
use std::hint::black_box;

/// The clean example shipment grown to `lines` goods lines on every document.
fn shipment(lines: usize) -> String {
    let text = include_str!("../../../examples/shipments/clean-export-mixed.json");
    let mut bundle: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    for document in [
        "declaration",
        "invoice",
        "packing_list",
        "contract",
        "agent_certificate",
    ] {
        let Some(template) = bundle[document]["lines"].as_array().cloned() else {
            continue;
        };
        let grown: Vec<serde_json::Value> = (0..lines)
            .map(|index| {
                let mut line = template[index % template.len()].clone();
                line["no"] = serde_json::Value::from(index + 1);
                line
            })
            .collect();
        bundle[document]["lines"] = serde_json::Value::Array(grown);
    }
    bundle.to_string()
}

fn bench(c: &mut Criterion) {
    let data = refdata::RefData::embedded().unwrap_or_else(|_| std::process::exit(1));
    let text = shipment(50);
    let outcome = model::parse_bundle(&text);
    let Some(bundle) = outcome.bundle else { return };
    let mut group = c.benchmark_group("shipment_50_lines_5_documents");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse", |b| {
        b.iter(|| model::parse_bundle(black_box(&text)))
    });
    group.bench_function("check", |b| {
        b.iter(|| rules::check(&CheckInput::new(black_box(&bundle), &data)))
    });
    group.bench_function("end_to_end", |b| {
        b.iter(|| {
            let parsed = model::parse_bundle(black_box(&text));
            let bundle = parsed.bundle.unwrap_or_default();
            let findings = rules::check(&CheckInput::new(&bundle, &data));
            let report = BundleReport {
                bundle: "b".into(),
                file: "f".into(),
                findings,
            };
            serde_json::to_string(&report.to_json(Lang::Zh)).unwrap_or_default()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
