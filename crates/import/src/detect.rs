//! Which format a file is, from its content first (magic bytes, byte-order mark, the first
//! character, the root element) and its name second: an `.xml` that holds JSON is read as
//! JSON, a `.csv` that is really an xlsx as a workbook.

use crate::sheet::WorkbookKind;

/// What the bytes look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// Nothing but whitespace.
    Empty,
    /// JSON text (`{` or `[` first).
    Json,
    /// XML text (`<` first).
    Xml,
    /// A workbook.
    Workbook(WorkbookKind),
    /// A PDF document (cannot be read: ask for the spreadsheet or XML).
    Pdf,
    /// A zip archive or other binary file that is no workbook.
    Binary,
    /// Other text: delimited (csv, tsv).
    DelimitedText,
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Sniffs the format of a file.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(b"PK\x03\x04") {
        return if contains(bytes, b"xl/workbook") || contains(bytes, b"xl/_rels") {
            Sniffed::Workbook(WorkbookKind::Xlsx)
        } else if contains(bytes, b"opendocument.spreadsheet") {
            Sniffed::Workbook(WorkbookKind::Ods)
        } else {
            Sniffed::Binary
        };
    }
    if bytes.starts_with(&OLE_MAGIC) {
        return Sniffed::Workbook(WorkbookKind::Xls);
    }
    if bytes.starts_with(b"%PDF") {
        return Sniffed::Pdf;
    }
    match first_character(bytes) {
        None => Sniffed::Empty,
        Some('<') => Sniffed::Xml,
        Some('{' | '[') => Sniffed::Json,
        Some(_) => Sniffed::DelimitedText,
    }
}

/// The first non-whitespace character, after any byte-order mark (UTF-8 or UTF-16).
fn first_character(bytes: &[u8]) -> Option<char> {
    let head = &bytes[..bytes.len().min(4096)];
    let (encoding, skip) = encoding_rs::Encoding::for_bom(head).unwrap_or((encoding_rs::UTF_8, 0));
    let (text, _) = encoding.decode_without_bom_handling(&head[skip..]);
    text.chars()
        .find(|c| !c.is_whitespace() && *c != '\u{feff}')
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// The last component of a path (`a/b/invoice.xlsx` → `invoice.xlsx`).
pub fn base_name(file_name: &str) -> &str {
    file_name.rsplit(['/', '\\']).next().unwrap_or(file_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        let cases: &[(&[u8], Sniffed)] = &[
            (b"", Sniffed::Empty),
            (b"  \n ", Sniffed::Empty),
            (b"{\"declaration\":{}}", Sniffed::Json),
            (b"\xef\xbb\xbf  [1]", Sniffed::Json),
            (b"<?xml version='1.0'?><DecMessage/>", Sniffed::Xml),
            (b"\xef\xbb\xbf<DecMessage/>", Sniffed::Xml),
            (b"\xff\xfe<\x00a\x00/\x00>\x00", Sniffed::Xml),
            (
                b"PK\x03\x04....xl/workbook.xml",
                Sniffed::Workbook(WorkbookKind::Xlsx),
            ),
            (b"PK\x03\x04....word/document.xml", Sniffed::Binary),
            (
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0],
                Sniffed::Workbook(WorkbookKind::Xls),
            ),
            (b"%PDF-1.7", Sniffed::Pdf),
            (b"No,Description,Qty\n1,a,2", Sniffed::DelimitedText),
        ];
        for (bytes, expected) in cases {
            assert_eq!(sniff(bytes), *expected, "{bytes:?}");
        }
        assert_eq!(base_name("a/b\\c/invoice.xlsx"), "invoice.xlsx");
    }
}
