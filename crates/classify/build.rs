//! Embeds the product-name lexicon (`data/lexicon/*.tsv`, one file per range of chapters, all
//! of them, whatever their names) and computes the fingerprint of everything the analysed
//! index depends on besides the tables: the analysis code, the segmentation lexicon and the
//! product names. The index snapshot (`data/index.bin`) is used only when its fingerprint
//! matches; see `src/snapshot.rs`.

use std::fmt::Write as _;
use std::path::Path;

/// The sources whose code decides the analysed index (documents, nodes, terms). Changing
/// any of them makes the snapshot stale: the classifier then analyses the tables itself
/// until `cargo run -p classify --release --example snapshot` is run.
const ANALYSIS_SOURCES: &[&str] = &[
    "src/analyze.rs",
    "src/corpus.rs",
    "src/normalize.rs",
    "src/products.rs",
    "src/snapshot.rs",
    "src/stopwords.rs",
    "src/synonyms.rs",
    "src/tables.rs",
    "data/lexicon.txt",
];

/// FNV-1a, 64 bits.
fn fnv(hash: &mut u64, bytes: &[u8]) {
    for &byte in bytes {
        *hash ^= u64::from(byte);
        *hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest = std::env::var("CARGO_MANIFEST_DIR")?;
    let manifest = Path::new(&manifest);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for source in ANALYSIS_SOURCES {
        println!("cargo::rerun-if-changed={source}");
        fnv(&mut hash, source.as_bytes());
        fnv(&mut hash, &std::fs::read(manifest.join(source))?);
    }
    let directory = manifest.join("data/lexicon");
    println!("cargo::rerun-if-changed=data/lexicon");
    let mut files: Vec<(String, std::path::PathBuf)> = Vec::new();
    if directory.is_dir() {
        for entry in std::fs::read_dir(&directory)? {
            let path = entry?.path();
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or_default()
                .to_string();
            if name.ends_with(".tsv") {
                files.push((name, path));
            }
        }
    }
    files.sort();
    let mut out = String::from(
        "/// The product-name lexicon files, `(file name, text)`, in name order.\n\
         pub(crate) const PRODUCT_FILES: &[(&str, &str)] = &[\n",
    );
    for (name, path) in &files {
        println!("cargo::rerun-if-changed=data/lexicon/{name}");
        fnv(&mut hash, name.as_bytes());
        fnv(&mut hash, &std::fs::read(path)?);
        let path = path.to_str().ok_or("a lexicon path is not UTF-8")?;
        writeln!(out, "    ({name:?}, include_str!({path:?})),")?;
    }
    out.push_str("];\n");
    writeln!(
        out,
        "/// The fingerprint of the analysis code, the segmentation lexicon and the product names.\n\
         pub(crate) const ANALYSIS_FINGERPRINT: u64 = {hash:#018x};"
    )?;
    let out_dir = std::env::var("OUT_DIR")?;
    std::fs::write(Path::new(&out_dir).join("generated.rs"), out)?;
    Ok(())
}
