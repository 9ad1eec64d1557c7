//! The canonical shipment model (CONTRACT §1) and its lenient JSON parser.
//!
//! A [`Bundle`] is one shipment: the declaration and the optional documents that travel
//! with it. Parsing never fails as a whole once the text is JSON: [`parse_bundle`] returns the
//! bundle it could build together with every [`InputError`], each naming its JSON path, so a
//! user sees all problems at once. Fields that could not be read are left empty and take no
//! part in the checks.
//!
//! **Invariant:** this crate does no IO and reads no clock or environment.

mod bundle;
mod code;
mod decimal;
mod elements;
mod fast;
mod parse;
mod path;
mod text;
mod write;

pub use bundle::{
    AgencyAgreement, AgentCertificate, Attachment, BillOfLading, Bundle, CertificateOfOrigin,
    CommercialDocument, Declaration, DeclarationLine, Direction, DocumentKind, GoodsLine,
    OriginLine,
};
pub use code::{CommodityCode, normalize_code};
pub use decimal::{DecimalError, parse_decimal_text};
pub use elements::Elements;
pub use fast::parse_bundle_fast;
pub use parse::{ParseOutcome, parse_bundle, parse_bundle_value};
pub use path::JsonPath;
pub use text::{InputError, Lang, Text};
pub use write::bundle_to_json;

/// The model's strings: short ones (codes, names, element values) are kept inline, without
/// a heap allocation each.
pub use compact_str::CompactString;
pub use rust_decimal::Decimal;
