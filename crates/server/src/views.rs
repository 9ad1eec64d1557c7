//! The JSON shapes of the API, as the OpenAPI document describes them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A shipment bundle (CONTRACT §1): `declaration` and the documents that travel with it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"id": "SHP-2026-0001", "direction": "export",
    "declaration": {"currency": "USD", "lines": [{"no": 1, "hs_code": "8507600090", "name": "锂离子蓄电池"}]}}))]
pub struct BundleDoc {
    /// The shipment's own reference.
    pub id: Option<String>,
    /// `export` or `import`.
    pub direction: Option<String>,
    /// The customs declaration (header and goods lines).
    #[schema(value_type = Object)]
    pub declaration: serde_json::Value,
    /// The commercial invoice.
    #[schema(value_type = Option<Object>)]
    pub invoice: Option<serde_json::Value>,
    /// The packing list.
    #[schema(value_type = Option<Object>)]
    pub packing_list: Option<serde_json::Value>,
}

/// One finding (CONTRACT §3).
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingDoc {
    /// The stable rule code (`C003`).
    pub rule: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// What is wrong, in the requested language.
    pub message: String,
    /// The documents involved.
    pub documents: Vec<String>,
    /// The JSON path of the value at fault.
    pub path: String,
    /// The value expected.
    pub expected: Option<String>,
    /// The value found.
    pub actual: Option<String>,
}

/// One bundle's findings.
#[derive(Debug, Serialize, ToSchema)]
pub struct BundleReportDoc {
    /// The bundle's id.
    pub bundle: String,
    /// Where it came from.
    pub file: String,
    /// Its findings.
    pub findings: Vec<FindingDoc>,
}

/// The counts closing a report.
#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryDoc {
    /// Bundles checked.
    pub bundles: u64,
    /// Error findings.
    pub errors: u64,
    /// Warning findings.
    pub warnings: u64,
    /// Info findings.
    pub infos: u64,
    /// Input errors.
    pub input_errors: u64,
}

/// The report of `check` (CONTRACT §3).
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckReport {
    /// One entry per bundle.
    pub reports: Vec<BundleReportDoc>,
    /// Problems with inputs.
    #[schema(value_type = Vec<Object>)]
    pub input_errors: Vec<serde_json::Value>,
    /// The counts.
    pub summary: SummaryDoc,
}

/// `{"id": "…"}`: what was created.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedDoc {
    /// The new object's id.
    pub id: String,
    /// For a shipment: its version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// A stored shipment with its latest (or requested) version.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShipmentDoc {
    /// The id (`shp_…`).
    pub id: String,
    /// The bundle's own reference.
    pub reference: String,
    /// `export` or `import`.
    pub direction: String,
    /// The client enterprise.
    pub client_id: Option<String>,
    /// The version shown.
    pub version: i64,
    /// The latest version.
    pub latest_version: i64,
    /// When it was created.
    pub created_at: String,
    /// When its latest version was written.
    pub updated_at: String,
    /// When it was archived.
    pub archived_at: Option<String>,
    /// The uploaded original of this version, when it came from a file.
    pub document_id: Option<String>,
    /// The bundle.
    #[schema(value_type = Object)]
    pub bundle: serde_json::Value,
}

/// A shipment in a listing.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShipmentListItem {
    /// The id.
    pub id: String,
    /// The bundle's own reference.
    pub reference: String,
    /// `export` or `import`.
    pub direction: String,
    /// The client enterprise.
    pub client_id: Option<String>,
    /// The latest version.
    pub latest_version: i64,
    /// When it was created.
    pub created_at: String,
    /// When its latest version was written.
    pub updated_at: String,
    /// When it was archived.
    pub archived_at: Option<String>,
}

impl From<store::ShipmentSummary> for ShipmentListItem {
    fn from(s: store::ShipmentSummary) -> Self {
        ShipmentListItem {
            id: s.id,
            reference: s.reference,
            direction: s.direction,
            client_id: s.client_id,
            latest_version: s.latest_version,
            created_at: s.created_at,
            updated_at: s.updated_at,
            archived_at: s.archived_at,
        }
    }
}

/// A page of shipments.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShipmentPage {
    /// The shipments, newest first.
    pub items: Vec<ShipmentListItem>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next: Option<String>,
}

/// One version in a shipment's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionDoc {
    /// The version number.
    pub version: i64,
    /// SHA-256 of the bundle JSON.
    pub digest: String,
    /// The uploaded original, when any.
    pub document_id: Option<String>,
    /// When.
    pub created_at: String,
    /// By whom.
    pub created_by: String,
}

/// A stored check run with its report.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckRunDoc {
    /// The run's id.
    pub id: String,
    /// The version checked.
    pub version: i64,
    /// Error findings.
    pub errors: i64,
    /// Warning findings.
    pub warnings: i64,
    /// Info findings.
    pub infos: i64,
    /// When.
    pub created_at: String,
    /// The report.
    #[schema(value_type = Object)]
    pub report: serde_json::Value,
}

/// A rule of the catalogue.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleDoc {
    /// The code.
    pub code: String,
    /// The severity of its findings.
    pub severity: String,
    /// Its title.
    pub title: String,
    /// How to fix what it finds (the "How to fix" section of its page, Markdown).
    pub fix: String,
}

/// An audit-log entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryDoc {
    /// Position in the log.
    pub seq: i64,
    /// When.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What was done.
    pub action: String,
    /// To what.
    pub object: String,
    /// SHA-256 of the payload.
    pub payload_digest: String,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

/// The verdict of verifying the audit log.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditVerdictDoc {
    /// Whether the chain and every checkpoint verified.
    pub intact: bool,
    /// Entries read.
    pub entries: i64,
    /// Checkpoints read.
    pub checkpoints: i64,
    /// The first bad entry, when tampered.
    pub first_bad_seq: Option<i64>,
    /// What is wrong there.
    pub problem: Option<String>,
    /// The verdict in words.
    pub message: String,
}

/// Health and readiness.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusDoc {
    /// `ok`.
    pub status: String,
}
