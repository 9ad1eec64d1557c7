//! Bundle JSON (CONTRACT §1), through `model::parse_bundle_value`, and JSON files that hold a
//! single document: `{"bill_of_lading": {...}}`, or a bare `{...}` in a file named
//! `bill_of_lading.json`, which is wrapped under the key its name gives. A bundle without a
//! declaration is not an error (rule D001 reports the gap).

use crate::decode::decode_text;
use model::{Bundle, DocumentKind, InputError, Text, parse_bundle, parse_bundle_value};
use serde_json::{Map, Value};

/// What a JSON file gave.
#[derive(Debug, Default)]
pub struct JsonImport {
    /// The bundle (with only the documents the file holds).
    pub bundle: Option<Bundle>,
    /// Every problem with its JSON path.
    pub errors: Vec<InputError>,
    /// The documents the file holds.
    pub documents: Vec<DocumentKind>,
}

const DOCUMENT_KINDS: [DocumentKind; 9] = [
    DocumentKind::Declaration,
    DocumentKind::Invoice,
    DocumentKind::PackingList,
    DocumentKind::Contract,
    DocumentKind::BillOfLading,
    DocumentKind::AgentCertificate,
    DocumentKind::CertificateOfOrigin,
    DocumentKind::AgencyAgreement,
    DocumentKind::Attachments,
];

/// The single document a JSON file's name announces (`bill_of_lading.json`, `提单.json`).
pub fn document_named(file_name: &str) -> Option<DocumentKind> {
    let lower = crate::number::half_width(file_name).to_lowercase();
    let stem = lower
        .rsplit_once('.')
        .map_or(lower.as_str(), |(stem, _)| stem);
    let key: String = stem.chars().filter(|c| c.is_alphanumeric()).collect();
    let tokens: Vec<&str> = stem
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let has = |words: &[&str]| words.iter().any(|w| key.contains(w));
    let token = |words: &[&str]| tokens.iter().any(|t| words.contains(t));
    let kind = if has(&[
        "billoflading",
        "提单",
        "waybill",
        "运单",
        "manifest",
        "舱单",
    ]) || token(&["bl", "bol", "awb", "hbl", "mbl"])
    {
        DocumentKind::BillOfLading
    } else if has(&["agentcertificate", "代理证明", "代理进出口证明"]) {
        DocumentKind::AgentCertificate
    } else if has(&["certificateoforigin", "原产地", "origincertificate"]) || token(&["co", "coo"])
    {
        DocumentKind::CertificateOfOrigin
    } else if has(&["agencyagreement", "委托协议", "委托书", "powerofattorney"]) {
        DocumentKind::AgencyAgreement
    } else if has(&["attachment", "随附单证", "licence", "license", "许可证"]) {
        DocumentKind::Attachments
    } else if has(&["declaration", "报关单"]) {
        DocumentKind::Declaration
    } else {
        let kinds = crate::sheet::kinds_named(stem);
        return (kinds.len() == 1).then(|| kinds[0]);
    };
    Some(kind)
}

fn is_bundle_key(key: &str) -> bool {
    key == "id" || key == "direction" || DOCUMENT_KINDS.iter().any(|k| k.key() == key)
}

/// Reads a JSON file.
pub fn import_json(file_name: &str, bytes: &[u8]) -> JsonImport {
    let Ok(decoded) = decode_text(bytes) else {
        return JsonImport {
            errors: vec![InputError::new(
                "line 1, column 1",
                Text::new("JSON 文件应是 UTF-8 文本", "a JSON file must be UTF-8 text"),
            )],
            ..JsonImport::default()
        };
    };
    let text = decoded.text.as_ref();
    // A clean bundle goes straight into the model; anything else (a single document, a
    // problem to name with its path) through the JSON tree below. Both give the same bundle.
    if let Some(bundle) = model::parse_bundle_fast(text) {
        let documents = documents_of(&bundle);
        return JsonImport {
            bundle: Some(bundle),
            errors: Vec::new(),
            documents,
        };
    }
    import_value(file_name, text)
}

/// The documents a bundle holds (an attachments list only when it has entries).
fn documents_of(bundle: &Bundle) -> Vec<DocumentKind> {
    DOCUMENT_KINDS
        .into_iter()
        .filter(|kind| match kind {
            DocumentKind::Declaration => bundle.declaration.is_some(),
            DocumentKind::Invoice => bundle.invoice.is_some(),
            DocumentKind::PackingList => bundle.packing_list.is_some(),
            DocumentKind::Contract => bundle.contract.is_some(),
            DocumentKind::BillOfLading => bundle.bill_of_lading.is_some(),
            DocumentKind::AgentCertificate => bundle.agent_certificate.is_some(),
            DocumentKind::CertificateOfOrigin => bundle.certificate_of_origin.is_some(),
            DocumentKind::AgencyAgreement => bundle.agency_agreement.is_some(),
            DocumentKind::Attachments => !bundle.attachments.is_empty(),
        })
        .collect()
}

/// Reads decoded JSON text through the JSON tree: wraps a single document under the key its
/// file name gives, and names every problem with its path.
fn import_value(file_name: &str, text: &str) -> JsonImport {
    let value = match serde_json::from_str::<Value>(text) {
        Ok(value) => value,
        Err(_) => {
            let outcome = parse_bundle(text);
            return JsonImport {
                bundle: None,
                errors: outcome.errors,
                documents: Vec::new(),
            };
        }
    };
    let value = match value {
        Value::Object(map) if map.keys().any(|k| is_bundle_key(k)) => Value::Object(map),
        other => match document_named(file_name) {
            Some(kind)
                if other.is_object() || (kind == DocumentKind::Attachments && other.is_array()) =>
            {
                let mut wrapped = Map::new();
                wrapped.insert(kind.key().to_string(), other);
                Value::Object(wrapped)
            }
            _ => other,
        },
    };
    let outcome = parse_bundle_value(&value);
    let object = value.as_object();
    let documents: Vec<DocumentKind> = DOCUMENT_KINDS
        .into_iter()
        .filter(|kind| {
            object
                .and_then(|o| o.get(kind.key()))
                .is_some_and(|v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
        })
        .collect();
    let errors = outcome.errors;
    JsonImport {
        bundle: outcome.bundle,
        errors,
        documents,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The straight path gives what the JSON tree gives, for every JSON file of the project.
    #[test]
    fn straight_path_equals_the_tree() {
        fn json_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    json_files(&path, out);
                } else if path.extension().is_some_and(|e| e == "json") {
                    out.push(path);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        for dir in [
            "examples",
            "crates/import/tests",
            "crates/rules/tests/fixtures",
        ] {
            json_files(&root.join(dir), &mut files);
        }
        assert!(files.len() > 50, "{}", files.len());
        let mut straight = 0;
        for path in files {
            let bytes = std::fs::read(&path).unwrap_or_default();
            let name = path.file_name().map(|n| n.to_string_lossy().to_string());
            let name = name.unwrap_or_default();
            let fast = import_json(&name, &bytes);
            let Ok(decoded) = decode_text(&bytes) else {
                continue;
            };
            let text = decoded.text.as_ref();
            let slow = import_value(&name, text);
            if model::parse_bundle_fast(text).is_some() {
                straight += 1;
            }
            assert_eq!(fast.bundle, slow.bundle, "{}", path.display());
            assert_eq!(fast.errors, slow.errors, "{}", path.display());
            assert_eq!(fast.documents, slow.documents, "{}", path.display());
        }
        assert!(straight > 20, "{straight}");
    }

    #[test]
    fn names_of_single_documents() {
        let cases: &[(&str, Option<DocumentKind>)] = &[
            ("bill_of_lading.json", Some(DocumentKind::BillOfLading)),
            ("BL-COSU6123.json", Some(DocumentKind::BillOfLading)),
            ("提单.json", Some(DocumentKind::BillOfLading)),
            ("invoice.json", Some(DocumentKind::Invoice)),
            ("packing_list.json", Some(DocumentKind::PackingList)),
            (
                "certificate_of_origin.json",
                Some(DocumentKind::CertificateOfOrigin),
            ),
            (
                "agent_certificate.json",
                Some(DocumentKind::AgentCertificate),
            ),
            ("attachments.json", Some(DocumentKind::Attachments)),
            ("declaration.json", Some(DocumentKind::Declaration)),
            ("shipment.json", None),
        ];
        for (name, expected) in cases {
            assert_eq!(document_named(name), *expected, "{name}");
        }
    }
}
