//! `declarant check`: every shipment under the given paths, in parallel, streamed out in
//! input order so memory stays flat however large the batch.

use crate::inputs::{self, Loaded, Unit};
use crate::output::{Format, Sink};
use model::Lang;
use rayon::prelude::*;
use rules::{BundleReport, CheckInput, Conditions};
use std::path::{Path, PathBuf};

/// Shipments checked per parallel chunk: large enough to keep every core busy, small enough
/// that memory does not grow with the batch.
const CHUNK: usize = 512;

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Bundle files, or folders of them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// A regulatory-conditions table (CSV: code,certificates) for rule R004.
    #[arg(long, value_name = "FILE")]
    pub conditions: Option<PathBuf>,
    /// In text output, list only shipments with findings or input errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// One shipment's result.
pub struct Outcome {
    pub loaded: Loaded,
    pub report: Option<BundleReport>,
}

pub fn run(args: &CheckArgs, lang: Lang, data_dir: Option<&Path>) -> u8 {
    let files = match crate::data::read(data_dir) {
        Ok(files) => files,
        Err(message) => {
            crate::data::print_error(&message, lang);
            return 2;
        }
    };
    // The classification index (H003) builds on the other core while the tables load.
    let (data, classifier) = std::thread::scope(|scope| {
        let classifier = scope.spawn(|| crate::classify_cmd::build(&files));
        let data = crate::data::load(&files, data_dir);
        (data, classifier.join())
    });
    let data = match data {
        Ok(data) => data,
        Err(message) => {
            crate::data::print_error(&message, lang);
            return 2;
        }
    };
    let classifier = match classifier {
        Ok(Ok(classifier)) => classifier,
        Ok(Err(message)) => {
            crate::data::print_error(&message, lang);
            return 2;
        }
        Err(_) => return 2,
    };
    let conditions = match args.conditions.as_deref().map(load_conditions).transpose() {
        Ok(conditions) => conditions,
        Err(message) => {
            crate::data::print_error(&message, lang);
            return 2;
        }
    };
    let name_fit = rules::CachedNameFit::new(&classifier);
    let units = inputs::discover(&args.paths);
    let progress = progress_bar(units.len());
    let mut sink = Sink::new(args.format, lang, args.quiet);
    for chunk in units.chunks(CHUNK) {
        let outcomes: Vec<Outcome> = chunk
            .par_iter()
            .map(|unit| {
                let outcome = check_unit(unit, &data, conditions.as_ref(), &name_fit);
                progress.inc(1);
                outcome
            })
            .collect();
        for outcome in outcomes {
            progress.suspend(|| sink.add(outcome));
        }
    }
    progress.finish_and_clear();
    let status = sink.finish();
    // The process ends here: freeing the indexes piece by piece would only cost time.
    std::mem::forget(name_fit);
    std::mem::forget(classifier);
    std::mem::forget(data);
    status
}

fn check_unit(
    unit: &Unit,
    data: &refdata::RefData,
    conditions: Option<&Conditions>,
    name_fit: &dyn rules::NameFit,
) -> Outcome {
    let mut loaded = load(unit);
    let report = loaded.bundle.as_ref().map(|bundle| {
        let input = CheckInput::new(bundle, data)
            .with_conditions(conditions)
            .with_name_fit(Some(name_fit));
        let fallback = file_stem(&loaded.file);
        BundleReport {
            bundle: bundle.name_or(&fallback).to_string(),
            file: loaded.file.clone(),
            findings: rules::check(&input),
        }
    });
    // The report no longer needs the bundle: free it on the thread that made it (memory freed
    // on another thread goes back through the allocator's slower cross-thread path).
    loaded.bundle = None;
    Outcome { loaded, report }
}

/// Reads a shipment. A bundle file of clean UTF-8 JSON goes straight into the model (no JSON
/// tree, no lenient walk); anything else, or any bundle with a problem, through the importer,
/// which names every problem. Both give the same bundle where both succeed. A file is read
/// once, into a buffer the thread keeps for the next file.
fn load(unit: &Unit) -> Loaded {
    thread_local! {
        /// One read buffer per thread, reused file after file: the bundle keeps no reference
        /// into it.
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let Unit::File(path) = unit else {
        return inputs::load(unit);
    };
    BUFFER.with(|buffer| {
        let Ok(mut bytes) = buffer.try_borrow_mut() else {
            return inputs::load(unit);
        };
        let file = unit.display();
        let loaded = match inputs::read_bounded_into(path, &mut bytes) {
            Err(message) => Loaded::failed(file, "", message),
            Ok(()) => match clean_bundle(&bytes) {
                Some(bundle) => Loaded {
                    file,
                    bundle: Some(bundle),
                    errors: Vec::new(),
                },
                None => inputs::import_bytes(file, path, &bytes),
            },
        };
        // A huge file's buffer is not kept.
        if bytes.capacity() > KEPT_BUFFER_BYTES {
            *bytes = Vec::new();
        }
        loaded
    })
}

/// The bundle of a file of clean UTF-8 JSON without a byte-order mark (the importer decodes
/// byte-order-marked text, UTF-8 or UTF-16, itself).
fn clean_bundle(bytes: &[u8]) -> Option<model::Bundle> {
    let bom = bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF");
    if bom {
        return None;
    }
    model::parse_bundle_fast(simdutf8::basic::from_utf8(bytes).ok()?)
}

/// The largest read buffer a checking thread keeps between files.
const KEPT_BUFFER_BYTES: usize = 4 * 1024 * 1024;

fn file_stem(file: &str) -> String {
    Path::new(file)
        .file_stem()
        .map_or_else(|| file.to_string(), |s| s.to_string_lossy().to_string())
}

fn load_conditions(path: &Path) -> Result<Conditions, model::Text> {
    let text = inputs::read_text(path)?;
    Conditions::parse_csv(&text)
        .map_err(|error| inputs::about_file(path, &inputs::joined(&error.errors)))
}

fn progress_bar(total: usize) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    if total < 64 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta}") {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, reason = "test code")]
    use super::*;

    fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                json_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }

    /// The fast path gives what the importer gives, for every bundle file of the project.
    #[test]
    fn fast_load_equals_the_importer() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        for dir in [
            "examples",
            "crates/declarant/tests",
            "crates/rules/tests/fixtures",
        ] {
            json_files(&root.join(dir), &mut files);
        }
        assert!(files.len() > 100);
        for path in files {
            let unit = Unit::File(path.clone());
            let (fast, slow) = (load(&unit), inputs::load(&unit));
            assert_eq!(fast.file, slow.file);
            assert_eq!(fast.errors, slow.errors, "{}", path.display());
            assert_eq!(fast.bundle, slow.bundle, "{}", path.display());
            assert_eq!(
                fast.bundle.as_ref().map(model::bundle_to_json),
                slow.bundle.as_ref().map(model::bundle_to_json),
                "{}",
                path.display()
            );
        }
    }
}
