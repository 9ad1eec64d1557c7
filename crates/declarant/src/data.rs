//! Loading the reference data: built in, or a user's directory of newer tables.

use model::{Lang, Text};
use refdata::{DataFiles, RefData, TABLE_NAMES};
use std::path::Path;

/// The reference data, from `dir` when given (tables missing there fall back to the
/// built-in ones), else built in. An error is a message for the user.
pub fn load(dir: Option<&Path>) -> Result<RefData, Text> {
    let Some(dir) = dir else {
        return RefData::embedded()
            .map_err(|e| Text::new(format!("内置参考数据损坏：{e}"), e.to_string()));
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
    let mut files = DataFiles::embedded();
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
    RefData::load(&files).map_err(|e| {
        Text::new(
            format!("参考数据 {} 有误：{e}", dir.display()),
            format!("reference data in `{}`: {e}", dir.display()),
        )
    })
}

/// Prints an error message in `lang` to standard error.
pub fn print_error(message: &Text, lang: Lang) {
    eprintln!("declarant: {}", message.get(lang));
}
