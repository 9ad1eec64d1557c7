//! Fuzz target: the csv importer (encodings, header detection, labelled values, numbers).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = import::sheet::import_csv("invoice.csv", data);
    let _ = import::sheet::import_csv("goods.csv", data);
});
