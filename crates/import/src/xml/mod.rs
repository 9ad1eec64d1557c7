//! The China e-port declaration message (DecMessage XML), as real producers write it: the bare
//! `DecMessage` root or the `ImportMessage/SWImpData/DecMessage` envelope, any namespace, a
//! byte-order mark, single-quoted declarations, `encoding="gb2312"`, empty elements, misspelled
//! elements (`GrossWet`, `EdocRealation`…), old numeric and new alpha codes. Customs receipts
//! (`DecImportResponse`, `DEC_RESULT`, `DxpMsg`) are recognised and refused.
//!
//! The reader streams (quick-xml) and keeps only the blocks the model needs, so memory stays
//! bounded whatever the file size.

mod map;
mod scan;

pub use scan::{MAX_DEPTH, MAX_DOCUMENTS, MAX_LINES, MAX_VALUE_BYTES, is_receipt_root};

use crate::decode::decode_xml;
use crate::position::{line_columns, text_place};
use map::LocatedError;
use model::{Bundle, InputError, Text};
use scan::{Scan, scan};

/// What reading one XML document gave.
#[derive(Debug)]
pub enum XmlImport {
    /// A declaration message: the bundle holding its declaration, and every problem found.
    Declaration {
        /// The bundle (declaration, direction, licence attachments).
        bundle: Box<Bundle>,
        /// Malformed values and other problems; the rest of the message was imported.
        errors: Vec<InputError>,
    },
    /// A customs receipt, refused with an explanation.
    Receipt(InputError),
    /// Not a declaration message, or not XML at all.
    Unreadable(InputError),
}

/// Reads a DecMessage from the bytes of a file.
pub fn import_decmessage(bytes: &[u8]) -> XmlImport {
    let decoded = match decode_xml(bytes) {
        Ok(decoded) => decoded,
        Err(_) => {
            return XmlImport::Unreadable(InputError::new(
                "line 1, column 1",
                Text::new(
                    "无法识别文件的字符编码（应为 UTF-8 或 GB18030/GBK）",
                    "unknown text encoding: expected UTF-8 or GB18030/GBK",
                ),
            ));
        }
    };
    let text = decoded.text.as_ref();
    let mut errors = Vec::new();
    if let Some((zh, en)) = decoded.warning.clone() {
        errors.push(InputError::new("line 1, column 1", Text::new(zh, en)));
    }
    let scanned = match scan(text) {
        Ok(Scan::Declaration(scanned)) => scanned,
        Ok(Scan::Receipt(root)) => return XmlImport::Receipt(receipt_error(&root)),
        Ok(Scan::Other(root)) => {
            return XmlImport::Unreadable(InputError::new(
                "line 1, column 1",
                Text::new(
                    format!(
                        "不是报关单报文：根元素是 <{root}>，应为 <DecMessage> 或 <ImportMessage>"
                    ),
                    format!(
                        "not a declaration message: the root element is <{root}>, expected <DecMessage> or <ImportMessage>"
                    ),
                ),
            ));
        }
        Err(error) => {
            return XmlImport::Unreadable(InputError::new(
                text_place(text, error.offset),
                Text::new(error.zh, error.en),
            ));
        }
    };
    let mut located: Vec<LocatedError> = scanned
        .problems
        .into_iter()
        .map(|(offset, zh, en)| LocatedError {
            offset,
            element: String::new(),
            message: Text::new(zh, en),
        })
        .collect();
    if !scanned.records.iter().any(|r| r.block == scan::Block::Head) {
        located.push(LocatedError {
            offset: 0,
            element: String::new(),
            message: Text::new("报文缺少表头 DecHead", "the message has no DecHead"),
        });
    }
    let mapped = map::map_records(&scanned.records);
    located.extend(mapped.errors);
    // Document order, and every place found in one pass over the text.
    located.sort_by_key(|error| error.offset);
    let offsets: Vec<usize> = located.iter().map(|error| error.offset).collect();
    for (error, (line, column)) in located.into_iter().zip(line_columns(text, &offsets)) {
        let place = format!("line {line}, column {column}");
        let path = if error.element.is_empty() {
            place
        } else {
            format!("{place}: {}", error.element)
        };
        errors.push(InputError::new(path, error.message));
    }
    let bundle = Bundle {
        id: mapped.id,
        direction: mapped.direction,
        declaration: Some(mapped.declaration),
        attachments: mapped.attachments,
        ..Bundle::default()
    };
    XmlImport::Declaration {
        bundle: Box::new(bundle),
        errors,
    }
}

fn receipt_error(root: &str) -> InputError {
    let (zh_kind, en_kind) = if root.eq_ignore_ascii_case("DxpMsg") {
        (
            "传输报文信封（DxpMsg，内含编码的回执或报文）",
            "a transport envelope (DxpMsg, with an encoded receipt or message inside)",
        )
    } else {
        ("海关回执", "a customs receipt")
    };
    InputError::new(
        "line 1, column 1",
        Text::new(
            format!("这是{zh_kind} <{root}>，不是报关单报文，未导入"),
            format!("this is {en_kind} <{root}>, not a declaration message: not imported"),
        ),
    )
}
