//! Runs `fit` (rule H003) over `description<TAB>code` lines read from standard input and
//! prints whether H003 would fire: a quick check of H003 on fixtures and real declarations.
//! `cut -f1,2 pairs.tsv | cargo run -p classify --release --example fit_pairs`.

use classify::{Classifier, embedded_tables};
use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let classifier = Classifier::build(&embedded_tables())?;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let mut fields = line.split('\t');
        let (Some(description), Some(code)) = (fields.next(), fields.next()) else {
            continue;
        };
        match classifier.fit(description, code, 5) {
            Ok(fit) => {
                let best: Vec<String> = fit
                    .classification
                    .suggestions
                    .iter()
                    .take(3)
                    .map(|s| format!("{} {:.2}", s.code, s.score))
                    .collect();
                println!(
                    "{}\t{description}\t{code}\trank {:?}\tratio {:.1}\t{}",
                    if fit.mismatch { "FIRES " } else { "silent" },
                    fit.declared_rank,
                    fit.likelihood_ratio,
                    best.join(", ")
                );
            }
            Err(error) => println!("error \t{description}\t{code}\t{error}"),
        }
    }
    Ok(())
}
