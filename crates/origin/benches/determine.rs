//! Wall-clock benchmark of one determination of a 200-material bill of materials (the issue
//! asks for well under a millisecond), plus reading that bill and the embedded rule table.
//!
//! Run: `cargo bench -p origin --bench determine`

use criterion::{Criterion, criterion_group, criterion_main};
use origin::{Context, determine, parse_bom_json, rcep_table};
use std::hint::black_box;

/// A bill of 200 materials under `CTSH or RVC40` (851712): a mix of originating,
/// accumulated and non-originating materials across chapters 39, 73, 84 and 85.
fn bill_of_200_materials() -> String {
    let codes = [
        "851770", "854239", "392690", "731815", "847330", "851712", "853400",
    ];
    let countries = ["CHN", "KOR", "USA", "JPN", "DEU"];
    let materials: Vec<String> = (0..200)
        .map(|i| {
            let originating = i % 3 != 0;
            format!(
                r#"{{"description": "part {i}", "hs": "{}", "value": "{}.{:02}", "originating": {originating}, "origin_country": "{}", "weight_kg": "0.{}"}}"#,
                codes[i % codes.len()],
                1 + i % 4,
                i % 100,
                countries[i % countries.len()],
                1 + i % 9
            )
        })
        .collect();
    format!(
        r#"{{"agreement": "RCEP",
            "product": {{"description": "telephone", "hs": "851712", "hs_version": "2012",
                         "fob": "1000.00", "currency": "USD", "exporting_party": "CHN", "importing_party": "JPN"}},
            "materials": [{}],
            "costs": {{"direct_labour": "50", "direct_overhead": "20", "profit": "30", "other": "5"}},
            "operations": ["assembly", "testing", "packaging"]}}"#,
        materials.join(",")
    )
}

fn benches(c: &mut Criterion) {
    let text = bill_of_200_materials();
    let Ok(table) = rcep_table() else {
        return;
    };
    let Ok(bom) = parse_bom_json(&text) else {
        return;
    };
    let context = Context::new(&table);
    c.bench_function("determine 200 materials", |b| {
        b.iter(|| determine(black_box(&bom), black_box(&context)))
    });
    c.bench_function("parse 200-material bill (JSON)", |b| {
        b.iter(|| parse_bom_json(black_box(&text)))
    });
    c.bench_function("load the embedded RCEP table", |b| b.iter(rcep_table));
}

criterion_group!(origin_benches, benches);
criterion_main!(origin_benches);
