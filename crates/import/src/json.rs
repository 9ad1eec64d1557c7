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
