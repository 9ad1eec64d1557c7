//! The lenient reader of the contract's JSON bill of materials (CONTRACT §6): every problem
//! is reported with its JSON path, like `model::parse_bundle` does.

use crate::bom::{
    BillOfMaterials, BomError, Costs, FieldReader, Material, Places, Product, split_operations,
};
use model::{InputError, JsonPath, Text};
use rust_decimal::Decimal;
use serde_json::{Map, Value};

/// Reads a bill of materials from the contract's JSON (CONTRACT §6).
pub fn parse_bom_json(text: &str) -> Result<BillOfMaterials, BomError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|error| BomError {
        errors: vec![InputError::new(
            format!("line {}, column {}", error.line(), error.column()),
            Text::new(
                format!(
                    "不是有效的 JSON（第 {} 行第 {} 列）",
                    error.line(),
                    error.column()
                ),
                format!("not valid JSON: {error}"),
            ),
        )],
    })?;
    let mut reader = FieldReader::default();
    let root = JsonPath::Root;
    let Some(object) = value.as_object() else {
        reader.error(
            root.to_string(),
            "物料清单应是一个 JSON 对象",
            "expected a JSON object (one bill of materials)",
        );
        return Err(BomError {
            errors: reader.errors,
        });
    };
    let bom = reader.bom(object, &root);
    match bom {
        Some(bom) if reader.errors.is_empty() => Ok(bom),
        _ => Err(BomError {
            errors: reader.errors,
        }),
    }
}

impl FieldReader {
    fn bom(&mut self, object: &Map<String, Value>, root: &JsonPath<'_>) -> Option<BillOfMaterials> {
        let agreement = self
            .text(object, root, "agreement")
            .map(|a| a.to_ascii_uppercase())
            .unwrap_or_else(|| "RCEP".to_string());
        let product_path = root.field("product");
        let product = match object.get("product") {
            Some(Value::Object(map)) => self.product(map, &product_path),
            _ => {
                self.missing(
                    &product_path.to_string(),
                    "产品 product（JSON 对象）",
                    "product object",
                );
                None
            }
        };
        let materials = self.materials(object, root);
        let costs = self.costs(object, root);
        let operations = self.operations(object, root);
        Some(BillOfMaterials {
            agreement,
            product: product?,
            materials,
            costs,
            operations,
        })
    }

    fn text(
        &mut self,
        map: &Map<String, Value>,
        parent: &JsonPath<'_>,
        key: &str,
    ) -> Option<String> {
        match map.get(key)? {
            Value::Null => None,
            Value::String(text) => Some(text.trim().to_string()).filter(|t| !t.is_empty()),
            Value::Number(number) => Some(number.to_string()),
            _ => {
                self.error(
                    parent.field(key).to_string(),
                    "应是文本",
                    "expected a string",
                );
                None
            }
        }
    }

    fn json_amount(
        &mut self,
        map: &Map<String, Value>,
        parent: &JsonPath<'_>,
        key: &str,
    ) -> Option<Decimal> {
        let written = match map.get(key)? {
            Value::Bool(_) | Value::Array(_) | Value::Object(_) => {
                self.error(
                    parent.field(key).to_string(),
                    "应是数字或数字文本",
                    "expected a number or a decimal string",
                );
                return None;
            }
            _ => self.text(map, parent, key)?,
        };
        self.amount(&written, &parent.field(key).to_string())
    }

    fn json_bool(
        &mut self,
        map: &Map<String, Value>,
        parent: &JsonPath<'_>,
        key: &str,
    ) -> Option<bool> {
        match map.get(key)? {
            Value::Null => None,
            Value::Bool(flag) => Some(*flag),
            Value::String(text) => self.yes_no(text, &parent.field(key).to_string()),
            _ => {
                self.error(
                    parent.field(key).to_string(),
                    "应是 true 或 false",
                    "expected true or false",
                );
                None
            }
        }
    }

    fn product(&mut self, map: &Map<String, Value>, path: &JsonPath<'_>) -> Option<Product> {
        let mut places = Places::default();
        for field in [
            "description",
            "hs",
            "hs_version",
            "fob",
            "currency",
            "exporting_party",
            "importing_party",
            "weight_kg",
            "psr",
        ] {
            places.set(field, path.field(field).to_string());
        }
        let hs_written = self.text(map, path, "hs");
        let hs = match &hs_written {
            Some(written) => self.hs(written, &places.of("hs")),
            None => {
                self.missing(&places.of("hs"), "产品 HS 编码", "product's HS code");
                None
            }
        };
        let hs_version = self
            .text(map, path, "hs_version")
            .and_then(|v| self.version(&v, &places.of("hs_version")));
        let fob = self.json_amount(map, path, "fob");
        if fob.is_none() && !map.contains_key("fob") {
            self.missing(&places.of("fob"), "FOB 价格", "FOB value");
        }
        let currency = self
            .text(map, path, "currency")
            .map(|c| c.to_ascii_uppercase());
        if currency.is_none() {
            self.missing(&places.of("currency"), "币制 currency", "currency");
        }
        let psr = self
            .text(map, path, "psr")
            .and_then(|text| self.rule(&text, &places.of("psr")));
        let product = Product {
            description: self.text(map, path, "description").unwrap_or_default(),
            hs_written: hs_written.unwrap_or_default(),
            hs: hs?,
            hs_version,
            fob: fob?,
            currency: currency?,
            exporting_party: self
                .text(map, path, "exporting_party")
                .map(|c| c.to_ascii_uppercase()),
            importing_party: self
                .text(map, path, "importing_party")
                .map(|c| c.to_ascii_uppercase()),
            weight_kg: self.json_amount(map, path, "weight_kg"),
            psr,
            wholly_obtained: self
                .json_bool(map, path, "wholly_obtained")
                .unwrap_or(false),
            places,
        };
        Some(product)
    }

    fn materials(&mut self, object: &Map<String, Value>, root: &JsonPath<'_>) -> Vec<Material> {
        let path = root.field("materials");
        let items = match object.get("materials") {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::Array(items)) => items,
            Some(_) => {
                self.error(
                    path.to_string(),
                    "materials 应是数组",
                    "expected an array of materials",
                );
                return Vec::new();
            }
        };
        let mut materials = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let item_path = path.index(index);
            let Some(map) = item.as_object() else {
                self.error(
                    item_path.to_string(),
                    "应是 JSON 对象",
                    "expected an object (one material)",
                );
                continue;
            };
            let mut places = Places::default();
            for field in [
                "description",
                "hs",
                "hs_version",
                "value",
                "originating",
                "origin_country",
                "weight_kg",
                "currency",
            ] {
                places.set(field, item_path.field(field).to_string());
            }
            places.set("material", item_path.to_string());
            let hs_written = self.text(map, &item_path, "hs");
            let hs = match &hs_written {
                Some(written) => self.hs(written, &places.of("hs")),
                None => {
                    self.missing(&places.of("hs"), "材料 HS 编码", "material's HS code");
                    None
                }
            };
            let value = self.json_amount(map, &item_path, "value");
            if value.is_none() && !map.contains_key("value") {
                self.missing(&places.of("value"), "材料价值 value", "material's value");
            }
            let hs_version = self
                .text(map, &item_path, "hs_version")
                .and_then(|v| self.version(&v, &places.of("hs_version")));
            let material = Material {
                description: self
                    .text(map, &item_path, "description")
                    .unwrap_or_default(),
                hs_written: hs_written.unwrap_or_default(),
                hs: hs.unwrap_or_default(),
                hs_version,
                value: value.unwrap_or_default(),
                originating: self.json_bool(map, &item_path, "originating"),
                origin_country: self
                    .text(map, &item_path, "origin_country")
                    .map(|c| c.to_ascii_uppercase()),
                weight_kg: self.json_amount(map, &item_path, "weight_kg"),
                currency: self
                    .text(map, &item_path, "currency")
                    .map(|c| c.to_ascii_uppercase()),
                places,
            };
            materials.push(material);
        }
        materials
    }

    fn costs(&mut self, object: &Map<String, Value>, root: &JsonPath<'_>) -> Costs {
        let path = root.field("costs");
        let map = match object.get("costs") {
            None | Some(Value::Null) => {
                return Costs {
                    absent: true,
                    ..Costs::default()
                };
            }
            Some(Value::Object(map)) => map,
            Some(_) => {
                self.error(
                    path.to_string(),
                    "costs 应是 JSON 对象",
                    "expected an object of costs",
                );
                return Costs::default();
            }
        };
        let mut places = Places::default();
        for field in [
            "direct_labour",
            "direct_overhead",
            "profit",
            "other",
            "currency",
        ] {
            places.set(field, path.field(field).to_string());
        }
        Costs {
            direct_labour: self
                .json_amount(map, &path, "direct_labour")
                .unwrap_or_default(),
            direct_overhead: self
                .json_amount(map, &path, "direct_overhead")
                .unwrap_or_default(),
            profit: self.json_amount(map, &path, "profit").unwrap_or_default(),
            other: self.json_amount(map, &path, "other").unwrap_or_default(),
            currency: self
                .text(map, &path, "currency")
                .map(|c| c.to_ascii_uppercase()),
            absent: false,
            places,
        }
    }

    fn operations(&mut self, object: &Map<String, Value>, root: &JsonPath<'_>) -> Vec<String> {
        let path = root.field("operations");
        match object.get("operations") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(text)) => split_operations(text),
            Some(Value::Array(items)) => {
                let mut operations = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    match item {
                        Value::String(text) if !text.trim().is_empty() => {
                            operations.push(text.trim().to_string())
                        }
                        Value::String(_) => {}
                        _ => self.error(
                            path.index(index).to_string(),
                            "应是文本",
                            "expected a string",
                        ),
                    }
                }
                operations
            }
            Some(_) => {
                self.error(
                    path.to_string(),
                    "operations 应是文本数组",
                    "expected an array of strings",
                );
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hs::HsVersion;

    const CONTRACT_EXAMPLE: &str = r#"{"agreement": "RCEP",
 "product":   {"description": "lithium-ion battery pack", "hs": "850760", "hs_version": "2012",
               "fob": "100.00", "currency": "USD", "exporting_party": "CHN", "importing_party": "JPN"},
 "materials": [{"description": "cells", "hs": "850790", "value": "30.00", "originating": false, "origin_country": "USA"},
               {"description": "casing", "hs": "392690", "value": "5.00", "originating": true, "origin_country": "KOR"}],
 "costs":     {"direct_labour": "10.00", "direct_overhead": "5.00", "profit": "8.00", "other": "2.00"},
 "operations": ["assembly", "testing"]}"#;

    #[test]
    fn reads_the_contract_example() {
        let bom = parse_bom_json(CONTRACT_EXAMPLE).unwrap();
        assert_eq!(bom.agreement, "RCEP");
        assert_eq!(bom.product.hs, "850760");
        assert_eq!(bom.product.hs_version, Some(HsVersion::Hs2012));
        assert_eq!(bom.product.fob, Decimal::new(10000, 2));
        assert_eq!(bom.materials.len(), 2);
        assert_eq!(bom.materials[1].originating, Some(true));
        assert_eq!(bom.costs.profit, Decimal::new(800, 2));
        assert_eq!(bom.operations, ["assembly", "testing"]);
        assert_eq!(bom.materials[0].places.of("value"), "materials[0].value");
    }

    #[test]
    fn reports_every_problem_with_its_path() {
        let text = r#"{"product": {"hs": "85A760", "fob": "-1", "currency": "USD"},
            "materials": [{"hs": "850790", "value": "abc", "originating": "maybe"}, 7,
                          {"hs": "1234", "value": 3}],
            "costs": {"profit": true}, "operations": [1]}"#;
        let errors = parse_bom_json(text).unwrap_err().errors;
        let places: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            places,
            [
                "product.hs",
                "product.fob",
                "materials[0].value",
                "materials[0].originating",
                "materials[1]",
                "materials[2].hs",
                "costs.profit",
                "operations[0]",
            ]
        );
        assert!(errors[1].message.en.contains("negative"));
        assert!(errors[0].message.zh.contains("格式错误"));
        let not_json = parse_bom_json("{").unwrap_err();
        assert_eq!(not_json.errors[0].path, "line 1, column 1");
    }
}
