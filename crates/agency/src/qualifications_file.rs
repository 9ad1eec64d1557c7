//! The qualifications file (JSON): parties with their registrations, and supply chains.
//!
//! ```json
//! {"parties": [{
//!    "id": "91330200MA2XXXXX1", "name": "宁波某某电池有限公司", "role": "enterprise",
//!    "foreign_trade_registration": {"no": "04567890", "business_scope": "货物进出口；技术进出口"},
//!    "customs_registration": {"code": "3302960ABC", "receipt_issued_on": "2023-12-20",
//!                             "receipt_valid_until": "2026-12-19"},
//!    "eport_certificate": {"no": "EP-1", "expires_on": "2027-03-31"},
//!    "aeo": "general", "yearly_trade_usd": "6500000", "violations": 0,
//!    "changes": [{"kind": "legal_representative", "changed_on": "2026-10-09", "filed_on": null}]
//!  }],
//!  "supply_chains": [{"name": "电池出口美国", "members": ["91330200MA2XXXXX1", "…"]}]}
//! ```
//!
//! `receipt_valid_until` may be left out: it is then `receipt_issued_on` + 3 years − 1 day.
//! Dates in the wrong order (valid until before issued, filed before changed) are errors.

use crate::json_input::{FieldReader, child, element, parse_json};
use crate::qualifications::{
    AeoLevel, ChangeKind, CustomsRegistration, EportCertificate, ForeignTradeRegistration, Party,
    PartyRole, RegistrationChange, Registry, SupplyChain, filing_receipt_valid_until,
};
use model::{InputError, Text};
use serde_json::{Map, Value};

/// What reading a qualifications file gave: the registry it could build, and every problem.
#[derive(Debug, Default)]
pub struct QualificationsOutcome {
    /// The parties and chains that could be read.
    pub registry: Registry,
    /// Every problem, each with its JSON path.
    pub errors: Vec<InputError>,
}

/// Reads a qualifications file.
pub fn parse_qualifications(text: &str) -> QualificationsOutcome {
    let mut outcome = QualificationsOutcome::default();
    let root = match parse_json(text) {
        Ok(root) => root,
        Err(error) => {
            outcome.errors.push(error);
            return outcome;
        }
    };
    let mut reader = FieldReader::default();
    let Some(object) = reader.object(&root, "", ("资质文件", "a qualifications file")) else {
        outcome.errors = reader.errors;
        return outcome;
    };
    if !object.contains_key("parties") {
        reader.expected(
            "parties",
            "企业与代理的数组",
            "an array of enterprises and agencies",
        );
    }
    for (index, item) in reader.array(object, "parties", "").iter().enumerate() {
        let path = element("parties", index);
        if let Some(party) = read_party(&mut reader, item, &path) {
            if outcome.registry.party(&party.id).is_some() {
                reader.problem(
                    &child(&path, "id"),
                    Text::new(
                        format!("`{}` 重复出现", party.id),
                        format!("`{}` appears twice", party.id),
                    ),
                );
                continue;
            }
            outcome.registry.parties.push(party);
        }
    }
    for (index, item) in reader.array(object, "supply_chains", "").iter().enumerate() {
        let path = element("supply_chains", index);
        if let Some(chain) = read_chain(&mut reader, item, &path, &outcome.registry) {
            outcome.registry.supply_chains.push(chain);
        }
    }
    outcome.errors = reader.errors;
    outcome
}

fn read_party(reader: &mut FieldReader, item: &Value, path: &str) -> Option<Party> {
    let object = reader.object(item, path, ("企业或代理", "an enterprise or agency"))?;
    let id = reader.string(object, "id", path)?;
    let role = match reader.optional_string(object, "role", path).as_deref() {
        None | Some("enterprise") | Some("企业") => PartyRole::Enterprise,
        Some("agency") | Some("agent") | Some("代理") | Some("报关行") => PartyRole::Agency,
        Some(other) => {
            reader.expected(
                &child(path, "role"),
                format!("enterprise 或 agency（得到 `{other}`）"),
                format!("enterprise or agency (got `{other}`)"),
            );
            PartyRole::Enterprise
        }
    };
    let aeo = match reader.optional_string(object, "aeo", path) {
        None => AeoLevel::None,
        Some(text) => AeoLevel::from_key(&text).unwrap_or_else(|| {
            reader.expected(
                &child(path, "aeo"),
                format!("none、general 或 advanced（得到 `{text}`）"),
                format!("none, general or advanced (got `{text}`)"),
            );
            AeoLevel::None
        }),
    };
    Some(Party {
        name: reader
            .optional_string(object, "name", path)
            .unwrap_or_else(|| id.clone()),
        id,
        role,
        foreign_trade: section(
            reader,
            object,
            "foreign_trade_registration",
            path,
            read_foreign_trade,
        ),
        customs: section(reader, object, "customs_registration", path, read_customs),
        eport: section(reader, object, "eport_certificate", path, read_eport),
        aeo,
        yearly_trade_usd: reader.optional_decimal(object, "yearly_trade_usd", path),
        violations: reader
            .optional_count(object, "violations", path)
            .unwrap_or(0),
        changes: read_changes(reader, object, path),
    })
}

/// Reads an optional sub-object with `read`.
fn section<T>(
    reader: &mut FieldReader,
    object: &Map<String, Value>,
    key: &str,
    path: &str,
    read: fn(&mut FieldReader, &Map<String, Value>, &str) -> Option<T>,
) -> Option<T> {
    let value = object.get(key).filter(|value| !value.is_null())?;
    let section_path = child(path, key);
    let section = reader.object(value, &section_path, ("对象", "an object"))?;
    read(reader, section, &section_path)
}

fn read_foreign_trade(
    reader: &mut FieldReader,
    object: &Map<String, Value>,
    path: &str,
) -> Option<ForeignTradeRegistration> {
    Some(ForeignTradeRegistration {
        no: reader.optional_string(object, "no", path),
        business_scope: reader
            .string(object, "business_scope", path)
            .unwrap_or_default(),
    })
}

fn read_customs(
    reader: &mut FieldReader,
    object: &Map<String, Value>,
    path: &str,
) -> Option<CustomsRegistration> {
    let issued = reader.optional_date(object, "receipt_issued_on", path);
    let given_until = reader.optional_date(object, "receipt_valid_until", path);
    let valid_until = match (issued, given_until) {
        (Some(issued), Some(until)) if until < issued => {
            reader.problem(
                &child(path, "receipt_valid_until"),
                Text::new(
                    format!("日期顺序错误：有效期至 {until} 早于签发日 {issued}"),
                    format!("dates in the wrong order: valid until {until} is before the issue date {issued}"),
                ),
            );
            return None;
        }
        (_, Some(until)) => until,
        (Some(issued), None) => filing_receipt_valid_until(issued)?,
        (None, None) => {
            reader.expected(
                &child(path, "receipt_issued_on"),
                "备案回执签发日或有效期（receipt_valid_until）",
                "the filing receipt's issue date or its receipt_valid_until",
            );
            return None;
        }
    };
    Some(CustomsRegistration {
        code: reader.optional_string(object, "code", path),
        receipt_issued_on: issued,
        receipt_valid_until: valid_until,
    })
}

fn read_eport(
    reader: &mut FieldReader,
    object: &Map<String, Value>,
    path: &str,
) -> Option<EportCertificate> {
    Some(EportCertificate {
        no: reader.optional_string(object, "no", path),
        expires_on: reader.date(object, "expires_on", path)?,
    })
}

fn read_changes(
    reader: &mut FieldReader,
    object: &Map<String, Value>,
    path: &str,
) -> Vec<RegistrationChange> {
    let list_path = child(path, "changes");
    let mut changes = Vec::new();
    for (index, item) in reader.array(object, "changes", path).iter().enumerate() {
        let change_path = element(&list_path, index);
        let Some(change) = reader.object(item, &change_path, ("变更", "a change")) else {
            continue;
        };
        let kind = match reader.string(change, "kind", &change_path).as_deref() {
            Some("legal_representative") | Some("法定代表人") => {
                ChangeKind::LegalRepresentative
            }
            Some("business_scope") | Some("经营范围") => ChangeKind::BusinessScope,
            Some(other) => ChangeKind::Other(other.to_owned()),
            None => continue,
        };
        let Some(changed_on) = reader.date(change, "changed_on", &change_path) else {
            continue;
        };
        let filed_on = reader.optional_date(change, "filed_on", &change_path);
        if let Some(filed) = filed_on.filter(|filed| *filed < changed_on) {
            reader.problem(
                &child(&change_path, "filed_on"),
                Text::new(
                    format!("日期顺序错误：备案日 {filed} 早于变更日 {changed_on}"),
                    format!("dates in the wrong order: filed on {filed}, before the change on {changed_on}"),
                ),
            );
            continue;
        }
        changes.push(RegistrationChange {
            kind,
            changed_on,
            filed_on,
        });
    }
    changes
}

fn read_chain(
    reader: &mut FieldReader,
    item: &Value,
    path: &str,
    registry: &Registry,
) -> Option<SupplyChain> {
    let object = reader.object(item, path, ("供应链", "a supply chain"))?;
    let name = reader.string(object, "name", path)?;
    let members_path = child(path, "members");
    let mut members = Vec::new();
    for (index, member) in reader
        .strings(object, "members", path)
        .into_iter()
        .enumerate()
    {
        if registry.party(&member).is_none() {
            reader.problem(
                &element(&members_path, index),
                Text::new(
                    format!("应为 parties 中的企业或代理（`{member}` 未登记）"),
                    format!("expected a party of `parties` (`{member}` is not listed)"),
                ),
            );
            continue;
        }
        members.push(member);
    }
    if members.is_empty() {
        reader.expected(&members_path, "至少一个成员", "at least one member");
        return None;
    }
    Some(SupplyChain { name, members })
}

/// Reads one party (an element of `parties`) from a JSON value; error paths are relative to
/// it (`customs_registration.receipt_valid_until`). The party is answered only when every
/// field could be read.
pub fn parse_party_value(value: &Value) -> (Option<Party>, Vec<InputError>) {
    let mut reader = FieldReader::default();
    let party = read_party(&mut reader, value, "");
    let party = party.filter(|_| reader.errors.is_empty());
    (party, reader.errors)
}
