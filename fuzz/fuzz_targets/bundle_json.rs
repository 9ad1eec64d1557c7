//! Fuzz target: the canonical bundle JSON parser (`model::parse_bundle`) and the JSON importer
//! that wraps single-document files.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let outcome = model::parse_bundle(text);
        if let Some(bundle) = &outcome.bundle {
            let _ = model::bundle_to_json(bundle);
        }
    }
    let _ = import::json::import_json("bill_of_lading.json", data);
});
