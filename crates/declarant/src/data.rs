//! Loading the reference data: built in, or a user's directory of newer tables.

use model::{Lang, Text};
use refdata::{DataFiles, RefData, TABLE_NAMES};
use std::path::Path;

/// The table texts, from `dir` when given (tables missing there fall back to the built-in
/// ones), else built in. Read once per run: the reference data and the classifier are both
/// built from them. An error is a message for the user.
pub fn read(dir: Option<&Path>) -> Result<DataFiles<'static>, Text> {
    let mut files = DataFiles::embedded();
    let Some(dir) = dir else {
        return Ok(files);
    };
    if !dir.is_dir() {
        return Err(Text::new(
            format!("参考数据目录 {} 不存在", dir.display()),
            format!(
                "reference data directory `{}` does not exist",
                dir.display()
            ),
        ));
    }
    for (index, name) in TABLE_NAMES.iter().enumerate() {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            // Loaded once for the life of the process; the indexes borrow from it.
            Ok(text) => files.texts[index] = Box::leak(text.into_boxed_str()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                return Err(Text::new(
                    format!("无法读取参考数据 {}：{error}", path.display()),
                    format!("cannot read reference table `{}`: {error}", path.display()),
                ));
            }
        }
    }
    Ok(files)
}

/// The reference data built from `files` (read from `dir`, or built in when `None`).
pub fn load(files: &DataFiles<'static>, dir: Option<&Path>) -> Result<RefData, Text> {
    RefData::load(files).map_err(|e| match dir {
        Some(dir) => Text::new(
            format!("参考数据 {} 有误：{e}", dir.display()),
            format!("reference data in `{}`: {e}", dir.display()),
        ),
        None => Text::new(format!("内置参考数据损坏：{e}"), e.to_string()),
    })
}

/// The four tables the classifier reads, out of `files`.
pub fn classifier_tables(files: &DataFiles<'static>) -> classify::Tables<'static> {
    classify::Tables {
        tariff_tsv: files.get("tariff/cn-hs8-2023.tsv"),
        hs_tsv: files.get("hs/hs2022.tsv"),
        ciq_tsv: files.get("singlewindow/ciq-names.tsv"),
        elements_tsv: files.get("singlewindow/elements.tsv"),
    }
}

/// Prints an error message in `lang` to standard error.
pub fn print_error(message: &Text, lang: Lang) {
    eprintln!("declarant: {}", message.get(lang));
}
