//! The batch form of `classify`: a table of descriptions (and declared codes) in, the same
//! table back as CSV with suggestions, scores and whether each declared code fits.

use classify::Classifier;
use import::sheet::{CellValue, Grid};
use model::Lang;
use rayon::prelude::*;
use std::io::Write;
use std::path::Path;

/// Header names that mark the description and the declared-code columns.
const DESCRIPTION_HEADERS: [&str; 10] = [
    "品名",
    "商品名称",
    "货物名称",
    "品名描述",
    "商品描述",
    "description",
    "product",
    "product name",
    "goods",
    "name",
];
const CODE_HEADERS: [&str; 8] = [
    "商品编码",
    "hs编码",
    "hs code",
    "hs",
    "code",
    "hs_code",
    "税号",
    "申报编码",
];

struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    description: usize,
    code: Option<usize>,
}

pub fn run(
    classifier: &Classifier,
    path: &Path,
    output: Option<&Path>,
    top: usize,
    lang: Lang,
) -> u8 {
    let table = match read_table(path) {
        Ok(table) => table,
        Err(message) => {
            eprintln!("declarant: {}: {message}", path.display());
            return 2;
        }
    };
    let progress = if table.rows.len() >= 200 {
        indicatif::ProgressBar::new(table.rows.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let answers: Vec<Vec<String>> = table
        .rows
        .par_iter()
        .map(|row| {
            let cells = answer_row(classifier, row, table.description, table.code, top, lang);
            progress.inc(1);
            cells
        })
        .collect();
    progress.finish_and_clear();
    let mut header = table.header.clone();
    for rank in 1..=top {
        header.extend([
            format!("suggestion_{rank}_code"),
            format!("suggestion_{rank}_name"),
            format!("suggestion_{rank}_score"),
        ]);
    }
    header.extend([
        "declared_fits".to_string(),
        "declared_rank".to_string(),
        "note".to_string(),
    ]);
    let width = table.header.len();
    let result = write_csv(
        output,
        &header,
        width,
        table.rows.iter().zip(answers.iter()),
    );
    match result {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("declarant: {error}");
            2
        }
    }
}

fn answer_row(
    classifier: &Classifier,
    row: &[String],
    description_column: usize,
    code_column: Option<usize>,
    top: usize,
    lang: Lang,
) -> Vec<String> {
    let description = row.get(description_column).map_or("", String::as_str);
    let declared = code_column
        .and_then(|c| row.get(c))
        .map(|c| c.trim())
        .filter(|c| !c.is_empty());
    let mut cells = Vec::with_capacity(top * 3 + 3);
    let (classification, fit) = match declared {
        Some(code) => match classifier.fit(description, code, top) {
            Ok(fit) => (Some(fit.classification.clone()), Some(fit)),
            Err(_) => (classifier.classify(description, top).ok(), None),
        },
        None => (classifier.classify(description, top).ok(), None),
    };
    let suggestions = classification
        .as_ref()
        .map_or(&[][..], |c| c.suggestions.as_slice());
    for rank in 0..top {
        match suggestions.get(rank) {
            Some(s) => cells.extend([
                s.code.clone(),
                s.name(lang).to_string(),
                format!("{:.2}", s.score),
            ]),
            None => cells.extend([String::new(), String::new(), String::new()]),
        }
    }
    match &fit {
        Some(fit) => {
            cells.push(if fit.mismatch { "no" } else { "yes" }.to_string());
            cells.push(
                fit.declared_rank
                    .map_or_else(String::new, |r| r.to_string()),
            );
        }
        None => cells.extend([String::new(), String::new()]),
    }
    let note = match &classification {
        None => if lang == Lang::Zh {
            "描述为空"
        } else {
            "empty description"
        }
        .to_string(),
        Some(c) => c
            .notes
            .iter()
            .map(|n| n.get(lang))
            .collect::<Vec<_>>()
            .join("; "),
    };
    cells.push(note);
    cells
}

fn read_table(path: &Path) -> Result<Table, String> {
    let bytes = crate::inputs::read_bounded(path).map_err(|m| m.en)?;
    let (grids, errors) = import::sheet::read_grids(&bytes);
    let Some(grid) = grids.into_iter().find(|g| !g.rows.is_empty()) else {
        let reason = errors.first().map_or_else(
            || "no rows".to_string(),
            |e| format!("{} {}", e.path, e.message.en),
        );
        return Err(format!("not a table: {reason}"));
    };
    table_of(&grid)
}

fn table_of(grid: &Grid) -> Result<Table, String> {
    let text = |cell: &CellValue| cell.text().unwrap_or_default();
    let matches = |cell: &str, names: &[&str]| {
        let key = cell.trim().to_lowercase();
        names.iter().any(|name| {
            key == *name
                || key.starts_with(&format!("{name}("))
                || key.starts_with(&format!("{name}（"))
        })
    };
    for (index, row) in grid.rows.iter().enumerate().take(15) {
        let cells: Vec<String> = row.iter().map(text).collect();
        let Some(description) = cells.iter().position(|c| matches(c, &DESCRIPTION_HEADERS)) else {
            continue;
        };
        let code = cells.iter().position(|c| matches(c, &CODE_HEADERS));
        let rows = grid.rows[index + 1..]
            .iter()
            .map(|row| row.iter().map(text).collect::<Vec<String>>())
            .filter(|row| row.iter().any(|c| !c.is_empty()))
            .collect();
        return Ok(Table {
            header: cells,
            rows,
            description,
            code,
        });
    }
    // No header: the first column holds descriptions, the second (if any) codes.
    let rows: Vec<Vec<String>> = grid
        .rows
        .iter()
        .map(|row| row.iter().map(text).collect())
        .collect();
    let code = rows.iter().any(|r| r.len() > 1).then_some(1);
    Ok(Table {
        header: vec!["description".into(), "declared_code".into()],
        rows,
        description: 0,
        code,
    })
}

fn write_csv<'a>(
    output: Option<&Path>,
    header: &[String],
    width: usize,
    rows: impl Iterator<Item = (&'a Vec<String>, &'a Vec<String>)>,
) -> Result<(), String> {
    let sink: Box<dyn Write> = match output {
        Some(path) => {
            let mut file =
                std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
            // A byte-order mark so that spreadsheet programs read the Chinese text as UTF-8.
            file.write_all("\u{feff}".as_bytes())
                .map_err(|e| e.to_string())?;
            Box::new(file)
        }
        None => Box::new(std::io::stdout()),
    };
    let mut writer = csv::Writer::from_writer(sink);
    writer.write_record(header).map_err(|e| e.to_string())?;
    for (row, answer) in rows {
        // Rows shorter than the header (empty trailing cells) are padded so columns line up.
        let padding = width.saturating_sub(row.len());
        let record: Vec<&str> = row
            .iter()
            .map(String::as_str)
            .chain(std::iter::repeat_n("", padding))
            .chain(answer.iter().map(String::as_str))
            .collect();
        writer.write_record(&record).map_err(|e| e.to_string())?;
    }
    writer.flush().map_err(|e| e.to_string())
}
