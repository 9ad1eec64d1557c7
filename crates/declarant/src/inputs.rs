//! Finding the shipments among the paths a user gives, reading them safely, and the
//! `import` command.

use model::{Bundle, InputError, Lang, Text};
use rules::FileInputError;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest file read; larger ones are refused with a message, not loaded.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Extensions of document files that make a folder one multi-file shipment.
const DOCUMENT_EXTENSIONS: [&str; 4] = ["xml", "xlsx", "xls", "csv"];

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

/// What a folder entry is, as far as the walk cares. A link to a file counts as a file; a link
/// to a folder is not followed (a link back up would loop for ever).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Dir,
    Other,
}

fn walk(dir: &Path, units: &mut Vec<Unit>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        units.push(Unit::Missing(dir.to_path_buf()));
        return;
    };
    // The entry's type comes with the folder listing on most file systems: no `stat` per file,
    // which matters for a batch of tens of thousands of shipments.
    let mut paths: Vec<(PathBuf, Kind)> = entries
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let kind = match entry.file_type() {
                Ok(kind) if kind.is_dir() => Kind::Dir,
                Ok(kind) if kind.is_symlink() && entry.path().is_dir() => Kind::Other,
                // Files, links to files, and anything else named like a bundle (a broken link
                // is then reported as unreadable, not passed over in silence).
                _ => Kind::File,
            };
            Some((entry.path(), kind))
        })
        .collect();
    paths.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // A folder holding spreadsheets or one declaration message next to other documents is one
    // shipment; a folder of several declaration messages is a batch, one shipment per file.
    let count = |wanted: &[&str]| {
        paths
            .iter()
            .filter(|(p, kind)| {
                *kind == Kind::File
                    && extension(p).is_some_and(|ext| wanted.contains(&ext.as_str()))
            })
            .count()
    };
    if count(&DOCUMENT_EXTENSIONS) > 0 && count(&["xml"]) <= 1 {
        units.push(Unit::Folder(dir.to_path_buf()));
        return;
    }
    for (path, kind) in paths {
        match kind {
            Kind::Dir => walk(&path, units),
            Kind::File if matches!(extension(&path).as_deref(), Some("json" | "xml")) => {
                units.push(Unit::File(path));
            }
            _ => {}
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
    pub(crate) fn failed(file: String, path: &str, message: Text) -> Loaded {
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
    let mut bytes = Vec::new();
    read_bounded_into(path, &mut bytes)?;
    Ok(bytes)
}

/// [`read_bounded`] into `bytes` (cleared first), so that a batch can reuse one buffer per
/// thread instead of allocating a fresh one for every file.
pub fn read_bounded_into(path: &Path, bytes: &mut Vec<u8>) -> Result<(), Text> {
    bytes.clear();
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
    bytes.reserve(usize::try_from(size).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(bytes)
        .map_err(|e| {
            Text::new(
                format!("读取失败：{}", io_reason_zh(&e)),
                format!("cannot read the file: {e}"),
            )
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(())
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

/// Reads and imports one unit: a file in whatever format it is, or a folder of documents
/// assembled into one shipment.
pub fn load(unit: &Unit) -> Loaded {
    let file = unit.display();
    match unit {
        Unit::Missing(_) => Loaded::failed(
            file,
            "",
            Text::new("文件或目录不存在", "no such file or directory"),
        ),
        Unit::File(path) => match read_bounded(path) {
            Err(message) => Loaded::failed(file, "", message),
            Ok(bytes) => import_bytes(file, path, &bytes),
        },
        Unit::Folder(dir) => load_folder(file, dir),
    }
}

/// The shipment the importer reads from a file's `bytes` (already read from `path`), with
/// every problem named.
pub fn import_bytes(file: String, path: &Path, bytes: &[u8]) -> Loaded {
    let name = path
        .file_name()
        .map_or_else(|| file.clone(), |n| n.to_string_lossy().to_string());
    let imported = import::import_file(&name, bytes);
    let errors = attach_file(&file, imported.errors);
    Loaded {
        file,
        bundle: imported.bundle,
        errors,
    }
}

/// A folder whose files are the documents of one shipment.
fn load_folder(file: String, dir: &Path) -> Loaded {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut errors = Vec::new();
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => {
            return Loaded::failed(
                file,
                "",
                Text::new("无法读取目录", "cannot read the folder"),
            );
        }
    };
    paths.sort();
    for path in paths {
        let Some(ext) = extension(&path) else {
            continue;
        };
        if ext != "json" && !DOCUMENT_EXTENSIONS.contains(&ext.as_str()) {
            continue;
        }
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().to_string());
        match read_bounded(&path) {
            Ok(bytes) => files.push((name, bytes)),
            Err(message) => errors.push(FileInputError {
                file: path.display().to_string(),
                path: String::new(),
                message,
            }),
        }
    }
    let imported = import::assemble_shipment(&files);
    for error in imported.errors {
        // The assembler prefixes each place with its file's name: give it back to that file.
        let split = files.iter().find_map(|(name, _)| {
            error
                .path
                .strip_prefix(name.as_str())
                .and_then(|rest| rest.strip_prefix(':'))
                .map(|rest| (name, rest.trim()))
        });
        let (error_file, place) = match split {
            Some((name, rest)) => (dir.join(name).display().to_string(), rest.to_string()),
            None => (file.clone(), error.path),
        };
        errors.push(FileInputError {
            file: error_file,
            path: place,
            message: error.message,
        });
    }
    Loaded {
        file,
        bundle: imported.bundle,
        errors,
    }
}

/// `message` about the file at `path`: `path: message`, in both languages.
pub fn about_file(path: &Path, message: &Text) -> Text {
    let shown = path.display();
    Text::new(
        format!("{shown}: {}", message.zh),
        format!("{shown}: {}", message.en),
    )
}

/// Reads a whole UTF-8 text file (bounded like every input); an error names the file.
pub fn read_text(path: &Path) -> Result<String, Text> {
    let bytes = read_bounded(path).map_err(|m| about_file(path, &m))?;
    String::from_utf8(bytes)
        .map_err(|_| about_file(path, &Text::new("不是 UTF-8 编码的文本", "not UTF-8 text")))
}

/// Several problems as one message: `place message; place message…`.
pub fn joined(errors: &[InputError]) -> Text {
    let list = |lang: Lang| -> String {
        let parts: Vec<String> = errors
            .iter()
            .map(|e| format!("{} {}", e.path, e.message.get(lang)))
            .collect();
        parts.join("; ")
    };
    Text::new(list(Lang::Zh), list(Lang::En))
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
    /// The files to convert: bundle JSON, declaration message XML, invoice or packing-list
    /// spreadsheets; several files, or a folder, make one shipment.
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

/// Runs `import`: prints the bundle, and every problem on standard error. Several files
/// given together are the documents of one shipment.
pub fn run_import(args: &ImportArgs, lang: Lang) -> u8 {
    let loaded = if args.files.len() == 1 {
        let unit = match discover(&args.files).into_iter().next() {
            Some(Unit::File(path)) => Unit::File(path),
            Some(Unit::Folder(path)) => Unit::Folder(path),
            _ if args.files[0].is_dir() => Unit::Folder(args.files[0].clone()),
            _ => Unit::Missing(args.files[0].clone()),
        };
        load(&unit)
    } else {
        load_files(&args.files)
    };
    for error in &loaded.errors {
        crate::output::print_input_error(error, lang);
    }
    match &loaded.bundle {
        Some(bundle) => {
            println!("{}", model::bundle_to_json(bundle));
            if loaded.errors.is_empty() { 0 } else { 2 }
        }
        None => 2,
    }
}

/// Several files given one by one, assembled as one shipment.
fn load_files(paths: &[PathBuf]) -> Loaded {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().to_string(),
        );
        match read_bounded(path) {
            Ok(bytes) => files.push((name, bytes)),
            Err(message) => errors.push(FileInputError {
                file: path.display().to_string(),
                path: String::new(),
                message,
            }),
        }
    }
    let imported = import::assemble_shipment(&files);
    errors.extend(attach_file("", imported.errors));
    Loaded {
        file: String::new(),
        bundle: imported.bundle,
        errors,
    }
}
