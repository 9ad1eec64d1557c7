//! The shipment history the scorecard is computed from: CSV (UTF-8 or GB18030, as Excel in
//! China saves it) or xlsx, one shipment a row.
//!
//! Columns (the header row names them; Chinese names accepted; order free; more columns are
//! ignored): `shipment_id` (编号, optional), `agent` (代理), `declared_at` (申报时间),
//! `cleared_at` (放行时间, empty while not cleared), `inspected` (查验: true/false, 1/0,
//! yes/no, 是/否, Y/N), `budget_fee` (预算费用), `actual_fee` (实际费用). Times are China time
//! (see [`crate::parse_china_time`]); fees are exact decimals.
//!
//! A missing column is one error naming the columns and nothing is read. A bad row is an error
//! naming its line and column; the other rows are still read.

use crate::time::parse_china_time;
use jiff::civil::DateTime;
use model::{Decimal, InputError, Text, parse_decimal_text};

/// One shipment of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentRecord {
    /// The shipment's id (or `line N` when the file has no id column).
    pub shipment_id: String,
    /// The agent that handled it.
    pub agent: String,
    /// When it was declared.
    pub declared_at: DateTime,
    /// When customs released it; `None` while not cleared.
    pub cleared_at: Option<DateTime>,
    /// Whether customs inspected it.
    pub inspected: bool,
    /// The budgeted fee.
    pub budget_fee: Decimal,
    /// The fee actually charged.
    pub actual_fee: Decimal,
}

/// What reading a history file gave: the rows it could read, and every problem.
#[derive(Debug, Default)]
pub struct HistoryOutcome {
    /// The shipments read, in file order.
    pub records: Vec<ShipmentRecord>,
    /// Every problem, naming line and column.
    pub errors: Vec<InputError>,
}

/// The columns: canonical name, accepted aliases, required.
const COLUMNS: [(&str, &[&str], bool); 7] = [
    (
        "shipment_id",
        &["id", "shipment", "编号", "运单号", "报关单号", "订单号"],
        false,
    ),
    ("agent", &["代理", "报关行", "代理企业"], true),
    ("declared_at", &["申报时间", "declared"], true),
    ("cleared_at", &["放行时间", "通关时间", "cleared"], true),
    ("inspected", &["查验", "是否查验"], true),
    ("budget_fee", &["预算费用", "预算", "budget"], true),
    ("actual_fee", &["实际费用", "实际", "actual"], true),
];

/// Where each column is in a row.
#[derive(Debug, Clone, Copy)]
struct ColumnIndexes([Option<usize>; 7]);

fn find_columns(headers: &[String], place: &str) -> Result<ColumnIndexes, InputError> {
    let mut indexes = [None; 7];
    for (position, header) in headers.iter().enumerate() {
        let header = header.trim().trim_start_matches('\u{feff}').to_lowercase();
        for (slot, (name, aliases, _)) in COLUMNS.iter().enumerate() {
            if indexes[slot].is_none() && (header == *name || aliases.contains(&header.as_str())) {
                indexes[slot] = Some(position);
            }
        }
    }
    let missing: Vec<&str> = COLUMNS
        .iter()
        .zip(indexes)
        .filter(|((_, _, required), index)| *required && index.is_none())
        .map(|((name, _, _), _)| *name)
        .collect();
    if missing.is_empty() {
        return Ok(ColumnIndexes(indexes));
    }
    let names = missing.join(", ");
    Err(InputError::new(
        place,
        Text::new(
            format!(
                "缺少列：{names}（表头应含 agent、declared_at、cleared_at、inspected、budget_fee、actual_fee）"
            ),
            format!(
                "missing columns: {names} (the header needs agent, declared_at, cleared_at, inspected, budget_fee, actual_fee)"
            ),
        ),
    ))
}

/// Reads one data row; `cell(i)` gives column `i`'s text.
fn read_row<'r>(
    columns: ColumnIndexes,
    cell: impl Fn(usize) -> &'r str,
    line: u64,
    errors: &mut Vec<InputError>,
) -> Option<ShipmentRecord> {
    let problems_before = errors.len();
    let text = |slot: usize| columns.0[slot].map_or("", &cell).trim();
    let mut problem = |slot: usize, zh: String, en: String| {
        let column = columns.0[slot].map_or(0, |index| index + 1);
        errors.push(InputError::new(
            format!("line {line}, column {column} ({})", COLUMNS[slot].0),
            Text::new(zh, en),
        ));
    };
    let agent = text(1);
    if agent.is_empty() {
        problem(1, "应为代理名称".into(), "expected the agent's name".into());
    }
    let mut time = |slot: usize, required: bool| -> Option<DateTime> {
        let value = text(slot);
        if value.is_empty() && !required {
            return None;
        }
        parse_china_time(value)
            .map_err(|expected| {
                problem(
                    slot,
                    format!("应为{}", expected.zh),
                    format!("expected {}", expected.en),
                )
            })
            .ok()
    };
    let declared_at = time(2, true);
    let cleared_at = time(3, false);
    let inspected = match text(4).to_lowercase().as_str() {
        "true" | "1" | "yes" | "y" | "是" => Some(true),
        "false" | "0" | "no" | "n" | "否" | "" => Some(false),
        other => {
            problem(
                4,
                format!("应为 是/否、true/false 或 1/0（得到 `{other}`）"),
                format!("expected yes/no, true/false or 1/0 (got `{other}`)"),
            );
            None
        }
    };
    let mut fee = |slot: usize| -> Option<Decimal> {
        let value = text(slot);
        parse_decimal_text(value)
            .map_err(|_| {
                problem(
                    slot,
                    format!("应为金额（得到 `{value}`）"),
                    format!("expected an amount (got `{value}`)"),
                )
            })
            .ok()
    };
    let budget_fee = fee(5);
    let actual_fee = fee(6);
    if let (Some(declared), Some(cleared)) = (declared_at, cleared_at)
        && cleared < declared
    {
        problem(
            3,
            format!("日期顺序错误：放行 {cleared} 早于申报 {declared}"),
            format!("dates in the wrong order: cleared {cleared} before declared {declared}"),
        );
    }
    if errors.len() > problems_before {
        return None;
    }
    let shipment_id = match text(0) {
        "" => format!("line {line}"),
        id => id.to_owned(),
    };
    Some(ShipmentRecord {
        shipment_id,
        agent: agent.to_owned(),
        declared_at: declared_at?,
        cleared_at,
        inspected: inspected?,
        budget_fee: budget_fee?,
        actual_fee: actual_fee?,
    })
}

/// Reads a history CSV given as text.
pub fn parse_history_csv(text: &str) -> HistoryOutcome {
    let mut outcome = HistoryOutcome::default();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) => headers.iter().map(str::to_owned).collect(),
        Err(error) => {
            outcome.errors.push(csv_error(&error, 1));
            return outcome;
        }
    };
    let columns = match find_columns(&headers, "line 1") {
        Ok(columns) => columns,
        Err(error) => {
            outcome.errors.push(error);
            return outcome;
        }
    };
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, csv::Position::line);
                if record.iter().all(str::is_empty) {
                    continue;
                }
                let row = &record;
                if let Some(shipment) = read_row(
                    columns,
                    |index| row.get(index).unwrap_or(""),
                    line,
                    &mut outcome.errors,
                ) {
                    outcome.records.push(shipment);
                }
            }
            Err(error) => {
                let line = error.position().map_or(0, csv::Position::line);
                outcome.errors.push(csv_error(&error, line));
                break;
            }
        }
    }
    outcome
}

/// Reads a history CSV given as bytes: UTF-8 (with or without BOM), else GB18030.
pub fn parse_history_csv_bytes(bytes: &[u8]) -> HistoryOutcome {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_history_csv(text),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            parse_history_csv(&text)
        }
    }
}

fn csv_error(error: &csv::Error, line: u64) -> InputError {
    InputError::new(
        format!("line {line}"),
        Text::new(
            format!("应为 CSV 行（{error}）"),
            format!("expected a CSV row ({error})"),
        ),
    )
}

/// Reads a history from rows of cell texts (the first row is the header), e.g. from a
/// spreadsheet; lines are numbered from 1 like the sheet's rows.
pub fn parse_history_rows(rows: &[Vec<String>]) -> HistoryOutcome {
    parse_rows_from(rows, 1)
}

/// As [`parse_history_rows`], the header being on line `first_line`.
pub(crate) fn parse_rows_from(rows: &[Vec<String>], first_line: u64) -> HistoryOutcome {
    let mut outcome = HistoryOutcome::default();
    let Some((headers, data)) = rows.split_first() else {
        outcome.errors.push(InputError::new(
            format!("line {first_line}"),
            Text::new("应有表头行", "expected a header row"),
        ));
        return outcome;
    };
    let columns = match find_columns(headers, &format!("line {first_line}")) {
        Ok(columns) => columns,
        Err(error) => {
            outcome.errors.push(error);
            return outcome;
        }
    };
    for (index, row) in data.iter().enumerate() {
        if row.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let line = first_line + 1 + index as u64;
        if let Some(shipment) = read_row(
            columns,
            |column| row.get(column).map_or("", String::as_str),
            line,
            &mut outcome.errors,
        ) {
            outcome.records.push(shipment);
        }
    }
    outcome
}

/// The history as CSV in the canonical columns (UTF-8, header row first), which
/// [`parse_history_csv`] reads back to the same records: how the service keeps an upload.
pub fn history_csv(records: &[ShipmentRecord]) -> String {
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = writer.write_record(COLUMNS.map(|(name, _, _)| name));
    for record in records {
        let _ = writer.write_record([
            record.shipment_id.clone(),
            record.agent.clone(),
            record.declared_at.to_string(),
            record
                .cleared_at
                .map(|cleared| cleared.to_string())
                .unwrap_or_default(),
            record.inspected.to_string(),
            record.budget_fee.to_string(),
            record.actual_fee.to_string(),
        ]);
    }
    // Writing into a Vec cannot fail, and every field is UTF-8.
    writer
        .into_inner()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod canonical_tests {
    use super::*;

    #[test]
    fn the_canonical_csv_reads_back_to_the_same_records() {
        let text = "编号,代理,申报时间,放行时间,查验,预算费用,实际费用\n\
                    S1,\"宁波, 甲\",2026-10-09 10:00,2026-10-10 09:30:15,是,100.50,99.999\n\
                    S2,乙,2026-10-09T10:00:00+08:00,,否,0,1\n";
        let first = parse_history_csv(text);
        assert!(first.errors.is_empty(), "{:?}", first.errors);
        let again = parse_history_csv(&history_csv(&first.records));
        assert!(again.errors.is_empty(), "{:?}", again.errors);
        assert_eq!(again.records, first.records);
    }
}
