//! Bills of materials as spreadsheets: CSV (UTF-8 or GB18030) and xlsx (first sheet).
//!
//! The sheet has two parts. First, product and cost fields as `name,value` rows; then a header
//! row naming the material columns, and one material a row:
//!
//! ```text
//! 产品描述,锂离子电池组            product description
//! HS编码,850760                    hs
//! HS版本,2012                      hs version
//! FOB,100.00                       fob
//! 币制,USD                         currency
//! 出口方,CHN / 进口方,JPN           exporting party / importing party
//! 直接人工,10 / 直接经营费用,5 / 利润,8 / 其他费用,2
//! 工序,组装;测试                    operations
//! 材料描述,HS编码,价值,是否原产,原产国,重量
//! 电芯,850760,45.00,是,KOR,2.4
//! ```
//!
//! Names are matched in Chinese or English, ignoring case, spaces, `_`, `-`, brackets and a
//! `kg`/`千克` unit. Every problem names its line (CSV) or row (xlsx) and column.

use crate::bom::{
    BillOfMaterials, BomError, Costs, FieldReader, Material, Places, Product, split_operations,
};
use model::{InputError, Text};
use std::collections::BTreeMap;

/// The kind of a bill-of-materials file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BomFormat {
    /// The contract's JSON.
    Json,
    /// CSV, UTF-8 or GB18030.
    Csv,
    /// Excel xlsx (first sheet).
    Xlsx,
}

impl BomFormat {
    /// The format a file name's ending names (`.json`, `.csv`, `.xlsx`), if any.
    pub fn from_file_name(name: &str) -> Option<BomFormat> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            Some(BomFormat::Json)
        } else if lower.ends_with(".csv") || lower.ends_with(".txt") {
            Some(BomFormat::Csv)
        } else if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") {
            Some(BomFormat::Xlsx)
        } else {
            None
        }
    }
}

/// Reads a bill of materials from a file's bytes in the given format.
pub fn parse_bom(bytes: &[u8], format: BomFormat) -> Result<BillOfMaterials, BomError> {
    match format {
        BomFormat::Json => {
            let text = decode_text(bytes);
            crate::bom_json::parse_bom_json(&text)
        }
        BomFormat::Csv => parse_bom_csv(bytes),
        BomFormat::Xlsx => parse_bom_xlsx(bytes),
    }
}

/// Decodes UTF-8 (with or without BOM), else GB18030.
fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// A row of cells with its place word (`line 7` or `row 7`).
struct SheetRow {
    place: String,
    cells: Vec<String>,
}

/// Reads a CSV bill of materials (UTF-8 or GB18030; comma, semicolon or tab separated).
pub fn parse_bom_csv(bytes: &[u8]) -> Result<BillOfMaterials, BomError> {
    let text = decode_text(bytes);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => rows.push(SheetRow {
                place: format!("line {}", record.position().map_or(0, |p| p.line())),
                cells: record.iter().map(|c| c.trim().to_string()).collect(),
            }),
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line());
                return Err(BomError {
                    errors: vec![InputError::new(
                        format!("line {line}"),
                        Text::new(
                            format!("CSV 无法读取：{error}"),
                            format!("unreadable CSV: {error}"),
                        ),
                    )],
                });
            }
        }
    }
    rows_to_bom(rows)
}

/// Reads an xlsx bill of materials from its first sheet.
pub fn parse_bom_xlsx(bytes: &[u8]) -> Result<BillOfMaterials, BomError> {
    use calamine::{Data, Reader, Xlsx};
    let unreadable = |detail: String| BomError {
        errors: vec![InputError::new(
            "workbook",
            Text::new(
                format!("xlsx 文件无法读取：{detail}"),
                format!("unreadable xlsx workbook: {detail}"),
            ),
        )],
    };
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| unreadable(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable("no sheet".to_string()))?
        .map_err(|e| unreadable(e.to_string()))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_column = range.start().map_or(0, |(_, column)| column as usize);
    let rows = range
        .rows()
        .enumerate()
        .map(|(index, cells)| SheetRow {
            place: format!("row {}", first_row + index + 1),
            cells: std::iter::repeat_n(String::new(), first_column)
                .chain(cells.iter().map(|cell| match cell {
                    Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => {
                        text.trim().to_string()
                    }
                    // A number typed in Excel is stored as a binary float; its shortest
                    // decimal form is what the user typed.
                    Data::Float(number) => number.to_string(),
                    Data::Int(number) => number.to_string(),
                    Data::Bool(flag) => flag.to_string(),
                    Data::DateTime(date) => date.as_f64().to_string(),
                    Data::Error(_) | Data::Empty => String::new(),
                }))
                .collect(),
        })
        .collect();
    rows_to_bom(rows)
}

/// Normalises a field or column name for matching.
fn normalize_name(name: &str) -> String {
    let compact: String = name
        .to_lowercase()
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '_' | '-' | '(' | ')' | '（' | '）' | '/' | ':' | '：' | '*'
                )
        })
        .collect();
    let compact = compact.strip_suffix("kg").unwrap_or(&compact);
    compact.strip_suffix("千克").unwrap_or(compact).to_string()
}

const PRODUCT_FIELDS: &[(&str, &[&str])] = &[
    ("agreement", &["agreement", "协定", "优惠贸易协定"]),
    (
        "description",
        &[
            "product",
            "product description",
            "产品",
            "产品描述",
            "产品名称",
        ],
    ),
    (
        "hs",
        &[
            "hs",
            "hs code",
            "product hs",
            "hs编码",
            "商品编码",
            "产品hs编码",
            "税号",
        ],
    ),
    ("hs_version", &["hs version", "hs版本", "编码版本"]),
    ("fob", &["fob", "fob value", "fob价格", "离岸价", "fob价"]),
    ("currency", &["currency", "币制", "币种"]),
    (
        "exporting_party",
        &["exporting party", "exporter country", "出口方", "出口国"],
    ),
    (
        "importing_party",
        &["importing party", "importer country", "进口方", "进口国"],
    ),
    (
        "weight_kg",
        &["product weight", "weight", "产品重量", "重量"],
    ),
    (
        "psr",
        &[
            "psr",
            "rule",
            "product specific rule",
            "产品特定规则",
            "原产地规则",
        ],
    ),
    ("wholly_obtained", &["wholly obtained", "完全获得"]),
    (
        "direct_labour",
        &[
            "direct labour",
            "direct labor",
            "labour",
            "直接人工",
            "直接人工成本",
        ],
    ),
    (
        "direct_overhead",
        &[
            "direct overhead",
            "overhead",
            "直接经营费用",
            "直接间接费用",
            "制造费用",
        ],
    ),
    ("profit", &["profit", "利润"]),
    (
        "other",
        &[
            "other",
            "other costs",
            "other cost",
            "其他",
            "其他费用",
            "其他成本",
        ],
    ),
    (
        "operations",
        &["operations", "operation", "工序", "加工工序"],
    ),
];

const MATERIAL_COLUMNS: &[(&str, &[&str])] = &[
    (
        "description",
        &[
            "description",
            "material",
            "材料",
            "材料描述",
            "材料名称",
            "品名",
            "描述",
        ],
    ),
    (
        "hs",
        &["hs", "hs code", "hs编码", "商品编码", "税号", "材料hs编码"],
    ),
    ("value", &["value", "价值", "金额", "材料价值"]),
    (
        "originating",
        &["originating", "原产", "是否原产", "原产材料"],
    ),
    (
        "origin_country",
        &[
            "origin country",
            "country of origin",
            "origin",
            "原产国",
            "原产地",
        ],
    ),
    ("weight_kg", &["weight", "重量", "净重"]),
    ("currency", &["currency", "币制", "币种"]),
    ("hs_version", &["hs version", "hs版本"]),
];

fn lookup(table: &[(&'static str, &[&str])], name: &str) -> Option<&'static str> {
    let wanted = normalize_name(name);
    table
        .iter()
        .find(|(_, aliases)| aliases.iter().any(|alias| normalize_name(alias) == wanted))
        .map(|(field, _)| *field)
}

fn header_columns(row: &SheetRow) -> Option<BTreeMap<&'static str, usize>> {
    let mut columns = BTreeMap::new();
    for (index, cell) in row.cells.iter().enumerate() {
        if let Some(field) = lookup(MATERIAL_COLUMNS, cell) {
            columns.entry(field).or_insert(index);
        }
    }
    (columns.len() >= 3 && columns.contains_key("hs") && columns.contains_key("value"))
        .then_some(columns)
}

fn rows_to_bom(rows: Vec<SheetRow>) -> Result<BillOfMaterials, BomError> {
    let mut reader = FieldReader::default();
    let header_at = rows.iter().position(|row| header_columns(row).is_some());
    let Some(header_at) = header_at else {
        return Err(BomError {
            errors: vec![InputError::new(
                "sheet",
                Text::new(
                    "找不到材料表头：应有一行列出 材料描述、HS编码、价值、是否原产 等列",
                    "no materials header found: a row must name the columns description, HS, value, originating…",
                ),
            )],
        });
    };
    let mut fields: BTreeMap<&'static str, (String, String)> = BTreeMap::new();
    for row in &rows[..header_at] {
        let mut cells = row.cells.iter().filter(|c| !c.is_empty());
        let (Some(name), value) = (cells.next(), cells.next()) else {
            continue;
        };
        match lookup(PRODUCT_FIELDS, name) {
            Some(field) => {
                let value = value.cloned().unwrap_or_default();
                fields.insert(field, (value, format!("{}, `{name}`", row.place)));
            }
            None => reader.error(
                row.place.clone(),
                format!("未知字段 `{name}`：应为产品描述、HS编码、FOB、币制、出口方、直接人工、工序等"),
                format!("unknown field `{name}`: expected product description, HS, FOB, currency, exporting party, direct labour, operations…"),
            ),
        }
    }
    let columns = header_columns(&rows[header_at]).unwrap_or_default();
    let product = sheet_product(&mut reader, &fields);
    let costs = sheet_costs(&mut reader, &fields);
    let operations = fields
        .get("operations")
        .map(|(value, _)| split_operations(value))
        .unwrap_or_default();
    let mut materials = Vec::new();
    for row in &rows[header_at + 1..] {
        if row.cells.iter().all(String::is_empty) {
            continue;
        }
        materials.push(sheet_material(&mut reader, row, &columns));
    }
    let agreement = fields
        .get("agreement")
        .map(|(value, _)| value.to_ascii_uppercase())
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| "RCEP".to_string());
    match product {
        Some(product) if reader.errors.is_empty() => Ok(BillOfMaterials {
            agreement,
            product,
            materials,
            costs,
            operations,
        }),
        _ => Err(BomError {
            errors: reader.errors,
        }),
    }
}

type Fields = BTreeMap<&'static str, (String, String)>;

fn sheet_product(reader: &mut FieldReader, fields: &Fields) -> Option<Product> {
    let mut places = Places::default();
    for (field, (_, place)) in fields {
        places.set(field, place.clone());
    }
    let text = |field: &str| {
        fields
            .get(field)
            .map(|(value, _)| value.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let hs_written = text("hs");
    let hs = match &hs_written {
        Some(written) => reader.hs(written, &places.of("hs")),
        None => {
            reader.missing(
                "HS编码 / hs",
                "产品 HS 编码（HS编码）",
                "product's HS code (`hs`)",
            );
            None
        }
    };
    let fob = match text("fob") {
        Some(written) => reader.amount(&written, &places.of("fob")),
        None => {
            reader.missing("FOB", "FOB 价格", "FOB value (`fob`)");
            None
        }
    };
    let currency = text("currency").map(|c| c.to_ascii_uppercase());
    if currency.is_none() {
        reader.missing("币制 / currency", "币制", "currency");
    }
    let hs_version = text("hs_version").and_then(|v| reader.version(&v, &places.of("hs_version")));
    let weight_kg = text("weight_kg").and_then(|w| reader.amount(&w, &places.of("weight_kg")));
    let psr = text("psr").and_then(|rule| reader.rule(&rule, &places.of("psr")));
    let wholly_obtained = text("wholly_obtained")
        .and_then(|v| reader.yes_no(&v, &places.of("wholly_obtained")))
        .unwrap_or(false);
    Some(Product {
        description: text("description").unwrap_or_default(),
        hs_written: hs_written.unwrap_or_default(),
        hs: hs?,
        hs_version,
        fob: fob?,
        currency: currency?,
        exporting_party: text("exporting_party").map(|c| c.to_ascii_uppercase()),
        importing_party: text("importing_party").map(|c| c.to_ascii_uppercase()),
        weight_kg,
        psr,
        wholly_obtained,
        places,
    })
}

fn sheet_costs(reader: &mut FieldReader, fields: &Fields) -> Costs {
    let mut costs = Costs {
        absent: true,
        ..Costs::default()
    };
    for field in ["direct_labour", "direct_overhead", "profit", "other"] {
        let Some((written, place)) = fields.get(field) else {
            continue;
        };
        costs.absent = false;
        costs.places.set(field, place.clone());
        if written.trim().is_empty() {
            continue;
        }
        let value = reader.amount(written, place).unwrap_or_default();
        match field {
            "direct_labour" => costs.direct_labour = value,
            "direct_overhead" => costs.direct_overhead = value,
            "profit" => costs.profit = value,
            _ => costs.other = value,
        }
    }
    costs
}

fn sheet_material(
    reader: &mut FieldReader,
    row: &SheetRow,
    columns: &BTreeMap<&'static str, usize>,
) -> Material {
    let mut places = Places::default();
    places.set("material", row.place.clone());
    for field in columns.keys() {
        places.set(field, format!("{}, column `{field}`", row.place));
    }
    let cell = |field: &str| {
        columns
            .get(field)
            .and_then(|&i| row.cells.get(i))
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
    };
    let hs_written = cell("hs");
    let hs = match &hs_written {
        Some(written) => reader.hs(written, &places.of("hs")),
        None => {
            reader.missing(&places.of("hs"), "材料 HS 编码", "material's HS code");
            None
        }
    };
    let value = match cell("value") {
        Some(written) => reader.amount(&written, &places.of("value")),
        None => {
            reader.missing(&places.of("value"), "材料价值", "material's value");
            None
        }
    };
    Material {
        description: cell("description").unwrap_or_default(),
        hs_written: hs_written.unwrap_or_default(),
        hs: hs.unwrap_or_default(),
        hs_version: cell("hs_version").and_then(|v| reader.version(&v, &places.of("hs_version"))),
        value: value.unwrap_or_default(),
        originating: cell("originating").and_then(|v| reader.yes_no(&v, &places.of("originating"))),
        origin_country: cell("origin_country").map(|c| c.to_ascii_uppercase()),
        weight_kg: cell("weight_kg").and_then(|w| reader.amount(&w, &places.of("weight_kg"))),
        currency: cell("currency").map(|c| c.to_ascii_uppercase()),
        places,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    const SHEET: &str = "产品描述,锂离子电池组\n\
        HS编码,8507.60\n\
        HS版本,2012\n\
        FOB,100.00\n\
        币制,usd\n\
        出口方,CHN\n\
        直接人工,10\n\
        利润,8\n\
        工序,组装;测试\n\
        ,\n\
        材料描述,HS编码,价值,是否原产,原产国,重量(千克)\n\
        电芯,850760,45.00,是,KOR,2.4\n\
        保护板,853890,12.00,否,USA,0.1\n";

    #[test]
    fn reads_chinese_headers_in_utf8_and_gb18030() {
        let utf8 = parse_bom_csv(SHEET.as_bytes()).unwrap();
        let (encoded, _, _) = encoding_rs::GB18030.encode(SHEET);
        let gb = parse_bom_csv(&encoded).unwrap();
        assert_eq!(utf8, gb);
        assert_eq!(utf8.product.hs, "850760");
        assert_eq!(utf8.product.currency, "USD");
        assert_eq!(utf8.costs.direct_labour, Decimal::TEN);
        assert!(!utf8.costs.absent);
        assert_eq!(utf8.operations, ["组装", "测试"]);
        assert_eq!(utf8.materials.len(), 2);
        assert_eq!(utf8.materials[0].originating, Some(true));
        assert_eq!(utf8.materials[1].weight_kg, Some(Decimal::new(1, 1)));
        assert_eq!(
            utf8.materials[1].places.of("value"),
            "line 13, column `value`"
        );
    }

    #[test]
    fn reads_english_headers_with_semicolons() {
        let text = "Product description;battery pack\nHS code;850760\nFOB value;100\nCurrency;USD\n\
            Description;HS;Value;Originating;Origin country\ncells;850790;30;no;USA\n";
        let bom = parse_bom_csv(text.as_bytes()).unwrap();
        assert_eq!(bom.materials[0].origin_country.as_deref(), Some("USA"));
        assert!(bom.costs.absent);
    }

    #[test]
    fn problems_name_line_and_column() {
        let text = "HS编码,850760\nFOB,100\n币制,USD\n颜色,红\n\
            材料描述,HS编码,价值,是否原产\n电芯,85076,-3,也许\n";
        let errors = parse_bom_csv(text.as_bytes()).unwrap_err().errors;
        let places: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            places,
            [
                "line 4",
                "line 6, column `hs`",
                "line 6, column `value`",
                "line 6, column `originating`",
            ]
        );
        let no_header = parse_bom_csv(b"a,b\n").unwrap_err();
        assert_eq!(no_header.errors[0].path, "sheet");
    }

    #[test]
    fn formats_follow_file_names() {
        assert_eq!(
            BomFormat::from_file_name("a/BOM.JSON"),
            Some(BomFormat::Json)
        );
        assert_eq!(BomFormat::from_file_name("bom.csv"), Some(BomFormat::Csv));
        assert_eq!(BomFormat::from_file_name("bom.xlsx"), Some(BomFormat::Xlsx));
        assert_eq!(BomFormat::from_file_name("bom.pdf"), None);
        assert!(parse_bom(b"not a zip", BomFormat::Xlsx).is_err());
    }
}
