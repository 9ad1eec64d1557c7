//! The origin worksheet as PDF: the conclusion first, then the product and rule, the
//! materials table (originating or not, tariff shift per material), both RVC formulas with
//! their figures, every test with the materials that failed it, de minimis, accumulation,
//! operations (Art. 3.6), the conclusion with its reasons, the notes (low-confidence rule rows
//! among them) and a signature line. Labels are bilingual; explanations are in `lang`.

use crate::font::Fonts;
use crate::layout::{Cell, Layout, Rgb, Table};
use crate::{PdfError, PdfOptions, write};
use model::{Lang, Text};
use origin::{Conclusion, Determination, MaterialRef, Status, TestKind};
use rust_decimal::Decimal;

const BODY: f32 = 8.0;

fn both(text: &Text) -> String {
    format!("{} / {}", text.zh, text.en)
}

fn label(text: &str) -> Cell {
    Cell::new(text).bold().fill(Rgb::LABEL)
}

fn header(cells: &[&str]) -> Vec<Cell> {
    cells
        .iter()
        .map(|c| Cell::new(*c).bold().fill(Rgb::HEADER))
        .collect()
}

fn status_cell(status: Status) -> Cell {
    let cell = Cell::new(both(&status.text())).bold();
    match status {
        Status::Met => cell.color(Rgb::GOOD_TEXT).fill(Rgb::GOOD_FILL),
        Status::NotMet => cell.color(Rgb::BAD_TEXT).fill(Rgb::BAD_FILL),
        Status::Undetermined => cell.fill(Rgb::WARN_FILL),
    }
}

fn material_line(m: &MaterialRef) -> String {
    format!("#{} {} ({}) {}", m.index + 1, m.description, m.hs, m.value)
}

fn conclusion_text(answer: &Determination) -> (String, Rgb, Rgb) {
    let (text, color, fill) = match answer.conclusion {
        Conclusion::Originating => ("原产 / ORIGINATING", Rgb::GOOD_TEXT, Rgb::GOOD_FILL),
        Conclusion::NotOriginating => ("非原产 / NOT ORIGINATING", Rgb::BAD_TEXT, Rgb::BAD_FILL),
        Conclusion::Undetermined => ("无法判定 / UNDETERMINED", Rgb::BAD_TEXT, Rgb::WARN_FILL),
    };
    let mut text = text.to_string();
    if let Some(criterion) = &answer.criterion {
        text.push_str(&format!("    原产地标准 / Origin criterion: {criterion}"));
        for marker in &answer.criterion_markers {
            text.push_str(&format!(", {marker}"));
        }
    }
    (text, color, fill)
}

/// The origin worksheet of an answer as PDF bytes.
pub fn origin_worksheet_pdf(
    answer: &Determination,
    options: &PdfOptions<'_>,
) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::new(options.font)?;
    let product = &answer.product;
    let head = format!(
        "原产地计算工作表 Origin worksheet — {} — {} (HS {})",
        answer.agreement, product.description, product.hs
    );
    let mut l = Layout::new(&fonts, head);
    l.paragraph("原产地计算工作表  Origin Worksheet", 16.0, true, Rgb::BLACK);
    l.paragraph(
        &format!(
            "{} — 随附原产地证书申请 / to accompany an application for a certificate of origin",
            answer.agreement
        ),
        9.0,
        false,
        Rgb::GREY,
    );
    l.space(6.0);
    let (text, color, fill) = conclusion_text(answer);
    l.table(&Table {
        widths: vec![22.0, 78.0],
        header: None,
        rows: vec![vec![
            label("结论 / Conclusion"),
            Cell::new(text).bold().color(color).fill(fill),
        ]],
        size: 10.0,
    });
    product_section(&mut l, answer, options);
    materials_section(&mut l, answer, options.lang);
    values_section(&mut l, answer);
    tests_section(&mut l, answer, options.lang);
    other_section(&mut l, answer, options.lang);
    conclusion_section(&mut l, answer);
    l.number_pages();
    let title = format!(
        "原产地计算工作表 / Origin worksheet — {}",
        product.description
    );
    write::write(&l.pages, &fonts, &title)
}

fn product_section(l: &mut Layout<'_>, answer: &Determination, options: &PdfOptions<'_>) {
    l.heading("产品与规则 / Product and rule");
    let product = &answer.product;
    let source = &answer.psr_source;
    let version = product.hs_version.map_or_else(
        || {
            format!(
                "未写明，按 {} / not given, read as {}",
                product.hs_version_used, product.hs_version_used
            )
        },
        |v| v.to_string(),
    );
    let mut rows = vec![
        vec![label("产品 / Product"), Cell::new(&product.description)],
        vec![
            label("HS 编码 / HS code"),
            Cell::new(format!("{} ({version})", product.hs)),
        ],
        vec![
            label("规则所用版本编码 / Code in the rule's HS edition"),
            Cell::new(product.rule_edition_codes.join(", ")),
        ],
        vec![label("协定 / Agreement"), Cell::new(&answer.agreement)],
        vec![
            label("出口方 / Exporting Party"),
            Cell::new(product.exporting_party.clone().unwrap_or_default()),
        ],
        vec![
            label("进口方 / Importing Party"),
            Cell::new(product.importing_party.clone().unwrap_or_default()),
        ],
        vec![
            label("离岸价格 / FOB"),
            Cell::new(format!("{} {}", answer.values.fob, product.currency)),
        ],
        vec![
            label("产品特定规则 / Product-specific rule"),
            Cell::new(&answer.psr).bold(),
        ],
    ];
    if let Some(original) = &source.original {
        rows.push(vec![
            label("规则原文 / Rule as printed"),
            Cell::new(original),
        ]);
    }
    let mut source_text = format!(
        "{}; 行 / row {}; {}; 可信度 / confidence: {}",
        source.table,
        source.code,
        source.hs_version,
        both(&source.confidence.text())
    );
    if let Some(place) = &source.source {
        source_text.push_str(&format!("; {place}"));
    }
    let mut source_cell = Cell::new(source_text);
    if source.confidence.needs_checking() {
        source_cell.text.push_str(
            "\n须对照协定附件 3A 正式文本核对 / check against the official text of Annex 3A",
        );
        source_cell = source_cell.fill(Rgb::WARN_FILL);
    }
    rows.push(vec![label("规则来源 / Rule source"), source_cell]);
    if let Some(date) = options.prepared_on {
        rows.push(vec![label("日期 / Date"), Cell::new(date)]);
    }
    l.table(&Table {
        widths: vec![30.0, 70.0],
        header: None,
        rows,
        size: BODY + 0.5,
    });
}

fn materials_section(l: &mut Layout<'_>, answer: &Determination, lang: Lang) {
    l.heading("材料 / Materials");
    let shift_tests: Vec<&str> = answer
        .tests
        .iter()
        .filter(|t| t.kind == TestKind::TariffShift)
        .map(|t| t.test.as_str())
        .collect();
    let currency = &answer.values.currency;
    let value_header = format!("价值\nValue ({currency})");
    let mut head = vec![
        "序号\nNo.",
        "材料\nMaterial",
        "HS 编码\nHS code",
        value_header.as_str(),
        "原产\nOriginating",
        "原产国\nCountry",
        "重量\nWeight (kg)",
        "计入\nCounted in",
    ];
    let shift_headers: Vec<String> = shift_tests
        .iter()
        .map(|t| format!("归类改变\nTariff shift: {t}"))
        .collect();
    head.extend(shift_headers.iter().map(String::as_str));
    let mut widths = if shift_tests.is_empty() {
        vec![5.0, 33.0, 11.0, 12.0, 14.0, 9.0, 8.0, 8.0]
    } else {
        vec![4.5, 18.0, 9.0, 9.5, 12.0, 8.0, 7.0, 8.0]
    };
    for _ in &shift_tests {
        widths.push(23.0 / shift_tests.len() as f32);
    }
    let mut rows = Vec::new();
    let mut total = Decimal::ZERO;
    for material in &answer.materials {
        let m = &material.material;
        total += m.value;
        let (status, fill) = match material.status {
            "originating" => ("是 / yes", Some(Rgb::GOOD_FILL)),
            "accumulated" => ("是（累积）/ yes (accumulated)", Some(Rgb::GOOD_FILL)),
            "non_originating" => ("否 / no", None),
            _ => (
                "未写明，按非原产 / not stated, non-originating",
                Some(Rgb::WARN_FILL),
            ),
        };
        let mut status = Cell::new(status);
        if let Some(fill) = fill {
            status = status.fill(fill);
        }
        let mut row = vec![
            Cell::new(format!("{}", m.index + 1)).right(),
            Cell::new(&m.description),
            Cell::new(&m.hs),
            Cell::new(m.value.to_string()).right(),
            status,
            Cell::new(material.origin_country.clone().unwrap_or_default()),
            Cell::new(
                material
                    .weight_kg
                    .map(|w| w.to_string())
                    .unwrap_or_default(),
            )
            .right(),
            Cell::new(if material.counted_as_originating {
                "VOM"
            } else {
                "VNM"
            }),
        ];
        for test in &shift_tests {
            let cell = match material.tariff_shift.iter().find(|c| c.test == *test) {
                None => Cell::new("不适用（原产）/ n/a (originating)").color(Rgb::GREY),
                Some(check) => {
                    let (word, fill) = match check.result {
                        "met" => ("满足 / met", Rgb::GOOD_FILL),
                        "failed" => ("不满足 / failed", Rgb::BAD_FILL),
                        _ => ("无法判定 / undetermined", Rgb::WARN_FILL),
                    };
                    Cell::new(format!("{word}\n{}", check.explanation.get(lang))).fill(fill)
                }
            };
            row.push(cell);
        }
        rows.push(row);
    }
    let mut total_row = vec![
        Cell::new(""),
        Cell::new("合计 / Total").bold(),
        Cell::new(""),
        Cell::new(total.to_string()).bold().right(),
    ];
    total_row.extend((4..head.len()).map(|_| Cell::new("")));
    rows.push(total_row);
    l.table(&Table {
        widths,
        header: Some(header(&head)),
        rows,
        size: BODY - 0.5,
    });
}

fn sum_line(answer: &Determination, originating: bool) -> String {
    let parts: Vec<String> = answer
        .materials
        .iter()
        .filter(|m| m.counted_as_originating == originating)
        .map(|m| format!("{} (#{})", m.material.value, m.material.index + 1))
        .collect();
    if parts.is_empty() {
        "无 / none".to_string()
    } else {
        parts.join(" + ")
    }
}

fn values_section(l: &mut Layout<'_>, answer: &Determination) {
    l.heading("区域价值成分 / Regional value content (Art. 3.5)");
    let v = &answer.values;
    let money = |d: Decimal| Cell::new(d.to_string()).right();
    let rows = vec![
        vec![
            label("离岸价格 / FOB"),
            money(v.fob),
            Cell::new("产品的船上交货价格 / free-on-board value of the product"),
        ],
        vec![
            label("非原产材料价值 / VNM"),
            money(v.vnm),
            Cell::new(format!(
                "计入 VNM 的材料 / materials counted in VNM: {}",
                sum_line(answer, false)
            )),
        ],
        vec![
            label("原产材料价值 / VOM"),
            money(v.vom),
            Cell::new(format!(
                "计入 VOM 的材料 / materials counted in VOM: {}",
                sum_line(answer, true)
            )),
        ],
        vec![
            label("直接人工成本 / Direct labour cost"),
            money(v.direct_labour),
            Cell::new(""),
        ],
        vec![
            label("直接经营费用 / Direct overhead cost"),
            money(v.direct_overhead),
            Cell::new(""),
        ],
        vec![label("利润 / Profit"), money(v.profit), Cell::new("")],
        vec![
            label("其他成本 / Other cost"),
            money(v.other),
            Cell::new(""),
        ],
        vec![
            label("扣减法 / Build-down"),
            Cell::new(format!("{} %", answer.rvc_build_down))
                .bold()
                .right(),
            Cell::new(format!(
                "(FOB − VNM) / FOB × 100 = ({} − {}) / {} × 100 = {} %",
                v.fob, v.vnm, v.fob, answer.rvc_build_down
            )),
        ],
        vec![
            label("累加法 / Build-up"),
            Cell::new(format!("{} %", answer.rvc_build_up))
                .bold()
                .right(),
            Cell::new(format!(
                "(VOM + 人工 labour + 经营费用 overhead + 利润 profit + 其他 other) / FOB × 100 = ({} + {} + {} + {} + {}) / {} × 100 = {} %",
                v.vom,
                v.direct_labour,
                v.direct_overhead,
                v.profit,
                v.other,
                v.fob,
                answer.rvc_build_up
            )),
        ],
    ];
    l.table(&Table {
        widths: vec![28.0, 14.0, 58.0],
        header: Some(header(&[
            "项目 / Item",
            &format!("金额 / Amount ({})", v.currency),
            "计算 / Working",
        ])),
        rows,
        size: BODY,
    });
}

fn tests_section(l: &mut Layout<'_>, answer: &Determination, lang: Lang) {
    l.heading("规则测试 / Tests of the rule");
    let mut rows = Vec::new();
    for test in &answer.tests {
        let mut failed: Vec<String> = test.failed_materials.iter().map(material_line).collect();
        failed.extend(
            test.undetermined_materials
                .iter()
                .map(|m| format!("无法判断 / undetermined: {}", material_line(m))),
        );
        let mut explanation = test.explanation.get(lang).to_string();
        if test.met_by_de_minimis {
            explanation.push_str("\n(微小含量 / de minimis, Art. 3.7)");
        }
        rows.push(vec![
            Cell::new(&test.test).bold(),
            status_cell(test.status),
            Cell::new(explanation),
            Cell::new(failed.join("\n")),
        ]);
    }
    rows.push(vec![
        label("规则整体 / Rule as a whole"),
        status_cell(answer.rule_status),
        Cell::new(&answer.psr),
        Cell::new(""),
    ]);
    l.table(&Table {
        widths: vec![15.0, 14.0, 43.0, 28.0],
        header: Some(header(&[
            "测试 / Test",
            "结果 / Result",
            "说明 / Explanation",
            "未通过材料 / Failed materials",
        ])),
        rows,
        size: BODY,
    });
}

fn other_section(l: &mut Layout<'_>, answer: &Determination, lang: Lang) {
    l.heading("微小含量、累积与工序 / De minimis, accumulation and operations");
    let mut rows = Vec::new();
    let de_minimis = match &answer.de_minimis {
        None => Cell::new(
            "不适用：没有材料未满足归类改变 / not applicable: no material failed a tariff shift",
        ),
        Some(d) => {
            let mut text = format!(
                "{}: 未通过材料价值 / failing value {} ÷ FOB = {} % (上限 / limit {} = 10 % FOB) — {}",
                d.test,
                d.failing_value,
                d.percent_of_fob,
                d.value_limit,
                if d.met {
                    "满足 / met"
                } else {
                    "不满足 / not met"
                }
            );
            if let (Some(weight), Some(limit)) = (d.failing_weight_kg, d.weight_limit_kg) {
                text.push_str(&format!(
                    "\n按重量（第 50–63 章）/ by weight (chapters 50–63): {weight} kg / {limit} kg"
                ));
            }
            for m in &d.materials {
                text.push_str(&format!("\n{}", material_line(m)));
            }
            Cell::new(text).fill(if d.met { Rgb::GOOD_FILL } else { Rgb::BAD_FILL })
        }
    };
    rows.push(vec![
        label("微小含量（第 3.7 条）/ De minimis (Art. 3.7)"),
        de_minimis,
    ]);
    let accumulation = match &answer.accumulation {
        None => Cell::new("未使用 / not used"),
        Some(a) => {
            let mut text = String::new();
            for m in &a.materials {
                text.push_str(&format!("{} — {}\n", material_line(&m.material), m.party));
            }
            text.push_str(&format!(
                "计为原产的价值 / value counted as originating: {}\n不累积时 / without it: RVC {} % / {} %, 规则 / rule {}",
                a.value,
                a.rvc_build_down_without,
                a.rvc_build_up_without,
                both(&a.rule_without.text())
            ));
            Cell::new(text)
        }
    };
    rows.push(vec![
        label("累积（第 3.4 条）/ Accumulation (Art. 3.4)"),
        accumulation,
    ]);
    let ops = &answer.minimal_operations;
    let mut text = if ops.operations.is_empty() {
        "未申报工序 / no operations declared".to_string()
    } else {
        ops.operations
            .iter()
            .map(|o| match o.article_3_6_item {
                Some(item) => format!("{} — 3.6({item}): {}", o.operation, o.explanation.get(lang)),
                None => format!("{} — {}", o.operation, o.explanation.get(lang)),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut cell_fill = None;
    if ops.refused {
        text.push_str("\n全部为微小加工：拒绝原产资格 / only minimal operations: origin refused");
        cell_fill = Some(Rgb::BAD_FILL);
    } else if !ops.applies {
        text.push_str(
            "\n未使用非原产材料：第 3.6 条不适用 / no non-originating materials: Art. 3.6 does not apply",
        );
    }
    let mut operations = Cell::new(text);
    if let Some(fill) = cell_fill {
        operations = operations.fill(fill);
    }
    rows.push(vec![
        label("工序（第 3.6 条）/ Operations (Art. 3.6)"),
        operations,
    ]);
    l.table(&Table {
        widths: vec![28.0, 72.0],
        header: None,
        rows,
        size: BODY,
    });
}

fn conclusion_section(l: &mut Layout<'_>, answer: &Determination) {
    l.heading("结论 / Conclusion");
    let (text, color, fill) = conclusion_text(answer);
    l.table(&Table {
        widths: vec![22.0, 78.0],
        header: None,
        rows: vec![
            vec![
                label("结论 / Conclusion"),
                Cell::new(text).bold().color(color).fill(fill),
            ],
            vec![label("理由 / Reason"), Cell::new(&answer.reason.zh)],
            vec![label("Reason"), Cell::new(&answer.reason.en)],
        ],
        size: BODY + 1.0,
    });
    if !answer.notes.is_empty() {
        l.heading("备注 / Notes");
        let rows = answer
            .notes
            .iter()
            .map(|note| {
                let cell = Cell::new(format!("{}\n{}", note.message.zh, note.message.en));
                let cell = if [
                    "confidence",
                    "differs",
                    "psr_from_bill",
                    "unverified",
                    "undetermined",
                ]
                .iter()
                .any(|flag| note.code.contains(flag))
                {
                    cell.fill(Rgb::WARN_FILL)
                } else {
                    cell
                };
                vec![Cell::new(note.code).color(Rgb::GREY), cell]
            })
            .collect();
        l.table(&Table {
            widths: vec![22.0, 78.0],
            header: None,
            rows,
            size: BODY,
        });
    }
    l.space(28.0);
    l.keep(40.0);
    l.paragraph(
        "申请人（签章）/ Applicant (signature and stamp): ______________________        日期 / Date: ______________",
        9.0,
        false,
        Rgb::BLACK,
    );
}
