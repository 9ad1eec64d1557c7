//! Bytes to text: byte-order marks, UTF-8, UTF-16 and the Chinese GB18030 family (GBK, GB2312).
//!
//! Agents' files come from Chinese Windows tools as often as from web systems, so a file that
//! is not valid UTF-8 is read as GB18030 (which contains GBK and GB2312) before giving up.

use encoding_rs::{Encoding, GB18030, UTF_8};
use std::borrow::Cow;

/// Text decoded from a file's bytes.
#[derive(Debug)]
pub struct DecodedText<'a> {
    /// The text, without any byte-order mark.
    pub text: Cow<'a, str>,
    /// The encoding the bytes were read in (`UTF-8`, `gb18030`, `UTF-16LE`…).
    pub encoding: &'static str,
    /// Something a person should know about the encoding (a wrong declaration…), both
    /// languages.
    pub warning: Option<(String, String)>,
}

/// Why bytes are not text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotTextError;

/// Decodes text: a byte-order mark wins; then UTF-8 when the bytes are valid UTF-8; then
/// GB18030. Bytes that are neither (or hold NUL bytes) are not text.
pub fn decode_text(bytes: &[u8]) -> Result<DecodedText<'_>, NotTextError> {
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        if had_errors || text.contains('\0') {
            return Err(NotTextError);
        }
        return Ok(DecodedText {
            text,
            encoding: encoding.name(),
            warning: None,
        });
    }
    if bytes.contains(&0) {
        return Err(NotTextError);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(DecodedText {
            text: Cow::Borrowed(text),
            encoding: UTF_8.name(),
            warning: None,
        });
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(NotTextError);
    }
    Ok(DecodedText {
        text,
        encoding: GB18030.name(),
        warning: None,
    })
}

/// Decodes an XML document: a byte-order mark wins, then the `encoding` of the XML declaration
/// (`gb2312`, `gbk`, `gb18030`… single or double quotes), then UTF-8, then GB18030. A document
/// whose bytes contradict its declaration is still read, with a warning.
pub fn decode_xml(bytes: &[u8]) -> Result<DecodedText<'_>, NotTextError> {
    if Encoding::for_bom(bytes).is_some() {
        return decode_text(bytes);
    }
    let declared = declared_xml_encoding(bytes);
    let label_encoding = declared
        .as_deref()
        .and_then(|label| Encoding::for_label(label.as_bytes()));
    match (declared.as_deref(), label_encoding) {
        (Some(_), Some(encoding)) if encoding != UTF_8 && encoding.is_ascii_compatible() => {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            if text.contains('\0') {
                return Err(NotTextError);
            }
            let warning = had_errors.then(|| {
                (
                    format!("文件声明的编码 {} 与内容不符，无法解码的字符已替换为 �", encoding.name()),
                    format!(
                        "the bytes do not match the declared encoding {}: undecodable characters were replaced by �",
                        encoding.name()
                    ),
                )
            });
            Ok(DecodedText {
                text,
                encoding: encoding.name(),
                warning,
            })
        }
        (declared_label, encoding) => {
            let mut decoded = decode_text(bytes)?;
            let declared_utf8 = declared_label.is_none() || encoding == Some(UTF_8);
            if decoded.encoding != UTF_8.name() && declared_utf8 {
                decoded.warning = Some((
                    "文件声明为 UTF-8，实际内容是 GB18030（GBK）编码，已按 GB18030 读取"
                        .to_string(),
                    "the file is declared UTF-8 but its bytes are GB18030 (GBK); read as GB18030"
                        .to_string(),
                ));
            } else if let (Some(label), None) = (declared_label, encoding) {
                decoded.warning = Some((
                    format!("未知的编码声明 `{label}`，已按 {} 读取", decoded.encoding),
                    format!(
                        "unknown declared encoding `{label}`: read as {}",
                        decoded.encoding
                    ),
                ));
            }
            Ok(decoded)
        }
    }
}

/// The `encoding` pseudo-attribute of the XML declaration (`<?xml version='1.0'
/// encoding='gb2312'?>`), read from the first bytes (every candidate encoding is ASCII there).
pub fn declared_xml_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(512)];
    let start = find(head, b"<?xml")?;
    let end = start + find(&head[start..], b"?>")?;
    let declaration = &head[start..end];
    let at = find(declaration, b"encoding")?;
    let rest = &declaration[at + b"encoding".len()..];
    let rest = trim_ascii_start(rest).strip_prefix(b"=")?;
    let rest = trim_ascii_start(rest);
    let quote = *rest.first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let value = &rest[1..];
    let close = value.iter().position(|b| *b == quote)?;
    let label = std::str::from_utf8(&value[..close]).ok()?.trim();
    (!label.is_empty()).then(|| label.to_string())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[skip..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gb18030(text: &str) -> Vec<u8> {
        GB18030.encode(text).0.into_owned()
    }

    #[test]
    fn plain_text() {
        type Case = (Vec<u8>, Option<(&'static str, &'static str)>);
        let cases: Vec<Case> = vec![
            (b"abc".to_vec(), Some(("abc", "UTF-8"))),
            ("\u{feff}品名".as_bytes().to_vec(), Some(("品名", "UTF-8"))),
            (gb18030("品名,数量"), Some(("品名,数量", "gb18030"))),
            (vec![0xff, 0xfe, b'a', 0, b'b', 0], Some(("ab", "UTF-16LE"))),
            (vec![0x00, 0x01, 0x02], None),
            (vec![0x81, 0x30], None),
        ];
        for (bytes, expected) in cases {
            let got = decode_text(&bytes).ok();
            let got = got.as_ref().map(|d| (d.text.as_ref(), d.encoding));
            assert_eq!(got, expected, "{bytes:?}");
        }
    }

    #[test]
    fn xml_declarations() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (
                b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>",
                Some("UTF-8"),
            ),
            (
                b"<?xml version='1.0' encoding='gb2312'?><a/>",
                Some("gb2312"),
            ),
            (b"<?xml version='1.0' encoding = 'GBK' ?>", Some("GBK")),
            (b"<?xml version=\"1.0\"?><a/>", None),
            (b"<a/>", None),
            (b"<?xml encoding=\"unterminated", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(declared_xml_encoding(bytes).as_deref(), *expected);
        }
    }

    #[test]
    fn xml_in_gb2312_and_mislabelled() {
        let mut bytes = b"<?xml version='1.0' encoding='gb2312'?>".to_vec();
        bytes.extend(gb18030("<GName>锂离子蓄电池</GName>"));
        let decoded = decode_xml(&bytes).unwrap();
        assert!(decoded.text.contains("锂离子蓄电池"));
        assert!(decoded.warning.is_none());

        let mut mislabelled = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>".to_vec();
        mislabelled.extend(gb18030("<GName>电池</GName>"));
        let decoded = decode_xml(&mislabelled).unwrap();
        assert!(decoded.text.contains("电池"));
        assert!(decoded.warning.is_some());

        let unknown = b"<?xml version='1.0' encoding='klingon'?><a/>";
        assert!(decode_xml(unknown).unwrap().warning.is_some());
    }
}
