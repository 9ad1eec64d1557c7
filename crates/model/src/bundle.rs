//! The documents of one shipment, as CONTRACT §1 describes them.
//!
//! Every field a rule reads is optional: a missing or unreadable value takes no part in the
//! checks that need it. Codes are kept as written (normalised) and judged by the rules
//! against the reference tables, so that an unknown code is a finding, not a lost shipment.

use crate::{CommodityCode, CompactString, Decimal, Elements};
use serde::Serialize;

/// Export or import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// 出口
    Export,
    /// 进口
    Import,
}

/// The kinds of document a shipment can hold, named as in the bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 报关单
    Declaration,
    /// 商业发票
    Invoice,
    /// 装箱单
    PackingList,
    /// 合同
    Contract,
    /// 提单
    BillOfLading,
    /// 代理进出口证明
    AgentCertificate,
    /// 原产地证书
    CertificateOfOrigin,
    /// 代理报关委托协议
    AgencyAgreement,
    /// 随附单证（许可证、检测报告…）
    Attachments,
}

impl DocumentKind {
    /// The bundle key of the document (`packing_list`).
    pub fn key(self) -> &'static str {
        match self {
            DocumentKind::Declaration => "declaration",
            DocumentKind::Invoice => "invoice",
            DocumentKind::PackingList => "packing_list",
            DocumentKind::Contract => "contract",
            DocumentKind::BillOfLading => "bill_of_lading",
            DocumentKind::AgentCertificate => "agent_certificate",
            DocumentKind::CertificateOfOrigin => "certificate_of_origin",
            DocumentKind::AgencyAgreement => "agency_agreement",
            DocumentKind::Attachments => "attachments",
        }
    }

    /// The document's name for people: (Chinese, English).
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            DocumentKind::Declaration => ("报关单", "declaration"),
            DocumentKind::Invoice => ("发票", "invoice"),
            DocumentKind::PackingList => ("装箱单", "packing list"),
            DocumentKind::Contract => ("合同", "contract"),
            DocumentKind::BillOfLading => ("提单", "bill of lading"),
            DocumentKind::AgentCertificate => ("代理证明", "agent certificate"),
            DocumentKind::CertificateOfOrigin => ("原产地证书", "certificate of origin"),
            DocumentKind::AgencyAgreement => ("代理报关委托协议", "agency agreement"),
            DocumentKind::Attachments => ("随附单证", "attachments"),
        }
    }
}

/// One shipment.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Bundle {
    /// The shipment's identifier (`SHP-2026-0001`).
    pub id: Option<CompactString>,
    /// Export or import.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// The customs declaration. Every shipment needs one; a bundle without it is still read
    /// (rule D001 reports the gap) so that documents assembled from several files can be checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declaration: Option<Declaration>,
    /// The commercial invoice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoice: Option<CommercialDocument>,
    /// The packing list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packing_list: Option<CommercialDocument>,
    /// The sales contract.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract: Option<CommercialDocument>,
    /// The bill of lading (or waybill).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_of_lading: Option<BillOfLading>,
    /// The agent import/export certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_certificate: Option<AgentCertificate>,
    /// The certificate of origin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_of_origin: Option<CertificateOfOrigin>,
    /// The customs declaration power of attorney / agency agreement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency_agreement: Option<AgencyAgreement>,
    /// Licences, permits, test reports and other attached certificates.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
}

impl Bundle {
    /// The shipment's identifier, or `fallback` (usually the file name) when it has none.
    pub fn name_or<'a>(&'a self, fallback: &'a str) -> &'a str {
        self.id.as_deref().unwrap_or(fallback)
    }
}

/// The customs declaration (报关单): header and goods lines.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Declaration {
    /// Customs entry number (海关编号), when already assigned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_id: Option<CompactString>,
    /// Declaring customs office (申报地海关), 4 digits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customs_office: Option<CompactString>,
    /// Port customs office (进出境关别).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_office: Option<CompactString>,
    /// Supervision mode (监管方式), e.g. `0110`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trade_mode: Option<CompactString>,
    /// Transaction terms (成交方式): `FOB` or its code `3`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_terms: Option<CompactString>,
    /// Transport mode (运输方式).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transport_mode: Option<CompactString>,
    /// Declared currency (ISO alpha-3 or customs numeric).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<CompactString>,
    /// Trading country (贸易国).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trade_country: Option<CompactString>,
    /// Country of destination (运抵国) for exports, of departure for imports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_country: Option<CompactString>,
    /// Contract number (合同协议号).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract_no: Option<CompactString>,
    /// Gross weight in kilograms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gross_weight_kg: Option<Decimal>,
    /// Net weight in kilograms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_weight_kg: Option<Decimal>,
    /// Number of packages (件数).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packages: Option<u64>,
    /// Package kind (包装种类), e.g. `2` carton.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package_kind: Option<CompactString>,
    /// Bill of lading number (提运单号).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bl_no: Option<CompactString>,
    /// Vessel or conveyance name (运输工具名称).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vessel: Option<CompactString>,
    /// Voyage number (航次号).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voyage: Option<CompactString>,
    /// The attached-documents column (随附单证): certificate numbers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attached_documents: Vec<CompactString>,
    /// Declared total.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_amount: Option<Decimal>,
    /// Goods lines.
    pub lines: Vec<DeclarationLine>,
}

/// A goods line of the declaration (表体).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DeclarationLine {
    /// Line number; lines of different documents are matched by it.
    pub no: u32,
    /// The 10-digit China commodity code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hs_code: Option<CommodityCode>,
    /// Goods name (商品名称).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<CompactString>,
    /// Goods name in English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_en: Option<CompactString>,
    /// Declaration elements (申报要素 / 规格型号).
    #[serde(skip_serializing_if = "Elements::is_empty")]
    pub elements: Elements,
    /// Declared quantity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Decimal>,
    /// Declared unit (3-digit code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<CompactString>,
    /// Quantity in the first legal unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_quantity: Option<Decimal>,
    /// First legal unit (3-digit code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_unit: Option<CompactString>,
    /// Quantity in the second legal unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second_quantity: Option<Decimal>,
    /// Second legal unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second_unit: Option<CompactString>,
    /// Unit price.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<Decimal>,
    /// Line amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
    /// Line currency when it is given per line (the declaration message does).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<CompactString>,
    /// Country of origin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin_country: Option<CompactString>,
    /// Final destination country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_country: Option<CompactString>,
}

/// An invoice, packing list or contract: a numbered document with goods lines and totals.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CommercialDocument {
    /// Document number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no: Option<CompactString>,
    /// Document date (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<CompactString>,
    /// Currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<CompactString>,
    /// Total amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_amount: Option<Decimal>,
    /// Number of packages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packages: Option<u64>,
    /// Gross weight in kilograms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gross_weight_kg: Option<Decimal>,
    /// Net weight in kilograms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_weight_kg: Option<Decimal>,
    /// Goods lines.
    pub lines: Vec<GoodsLine>,
}

/// A goods line of an invoice, packing list, contract or agent certificate.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GoodsLine {
    /// Line number; lines of different documents are matched by it.
    pub no: u32,
    /// Goods name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<CompactString>,
    /// Goods name in English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_en: Option<CompactString>,
    /// Commodity code, when the document gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hs_code: Option<CommodityCode>,
    /// Quantity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Decimal>,
    /// Unit of quantity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<CompactString>,
    /// Unit price.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<Decimal>,
    /// Line amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
    /// Packages of this line (packing list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packages: Option<u64>,
    /// Gross weight of this line in kilograms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gross_weight_kg: Option<Decimal>,
    /// Net weight of this line in kilograms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_weight_kg: Option<Decimal>,
}

/// The bill of lading (or waybill, manifest record).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BillOfLading {
    /// B/L number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no: Option<CompactString>,
    /// Vessel name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vessel: Option<CompactString>,
    /// Voyage number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voyage: Option<CompactString>,
    /// Number of packages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packages: Option<u64>,
    /// Gross weight in kilograms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gross_weight_kg: Option<Decimal>,
    /// Net weight in kilograms, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_weight_kg: Option<Decimal>,
    /// Description of goods.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<CompactString>,
}

/// The agent import/export certificate (代理进出口证明).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AgentCertificate {
    /// Certificate number; must appear among the declaration's attached documents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no: Option<CompactString>,
    /// Goods lines.
    pub lines: Vec<GoodsLine>,
}

/// The certificate of origin.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CertificateOfOrigin {
    /// Certificate number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no: Option<CompactString>,
    /// Agreement (`RCEP`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreement: Option<CompactString>,
    /// Country of origin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin_country: Option<CompactString>,
    /// Lines: HS code and origin criterion.
    pub lines: Vec<OriginLine>,
}

/// A line of the certificate of origin.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OriginLine {
    /// Line number, matched with the declaration's.
    pub no: u32,
    /// HS code as written on the certificate (usually 6 digits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hs_code: Option<CommodityCode>,
    /// Origin criterion (`PSR`, `WO`, `PE`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criterion: Option<CompactString>,
    /// Country of origin of this line, when given per line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin_country: Option<CompactString>,
}

/// The agency agreement between enterprise and broker.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AgencyAgreement {
    /// Agreement number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no: Option<CompactString>,
    /// Whether the joint-liability clause on the authenticity of documents is present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joint_liability_clause: Option<bool>,
}

/// An attached licence, permit, report or certificate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Attachment {
    /// Kind: `un38_3_test_report`, `licence`, …
    pub kind: CompactString,
    /// Single Window supervision-certificate code, for `kind: licence`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<CompactString>,
    /// Certificate or report number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no: Option<CompactString>,
}
