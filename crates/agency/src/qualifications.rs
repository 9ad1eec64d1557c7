//! The qualifications registry of enterprises and agencies, and what follows from it: AEO
//! advice, supply-chain linkage and the penalty exposure of incomplete qualifications.
//!
//! Facts (DOMAIN.md): the foreign-trade operator registration's business scope must cover
//! import/export; the customs filing receipt is valid 3 years, renewal starts 90 days ahead;
//! the e-port digital certificate expires; changes (legal representative, business scope) are
//! filed within 10 working days; AEO general is advised from ≥ 5 M USD yearly trade, advanced
//! from ≥ 20 M USD with no violations; a supply chain is treated at its weakest AEO level.

use jiff::civil::Date;
use model::{Decimal, Text};

/// Days before expiry from which the customs filing receipt's renewal is reminded.
pub const FILING_RECEIPT_RENEWAL_DAYS: i32 = 90;
/// How long a customs filing receipt is valid.
pub const FILING_RECEIPT_VALID_YEARS: i16 = 3;
/// Days before expiry from which the e-port certificate's renewal is reminded (our choice:
/// renewal at the e-port service centre takes a few working days).
pub const EPORT_RENEWAL_DAYS: i32 = 30;
/// Working days within which a change must be filed.
pub const CHANGE_FILING_DAYS: u32 = 10;
/// Working days customs takes to approve a filing.
pub const FILING_APPROVAL_DAYS: u32 = 3;
/// Working days customs takes to decide an AEO application.
pub const AEO_APPROVAL_DAYS: u32 = 15;

/// Yearly trade from which AEO general certification is advised: 5 M USD.
pub fn aeo_general_threshold_usd() -> Decimal {
    Decimal::from(5_000_000)
}

/// Yearly trade from which AEO advanced certification is advised (with no violations): 20 M USD.
pub fn aeo_advanced_threshold_usd() -> Decimal {
    Decimal::from(20_000_000)
}

/// An AEO certification level, ordered: none < general < advanced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum AeoLevel {
    /// Not certified.
    #[default]
    None,
    /// AEO general certified enterprise (一般认证企业).
    General,
    /// AEO advanced certified enterprise (高级认证企业).
    Advanced,
}

impl AeoLevel {
    /// The stable key (`none`, `general`, `advanced`).
    pub fn key(self) -> &'static str {
        match self {
            AeoLevel::None => "none",
            AeoLevel::General => "general",
            AeoLevel::Advanced => "advanced",
        }
    }

    /// The level from its key (also `一般认证`, `高级认证`, `无`).
    pub fn from_key(key: &str) -> Option<AeoLevel> {
        match key.trim().to_ascii_lowercase().as_str() {
            "none" | "无" | "" => Some(AeoLevel::None),
            "general" | "一般认证" => Some(AeoLevel::General),
            "advanced" | "高级认证" => Some(AeoLevel::Advanced),
            _ => None,
        }
    }

    /// The level's name.
    pub fn name(self) -> Text {
        match self {
            AeoLevel::None => Text::new("未认证", "not certified"),
            AeoLevel::General => Text::new("一般认证", "AEO general"),
            AeoLevel::Advanced => Text::new("高级认证", "AEO advanced"),
        }
    }
}

/// Whether the party is an enterprise or an agency (customs broker).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PartyRole {
    /// An importing or exporting enterprise.
    #[default]
    Enterprise,
    /// A customs broker.
    Agency,
}

/// The foreign-trade operator registration (对外贸易经营者备案登记).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ForeignTradeRegistration {
    /// Registration number.
    pub no: Option<String>,
    /// The registered business scope.
    pub business_scope: String,
}

impl ForeignTradeRegistration {
    /// Whether the business scope covers import/export of goods or technology.
    pub fn covers_import_export(&self) -> bool {
        let scope = self.business_scope.to_lowercase();
        [
            "进出口",
            "import and export",
            "import/export",
            "import & export",
            "import-export",
        ]
        .iter()
        .any(|phrase| scope.contains(phrase))
    }
}

/// The customs registration of the declarant unit and its filing receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomsRegistration {
    /// The customs registration code.
    pub code: Option<String>,
    /// When the filing receipt was issued.
    pub receipt_issued_on: Option<Date>,
    /// The last day the filing receipt is valid: given, or issued + 3 years − 1 day.
    pub receipt_valid_until: Date,
}

/// The e-port digital certificate (bound to the legal person's real-name phone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EportCertificate {
    /// Certificate (card) number.
    pub no: Option<String>,
    /// The last day it is valid.
    pub expires_on: Date,
}

/// What changed in a registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// The legal representative.
    LegalRepresentative,
    /// The business scope.
    BusinessScope,
    /// Anything else, as written.
    Other(String),
}

impl ChangeKind {
    /// The stable key (`legal_representative`, `business_scope`, or the text given).
    pub fn key(&self) -> &str {
        match self {
            ChangeKind::LegalRepresentative => "legal_representative",
            ChangeKind::BusinessScope => "business_scope",
            ChangeKind::Other(text) => text,
        }
    }

    /// The change's name.
    pub fn name(&self) -> Text {
        match self {
            ChangeKind::LegalRepresentative => {
                Text::new("法定代表人变更", "change of legal representative")
            }
            ChangeKind::BusinessScope => Text::new("经营范围变更", "change of business scope"),
            ChangeKind::Other(text) => {
                Text::new(format!("变更：{text}"), format!("change: {text}"))
            }
        }
    }
}

/// A change to a registration that must be filed with customs within 10 working days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationChange {
    /// What changed.
    pub kind: ChangeKind,
    /// When it changed.
    pub changed_on: Date,
    /// When it was filed, if it was.
    pub filed_on: Option<Date>,
}

/// One enterprise or agency and its qualifications.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Party {
    /// Its identifier (unified social credit code or customs code).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Enterprise or agency.
    pub role: PartyRole,
    /// Foreign-trade operator registration, if on record.
    pub foreign_trade: Option<ForeignTradeRegistration>,
    /// Customs registration, if on record.
    pub customs: Option<CustomsRegistration>,
    /// E-port digital certificate, if on record.
    pub eport: Option<EportCertificate>,
    /// AEO level.
    pub aeo: AeoLevel,
    /// Yearly import + export value in USD, if known.
    pub yearly_trade_usd: Option<Decimal>,
    /// Customs violations on record (last year).
    pub violations: u32,
    /// Changes to file.
    pub changes: Vec<RegistrationChange>,
}

/// A supply chain: the parties that handle one flow of goods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplyChain {
    /// Its name.
    pub name: String,
    /// The ids of its parties.
    pub members: Vec<String>,
}

/// The qualifications of every party, and the supply chains among them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Registry {
    /// Parties, in file order.
    pub parties: Vec<Party>,
    /// Supply chains (every member is a party of the registry).
    pub supply_chains: Vec<SupplyChain>,
}

impl Registry {
    /// The party with `id`.
    pub fn party(&self, id: &str) -> Option<&Party> {
        self.parties.iter().find(|party| party.id == id)
    }
}

/// The last day of a filing receipt issued on `issued_on`: three years later, less one day.
pub fn filing_receipt_valid_until(issued_on: Date) -> Option<Date> {
    issued_on
        .checked_add(jiff::Span::new().years(FILING_RECEIPT_VALID_YEARS))
        .and_then(|date| date.yesterday())
        .ok()
}

/// What AEO level a party should hold, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AeoAdvice {
    /// The level its trade supports.
    pub recommended: AeoLevel,
    /// Whether it should apply (recommended above its current level).
    pub apply: bool,
    /// Why.
    pub reason: Text,
}

/// The AEO level advised for a party: general from ≥ 5 M USD yearly trade, advanced from
/// ≥ 20 M USD with no violations (thresholds inclusive).
pub fn aeo_advice(
    current: AeoLevel,
    yearly_trade_usd: Option<Decimal>,
    violations: u32,
) -> AeoAdvice {
    let Some(trade) = yearly_trade_usd else {
        return AeoAdvice {
            recommended: current,
            apply: false,
            reason: Text::new(
                "未提供年进出口额，无法给出建议",
                "no yearly trade value given: no advice",
            ),
        };
    };
    let (recommended, reason) = if trade >= aeo_advanced_threshold_usd() && violations == 0 {
        (
            AeoLevel::Advanced,
            Text::new(
                format!("年进出口额 {trade} 美元 ≥ 2000 万且无违规：可申请高级认证"),
                format!(
                    "yearly trade {trade} USD ≥ 20 M with no violations: advanced certification fits"
                ),
            ),
        )
    } else if trade >= aeo_general_threshold_usd() {
        let note_zh = if violations > 0 {
            format!("（有 {violations} 次违规，暂不宜申请高级认证）")
        } else {
            String::new()
        };
        let note_en = if violations > 0 {
            format!(" ({violations} violation(s) rule out advanced for now)")
        } else {
            String::new()
        };
        (
            AeoLevel::General,
            Text::new(
                format!("年进出口额 {trade} 美元 ≥ 500 万：建议一般认证{note_zh}"),
                format!("yearly trade {trade} USD ≥ 5 M: general certification advised{note_en}"),
            ),
        )
    } else {
        (
            AeoLevel::None,
            Text::new(
                format!("年进出口额 {trade} 美元 < 500 万：暂无认证建议"),
                format!("yearly trade {trade} USD < 5 M: no certification advised yet"),
            ),
        )
    };
    AeoAdvice {
        apply: recommended > current,
        recommended,
        reason,
    }
}

/// The level a supply chain is treated at: its weakest member's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linkage {
    /// The chain's name.
    pub chain: String,
    /// The weakest AEO level among its members.
    pub level: AeoLevel,
    /// The members at that level (the links to strengthen).
    pub weakest: Vec<String>,
}

/// The linkage level of `chain`: members not in the registry count as not certified.
pub fn linkage(registry: &Registry, chain: &SupplyChain) -> Linkage {
    let level_of = |id: &String| registry.party(id).map_or(AeoLevel::None, |party| party.aeo);
    let level = chain
        .members
        .iter()
        .map(level_of)
        .min()
        .unwrap_or(AeoLevel::None);
    Linkage {
        chain: chain.name.clone(),
        level,
        weakest: chain
            .members
            .iter()
            .filter(|id| level_of(id) == level)
            .cloned()
            .collect(),
    }
}

/// The penalty range for incomplete qualifications: 0.5 % to 3 % of the goods value.
pub fn penalty_range(goods_value: Decimal) -> (Decimal, Decimal) {
    let low = goods_value * Decimal::new(5, 3);
    let high = goods_value * Decimal::new(3, 2);
    (low.round_dp(2), high.round_dp(2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn aeo_advice_thresholds_are_inclusive() {
        let million = |n: i64| Some(Decimal::from(n * 1_000_000));
        let cases = [
            (AeoLevel::None, million(4), 0, AeoLevel::None, false),
            (AeoLevel::None, million(5), 0, AeoLevel::General, true),
            (AeoLevel::General, million(19), 0, AeoLevel::General, false),
            (AeoLevel::General, million(20), 0, AeoLevel::Advanced, true),
            (AeoLevel::None, million(20), 1, AeoLevel::General, true),
            (
                AeoLevel::Advanced,
                million(30),
                0,
                AeoLevel::Advanced,
                false,
            ),
            (AeoLevel::Advanced, million(1), 0, AeoLevel::None, false),
            (AeoLevel::General, None, 0, AeoLevel::General, false),
        ];
        for (current, trade, violations, recommended, apply) in cases {
            let advice = aeo_advice(current, trade, violations);
            assert_eq!(
                (advice.recommended, advice.apply),
                (recommended, apply),
                "{trade:?} {violations}"
            );
        }
    }

    #[test]
    fn a_chain_is_as_strong_as_its_weakest_link() {
        let party = |id: &str, aeo| Party {
            id: id.to_owned(),
            aeo,
            ..Party::default()
        };
        let registry = Registry {
            parties: vec![
                party("A", AeoLevel::Advanced),
                party("B", AeoLevel::General),
                party("C", AeoLevel::General),
            ],
            supply_chains: vec![],
        };
        let chain = SupplyChain {
            name: "x".into(),
            members: vec!["A".into(), "B".into(), "C".into()],
        };
        let linkage = linkage(&registry, &chain);
        assert_eq!(linkage.level, AeoLevel::General);
        assert_eq!(linkage.weakest, vec!["B", "C"]);
    }

    #[test]
    fn filing_receipts_last_three_years() {
        assert_eq!(
            filing_receipt_valid_until(date(2023, 12, 20)),
            Some(date(2026, 12, 19))
        );
        assert_eq!(
            filing_receipt_valid_until(date(2024, 2, 29)),
            Some(date(2027, 2, 27))
        );
    }

    #[test]
    fn business_scope_must_cover_import_export() {
        let scope = |text: &str| ForeignTradeRegistration {
            no: None,
            business_scope: text.into(),
        };
        assert!(scope("货物进出口；技术进出口").covers_import_export());
        assert!(scope("Import and Export of goods").covers_import_export());
        assert!(!scope("电池销售").covers_import_export());
        assert_eq!(
            penalty_range(Decimal::from(100_000)),
            (Decimal::from(500), Decimal::from(3000))
        );
    }
}
