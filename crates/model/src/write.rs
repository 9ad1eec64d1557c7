//! The canonical JSON form of a bundle, as `declarant import … --to json` prints it.

use crate::Bundle;

/// The bundle as pretty-printed canonical JSON (decimals as strings, exact).
pub fn bundle_to_json(bundle: &Bundle) -> String {
    // Serialising plain structs with string keys cannot fail; fall back to an empty object.
    serde_json::to_string_pretty(bundle).unwrap_or_else(|_| "{}".to_string())
}
