//! Reports as PDF. First (and so far only) report: the RCEP origin worksheet, ready to attach
//! to a certificate-of-origin application ([`origin_worksheet_pdf`]). It carries the same
//! information as the xlsx worksheet of the `origin` crate, laid out as tables over as many A4
//! pages as needed, with repeated header rows and "第 1 / 3 页 Page 1 of 3" footers.
//!
//! # Fonts
//!
//! This crate reads no file and no environment: the caller passes the bytes of a font file
//! ([`PdfOptions::font`]). A TrueType or CFF font (`.ttf`, `.otf`, or a `.ttc` collection, whose
//! Simplified Chinese face is chosen) is embedded as a subset holding only the glyphs used.
//! The `declarant` CLI takes `--font FILE`, or else the first of [`FONT_CANDIDATES`] that
//! exists (Debian's `fonts-noto-cjk` first).
//!
//! Without a font file, or for a character the file lacks, the text is set in the standard
//! Adobe-GB1 CID font **`STSong-Light`** (encoding `UniGB-UTF16-H`), which is *not* embedded:
//! PDF readers substitute a Chinese font of their own (Acrobat ships it; poppler-based readers
//! need `poppler-data` and a CJK font installed). The PDF is valid either way; embedding a
//! font makes it look the same everywhere, so the CLI warns when it found none.
//!
//! The bytes are deterministic: the same answer, options and font give the same file.

mod font;
mod layout;
mod origin_pdf;
mod write;

pub use origin_pdf::origin_worksheet_pdf;

use model::{Lang, Text};

/// Font files tried, in order, when the user names none: Debian/Ubuntu `fonts-noto-cjk`, other
/// Linux layouts of Noto CJK and WenQuanYi, macOS and Windows Chinese fonts.
pub const FONT_CANDIDATES: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:\\Windows\\Fonts\\msyh.ttc",
    "C:\\Windows\\Fonts\\simsun.ttc",
];

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The font file cannot be read as a font, or its subset cannot be made.
    #[error("the font file cannot be used: {0}")]
    Font(String),
}

impl PdfError {
    /// The message in both languages.
    pub fn text(&self) -> Text {
        match self {
            PdfError::Font(detail) => Text::new(
                format!(
                    "字体文件无法使用（须为 TrueType/OpenType 的 .ttf、.otf 或 .ttc）：{detail}"
                ),
                format!(
                    "the font file cannot be used (a TrueType/OpenType .ttf, .otf or .ttc is needed): {detail}"
                ),
            ),
        }
    }
}

/// How to make a PDF.
#[derive(Debug, Clone, Copy, Default)]
pub struct PdfOptions<'a> {
    /// The bytes of a font file to embed (subset); `None` uses `STSong-Light`, not embedded.
    pub font: Option<&'a [u8]>,
    /// The language of explanations; labels and headers are always bilingual.
    pub lang: Lang,
    /// A preparation date, printed when given.
    pub prepared_on: Option<&'a str>,
}
