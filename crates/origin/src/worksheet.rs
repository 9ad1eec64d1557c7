//! The origin worksheet as xlsx bytes, ready to attach to a certificate-of-origin application:
//! the product and rule, the materials table (originating or not, tariff shift per material),
//! the RVC by both formulas as live Excel formulas over the table, every test, de minimis,
//! accumulation, minimal operations, the conclusion and the notes. Headers are bilingual.
//!
//! The bytes are deterministic: the document's creation date is fixed, and the preparation
//! date is printed only when the caller gives one.

use crate::answer::{Conclusion, Determination, TestKind};
use model::Text;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};

/// Why the worksheet could not be written.
#[derive(Debug, thiserror::Error)]
#[error("the origin worksheet could not be written: {0}")]
pub struct WorksheetError(String);

impl From<XlsxError> for WorksheetError {
    fn from(error: XlsxError) -> Self {
        WorksheetError(error.to_string())
    }
}

fn both(text: &Text) -> String {
    format!("{} / {}", text.zh, text.en)
}

fn number(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

struct Styles {
    title: Format,
    header: Format,
    label: Format,
    money: Format,
    percent: Format,
    wrap: Format,
    good: Format,
    bad: Format,
}

fn styles() -> Styles {
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    Styles {
        title: Format::new().set_bold().set_font_size(14),
        header,
        label: Format::new().set_bold(),
        money: Format::new().set_num_format("#,##0.00"),
        percent: Format::new().set_num_format("0.00\"%\""),
        wrap: Format::new().set_text_wrap(),
        good: Format::new()
            .set_bold()
            .set_font_color(Color::RGB(0x006100))
            .set_background_color(Color::RGB(0xC6EFCE)),
        bad: Format::new()
            .set_bold()
            .set_font_color(Color::RGB(0x9C0006))
            .set_background_color(Color::RGB(0xFFC7CE)),
    }
}

/// The origin worksheet of an answer as xlsx bytes. `prepared_on` (a date as text) is printed
/// when given.
pub fn origin_worksheet(
    answer: &Determination,
    prepared_on: Option<&str>,
) -> Result<Vec<u8>, WorksheetError> {
    let mut workbook = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Origin worksheet / 原产地计算工作表")
            .set_creation_datetime(&fixed),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name("Origin 原产地")?;
    write_sheet(sheet, answer, prepared_on, &styles())?;
    Ok(workbook.save_to_buffer()?)
}

fn write_sheet(
    sheet: &mut Worksheet,
    answer: &Determination,
    prepared_on: Option<&str>,
    s: &Styles,
) -> Result<(), XlsxError> {
    for (column, width) in [
        (0, 30.0),
        (1, 28.0),
        (2, 14.0),
        (3, 14.0),
        (4, 16.0),
        (5, 12.0),
        (6, 12.0),
        (7, 16.0),
    ] {
        sheet.set_column_width(column, width)?;
    }
    sheet.set_column_width(8, 48.0)?;
    sheet.write_string_with_format(
        0,
        0,
        format!("原产地计算工作表 / Origin worksheet — {}", answer.agreement),
        &s.title,
    )?;
    let product = &answer.product;
    let version = product.hs_version.map_or_else(
        || "未写明 / not given (HS 2022 assumed)".to_string(),
        |v| v.to_string(),
    );
    let source = &answer.psr_source;
    let mut rows: Vec<(&str, String)> = vec![
        ("产品 / Product", product.description.clone()),
        ("HS 编码 / HS code", format!("{} ({version})", product.hs)),
        (
            "规则所用版本编码 / Code in the rule's HS edition",
            product.rule_edition_codes.join(", "),
        ),
        ("协定 / Agreement", answer.agreement.clone()),
        (
            "出口方 / Exporting Party",
            product.exporting_party.clone().unwrap_or_default(),
        ),
        (
            "进口方 / Importing Party",
            product.importing_party.clone().unwrap_or_default(),
        ),
        ("币制 / Currency", product.currency.clone()),
        ("产品特定规则 / Product-specific rule", answer.psr.clone()),
        (
            "规则来源 / Rule source",
            format!(
                "{}; row {}; {}; confidence {}",
                source.table,
                source.code,
                source.hs_version,
                source.confidence.as_str()
            ),
        ),
    ];
    if let Some(date) = prepared_on {
        rows.push(("日期 / Date", date.to_string()));
    }
    let mut row: u32 = 2;
    for (label, value) in &rows {
        sheet.write_string_with_format(row, 0, *label, &s.label)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, "FOB", &s.label)?;
    sheet.write_number_with_format(row, 1, number(answer.values.fob), &s.money)?;
    let fob_cell = format!("B{}", row + 1);
    row += 2;
    let (first_material, last_material, row_after) = write_materials(sheet, answer, row, s)?;
    row = row_after + 1;
    row = write_values(
        sheet,
        answer,
        row,
        &fob_cell,
        first_material,
        last_material,
        s,
    )?;
    row = write_tests(sheet, answer, row + 1, s)?;
    write_conclusion(sheet, answer, row + 1, s)?;
    Ok(())
}

/// The materials table; returns the first and last material rows (0-based) and the next row.
fn write_materials(
    sheet: &mut Worksheet,
    answer: &Determination,
    start: u32,
    s: &Styles,
) -> Result<(u32, u32, u32), XlsxError> {
    sheet.write_string_with_format(start, 0, "材料 / Materials", &s.label)?;
    let shift_tests: Vec<String> = answer
        .tests
        .iter()
        .filter(|t| t.kind == TestKind::TariffShift)
        .map(|t| t.test.clone())
        .collect();
    let mut headers = vec![
        "材料 / Material".to_string(),
        "HS 编码 / HS code".to_string(),
        "价值 / Value".to_string(),
        "原产 / Originating".to_string(),
        "原产国 / Country".to_string(),
        "重量 / Weight (kg)".to_string(),
        "计入 / Counted in".to_string(),
    ];
    headers.extend(
        shift_tests
            .iter()
            .map(|test| format!("归类改变 / Tariff shift: {test}")),
    );
    let header_row = start + 1;
    for (column, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(header_row, column as u16, header, &s.header)?;
    }
    let mut row = header_row + 1;
    for material in &answer.materials {
        let m = &material.material;
        sheet.write_string(row, 0, format!("{}. {}", m.index + 1, m.description))?;
        sheet.write_string(row, 1, &m.hs)?;
        sheet.write_number_with_format(row, 2, number(m.value), &s.money)?;
        let status = match material.status {
            "originating" => "是 / yes",
            "accumulated" => "是（累积）/ yes (accumulated)",
            "non_originating" => "否 / no",
            _ => "未写明 / not stated",
        };
        sheet.write_string(row, 3, status)?;
        sheet.write_string(row, 4, material.origin_country.clone().unwrap_or_default())?;
        if let Some(weight) = material.weight_kg {
            sheet.write_number(row, 5, number(weight))?;
        }
        sheet.write_string(
            row,
            6,
            if material.counted_as_originating {
                "VOM"
            } else {
                "VNM"
            },
        )?;
        for (offset, test) in shift_tests.iter().enumerate() {
            let check = material.tariff_shift.iter().find(|c| &c.test == test);
            let text = match check {
                None => "不适用（原产）/ n/a (originating)".to_string(),
                Some(check) => {
                    let result = match check.result {
                        "met" => "满足 / met",
                        "failed" => "不满足 / failed",
                        _ => "无法判定 / undetermined",
                    };
                    format!("{result}: {}", check.explanation.en)
                }
            };
            sheet.write_string_with_format(row, 7 + offset as u16, text, &s.wrap)?;
        }
        row += 1;
    }
    Ok((header_row + 1, row.saturating_sub(1), row))
}

fn write_values(
    sheet: &mut Worksheet,
    answer: &Determination,
    start: u32,
    fob: &str,
    first: u32,
    last: u32,
    s: &Styles,
) -> Result<u32, XlsxError> {
    let v = &answer.values;
    sheet.write_string_with_format(
        start,
        0,
        "区域价值成分 / Regional value content (Art. 3.5)",
        &s.label,
    )?;
    let mut row = start + 1;
    let has_materials = !answer.materials.is_empty();
    let sum_of = |kind: &str| {
        format!(
            "=SUMIF(G{}:G{},\"{kind}\",C{}:C{})",
            first + 1,
            last + 1,
            first + 1,
            last + 1
        )
    };
    let mut cell = |sheet: &mut Worksheet,
                    label: &str,
                    value: Decimal,
                    formula: Option<String>|
     -> Result<String, XlsxError> {
        sheet.write_string_with_format(row, 0, label, &s.label)?;
        match formula {
            Some(formula) if has_materials => {
                sheet.write_formula_with_format(
                    row,
                    1,
                    Formula::new(formula).set_result(value.to_string()),
                    &s.money,
                )?;
            }
            _ => {
                sheet.write_number_with_format(row, 1, number(value), &s.money)?;
            }
        }
        let address = format!("B{}", row + 1);
        row += 1;
        Ok(address)
    };
    let vnm = cell(sheet, "非原产材料价值 / VNM", v.vnm, Some(sum_of("VNM")))?;
    let vom = cell(sheet, "原产材料价值 / VOM", v.vom, Some(sum_of("VOM")))?;
    let labour = cell(
        sheet,
        "直接人工成本 / Direct labour cost",
        v.direct_labour,
        None,
    )?;
    let overhead = cell(
        sheet,
        "直接经营费用 / Direct overhead cost",
        v.direct_overhead,
        None,
    )?;
    let profit = cell(sheet, "利润 / Profit", v.profit, None)?;
    let other = cell(sheet, "其他成本 / Other cost", v.other, None)?;
    sheet.write_string_with_format(
        row,
        0,
        "扣减法 / Build-down: (FOB − VNM) / FOB × 100",
        &s.label,
    )?;
    sheet.write_formula_with_format(
        row,
        1,
        Formula::new(format!("=ROUND(({fob}-{vnm})/{fob}*100,2)"))
            .set_result(answer.rvc_build_down.to_string()),
        &s.percent,
    )?;
    row += 1;
    sheet.write_string_with_format(
        row,
        0,
        "累加法 / Build-up: (VOM + labour + overhead + profit + other) / FOB × 100",
        &s.label,
    )?;
    sheet.write_formula_with_format(
        row,
        1,
        Formula::new(format!(
            "=ROUND(({vom}+{labour}+{overhead}+{profit}+{other})/{fob}*100,2)"
        ))
        .set_result(answer.rvc_build_up.to_string()),
        &s.percent,
    )?;
    Ok(row + 1)
}

fn write_tests(
    sheet: &mut Worksheet,
    answer: &Determination,
    start: u32,
    s: &Styles,
) -> Result<u32, XlsxError> {
    sheet.write_string_with_format(start, 0, "规则测试 / Tests of the rule", &s.label)?;
    let headers = [
        "测试 / Test",
        "结果 / Result",
        "说明 / Explanation",
        "",
        "",
        "",
        "",
        "",
        "未通过材料 / Failed materials",
    ];
    for (column, header) in headers.iter().enumerate() {
        if !header.is_empty() {
            sheet.write_string_with_format(start + 1, column as u16, *header, &s.header)?;
        }
    }
    let mut row = start + 2;
    for test in &answer.tests {
        sheet.write_string(row, 0, &test.test)?;
        let format = if test.met { &s.good } else { &s.bad };
        sheet.write_string_with_format(row, 1, both(&test.status.text()), format)?;
        sheet.write_string(row, 2, both(&test.explanation))?;
        let failed: Vec<String> = test
            .failed_materials
            .iter()
            .chain(&test.undetermined_materials)
            .map(|m| format!("{}. {} ({})", m.index + 1, m.description, m.hs))
            .collect();
        sheet.write_string_with_format(row, 8, failed.join("; "), &s.wrap)?;
        row += 1;
    }
    let mut line = |sheet: &mut Worksheet, label: &str, text: String| -> Result<(), XlsxError> {
        sheet.write_string_with_format(row, 0, label, &s.label)?;
        sheet.write_string(row, 1, text)?;
        row += 1;
        Ok(())
    };
    if let Some(d) = &answer.de_minimis {
        line(
            sheet,
            "微小含量 / De minimis (Art. 3.7)",
            format!(
                "{}: {} / {} = {}% of FOB ({}){}",
                d.test,
                d.failing_value,
                d.value_limit,
                d.percent_of_fob,
                if d.met {
                    "≤ 10%: met / 满足"
                } else {
                    "> 10%: not met / 不满足"
                },
                d.failing_weight_kg
                    .zip(d.weight_limit_kg)
                    .map(|(w, l)| format!("; weight {w} kg / limit {l} kg"))
                    .unwrap_or_default()
            ),
        )?;
    }
    if let Some(a) = &answer.accumulation {
        let parties: Vec<String> = a
            .materials
            .iter()
            .map(|m| {
                format!(
                    "{}. {} ({})",
                    m.material.index + 1,
                    m.material.description,
                    m.party
                )
            })
            .collect();
        line(
            sheet,
            "累积 / Accumulation (Art. 3.4)",
            format!(
                "{} = {}; without / 不累积时: RVC {}% / {}%, rule {}",
                parties.join("; "),
                a.value,
                a.rvc_build_down_without,
                a.rvc_build_up_without,
                both(&a.rule_without.text())
            ),
        )?;
    }
    let operations: Vec<String> = answer
        .minimal_operations
        .operations
        .iter()
        .map(|o| match o.article_3_6_item {
            Some(item) => format!("{} (3.6({item}))", o.operation),
            None => o.operation.clone(),
        })
        .collect();
    line(
        sheet,
        "工序 / Operations (Art. 3.6)",
        format!(
            "{}{}",
            operations.join("; "),
            if answer.minimal_operations.refused {
                " — 仅微小加工，拒绝原产 / only minimal operations: origin refused"
            } else {
                ""
            }
        ),
    )?;
    Ok(row)
}

fn write_conclusion(
    sheet: &mut Worksheet,
    answer: &Determination,
    start: u32,
    s: &Styles,
) -> Result<(), XlsxError> {
    let (text, format) = match answer.conclusion {
        Conclusion::Originating => ("原产 / ORIGINATING", &s.good),
        Conclusion::NotOriginating => ("非原产 / NOT ORIGINATING", &s.bad),
        Conclusion::Undetermined => ("无法判定 / UNDETERMINED", &s.bad),
    };
    sheet.write_string_with_format(start, 0, "结论 / Conclusion", &s.title)?;
    sheet.write_string_with_format(start, 1, text, format)?;
    let mut criterion = answer.criterion.clone().unwrap_or_default();
    for marker in &answer.criterion_markers {
        criterion.push_str(&format!(", {marker}"));
    }
    sheet.write_string(start, 2, criterion)?;
    sheet.write_string(start + 1, 1, &answer.reason.zh)?;
    sheet.write_string(start + 2, 1, &answer.reason.en)?;
    let mut row = start + 4;
    if !answer.notes.is_empty() {
        sheet.write_string_with_format(row, 0, "备注 / Notes", &s.label)?;
        for note in &answer.notes {
            sheet.write_string(row, 1, both(&note.message))?;
            row += 1;
        }
    }
    Ok(())
}
