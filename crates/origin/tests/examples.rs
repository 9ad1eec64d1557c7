//! The shipped examples (`examples/origin/`): their conclusions, snapshots of the JSON and
//! text answers, and the worksheet read back from its bytes.

#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers: a bad example or table fails the test"
)]

use calamine::{Data, Reader, Xlsx};
use model::Lang;
use origin::{
    BomFormat, Conclusion, Context, Correlation, Determination, determine, origin_worksheet,
    parse_bom, rcep_table,
};

fn example(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../examples/origin/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn answer(name: &str) -> Determination {
    let format = BomFormat::from_file_name(name).unwrap();
    let bom = parse_bom(&example(name), format).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let table = rcep_table().unwrap();
    determine(&bom, &Context::new(&table)).unwrap()
}

#[test]
fn the_examples_conclude_as_documented() {
    let cases = [
        (
            "battery-pack-originating.json",
            Conclusion::Originating,
            0,
            "CTC",
            &[][..],
        ),
        (
            "battery-pack-not-originating.json",
            Conclusion::NotOriginating,
            1,
            "",
            &[][..],
        ),
        (
            "battery-pack-accumulation.json",
            Conclusion::Originating,
            0,
            "CTC",
            &["ACU"][..],
        ),
        (
            "battery-pack-bom.csv",
            Conclusion::Originating,
            0,
            "CTC",
            &[][..],
        ),
    ];
    for (name, conclusion, exit, criterion, markers) in cases {
        let answer = answer(name);
        assert_eq!(answer.conclusion, conclusion, "{name}");
        assert_eq!(answer.exit_code(), exit, "{name}");
        assert_eq!(
            answer.criterion.as_deref().unwrap_or(""),
            criterion,
            "{name}"
        );
        assert_eq!(answer.criterion_markers, markers, "{name}");
    }
    let accumulation = answer("battery-pack-accumulation.json")
        .accumulation
        .unwrap();
    assert_eq!(accumulation.rule_without, origin::Status::NotMet);
}

#[test]
fn the_csv_example_equals_the_json_one() {
    let json = answer("battery-pack-originating.json");
    let csv = answer("battery-pack-bom.csv");
    assert_eq!(json.rvc_build_down, csv.rvc_build_down);
    assert_eq!(json.rvc_build_up, csv.rvc_build_up);
    assert_eq!(json.psr, csv.psr);
    assert_eq!(json.tests.len(), csv.tests.len());
}

#[test]
fn snapshots_of_the_answers() {
    let originating = answer("battery-pack-originating.json");
    insta::assert_snapshot!("originating_json", originating.to_json());
    insta::assert_snapshot!("originating_text_zh", originating.render_text(Lang::Zh));
    insta::assert_snapshot!("originating_text_en", originating.render_text(Lang::En));
    let failing = answer("battery-pack-not-originating.json");
    insta::assert_snapshot!("not_originating_json", failing.to_json());
    insta::assert_snapshot!("not_originating_text_en", failing.render_text(Lang::En));
    let accumulated = answer("battery-pack-accumulation.json");
    insta::assert_snapshot!("accumulation_text_en", accumulated.render_text(Lang::En));
}

#[test]
fn answers_are_deterministic() {
    let first = answer("battery-pack-originating.json");
    let second = answer("battery-pack-originating.json");
    assert_eq!(first.to_json(), second.to_json());
    assert_eq!(
        origin_worksheet(&first, None).unwrap(),
        origin_worksheet(&second, None).unwrap()
    );
}

fn sheet_rows(bytes: Vec<u8>) -> Vec<Vec<String>> {
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = workbook.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_worksheet_reads_back() {
    let answer = answer("battery-pack-not-originating.json");
    let bytes = origin_worksheet(&answer, Some("2026-11-23")).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    let rows = sheet_rows(bytes.clone());
    let find = |label: &str| {
        rows.iter()
            .find(|row| row.first().is_some_and(|c| c.starts_with(label)))
            .unwrap_or_else(|| panic!("no row {label}"))
            .clone()
    };
    assert!(find("产品特定规则")[1].contains("CTH or RVC40"));
    assert_eq!(find("日期")[1], "2026-11-23");
    assert_eq!(find("扣减法")[1], "34.5");
    assert_eq!(find("累加法")[1], "31");
    assert!(find("结论")[1].contains("NOT ORIGINATING"));
    assert!(
        rows.iter()
            .any(|row| row.iter().any(|c| c.contains("NMC cells")))
    );
    // The RVC cells are live formulas over the materials table.
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let formulas = workbook.worksheet_formula("Origin 原产地").unwrap();
    let all: Vec<String> = formulas.rows().flatten().cloned().collect();
    assert!(all.iter().any(|f| f.starts_with("SUMIF(G")), "{all:?}");
    assert!(all.iter().any(|f| f.starts_with("ROUND((B")), "{all:?}");
}

#[test]
fn an_xlsx_bill_reads_like_the_csv_one() {
    let csv_text = String::from_utf8(example("battery-pack-bom.csv")).unwrap();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, line) in csv_text.lines().enumerate() {
        for (column, cell) in line.split(',').enumerate() {
            // Numbers go in as numbers, as a person typing them into Excel would leave them.
            match cell.parse::<f64>() {
                Ok(number)
                    if column > 0
                        && !cell.starts_with('8')
                        && !cell.starts_with('7')
                        && !cell.starts_with('3') =>
                {
                    sheet
                        .write_number(row as u32, column as u16, number)
                        .unwrap();
                }
                _ => {
                    sheet.write_string(row as u32, column as u16, cell).unwrap();
                }
            }
        }
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let from_xlsx = parse_bom(&bytes, BomFormat::Xlsx).unwrap();
    let from_csv = parse_bom(csv_text.as_bytes(), BomFormat::Csv).unwrap();
    assert_eq!(from_xlsx.product.fob, from_csv.product.fob);
    assert_eq!(from_xlsx.materials.len(), from_csv.materials.len());
    for (x, c) in from_xlsx.materials.iter().zip(&from_csv.materials) {
        assert_eq!(x.value, c.value);
        assert_eq!(x.hs, c.hs);
        assert_eq!(x.originating, c.originating);
    }
    assert_eq!(
        from_xlsx.materials[0].places.of("value"),
        "row 17, column `value`"
    );
}

#[test]
fn the_sample_correlation_reads() {
    let text = String::from_utf8(example("hs2022-hs2012-sample.csv")).unwrap();
    let correlation = Correlation::from_csv(&text).unwrap();
    assert_eq!(correlation.len(), 2);
}
