//! Runs parse + check of a 50-line shipment many times, for profilers (callgrind, perf):
//! `profile_check SHIPMENT.json ROUNDS [parse]`.

fn main() {
    let Ok(data) = refdata::RefData::embedded() else {
        return;
    };
    let text =
        std::fs::read_to_string(std::env::args().nth(1).unwrap_or_default()).unwrap_or_default();
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100);
    // A third argument `parse` measures reading alone.
    let parse_only = std::env::args().nth(3).as_deref() == Some("parse");
    let mut total = 0;
    for _ in 0..rounds {
        let outcome = model::parse_bundle(&text);
        if parse_only {
            total += usize::from(outcome.bundle.is_some());
        } else if let Some(bundle) = outcome.bundle {
            total += rules::check(&rules::CheckInput::new(&bundle, &data)).len();
        }
    }
    println!("{total}");
}
