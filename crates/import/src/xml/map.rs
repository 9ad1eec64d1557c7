//! From the scanned DecMessage records to the model's declaration, goods lines and attachments.
//!
//! Codes are kept as written (old numeric `502` or new `USD`): the rules resolve both.
//!
//! **Origin and destination are not swapped for exports.** Two generators report that export
//! messages carry the origin (`CHN`) in `DestinationCountry` and the destination in
//! `OriginCountry`; no official text confirms it, so the importer keeps each element in the
//! field of its name and leaves the judgement to the rules.

use super::scan::{Block, Field, Record};
use crate::number::{half_width, is_placeholder};
use model::{
    Attachment, CommodityCode, CompactString, Decimal, DecimalError, Declaration, DeclarationLine,
    Direction, Elements, Text, normalize_code, parse_decimal_text,
};

/// What the records gave.
#[derive(Debug, Default)]
pub struct MappedMessage {
    /// The declaration.
    pub declaration: Declaration,
    /// `I` / `E` of the head.
    pub direction: Option<Direction>,
    /// The shipment's reference: the client's `DecSign/ClientSeqNo`, else the `EntryId`.
    pub id: Option<CompactString>,
    /// The licences of `DecLicenseDocus` as `{"kind": "licence", "code", "no"}`.
    pub attachments: Vec<Attachment>,
    /// Every malformed value.
    pub errors: Vec<LocatedError>,
}

/// Turns the records into the model.
pub fn map_records(records: &[Record]) -> MappedMessage {
    let mut mapper = Mapper { errors: Vec::new() };
    let head = records.iter().find(|r| r.block == Block::Head);
    let free_text = records.iter().find(|r| r.block == Block::FreeText);
    let sign = records.iter().find(|r| r.block == Block::Sign);
    let mut declaration = Declaration::default();
    let mut direction = None;
    if let Some(head) = head {
        direction = mapper.direction(head);
        mapper.head(head, &mut declaration);
    }
    declaration.voyage = free_text
        .and_then(|free| mapper.text(free, &["VoyNo"]))
        .or_else(|| head.and_then(|h| mapper.text(h, &["VoyNo"])));
    split_vessel_and_voyage(&mut declaration);

    let mut position = 0_u32;
    for line in records.iter().filter(|r| r.block == Block::Line) {
        position = position.saturating_add(1);
        let mapped = mapper.line(line, position);
        if declaration.lines.iter().any(|l| l.no == mapped.no)
            && let Some(field) = line.get(&["GNo"])
        {
            let no = mapped.no;
            mapper.error(
                    line,
                    Some(position),
                    field,
                    format!("商品序号 {no} 重复出现，其他单证的行无法与之对应"),
                    format!("the line number {no} is used twice: other documents' lines cannot be matched to it"),
                );
        }
        declaration.lines.push(mapped);
    }
    settle_currency_and_total(&mut declaration);

    let mut attachments = Vec::new();
    for record in records {
        match record.block {
            Block::LicenceDocument => {
                let code = mapper.code(record, &["DocuCode"]);
                let number = mapper.document_number(record, &["CertCode"]);
                if let Some(number) = &number {
                    push_unique(&mut declaration.attached_documents, number);
                }
                if code.is_some() || number.is_some() {
                    let attachment = Attachment {
                        kind: "licence".into(),
                        code,
                        no: number,
                    };
                    if !attachments.contains(&attachment) {
                        attachments.push(attachment);
                    }
                }
            }
            Block::ElectronicDocument => {
                if let Some(number) = mapper.document_number(record, &["EdocID", "EdocId"]) {
                    push_unique(&mut declaration.attached_documents, &number);
                    // Kept as an attachment too, so that D001 knows what the number is.
                    let attachment = Attachment {
                        kind: "electronic_document".into(),
                        code: mapper.code(record, &["EdocCode"]),
                        no: Some(number),
                    };
                    if !attachments.contains(&attachment) {
                        attachments.push(attachment);
                    }
                }
            }
            Block::Head | Block::Line | Block::FreeText | Block::Sign => {}
        }
    }
    let id = sign
        .and_then(|s| mapper.document_number(s, &["ClientSeqNo"]))
        .or_else(|| declaration.entry_id.clone());
    MappedMessage {
        declaration,
        direction,
        id,
        attachments,
        errors: mapper.errors,
    }
}

fn push_unique(list: &mut Vec<CompactString>, value: &str) {
    if !list.iter().any(|existing| existing == value) {
        list.push(CompactString::from(value));
    }
}

/// Some producers write `VESSEL/VOYAGE` in `TrafName` and leave `VoyNo` empty.
fn split_vessel_and_voyage(declaration: &mut Declaration) {
    if declaration.voyage.is_some() {
        return;
    }
    let Some(vessel) = &declaration.vessel else {
        return;
    };
    if vessel.matches('/').count() != 1 {
        return;
    }
    if let Some((name, voyage)) = vessel.split_once('/') {
        let (name, voyage) = (name.trim(), voyage.trim());
        if !name.is_empty() && !voyage.is_empty() && voyage.chars().count() <= 12 {
            let (name, voyage) = (name.to_string(), voyage.to_string());
            declaration.vessel = Some(name.into());
            declaration.voyage = Some(voyage.into());
        }
    }
}

/// The declaration currency is the lines' currency when they all agree; the declared total is
/// then the sum of the line totals (the message carries no total of its own).
fn settle_currency_and_total(declaration: &mut Declaration) {
    let mut currencies = declaration
        .lines
        .iter()
        .filter_map(|l| l.currency.as_deref());
    let first = currencies.next();
    let agreed = match first {
        Some(first) if currencies.all(|c| c == first) => Some(first.to_string()),
        _ => None,
    };
    let mixed = first.is_some() && agreed.is_none();
    declaration.currency = agreed.map(Into::into);
    if mixed || declaration.lines.is_empty() {
        return;
    }
    let mut total = Some(Decimal::ZERO);
    for line in &declaration.lines {
        total = match (total, line.amount) {
            (Some(sum), Some(amount)) => sum.checked_add(amount),
            _ => None,
        };
    }
    declaration.total_amount = total;
}

struct Mapper {
    errors: Vec<LocatedError>,
}

/// A problem at a byte offset of the message; the offset becomes `line L, column C` later, in
/// one pass over the text for all problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedError {
    /// Byte offset of the element's start tag.
    pub offset: usize,
    /// `DecList[2]/GQty`, or empty for a problem of the whole message.
    pub element: String,
    /// What is wrong.
    pub message: Text,
}

/// Where a value sits: `DecHead/GrossWet`, `DecList[2]/GQty`.
fn element_path(record: &Record, position: Option<u32>, field: &Field) -> String {
    let block = match record.block {
        Block::Head => "DecHead",
        Block::Line => "DecList",
        Block::LicenceDocument => "LicenseDocu",
        Block::ElectronicDocument => "EdocRealation",
        Block::FreeText => "DecFreeTxt",
        Block::Sign => "DecSign",
    };
    match position {
        Some(position) => format!("{block}[{position}]/{}", field.name),
        None => format!("{block}/{}", field.name),
    }
}

impl Mapper {
    fn error(
        &mut self,
        record: &Record,
        position: Option<u32>,
        field: &Field,
        zh: String,
        en: String,
    ) {
        self.errors.push(LocatedError {
            offset: field.offset,
            element: element_path(record, position, field),
            message: Text::new(zh, en),
        });
    }

    fn text(&mut self, record: &Record, names: &[&str]) -> Option<CompactString> {
        record
            .get(names)
            .map(|field| CompactString::from(field.value.as_str()))
    }

    fn code(&mut self, record: &Record, names: &[&str]) -> Option<CompactString> {
        let code = normalize_code(&half_width(&record.get(names)?.value));
        (!code.is_empty()).then_some(code)
    }

    /// A certificate or document number; placeholders such as `######` are no number.
    fn document_number(&mut self, record: &Record, names: &[&str]) -> Option<CompactString> {
        let value = &record.get(names)?.value;
        (!is_placeholder(value)).then(|| CompactString::from(value.as_str()))
    }

    fn decimal(
        &mut self,
        record: &Record,
        position: Option<u32>,
        names: &[&str],
    ) -> Option<Decimal> {
        let field = record.get(names)?.clone();
        match parse_decimal_text(&half_width(&field.value)) {
            Ok(value) if value.is_sign_negative() && !value.is_zero() => {
                self.error(
                    record,
                    position,
                    &field,
                    format!("数值 `{}` 不能为负", field.value),
                    format!("`{}` must not be negative", field.value),
                );
                None
            }
            Ok(value) => Some(value),
            Err(DecimalError::NotANumber) => {
                self.error(
                    record,
                    position,
                    &field,
                    format!("`{}` 不是数字", shorten(&field.value)),
                    format!("`{}` is not a number", shorten(&field.value)),
                );
                None
            }
            Err(DecimalError::OutOfRange) => {
                self.error(
                    record,
                    position,
                    &field,
                    format!("数值 `{}` 超出合理范围", shorten(&field.value)),
                    format!("`{}` is out of range", shorten(&field.value)),
                );
                None
            }
        }
    }

    fn count(&mut self, record: &Record, position: Option<u32>, names: &[&str]) -> Option<u64> {
        let value = self.decimal(record, position, names)?;
        let whole = (value.fract().is_zero() && value <= Decimal::from(1_000_000_000_u64))
            .then(|| u64::try_from(value.trunc()).ok())
            .flatten();
        if whole.is_none()
            && let Some(field) = record.get(names).cloned()
        {
            self.error(
                record,
                position,
                &field,
                format!("`{}` 应是不大于 10 亿的整数", field.value),
                format!(
                    "`{}` must be a whole number up to 1,000,000,000",
                    field.value
                ),
            );
        }
        whole
    }

    fn direction(&mut self, head: &Record) -> Option<Direction> {
        let field = head.get(&["IEFlag"])?.clone();
        match field.value.trim().to_ascii_uppercase().as_str() {
            "E" => Some(Direction::Export),
            "I" => Some(Direction::Import),
            _ => {
                self.error(
                    head,
                    None,
                    &field,
                    format!("进出口标志 `{}` 无效，应为 I 或 E", field.value),
                    format!(
                        "unknown import/export flag `{}`: expected `I` or `E`",
                        field.value
                    ),
                );
                None
            }
        }
    }

    fn head(&mut self, head: &Record, declaration: &mut Declaration) {
        declaration.entry_id = self.text(head, &["EntryId"]);
        declaration.customs_office = self.code(head, &["CustomMaster"]);
        declaration.port_office = self.code(head, &["IEPort"]);
        declaration.trade_mode = self.code(head, &["TradeMode"]);
        declaration.transaction_terms = self.code(head, &["TransMode"]);
        declaration.transport_mode = self.code(head, &["TrafMode"]);
        // TradeAreaCode is the trading country (贸易国); TradeCountry the country of
        // destination / departure (运抵国 / 启运国). Pre-2018 messages have only TradeCountry.
        declaration.trade_country = self.code(head, &["TradeAreaCode", "TradeCountry"]);
        declaration.destination_country = self.code(head, &["TradeCountry"]);
        declaration.contract_no = self.text(head, &["ContrNo"]);
        declaration.gross_weight_kg = self.decimal(head, None, &["GrossWet", "GrossWt"]);
        declaration.net_weight_kg = self.decimal(head, None, &["NetWt", "NetWet"]);
        declaration.packages = self.count(head, None, &["PackNo"]);
        declaration.package_kind = self.code(head, &["WrapType"]);
        declaration.bl_no = self.text(head, &["BillNo"]);
        declaration.vessel = self.text(head, &["TrafName"]);
    }

    fn line(&mut self, line: &Record, position: u32) -> DeclarationLine {
        let at = Some(position);
        let no = match line.get(&["GNo"]).cloned() {
            None => position,
            Some(field) => match field.value.trim().parse::<u32>() {
                Ok(no) if no >= 1 => no,
                _ => {
                    self.error(
                        line,
                        at,
                        &field,
                        format!("商品序号 `{}` 应是从 1 开始的整数，已按位置记为 {position}", field.value),
                        format!(
                            "the line number `{}` is not a whole number from 1: taken as {position}, its position",
                            field.value
                        ),
                    );
                    position
                }
            },
        };
        if let Some(factor) = line.get(&["Factor"]).cloned()
            && parse_decimal_text(&factor.value).is_err()
        {
            self.error(
                line,
                at,
                &factor,
                format!(
                    "比例因子 `{}` 不是数字（该值不参与审核）",
                    shorten(&factor.value)
                ),
                format!(
                    "the unit factor `{}` is not a number (it takes no part in the checks)",
                    shorten(&factor.value)
                ),
            );
        }
        DeclarationLine {
            no,
            hs_code: line
                .get(&["CodeTS"])
                .and_then(|f| CommodityCode::parse(&half_width(&f.value))),
            name: self.text(line, &["GName"]),
            name_en: self.text(line, &["DeclGoodsEname"]),
            elements: line
                .get(&["GModel"])
                .map(|f| Elements::parse_raw(&f.value))
                .unwrap_or_default(),
            quantity: self.decimal(line, at, &["GQty"]),
            unit: self.code(line, &["GUnit"]),
            legal_quantity: self.decimal(line, at, &["FirstQty"]),
            legal_unit: self.code(line, &["FirstUnit"]),
            second_quantity: self.decimal(line, at, &["SecondQty"]),
            second_unit: self.code(line, &["SecondUnit"]),
            unit_price: self.decimal(line, at, &["DeclPrice"]),
            amount: self.decimal(line, at, &["DeclTotal"]),
            currency: self.code(line, &["TradeCurr"]),
            origin_country: self.code(line, &["OriginCountry"]),
            destination_country: self.code(line, &["DestinationCountry"]),
        }
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() > 32 {
        let head: String = text.chars().take(32).collect();
        format!("{head}…")
    } else {
        text.to_string()
    }
}
