//! Fuzz target: the canonical bundle JSON parser (`model::parse_bundle`) and the JSON importer
//! that wraps single-document files. Where the fast reader takes a text, the lenient reader
//! must read the same bundle from it with no problem: the fast reader is checked against it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let outcome = model::parse_bundle(text);
        if let Some(bundle) = &outcome.bundle {
            let _ = model::bundle_to_json(bundle);
        }
        if let Some(fast) = model::parse_bundle_fast(text) {
            let plain = text.strip_prefix('\u{feff}').unwrap_or(text);
            let value: serde_json::Value =
                serde_json::from_str(plain).expect("the fast reader took invalid JSON");
            let slow = model::parse_bundle_value(&value);
            assert!(slow.errors.is_empty(), "the fast reader missed {:?}", slow.errors);
            let slow = slow.bundle.expect("the lenient reader read no bundle");
            assert_eq!(slow, fast);
            assert_eq!(model::bundle_to_json(&slow), model::bundle_to_json(&fast));
        }
    }
    let _ = import::json::import_json("bill_of_lading.json", data);
});
