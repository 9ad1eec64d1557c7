//! What the store keeps: tenants, users and roles, API keys, client enterprises, shipments
//! with their versions and documents, check runs.

use serde::Serialize;

/// Whether a tenant is a customs agency (with client enterprises) or an enterprise on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TenantKind {
    /// A customs broker declaring for client enterprises.
    Agency,
    /// An importing or exporting enterprise.
    Enterprise,
}

impl TenantKind {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            TenantKind::Agency => "agency",
            TenantKind::Enterprise => "enterprise",
        }
    }

    /// Parses the stored form.
    pub fn parse(text: &str) -> Option<TenantKind> {
        match text {
            "agency" => Some(TenantKind::Agency),
            "enterprise" => Some(TenantKind::Enterprise),
            _ => None,
        }
    }
}

/// What a user may do within their tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, users and keys included.
    Administrator,
    /// Prepares declarations: creates and edits shipments, runs checks.
    DeclarantStaff,
    /// A client enterprise's reviewer: reads its own enterprise's shipments and checks them.
    ClientReviewer,
    /// Reads everything of the tenant, the audit log included; writes nothing.
    Auditor,
}

impl Role {
    /// Every role, in a fixed order.
    pub const ALL: [Role; 4] = [
        Role::Administrator,
        Role::DeclarantStaff,
        Role::ClientReviewer,
        Role::Auditor,
    ];

    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::DeclarantStaff => "declarant_staff",
            Role::ClientReviewer => "client_reviewer",
            Role::Auditor => "auditor",
        }
    }

    /// Parses the stored form.
    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }
}

/// Who does a write, as recorded in the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor(pub String);

impl Actor {
    /// A user acting through a session or a key.
    pub fn user(user_id: &str) -> Actor {
        Actor(format!("user:{user_id}"))
    }

    /// The service itself or an operator's command (`system:cli`).
    pub fn system(what: &str) -> Actor {
        Actor(format!("system:{what}"))
    }
}

/// A tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tenant {
    /// Its id (`tnt_…`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Agency or enterprise.
    pub kind: TenantKind,
    /// When it was created.
    pub created_at: String,
}

/// A user of a tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Its id (`usr_…`).
    pub id: String,
    /// The tenant it belongs to.
    pub tenant_id: String,
    /// Its login name (unique over the service).
    pub username: String,
    /// Its role.
    pub role: Role,
    /// For a client reviewer: the client enterprise whose shipments it sees.
    pub client_id: Option<String>,
    /// The argon2id hash (PHC string), when it can log in with a password.
    #[serde(skip)]
    pub password_hash: Option<String>,
}

/// A new user.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Its login name.
    pub username: String,
    /// Its role.
    pub role: Role,
    /// For a client reviewer: its client enterprise.
    pub client_id: Option<String>,
    /// The argon2id hash of its password (PHC string), computed by the caller.
    pub password_hash: Option<String>,
}

/// Who an API key or a session speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The tenant.
    pub tenant_id: String,
    /// The user.
    pub user_id: String,
    /// The user's role.
    pub role: Role,
    /// For a client reviewer: its client enterprise.
    pub client_id: Option<String>,
}

/// An API key as it may be shown: never the key, never its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiKeyInfo {
    /// Its id (`key_…`).
    pub id: String,
    /// The tenant.
    pub tenant_id: String,
    /// The user it speaks for.
    pub user_id: String,
    /// That user's login name.
    pub username: String,
    /// Its label (`ci`, `erp-sync`).
    pub label: String,
    /// When it was issued.
    pub created_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// A client enterprise of an agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Client {
    /// Its id (`cli_…`).
    pub id: String,
    /// The agency.
    pub tenant_id: String,
    /// The enterprise's name.
    pub name: String,
    /// The enterprise's own tenant, when it has one.
    pub enterprise_tenant_id: Option<String>,
}

/// An uploaded original file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    /// Its file name as uploaded.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// A new shipment, or a new version of one.
#[derive(Debug, Clone)]
pub struct ShipmentInput {
    /// The shipment's own reference (the bundle's `id`), kept in clear for filtering.
    pub reference: String,
    /// `export` or `import`, kept in clear for filtering.
    pub direction: String,
    /// The client enterprise it is declared for (agencies).
    pub client_id: Option<String>,
    /// The bundle JSON (sealed at rest).
    pub bundle_json: String,
    /// The file it was imported from (sealed at rest).
    pub source_file: Option<UploadedFile>,
}

/// A shipment's metadata (what is kept in clear).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShipmentSummary {
    /// Its id (`shp_…`).
    pub id: String,
    /// The owning tenant.
    pub tenant_id: String,
    /// The client enterprise.
    pub client_id: Option<String>,
    /// The bundle's own reference.
    pub reference: String,
    /// `export` or `import`.
    pub direction: String,
    /// The latest version number (from 1).
    pub latest_version: i64,
    /// When it was created.
    pub created_at: String,
    /// When its last version was written.
    pub updated_at: String,
    /// When it was archived.
    pub archived_at: Option<String>,
}

/// One version of a shipment, opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentVersion {
    /// The shipment.
    pub shipment_id: String,
    /// The version number.
    pub version: i64,
    /// The bundle JSON.
    pub bundle_json: String,
    /// SHA-256 of the bundle JSON.
    pub digest: String,
    /// The uploaded file it came from.
    pub document_id: Option<String>,
    /// When it was written.
    pub created_at: String,
    /// By whom.
    pub created_by: String,
}

/// A version's metadata, for the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionSummary {
    /// The version number.
    pub version: i64,
    /// SHA-256 of the bundle JSON.
    pub digest: String,
    /// The uploaded file it came from.
    pub document_id: Option<String>,
    /// When it was written.
    pub created_at: String,
    /// By whom.
    pub created_by: String,
}

/// Filters and page of a shipment listing. Pages run newest first; `after` is the `id` of the
/// last shipment of the previous page.
#[derive(Debug, Clone, Default)]
pub struct ShipmentFilter {
    /// Only this client enterprise's.
    pub client_id: Option<String>,
    /// Only references starting with this.
    pub reference_prefix: Option<String>,
    /// Only `export` or `import`.
    pub direction: Option<String>,
    /// Archived ones too (default: not).
    pub include_archived: bool,
    /// Page size (1–200; 0 means 50).
    pub limit: u32,
    /// Continue after this shipment id.
    pub after: Option<String>,
}

/// A check run's result to store.
#[derive(Debug, Clone)]
pub struct NewCheckRun {
    /// The version checked.
    pub version: i64,
    /// The report JSON (CONTRACT §3), sealed at rest.
    pub report_json: String,
    /// Error findings.
    pub errors: i64,
    /// Warning findings.
    pub warnings: i64,
    /// Info findings.
    pub infos: i64,
}

/// A stored check run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckRun {
    /// Its id (`chk_…`).
    pub id: String,
    /// The shipment.
    pub shipment_id: String,
    /// The version checked.
    pub version: i64,
    /// The report JSON.
    pub report_json: String,
    /// Error findings.
    pub errors: i64,
    /// Warning findings.
    pub warnings: i64,
    /// Info findings.
    pub infos: i64,
    /// When.
    pub created_at: String,
    /// By whom.
    pub created_by: String,
}

/// What creating a shipment answered: the shipment and whether it already existed under the
/// same `Idempotency-Key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// The shipment.
    pub shipment: ShipmentSummary,
    /// `true` when the key had been used for this same request: nothing new was written.
    pub replayed: bool,
}

/// Filters of an audit-log query.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only this tenant's entries (`None`: all, for operators).
    pub tenant_id: Option<String>,
    /// Only entries after this sequence number.
    pub after_seq: Option<i64>,
    /// Only this object (`shipment/shp_…`).
    pub object: Option<String>,
    /// Page size (1–1000; 0 means 100).
    pub limit: u32,
}
