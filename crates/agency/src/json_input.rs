//! Reading fields of the JSON input files, collecting every problem with its JSON path.

use crate::figures::GoodsFigures;
use crate::time::{parse_china_time, parse_date};
use jiff::civil::{Date, DateTime};
use model::{Decimal, InputError, Text, parse_decimal_text};
use serde_json::{Map, Value};

/// The JSON path of `key` below `path`.
pub fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The JSON path of element `index` below `path`.
pub fn element(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

/// Parses JSON text, or the error naming its line and column.
pub fn parse_json(text: &str) -> Result<Value, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|error| {
        InputError::new(
            format!("line {}, column {}", error.line(), error.column()),
            Text::new(
                format!("有效的 JSON（{error}）"),
                format!("valid JSON ({error})"),
            ),
        )
    })
}

/// Collects problems while fields are read.
#[derive(Debug, Default)]
pub struct FieldReader {
    /// Every problem so far.
    pub errors: Vec<InputError>,
}

impl FieldReader {
    /// Records that `path` should have held `expected`.
    pub fn expected(&mut self, path: &str, zh: impl Into<String>, en: impl Into<String>) {
        self.errors.push(InputError::new(
            path,
            Text::new(
                format!("应为{}", zh.into()),
                format!("expected {}", en.into()),
            ),
        ));
    }

    /// Records a problem described by `message` at `path`.
    pub fn problem(&mut self, path: &str, message: Text) {
        self.errors.push(InputError::new(path, message));
    }

    /// `value` as an object.
    pub fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &str,
        what: (&str, &str),
    ) -> Option<&'v Map<String, Value>> {
        let object = value.as_object();
        if object.is_none() {
            self.expected(
                path,
                format!("{}（JSON 对象）", what.0),
                format!("{} (a JSON object)", what.1),
            );
        }
        object
    }

    /// The array at `key`; absent or null is empty.
    pub fn array<'v>(
        &mut self,
        object: &'v Map<String, Value>,
        key: &str,
        path: &str,
    ) -> &'v [Value] {
        match object.get(key) {
            None | Some(Value::Null) => &[],
            Some(Value::Array(items)) => items,
            Some(_) => {
                self.expected(&child(path, key), "数组", "an array");
                &[]
            }
        }
    }

    /// An optional string; a number is taken as its text. Blank is absent.
    pub fn optional_string(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<String> {
        match object.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) if text.trim().is_empty() => None,
            Some(Value::String(text)) => Some(text.trim().to_owned()),
            Some(Value::Number(number)) => Some(number.to_string()),
            Some(_) => {
                self.expected(&child(path, key), "字符串", "a string");
                None
            }
        }
    }

    /// A required string.
    pub fn string(&mut self, object: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        let problems_before = self.errors.len();
        let value = self.optional_string(object, key, path);
        if value.is_none() && self.errors.len() == problems_before {
            self.expected(&child(path, key), "非空字符串", "a non-empty string");
        }
        value
    }

    /// An optional date (`2026-10-09`).
    pub fn optional_date(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<Date> {
        let text = self.optional_string(object, key, path)?;
        parse_date(&text)
            .map_err(|expected| self.expected_text(&child(path, key), expected))
            .ok()
    }

    /// A required date.
    pub fn date(&mut self, object: &Map<String, Value>, key: &str, path: &str) -> Option<Date> {
        if matches!(object.get(key), None | Some(Value::Null)) {
            self.expected(
                &child(path, key),
                "日期，如 2026-10-09",
                "a date like 2026-10-09",
            );
            return None;
        }
        self.optional_date(object, key, path)
    }

    /// A required date-time in China time.
    pub fn time(&mut self, object: &Map<String, Value>, key: &str, path: &str) -> Option<DateTime> {
        let Some(text) = self.optional_string(object, key, path) else {
            self.expected(
                &child(path, key),
                "日期时间，如 2026-10-09T10:00:00+08:00",
                "a date-time like 2026-10-09T10:00:00+08:00",
            );
            return None;
        };
        parse_china_time(&text)
            .map_err(|expected| self.expected_text(&child(path, key), expected))
            .ok()
    }

    /// An optional exact decimal (a JSON number or a string like `"12500.00"`).
    pub fn optional_decimal(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<Decimal> {
        let text = match object.get(key) {
            None | Some(Value::Null) => return None,
            Some(Value::Number(number)) => number.to_string(),
            Some(Value::String(text)) => text.clone(),
            Some(_) => String::new(),
        };
        match parse_decimal_text(&text) {
            Ok(value) => Some(value),
            Err(_) => {
                self.expected(
                    &child(path, key),
                    format!("数值（得到 `{text}`）"),
                    format!("a number (got `{text}`)"),
                );
                None
            }
        }
    }

    /// An optional non-negative integer.
    pub fn optional_count(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<u32> {
        match object.get(key) {
            None | Some(Value::Null) => None,
            Some(value) => {
                let count = value.as_u64().and_then(|n| u32::try_from(n).ok());
                if count.is_none() {
                    self.expected(&child(path, key), "非负整数", "a non-negative integer");
                }
                count
            }
        }
    }

    /// A list of strings.
    pub fn strings(&mut self, object: &Map<String, Value>, key: &str, path: &str) -> Vec<String> {
        let path_of_list = child(path, key);
        let mut strings = Vec::new();
        for (index, item) in self.array(object, key, path).iter().enumerate() {
            match item {
                Value::String(text) if !text.trim().is_empty() => {
                    strings.push(text.trim().to_owned())
                }
                Value::Number(number) => strings.push(number.to_string()),
                _ => self.expected(
                    &element(&path_of_list, index),
                    "非空字符串",
                    "a non-empty string",
                ),
            }
        }
        strings
    }

    /// Goods lines: `[{"no": 1, "name": "…", "quantity": "1000", "amount": "12500.00"}]`; a
    /// line without `no` takes its position.
    pub fn goods_lines(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Vec<GoodsFigures> {
        let path_of_list = child(path, key);
        let mut lines = Vec::new();
        for (index, item) in self.array(object, key, path).iter().enumerate() {
            let line_path = element(&path_of_list, index);
            let Some(line) = self.object(item, &line_path, ("商品行", "a goods line")) else {
                continue;
            };
            let position = u32::try_from(index + 1).unwrap_or(u32::MAX);
            lines.push(GoodsFigures {
                no: self
                    .optional_count(line, "no", &line_path)
                    .unwrap_or(position),
                name: self.optional_string(line, "name", &line_path),
                quantity: self.optional_decimal(line, "quantity", &line_path),
                amount: self.optional_decimal(line, "amount", &line_path),
            });
        }
        lines
    }

    fn expected_text(&mut self, path: &str, expected: Text) {
        self.errors.push(InputError::new(
            path,
            Text::new(
                format!("应为{}", expected.zh),
                format!("expected {}", expected.en),
            ),
        ));
    }
}
