//! Fuzz target: the DecMessage XML importer (encodings, envelopes, receipts, values).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let import::xml::XmlImport::Declaration { bundle, .. } = import::xml::import_decmessage(data) {
        let _ = model::bundle_to_json(&bundle);
    }
});
