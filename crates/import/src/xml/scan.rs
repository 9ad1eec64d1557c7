//! A streaming pass over a DecMessage: collects the few blocks the model needs (DecHead, each
//! DecList, LicenseDocu, EdocRealation, DecFreeTxt) as flat records of element text, by local
//! name, ignoring namespaces and element order. Memory is bounded: nothing else is kept, and
//! records, values and nesting are capped.

use quick_xml::Reader;
use quick_xml::events::{BytesRef, Event};

/// The most goods lines read from one message (the Single Window allows 50 per declaration).
pub const MAX_LINES: usize = 1000;
/// The most licence and electronic-document records read from one message.
pub const MAX_DOCUMENTS: usize = 1000;
/// The longest element value kept, in bytes.
pub const MAX_VALUE_BYTES: usize = 64 * 1024;
/// The deepest element nesting accepted.
pub const MAX_DEPTH: usize = 64;
/// The most fields kept per record.
const MAX_FIELDS: usize = 512;

/// The blocks of a DecMessage that the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// `DecHead`
    Head,
    /// `DecList` (a goods line)
    Line,
    /// `LicenseDocu` (an attached document: DocuCode, CertCode)
    LicenceDocument,
    /// `EdocRealation` (sic; an electronic attached document)
    ElectronicDocument,
    /// `DecFreeTxt`
    FreeText,
    /// `DecSign` (the client's own reference, `ClientSeqNo`)
    Sign,
}

impl Block {
    fn of(local_name: &str) -> Option<Block> {
        match local_name {
            "DecHead" => Some(Block::Head),
            "DecList" => Some(Block::Line),
            "LicenseDocu" => Some(Block::LicenceDocument),
            "EdocRealation" | "EdocRelation" => Some(Block::ElectronicDocument),
            "DecFreeTxt" => Some(Block::FreeText),
            "DecSign" => Some(Block::Sign),
            _ => None,
        }
    }
}

/// One element value of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The element's local name (`GQty`).
    pub name: String,
    /// Its text, trimmed.
    pub value: String,
    /// Byte offset of its start tag in the decoded text.
    pub offset: usize,
}

/// One block occurrence with its direct child elements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Which block.
    pub block: Block,
    /// Byte offset of the block's start tag.
    pub offset: usize,
    /// Its leaf children in document order.
    pub fields: Vec<Field>,
}

impl Record {
    /// The first non-empty value among `names` (aliases in order of preference), with its field.
    pub fn get(&self, names: &[&str]) -> Option<&Field> {
        names.iter().find_map(|name| {
            self.fields
                .iter()
                .find(|field| field.name == *name && !field.value.is_empty())
        })
    }
}

/// What the scan found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ScannedMessage {
    /// The records, in document order.
    pub records: Vec<Record>,
    /// Problems that did not stop the scan: (byte offset, Chinese, English).
    pub problems: Vec<(usize, String, String)>,
}

/// What kind of XML document this is, from its root element.
#[derive(Debug, PartialEq, Eq)]
pub enum Scan {
    /// A declaration message (bare or inside the `ImportMessage` envelope).
    Declaration(ScannedMessage),
    /// A customs receipt or transport envelope: the root element's name.
    Receipt(String),
    /// Some other XML document: the root element's name.
    Other(String),
}

/// The XML is not well-formed: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlSyntaxError {
    /// Byte offset of the problem in the decoded text.
    pub offset: usize,
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

/// True for the root elements of customs receipts and transport envelopes, which share folders
/// with declarations but are not declarations.
pub fn is_receipt_root(local_name: &str) -> bool {
    let lower = local_name.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "decimportresponse"
            | "dec_result"
            | "decresult"
            | "dxpmsg"
            | "trnimportresponse"
            | "dec_ret"
    ) || lower.ends_with("response")
        || lower.ends_with("result")
        || lower.ends_with("receipt")
        || lower.ends_with("_ret")
}

struct OpenRecord {
    record: Record,
    depth: usize,
    field: Option<Field>,
    value_cut: bool,
}

/// Scans a decoded XML document.
pub fn scan(text: &str) -> Result<Scan, XmlSyntaxError> {
    let mut reader = Reader::from_str(text);
    // Hand-written producers leave `&` unescaped in names (`A&B牌`): keep it as text.
    reader.config_mut().allow_dangling_amp = true;
    let mut scanner = Scanner::default();
    loop {
        let event_start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|error| XmlSyntaxError {
            offset: usize::try_from(reader.error_position()).unwrap_or(0),
            zh: format!("XML 格式错误：{error}"),
            en: format!("not well-formed XML: {error}"),
        })?;
        // Markup events start where the previous event ended: at their `<`.
        let start = event_start;
        match event {
            Event::Start(element) => {
                let name = element.local_name().as_ref().to_string();
                if let Some(done) = scanner.open(&name, start)? {
                    return Ok(done);
                }
            }
            Event::Empty(element) => {
                let name = element.local_name().as_ref().to_string();
                if let Some(done) = scanner.open(&name, start)? {
                    return Ok(done);
                }
                scanner.close(start);
            }
            Event::End(_) => scanner.close(start),
            Event::Text(text_event) => scanner.text(&text_event.xml10_content(), event_start),
            Event::CData(cdata) => scanner.text(&cdata.xml10_content(), event_start),
            Event::GeneralRef(reference) => {
                scanner.text(&resolve_reference(&reference), event_start)
            }
            Event::Eof => return scanner.finish(text.len()),
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}

/// `&amp;` and the other predefined entities, and character references; an unknown entity is
/// kept as written.
fn resolve_reference(reference: &BytesRef<'_>) -> String {
    if reference.is_char_ref()
        && let Ok(Some(c)) = reference.resolve_char_ref()
    {
        return c.to_string();
    }
    let name = reference.xml10_content();
    match name.as_ref() {
        "amp" => "&".to_string(),
        "lt" => "<".to_string(),
        "gt" => ">".to_string(),
        "quot" => "\"".to_string(),
        "apos" => "'".to_string(),
        other => format!("&{other};"),
    }
}

#[derive(Default)]
struct Scanner {
    depth: usize,
    root: Option<String>,
    /// Depth of the `DecMessage` element being read.
    message_depth: Option<usize>,
    messages_seen: usize,
    open: Option<OpenRecord>,
    found: ScannedMessage,
    lines: usize,
    documents: usize,
    open_names: Vec<String>,
}

impl Scanner {
    /// A start tag at byte `offset`. Returns a finished scan when the root decides it.
    fn open(&mut self, name: &str, offset: usize) -> Result<Option<Scan>, XmlSyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(XmlSyntaxError {
                offset,
                zh: format!("元素嵌套超过 {MAX_DEPTH} 层"),
                en: format!("elements nested deeper than {MAX_DEPTH} levels"),
            });
        }
        self.open_names.push(name.to_string());
        if self.root.is_none() {
            self.root = Some(name.to_string());
            if is_receipt_root(name) {
                return Ok(Some(Scan::Receipt(name.to_string())));
            }
        }
        if name == "DecMessage" && self.open.is_none() {
            self.messages_seen += 1;
            if self.messages_seen == 1 {
                self.message_depth = Some(self.depth);
            } else if self.messages_seen == 2 {
                self.found.problems.push((
                    offset,
                    "文件包含多份报关单报文，只导入了第一份".to_string(),
                    "the file holds more than one DecMessage: only the first was imported"
                        .to_string(),
                ));
            }
            return Ok(None);
        }
        let Some(message_depth) = self.message_depth else {
            return Ok(None);
        };
        match &mut self.open {
            None => {
                if self.depth > message_depth {
                    self.open_record(name, offset);
                }
            }
            Some(open) if self.depth == open.depth + 1 => {
                open.field = Some(Field {
                    name: name.to_string(),
                    value: String::new(),
                    offset,
                });
                open.value_cut = false;
            }
            Some(_) => {}
        }
        Ok(None)
    }

    fn open_record(&mut self, name: &str, offset: usize) {
        let Some(block) = Block::of(name) else {
            return;
        };
        let (count, limit, what_zh, what_en) = match block {
            Block::Line => (&mut self.lines, MAX_LINES, "商品行", "goods lines"),
            Block::LicenceDocument | Block::ElectronicDocument => (
                &mut self.documents,
                MAX_DOCUMENTS,
                "随附单证",
                "attached documents",
            ),
            Block::Head | Block::FreeText | Block::Sign => {
                self.open = Some(OpenRecord {
                    record: Record {
                        block,
                        offset,
                        fields: Vec::new(),
                    },
                    depth: self.depth,
                    field: None,
                    value_cut: false,
                });
                return;
            }
        };
        *count += 1;
        if *count == limit + 1 {
            self.found.problems.push((
                offset,
                format!("{what_zh}超过 {limit} 个，其余未导入"),
                format!("more than {limit} {what_en}: the rest were not imported"),
            ));
        }
        if *count > limit {
            return;
        }
        self.open = Some(OpenRecord {
            record: Record {
                block,
                offset,
                fields: Vec::new(),
            },
            depth: self.depth,
            field: None,
            value_cut: false,
        });
    }

    fn text(&mut self, content: &str, offset: usize) {
        let depth = self.depth;
        let Some(open) = &mut self.open else {
            return;
        };
        let Some(field) = &mut open.field else {
            return;
        };
        if depth != open.depth + 1 {
            return;
        }
        if field.value.len() + content.len() > MAX_VALUE_BYTES {
            if !open.value_cut {
                open.value_cut = true;
                self.found.problems.push((
                    offset,
                    format!(
                        "元素 {} 的值超过 {MAX_VALUE_BYTES} 字节，已截断",
                        field.name
                    ),
                    format!(
                        "the value of {} is longer than {MAX_VALUE_BYTES} bytes: cut",
                        field.name
                    ),
                ));
            }
            let room = MAX_VALUE_BYTES.saturating_sub(field.value.len());
            let mut cut = room.min(content.len());
            while !content.is_char_boundary(cut) {
                cut -= 1;
            }
            field.value.push_str(&content[..cut]);
        } else {
            field.value.push_str(content);
        }
    }

    fn close(&mut self, _offset: usize) {
        let depth = self.depth;
        self.depth = self.depth.saturating_sub(1);
        self.open_names.pop();
        if self.message_depth == Some(depth) {
            self.message_depth = None;
            return;
        }
        let Some(open) = &mut self.open else {
            return;
        };
        if depth == open.depth + 1 {
            if let Some(mut field) = open.field.take()
                && open.record.fields.len() < MAX_FIELDS
            {
                field.value = field.value.trim().to_string();
                open.record.fields.push(field);
            }
        } else if depth == open.depth
            && let Some(done) = self.open.take()
        {
            self.found.records.push(done.record);
        }
    }

    fn finish(mut self, end: usize) -> Result<Scan, XmlSyntaxError> {
        if let Some(unclosed) = self.open_names.last() {
            return Err(XmlSyntaxError {
                offset: end,
                zh: format!("文件在元素 <{unclosed}> 内意外结束"),
                en: format!("the file ends inside the element <{unclosed}>"),
            });
        }
        let Some(root) = self.root.take() else {
            return Err(XmlSyntaxError {
                offset: end,
                zh: "文件中没有 XML 元素".to_string(),
                en: "no XML element found".to_string(),
            });
        };
        if self.messages_seen == 0 {
            return Ok(Scan::Other(root));
        }
        Ok(Scan::Declaration(self.found))
    }
}
