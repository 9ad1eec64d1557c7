//! Importers: turn the files an agent receives into the canonical [`model::Bundle`].
//!
//! - the China e-port declaration message (DecMessage XML, every layout of
//!   `shared/spec/DECMESSAGE.md`), see [`xml`];
//! - invoices, packing lists and contracts as xlsx / xls / ods workbooks or csv text, see
//!   [`sheet`];
//! - bundle JSON (CONTRACT §1) and JSON files holding a single document, see [`json`].
//!
//! [`import_file`] reads one file; [`assemble_shipment`] merges the files of one shipment (one
//! file per document) into one bundle. Both are pure: bytes in, bundle and errors out. Bad
//! input never panics: every problem is an [`InputError`] naming its place (`line 3, column 7:
//! DecList[2]/GQty`, `sheet "Invoice", row 5, column D (数量)`, `declaration.lines[0].amount`).
//!
//! **Invariant:** this crate does no IO and reads no clock or environment.

mod assemble;
mod decode;
mod detect;
pub mod json;
mod number;
mod position;
pub mod sheet;
pub mod xml;

pub use assemble::assemble_shipment;
pub use number::{
    NumberError, WrittenNumber, decimal_from_f64, parse_date_text, parse_written_number,
};

use detect::{Sniffed, base_name, sniff};
use model::{Bundle, DocumentKind, InputError, Text};
use sheet::{SheetImport, WorkbookKind};
use xml::XmlImport;

/// The most problems reported for one file; past it one last error says how many more there
/// were (a broken export can have a bad value in every row).
pub const MAX_ERRORS: usize = 1000;

/// The largest file the importers accept, in bytes (the CLI caps sizes too).
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// The format a file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceFormat {
    /// Canonical bundle JSON, or JSON holding some of its documents.
    BundleJson,
    /// The China e-port declaration message.
    DecMessageXml,
    /// A customs receipt or transport envelope (`DecImportResponse`, `DEC_RESULT`, `DxpMsg`):
    /// refused.
    ReceiptXml,
    /// A spreadsheet whose first document is an invoice.
    InvoiceSheet,
    /// A spreadsheet whose first document is a packing list.
    PackingListSheet,
    /// A spreadsheet whose first document is a contract.
    ContractSheet,
    /// A spreadsheet in which no document was found.
    Spreadsheet,
    /// Several files assembled into one shipment ([`assemble_shipment`]).
    Shipment,
    /// Empty, binary, PDF, or XML that is no declaration.
    Unknown,
}

/// What importing one file (or one shipment of files) gave.
#[derive(Debug, Clone, PartialEq)]
pub struct FileImport {
    /// The bundle holding the documents read; `None` when nothing could be read.
    pub bundle: Option<Bundle>,
    /// Every problem, each with its place; the rest of the file was still read.
    pub errors: Vec<InputError>,
    /// The format the file was read as.
    pub format: SourceFormat,
    /// The documents the bundle holds (a bundle always has a `declaration` field; this says
    /// whether the file really gave one).
    pub documents: Vec<DocumentKind>,
}

impl FileImport {
    fn refused(format: SourceFormat, error: InputError) -> Self {
        FileImport {
            bundle: None,
            errors: vec![error],
            format,
            documents: Vec::new(),
        }
    }
}

/// Detects the format from the name's extension and the content (BOM, root element, header row),
/// never from the extension alone. Pure: bytes in.
pub fn import_file(file_name: &str, bytes: &[u8]) -> FileImport {
    let mut imported = import_unbounded(file_name, bytes);
    cap_errors(&mut imported.errors);
    imported
}

fn cap_errors(errors: &mut Vec<InputError>) {
    if errors.len() <= MAX_ERRORS {
        return;
    }
    let more = errors.len() - MAX_ERRORS;
    let place = errors[MAX_ERRORS].path.clone();
    errors.truncate(MAX_ERRORS);
    errors.push(InputError::new(
        place,
        Text::new(
            format!("另有 {more} 个问题未列出"),
            format!("{more} more problems are not listed"),
        ),
    ));
}

fn import_unbounded(file_name: &str, bytes: &[u8]) -> FileImport {
    let name = base_name(file_name);
    if bytes.len() > MAX_FILE_BYTES {
        return FileImport::refused(
            SourceFormat::Unknown,
            InputError::new(
                "line 1, column 1",
                Text::new(
                    format!("文件超过 {} MiB，未读取", MAX_FILE_BYTES >> 20),
                    format!(
                        "the file is larger than {} MiB: not read",
                        MAX_FILE_BYTES >> 20
                    ),
                ),
            ),
        );
    }
    match sniff(bytes) {
        Sniffed::Json => from_json(name, bytes),
        Sniffed::Xml => from_xml(bytes),
        Sniffed::Workbook(kind) => from_sheet(sheet::import_workbook(name, bytes, kind)),
        // Text that starts like neither JSON nor XML: the extension decides which reader
        // reports what is wrong with it.
        Sniffed::DelimitedText => match extension(name).as_str() {
            "json" => from_json(name, bytes),
            "xml" => from_xml(bytes),
            _ => from_sheet(sheet::import_csv(name, bytes)),
        },
        Sniffed::Empty => refuse(Text::new("文件是空的", "the file is empty")),
        Sniffed::Pdf => refuse(Text::new(
            "无法读取 PDF：请提供电子表格（xlsx/csv）、报关单 XML 或 JSON",
            "a PDF cannot be read: provide the spreadsheet (xlsx/csv), the declaration XML or JSON",
        )),
        Sniffed::Binary => refuse(Text::new(
            "无法识别的文件格式：应为报关单 XML、JSON、xlsx/xls 或 csv",
            "unrecognised file format: expected declaration XML, JSON, xlsx/xls or csv",
        )),
    }
}

fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase())
        .unwrap_or_default()
}

fn refuse(message: Text) -> FileImport {
    FileImport::refused(
        SourceFormat::Unknown,
        InputError::new("line 1, column 1", message),
    )
}

fn from_json(name: &str, bytes: &[u8]) -> FileImport {
    let imported = json::import_json(name, bytes);
    FileImport {
        bundle: imported.bundle,
        errors: imported.errors,
        format: SourceFormat::BundleJson,
        documents: imported.documents,
    }
}

fn from_xml(bytes: &[u8]) -> FileImport {
    match xml::import_decmessage(bytes) {
        XmlImport::Declaration { bundle, errors } => {
            let mut documents = vec![DocumentKind::Declaration];
            if !bundle.attachments.is_empty() {
                documents.push(DocumentKind::Attachments);
            }
            FileImport {
                bundle: Some(*bundle),
                errors,
                format: SourceFormat::DecMessageXml,
                documents,
            }
        }
        XmlImport::Receipt(error) => FileImport::refused(SourceFormat::ReceiptXml, error),
        XmlImport::Unreadable(error) => FileImport::refused(SourceFormat::Unknown, error),
    }
}

fn from_sheet(imported: SheetImport) -> FileImport {
    let format = match imported.documents.first().map(|d| d.kind) {
        Some(DocumentKind::Invoice) => SourceFormat::InvoiceSheet,
        Some(DocumentKind::PackingList) => SourceFormat::PackingListSheet,
        Some(DocumentKind::Contract) => SourceFormat::ContractSheet,
        _ => SourceFormat::Spreadsheet,
    };
    if imported.documents.is_empty() {
        return FileImport {
            bundle: None,
            errors: imported.errors,
            format,
            documents: Vec::new(),
        };
    }
    let mut bundle = Bundle::default();
    let mut documents = Vec::new();
    for found in imported.documents {
        documents.push(found.kind);
        let slot = match found.kind {
            DocumentKind::Invoice => &mut bundle.invoice,
            DocumentKind::PackingList => &mut bundle.packing_list,
            _ => &mut bundle.contract,
        };
        *slot = Some(found.document);
    }
    FileImport {
        bundle: Some(bundle),
        errors: imported.errors,
        format,
        documents,
    }
}

/// Sniffed workbook kinds, for callers that know the file is a workbook.
pub fn workbook_kind(bytes: &[u8]) -> Option<WorkbookKind> {
    match sniff(bytes) {
        Sniffed::Workbook(kind) => Some(kind),
        _ => None,
    }
}
