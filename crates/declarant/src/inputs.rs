//! Finding the shipments among the paths a user gives, reading them safely, and the
//! `import` command.

use model::{Bundle, InputError, Lang, Text};
use rules::FileInputError;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest file read; larger ones are refused with a message, not loaded.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Extensions of document files that make a folder one multi-file shipment.
const DOCUMENT_EXTENSIONS: [&str; 5] = ["xml", "xlsx", "xls", "csv", "txt"];

/// One shipment to check: a bundle file, or a folder holding one file per document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// A file (a JSON bundle, a declaration message…).
    File(PathBuf),
    /// A folder of documents that together make one shipment.
    Folder(PathBuf),
    /// A path that does not exist.
    Missing(PathBuf),
}

impl Unit {
    /// The path as the user will see it in reports.
    pub fn display(&self) -> String {
        match self {
            Unit::File(path) | Unit::Folder(path) | Unit::Missing(path) => {
                path.display().to_string()
            }
        }
    }
}

/// The shipments under `paths`, in a stable order: files as given; in a folder, every JSON
/// bundle (recursively), or the folder itself when it holds other document files.
pub fn discover(paths: &[PathBuf]) -> Vec<Unit> {
    let mut units = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut units);
        } else if path.exists() {
            units.push(Unit::File(path.clone()));
        } else {
            units.push(Unit::Missing(path.clone()));
        }
    }
    units
}

fn walk(dir: &Path, units: &mut Vec<Unit>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        units.push(Unit::Missing(dir.to_path_buf()));
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let has_documents = paths.iter().any(|p| {
        p.is_file() && extension(p).is_some_and(|ext| DOCUMENT_EXTENSIONS.contains(&ext.as_str()))
    });
    if has_documents {
        units.push(Unit::Folder(dir.to_path_buf()));
        return;
    }
    for path in paths {
        if path.is_dir() {
            walk(&path, units);
        } else if extension(&path).as_deref() == Some("json") {
            units.push(Unit::File(path));
        }
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// A shipment as read: the bundle (when any could be built) and the problems met.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The file or folder, as displayed.
    pub file: String,
    /// The bundle.
    pub bundle: Option<Bundle>,
    /// Problems, each with its place.
    pub errors: Vec<FileInputError>,
}

impl Loaded {
    fn failed(file: String, path: &str, message: Text) -> Loaded {
        Loaded {
            errors: vec![FileInputError {
                file: file.clone(),
                path: path.to_string(),
                message,
            }],
            file,
            bundle: None,
        }
    }
}

/// Reads a file whole, refusing files over [`MAX_FILE_BYTES`] without loading them.
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, Text> {
    let file = std::fs::File::open(path).map_err(|e| {
        Text::new(
            format!("无法打开文件：{}", io_reason_zh(&e)),
            format!("cannot open the file: {e}"),
        )
    })?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE_BYTES {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            Text::new(
                format!("读取失败：{}", io_reason_zh(&e)),
                format!("cannot read the file: {e}"),
            )
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn too_large(size: u64) -> Text {
    let mib = size / (1024 * 1024);
    Text::new(
        format!("文件过大（{mib} MiB），单个文件上限为 64 MiB"),
        format!("the file is too large ({mib} MiB); the limit is 64 MiB per file"),
    )
}

fn io_reason_zh(error: &std::io::Error) -> &'static str {
    match error.kind() {
        std::io::ErrorKind::NotFound => "文件不存在",
        std::io::ErrorKind::PermissionDenied => "没有读取权限",
        std::io::ErrorKind::IsADirectory => "这是一个目录",
        _ => "输入输出错误",
    }
}

/// Reads and parses one unit.
pub fn load(unit: &Unit) -> Loaded {
    let file = unit.display();
    match unit {
        Unit::Missing(_) => Loaded::failed(
            file,
            "",
            Text::new("文件或目录不存在", "no such file or directory"),
        ),
        Unit::Folder(_) => Loaded::failed(
            file,
            "",
            Text::new(
                "暂不支持由多个单证文件组成的目录",
                "folders of document files are not supported yet",
            ),
        ),
        Unit::File(path) => match read_bounded(path) {
            Err(message) => Loaded::failed(file, "", message),
            Ok(bytes) => load_bundle_json(file, &bytes),
        },
    }
}

fn load_bundle_json(file: String, bytes: &[u8]) -> Loaded {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let at = error.valid_up_to();
            return Loaded::failed(
                file,
                &format!("byte {at}"),
                Text::new(
                    format!("不是 UTF-8 编码的文本（第 {at} 字节处无效）；JSON 文件须为 UTF-8"),
                    format!(
                        "not UTF-8 text (invalid byte at offset {at}); JSON files must be UTF-8"
                    ),
                ),
            );
        }
    };
    let outcome = model::parse_bundle(text);
    let errors = attach_file(&file, outcome.errors);
    Loaded {
        file,
        bundle: outcome.bundle,
        errors,
    }
}

/// Ties a parser's errors to their file.
pub fn attach_file(file: &str, errors: Vec<InputError>) -> Vec<FileInputError> {
    errors
        .into_iter()
        .map(|e| FileInputError {
            file: file.to_string(),
            path: e.path,
            message: e.message,
        })
        .collect()
}

/// `declarant import FILE… --to json`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The files of one shipment (bundle JSON), or a folder of them.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The output form.
    #[arg(long, value_enum, default_value_t = ImportTarget::Json)]
    pub to: ImportTarget,
}

/// What `import` writes.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ImportTarget {
    /// The canonical JSON bundle.
    Json,
}

/// Runs `import`: prints the bundle, and every problem on standard error.
pub fn run_import(args: &ImportArgs, lang: Lang) -> u8 {
    let units = discover(&args.files);
    let mut status = 0;
    for unit in &units {
        let loaded = load(unit);
        for error in &loaded.errors {
            crate::output::print_input_error(error, lang);
            status = 2;
        }
        if let Some(bundle) = &loaded.bundle {
            println!("{}", model::bundle_to_json(bundle));
        }
    }
    status
}
