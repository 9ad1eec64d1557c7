//! Writes `data/index.bin`, the index snapshot of the embedded tables: their texts analysed
//! (segmented, stemmed, counted per node), without weights, so that building the classifier
//! need not analyse them again. Run from the workspace root after changing the tables, the
//! analysis code or the product-name lexicon:
//! `cargo run -p classify --release --example snapshot`. A test checks that the committed
//! file is what this command makes.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let bytes = classify::index_snapshot(&classify::embedded_tables())?;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/index.bin");
    std::fs::write(path, &bytes)?;
    println!("{path}: {} bytes", bytes.len());
    Ok(())
}
