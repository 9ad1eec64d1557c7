//! The lenient bundle parser: JSON text in, the bundle it could build plus every problem.

use crate::bundle::*;
use crate::decimal::{DecimalError, parse_decimal_text};
use crate::{
    CommodityCode, CompactString, Decimal, Elements, InputError, JsonPath, Text, normalize_code,
};
use serde_json::{Map, Value};

/// What parsing one bundle gave: the bundle (when the text was a JSON object) and every
/// problem found on the way. An outcome with `bundle: None` could not be read at all.
#[derive(Debug, Default)]
pub struct ParseOutcome {
    /// The bundle, with unreadable fields left empty.
    pub bundle: Option<Bundle>,
    /// Every problem, each with its JSON path.
    pub errors: Vec<InputError>,
}

/// Parses a bundle from JSON text. Invalid JSON yields no bundle and one error naming the
/// line and column; anything else yields a bundle and the list of field problems.
pub fn parse_bundle(text: &str) -> ParseOutcome {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A clean bundle is read straight into the model; the lenient reader below names the
    // problems of any other (both build the same bundle where both succeed).
    if let Some(bundle) = crate::fast::read_clean(text) {
        return ParseOutcome {
            bundle: Some(bundle),
            errors: Vec::new(),
        };
    }
    match serde_json::from_str::<Value>(text) {
        Ok(value) => parse_bundle_value(&value),
        Err(error) => ParseOutcome {
            bundle: None,
            errors: vec![InputError::new(
                format!("line {}, column {}", error.line(), error.column()),
                Text::new(
                    format!("不是有效的 JSON：{}", json_error_zh(&error)),
                    format!("not valid JSON: {error}"),
                ),
            )],
        },
    }
}

fn json_error_zh(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match error.classify() {
        Category::Eof => "文件意外结束".to_string(),
        Category::Syntax => "语法错误".to_string(),
        Category::Io => "读取失败".to_string(),
        Category::Data => "数据类型错误".to_string(),
    }
}

/// Parses a bundle from an already parsed JSON value.
pub fn parse_bundle_value(value: &Value) -> ParseOutcome {
    let mut reader = Reader { errors: Vec::new() };
    let root = JsonPath::Root;
    let Some(object) = value.as_object() else {
        reader.error(
            &root,
            "整个文件应是一个 JSON 对象（一票货）",
            "expected a JSON object (one shipment)",
        );
        return ParseOutcome {
            bundle: None,
            errors: reader.errors,
        };
    };
    let bundle = reader.bundle(object, &root);
    ParseOutcome {
        bundle: Some(bundle),
        errors: reader.errors,
    }
}

struct Reader {
    errors: Vec<InputError>,
}

impl Reader {
    fn error(&mut self, path: &JsonPath<'_>, zh: impl Into<String>, en: impl Into<String>) {
        self.errors
            .push(InputError::new(path.to_string(), Text::new(zh, en)));
    }

    fn bundle(&mut self, object: &Map<String, Value>, root: &JsonPath<'_>) -> Bundle {
        Bundle {
            id: self.string(object, root, "id"),
            direction: self.direction(object, root),
            declaration: self.document(object, root, "declaration", Self::declaration),
            invoice: self.document(object, root, "invoice", Self::commercial),
            packing_list: self.document(object, root, "packing_list", Self::commercial),
            contract: self.document(object, root, "contract", Self::commercial),
            bill_of_lading: self.document(object, root, "bill_of_lading", Self::bill_of_lading),
            agent_certificate: self.document(
                object,
                root,
                "agent_certificate",
                Self::agent_certificate,
            ),
            certificate_of_origin: self.document(
                object,
                root,
                "certificate_of_origin",
                Self::certificate_of_origin,
            ),
            agency_agreement: self.document(
                object,
                root,
                "agency_agreement",
                Self::agency_agreement,
            ),
            attachments: self.attachments(object, root),
        }
    }

    fn document<T>(
        &mut self,
        object: &Map<String, Value>,
        parent: &JsonPath<'_>,
        key: &str,
        read: fn(&mut Self, &Map<String, Value>, &JsonPath<'_>) -> T,
    ) -> Option<T> {
        let path = parent.field(key);
        match object.get(key)? {
            Value::Null => None,
            Value::Object(map) => Some(read(self, map, &path)),
            _ => {
                self.error(&path, "应是 JSON 对象", "expected an object");
                None
            }
        }
    }

    fn direction(&mut self, object: &Map<String, Value>, root: &JsonPath<'_>) -> Option<Direction> {
        let text = self.string(object, root, "direction")?;
        match text.to_ascii_lowercase().as_str() {
            "export" | "e" | "出口" => Some(Direction::Export),
            "import" | "i" | "进口" => Some(Direction::Import),
            _ => {
                self.error(
                    &root.field("direction"),
                    format!("进出口方向 `{text}` 无效，应为 export 或 import"),
                    format!("unknown direction `{text}`: expected `export` or `import`"),
                );
                None
            }
        }
    }

    fn declaration(&mut self, map: &Map<String, Value>, path: &JsonPath<'_>) -> Declaration {
        Declaration {
            entry_id: self.string(map, path, "entry_id"),
            customs_office: self.code(map, path, "customs_office"),
            port_office: self.code(map, path, "port_office"),
            trade_mode: self.code(map, path, "trade_mode"),
            transaction_terms: self.code(map, path, "transaction_terms"),
            transport_mode: self.code(map, path, "transport_mode"),
            currency: self.code(map, path, "currency"),
            trade_country: self.code(map, path, "trade_country"),
            destination_country: self.code(map, path, "destination_country"),
            contract_no: self.string(map, path, "contract_no"),
            gross_weight_kg: self.amount(map, path, "gross_weight_kg"),
            net_weight_kg: self.amount(map, path, "net_weight_kg"),
            packages: self.count(map, path, "packages"),
            package_kind: self.code(map, path, "package_kind"),
            bl_no: self.string(map, path, "bl_no"),
            vessel: self.string(map, path, "vessel"),
            voyage: self.string(map, path, "voyage"),
            attached_documents: self.string_list(map, path, "attached_documents"),
            total_amount: self.amount(map, path, "total_amount"),
            lines: self.lines(map, path, Self::declaration_line),
        }
    }

    fn declaration_line(
        &mut self,
        map: &Map<String, Value>,
        path: &JsonPath<'_>,
        position: u32,
    ) -> DeclarationLine {
        DeclarationLine {
            no: self.line_no(map, path, position),
            hs_code: self.commodity_code(map, path, "hs_code"),
            name: self.string(map, path, "name"),
            name_en: self.string(map, path, "name_en"),
            elements: self.elements(map, path),
            quantity: self.amount(map, path, "quantity"),
            unit: self.code(map, path, "unit"),
            legal_quantity: self.amount(map, path, "legal_quantity"),
            legal_unit: self.code(map, path, "legal_unit"),
            second_quantity: self.amount(map, path, "second_quantity"),
            second_unit: self.code(map, path, "second_unit"),
            unit_price: self.amount(map, path, "unit_price"),
            amount: self.amount(map, path, "amount"),
            currency: self.code(map, path, "currency"),
            origin_country: self.code(map, path, "origin_country"),
            destination_country: self.code(map, path, "destination_country"),
        }
    }

    fn commercial(&mut self, map: &Map<String, Value>, path: &JsonPath<'_>) -> CommercialDocument {
        CommercialDocument {
            no: self.string(map, path, "no"),
            date: self.date(map, path, "date"),
            currency: self.code(map, path, "currency"),
            total_amount: self.amount(map, path, "total_amount"),
            packages: self.count(map, path, "packages"),
            gross_weight_kg: self.amount(map, path, "gross_weight_kg"),
            net_weight_kg: self.amount(map, path, "net_weight_kg"),
            lines: self.lines(map, path, Self::goods_line),
        }
    }

    fn goods_line(
        &mut self,
        map: &Map<String, Value>,
        path: &JsonPath<'_>,
        position: u32,
    ) -> GoodsLine {
        GoodsLine {
            no: self.line_no(map, path, position),
            name: self.string(map, path, "name"),
            name_en: self.string(map, path, "name_en"),
            hs_code: self.commodity_code(map, path, "hs_code"),
            quantity: self.amount(map, path, "quantity"),
            unit: self.code(map, path, "unit"),
            unit_price: self.amount(map, path, "unit_price"),
            amount: self.amount(map, path, "amount"),
            packages: self.count(map, path, "packages"),
            gross_weight_kg: self.amount(map, path, "gross_weight_kg"),
            net_weight_kg: self.amount(map, path, "net_weight_kg"),
        }
    }

    fn bill_of_lading(&mut self, map: &Map<String, Value>, path: &JsonPath<'_>) -> BillOfLading {
        BillOfLading {
            no: self.string(map, path, "no"),
            vessel: self.string(map, path, "vessel"),
            voyage: self.string(map, path, "voyage"),
            packages: self.count(map, path, "packages"),
            gross_weight_kg: self.amount(map, path, "gross_weight_kg"),
            net_weight_kg: self.amount(map, path, "net_weight_kg"),
            description: self.string(map, path, "description"),
        }
    }

    fn agent_certificate(
        &mut self,
        map: &Map<String, Value>,
        path: &JsonPath<'_>,
    ) -> AgentCertificate {
        AgentCertificate {
            no: self.string(map, path, "no"),
            lines: self.lines(map, path, Self::goods_line),
        }
    }

    fn certificate_of_origin(
        &mut self,
        map: &Map<String, Value>,
        path: &JsonPath<'_>,
    ) -> CertificateOfOrigin {
        CertificateOfOrigin {
            no: self.string(map, path, "no"),
            agreement: self.string(map, path, "agreement"),
            origin_country: self.code(map, path, "origin_country"),
            lines: self.lines(map, path, |reader, line, line_path, position| OriginLine {
                no: reader.line_no(line, line_path, position),
                hs_code: reader.commodity_code(line, line_path, "hs_code"),
                criterion: reader.string(line, line_path, "criterion"),
                origin_country: reader.code(line, line_path, "origin_country"),
            }),
        }
    }

    fn agency_agreement(
        &mut self,
        map: &Map<String, Value>,
        path: &JsonPath<'_>,
    ) -> AgencyAgreement {
        AgencyAgreement {
            no: self.string(map, path, "no"),
            joint_liability_clause: self.boolean(map, path, "joint_liability_clause"),
        }
    }

    fn attachments(&mut self, object: &Map<String, Value>, root: &JsonPath<'_>) -> Vec<Attachment> {
        let path = root.field("attachments");
        let items = match object.get("attachments") {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::Array(items)) => items,
            Some(_) => {
                self.error(&path, "应是数组", "expected an array");
                return Vec::new();
            }
        };
        let mut attachments = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let item_path = path.index(index);
            let Some(map) = item.as_object() else {
                self.error(&item_path, "应是 JSON 对象", "expected an object");
                continue;
            };
            let Some(kind) = self.string(map, &item_path, "kind") else {
                self.error(
                    &item_path.field("kind"),
                    "缺少单证种类 kind",
                    "the attachment `kind` is missing",
                );
                continue;
            };
            attachments.push(Attachment {
                kind: kind.to_ascii_lowercase(),
                code: self.code(map, &item_path, "code"),
                no: self.string(map, &item_path, "no"),
            });
        }
        attachments
    }

    fn lines<T>(
        &mut self,
        map: &Map<String, Value>,
        path: &JsonPath<'_>,
        read: impl Fn(&mut Self, &Map<String, Value>, &JsonPath<'_>, u32) -> T,
    ) -> Vec<T> {
        let lines_path = path.field("lines");
        let items = match map.get("lines") {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::Array(items)) => items,
            Some(_) => {
                self.error(
                    &lines_path,
                    "商品行 lines 应是数组",
                    "expected an array of lines",
                );
                return Vec::new();
            }
        };
        let mut lines = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let line_path = lines_path.index(index);
            match item.as_object() {
                Some(line) => {
                    let position = u32::try_from(index + 1).unwrap_or(u32::MAX);
                    lines.push(read(self, line, &line_path, position));
                }
                None => self.error(
                    &line_path,
                    "商品行应是 JSON 对象",
                    "expected an object (one line)",
                ),
            }
        }
        lines
    }

    fn line_no(&mut self, map: &Map<String, Value>, path: &JsonPath<'_>, position: u32) -> u32 {
        match self.count(map, path, "no") {
            Some(no) if (1..=u64::from(u32::MAX)).contains(&no) => no as u32,
            Some(_) => {
                self.error(
                    &path.field("no"),
                    "行号应从 1 开始",
                    "a line number starts at 1",
                );
                position
            }
            None => position,
        }
    }

    fn string(
        &mut self,
        map: &Map<String, Value>,
        path: &JsonPath<'_>,
        key: &str,
    ) -> Option<CompactString> {
        match map.get(key)? {
            Value::Null => None,
            Value::String(text) => {
                let trimmed = text.trim();
                (!trimmed.is_empty()).then(|| CompactString::from(trimmed))
            }
            Value::Number(number) => Some(CompactString::from(number.as_str())),
            Value::Bool(_) | Value::Array(_) | Value::Object(_) => {
                self.error(&path.field(key), "应是文本", "expected a string");
                None
            }
        }
    }

    fn code(
        &mut self,
        map: &Map<String, Value>,
        path: &JsonPath<'_>,
        key: &str,
    ) -> Option<CompactString> {
        let text = self.string(map, path, key)?;
        let code = normalize_code(&text);
        (!code.is_empty()).then_some(code)
    }

    fn commodity_code(
        &mut self,
        map: &Map<String, Value>,
        path: &JsonPath<'_>,
        key: &str,
    ) -> Option<CommodityCode> {
        let text = self.string(map, path, key)?;
        CommodityCode::parse(&text)
    }

    fn date(
        &mut self,
        map: &Map<String, Value>,
        path: &JsonPath<'_>,
        key: &str,
    ) -> Option<CompactString> {
        let text = self.string(map, path, key)?;
        if is_iso_date(&text) {
            Some(text)
        } else {
            self.error(
                &path.field(key),
                format!("日期 `{text}` 应为 ISO 8601 格式（2026-10-09）"),
                format!("`{text}` is not an ISO 8601 date (2026-10-09)"),
            );
            None
        }
    }

    fn boolean(
        &mut self,
        map: &Map<String, Value>,
        path: &JsonPath<'_>,
        key: &str,
    ) -> Option<bool> {
        match map.get(key)? {
            Value::Null => None,
            Value::Bool(value) => Some(*value),
            Value::String(text) => match text.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "是" | "有" => Some(true),
                "false" | "no" | "否" | "无" => Some(false),
                _ => {
                    self.error(
                        &path.field(key),
                        "应是 true 或 false",
                        "expected true or false",
                    );
                    None
                }
            },
            _ => {
                self.error(
                    &path.field(key),
                    "应是 true 或 false",
                    "expected true or false",
                );
                None
            }
        }
    }

    fn string_list(
        &mut self,
        map: &Map<String, Value>,
        path: &JsonPath<'_>,
        key: &str,
    ) -> Vec<CompactString> {
        let list_path = path.field(key);
        match map.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(text)) => split_list(text),
            Some(Value::Array(items)) => {
                let mut list = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    match item {
                        Value::String(text) if !text.trim().is_empty() => {
                            list.push(CompactString::from(text.trim()))
                        }
                        Value::String(_) | Value::Null => {}
                        Value::Number(number) => list.push(CompactString::from(number.as_str())),
                        _ => self.error(&list_path.index(index), "应是文本", "expected a string"),
                    }
                }
                list
            }
            Some(_) => {
                self.error(&list_path, "应是文本数组", "expected an array of strings");
                Vec::new()
            }
        }
    }

    fn elements(&mut self, map: &Map<String, Value>, path: &JsonPath<'_>) -> Elements {
        match map.get("elements") {
            None | Some(Value::Null) => Elements::default(),
            Some(Value::String(raw)) => Elements::parse_raw(raw),
            Some(Value::Object(pairs)) => {
                let element_path = path.field("elements");
                let mut named = Vec::with_capacity(pairs.len());
                for (name, value) in pairs {
                    match value {
                        Value::String(text) => named.push((name.clone(), text.clone())),
                        Value::Number(number) => named.push((name.clone(), number.to_string())),
                        Value::Bool(flag) => named.push((name.clone(), flag.to_string())),
                        Value::Null => named.push((name.clone(), String::new())),
                        _ => self.error(
                            &element_path.field(name),
                            "申报要素的值应是文本",
                            "expected a string",
                        ),
                    }
                }
                Elements::from_pairs(named)
            }
            Some(_) => {
                self.error(
                    &path.field("elements"),
                    "申报要素应是对象或“名称:值|…”文本",
                    "expected an object or a `name:value|…` string",
                );
                Elements::default()
            }
        }
    }

    /// A non-negative exact decimal (amount, quantity, weight, price).
    fn amount(
        &mut self,
        map: &Map<String, Value>,
        path: &JsonPath<'_>,
        key: &str,
    ) -> Option<Decimal> {
        let text: &str = match map.get(key)? {
            Value::Null => return None,
            Value::Number(number) => number.as_str(),
            Value::String(text) if text.trim().is_empty() => return None,
            Value::String(text) => text,
            _ => {
                self.error(
                    &path.field(key),
                    "应是数字或数字文本",
                    "expected a number or a decimal string",
                );
                return None;
            }
        };
        match parse_decimal_text(text) {
            Ok(value) if value.is_sign_negative() && !value.is_zero() => {
                self.error(
                    &path.field(key),
                    format!("数值 `{text}` 不能为负"),
                    format!("`{text}` must not be negative"),
                );
                None
            }
            Ok(value) => Some(value),
            Err(DecimalError::NotANumber) => {
                self.error(
                    &path.field(key),
                    format!("`{text}` 不是数字"),
                    format!("`{text}` is not a number: expected a decimal such as `12500.00`"),
                );
                None
            }
            Err(DecimalError::OutOfRange) => {
                self.error(
                    &path.field(key),
                    format!("数值 `{}` 超出合理范围（应小于 10^15）", shorten(text)),
                    format!("`{}` is out of range (must be below 10^15)", shorten(text)),
                );
                None
            }
        }
    }

    /// A non-negative whole number (packages, line numbers).
    fn count(&mut self, map: &Map<String, Value>, path: &JsonPath<'_>, key: &str) -> Option<u64> {
        let value = self.amount(map, path, key)?;
        if let Ok(count) = count_of(value) {
            count
        } else {
            self.error(
                &path.field(key),
                format!("`{value}` 应是不大于 10 亿的整数"),
                format!("`{value}` must be a whole number up to 1,000,000,000"),
            );
            None
        }
    }
}

/// A count from a decimal: `Err` when it is not a whole number up to 10^9.
pub(crate) fn count_of(value: Decimal) -> Result<Option<u64>, ()> {
    if value.fract().is_zero() && value <= Decimal::from(1_000_000_000_u64) {
        Ok(rust_decimal::prelude::ToPrimitive::to_u64(&value.trunc()))
    } else {
        Err(())
    }
}

/// True when `serde_json::Map` iterates in key order (without its `preserve_order` feature,
/// which some other crate of a build could switch on): declaration elements given as an
/// object come in that order.
pub(crate) fn maps_sort_keys() -> bool {
    static SORTED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *SORTED.get_or_init(|| {
        let mut map = Map::new();
        map.insert("b".to_string(), Value::Null);
        map.insert("a".to_string(), Value::Null);
        map.keys().next().is_some_and(|key| key == "a")
    })
}

fn shorten(text: &str) -> String {
    if text.chars().count() > 24 {
        let head: String = text.chars().take(24).collect();
        format!("{head}…")
    } else {
        text.to_string()
    }
}

/// Splits the attached-documents column written as one string (`Y2026000123, Y2026000124`).
pub(crate) fn split_list(text: &str) -> Vec<CompactString> {
    text.split([',', ';', '，', '；', '|'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(CompactString::from)
        .collect()
}

/// `YYYY-MM-DD` with a plausible month and day (full calendar checks belong to the rules).
pub(crate) fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < 10 {
        return false;
    }
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && bytes[4] == b'-' && digits(5..7) && bytes[7] == b'-' && digits(8..10)) {
        return false;
    }
    let month = (bytes[5] - b'0') * 10 + (bytes[6] - b'0');
    let day = (bytes[8] - b'0') * 10 + (bytes[9] - b'0');
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_in_any_written_form() {
        let cases = [
            ("50", Some(50)),
            ("\"50.00\"", Some(50)),
            ("5e1", Some(50)),
            ("0", Some(0)),
            ("\"50.5\"", None),
        ];
        for (written, expected) in cases {
            let text = format!(r#"{{"declaration": {{"packages": {written}}}}}"#);
            let outcome = parse_bundle(&text);
            let packages = outcome
                .bundle
                .and_then(|b| b.declaration)
                .and_then(|d| d.packages);
            assert_eq!(packages, expected, "{written}");
        }
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let text = r#"{"direction": "sideways", "declaration": {"packages": -1, "lines": [
            {"quantity": "abc", "amount": 1e400}, "not a line", {"no": 0, "unit_price": "12,50"}]},
            "invoice": [], "attachments": [{"no": "X"}]}"#;
        let outcome = parse_bundle(text);
        let paths: Vec<&str> = outcome.errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "direction",
                "declaration.packages",
                "declaration.lines[0].quantity",
                "declaration.lines[0].amount",
                "declaration.lines[1]",
                "declaration.lines[2].no",
                "declaration.lines[2].unit_price",
                "invoice",
                "attachments[0].kind",
            ]
        );
        assert!(outcome.bundle.is_some());
    }

    #[test]
    fn numbers_keep_their_exact_text() {
        let outcome =
            parse_bundle(r#"{"declaration": {"total_amount": 12500.10, "gross_weight_kg": 0.1}}"#);
        let declaration = outcome.bundle.and_then(|b| b.declaration).unwrap();
        assert_eq!(declaration.total_amount.unwrap().to_string(), "12500.10");
        assert_eq!(declaration.gross_weight_kg.unwrap().to_string(), "0.1");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_parses_without_panic(text in "\\PC{0,200}") {
            let _ = parse_bundle(&text);
        }

        #[test]
        fn any_json_shape_parses_without_panic(
            quantity in prop_oneof![Just("null".to_string()), "-?[0-9]{0,30}(\\.[0-9]{0,30})?", "\"\\PC{0,12}\"", Just("[]".to_string()), Just("{}".to_string())],
            no in prop_oneof![Just("1".to_string()), Just("-5".to_string()), Just("1.5".to_string()), Just("\"x\"".to_string())],
        ) {
            let text = format!(r#"{{"declaration": {{"lines": [{{"no": {no}, "quantity": {quantity}, "amount": {quantity}}}]}}}}"#);
            let outcome = parse_bundle(&text);
            prop_assert!(outcome.bundle.is_some() || !outcome.errors.is_empty());
        }
    }
}
