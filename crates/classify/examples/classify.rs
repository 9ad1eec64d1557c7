//! Classifies the descriptions given as arguments and prints the suggestions with their basis:
//! `cargo run -p classify --release --example classify -- 锂离子蓄电池 "men's cotton T-shirt"`.

use classify::{Classifier, embedded_tables};
use model::Lang;

fn main() {
    let started = std::time::Instant::now();
    let classifier = match Classifier::build(&embedded_tables()) {
        Ok(classifier) => classifier,
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(2);
        }
    };
    println!(
        "built in {:?} ({})",
        started.elapsed(),
        if classifier.from_snapshot() {
            "analysis from the index snapshot"
        } else {
            "tables analysed: the snapshot does not match them"
        }
    );
    for description in std::env::args().skip(1) {
        let started = std::time::Instant::now();
        match classifier.classify(&description, 5) {
            Ok(classification) => {
                println!("\n{description}  ({:?})", started.elapsed());
                for note in &classification.notes {
                    println!("  note: {}", note.en);
                }
                for suggestion in &classification.suggestions {
                    println!(
                        "  {} {:.2} {} | {}",
                        suggestion.code, suggestion.score, suggestion.name_zh, suggestion.name_en
                    );
                    println!("      {}", suggestion.basis.summary(Lang::En));
                }
            }
            Err(error) => println!("\n{description}: {error}"),
        }
    }
}
