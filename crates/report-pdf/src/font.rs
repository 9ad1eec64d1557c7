//! Fonts: an embedded face of a font file the caller read (TrueType or CFF outlines, `.ttf`,
//! `.otf` or a `.ttc` collection), subset to the glyphs used; and the standard non-embedded
//! Adobe-GB1 CID font `STSong-Light`, which PDF readers substitute, for every character the
//! file lacks (or every character when no file is given).

use crate::PdfError;
use ttf_parser::{Face, GlyphId, name_id};

/// Which font draws a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    /// The embedded face.
    Embedded,
    /// `STSong-Light`, not embedded.
    Standard,
}

/// An opened face of a font file.
pub(crate) struct Embedded<'a> {
    pub data: &'a [u8],
    pub index: u32,
    pub face: Face<'a>,
    pub units_per_em: f32,
}

/// The fonts of one document.
pub(crate) struct Fonts<'a> {
    pub embedded: Option<Embedded<'a>>,
}

/// The faces of a collection, best first for Chinese: a face whose family names Simplified
/// Chinese (`SC`, `GB`, `Simplified`), then the others in file order.
fn face_order(data: &[u8]) -> Vec<u32> {
    let count = ttf_parser::fonts_in_collection(data).unwrap_or(1);
    let mut order: Vec<(bool, u32)> = (0..count)
        .map(|index| {
            let simplified = Face::parse(data, index).is_ok_and(|face| {
                face.names()
                    .into_iter()
                    .filter(|n| n.name_id == name_id::FAMILY || n.name_id == name_id::FULL_NAME)
                    .filter_map(|n| n.to_string())
                    .any(|name| {
                        name.contains(" SC")
                            || name.ends_with("SC")
                            || name.contains("GB")
                            || name.contains("Simplified")
                            || name.contains("简")
                    })
            });
            (!simplified, index)
        })
        .collect();
    order.sort();
    order.into_iter().map(|(_, index)| index).collect()
}

impl<'a> Fonts<'a> {
    /// Opens `data` (a font file's bytes) or, without it, uses the standard font only.
    pub fn new(data: Option<&'a [u8]>) -> Result<Fonts<'a>, PdfError> {
        let Some(data) = data else {
            return Ok(Fonts { embedded: None });
        };
        let mut last_error = String::from("no face");
        for index in face_order(data) {
            match Face::parse(data, index) {
                Ok(face) => {
                    let tables = face.tables();
                    if tables.glyf.is_none() && tables.cff.is_none() {
                        last_error = "neither TrueType nor CFF outlines".to_string();
                        continue;
                    }
                    let units_per_em = f32::from(face.units_per_em().max(1));
                    return Ok(Fonts {
                        embedded: Some(Embedded {
                            data,
                            index,
                            face,
                            units_per_em,
                        }),
                    });
                }
                Err(error) => last_error = error.to_string(),
            }
        }
        Err(PdfError::Font(last_error))
    }

    /// The font that draws `c`, its glyph in that font (the embedded face's glyph id; 0 for
    /// the standard font) and its advance in thousandths of an em.
    pub fn glyph(&self, c: char) -> (Which, u16, f32) {
        if let Some(embedded) = &self.embedded
            && let Some(GlyphId(glyph)) = embedded.face.glyph_index(c)
        {
            let advance = embedded
                .face
                .glyph_hor_advance(GlyphId(glyph))
                .map_or(1000.0, |a| f32::from(a) * 1000.0 / embedded.units_per_em);
            return (Which::Embedded, glyph, advance);
        }
        (Which::Standard, 0, standard_width(standard_char(c)))
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).2).sum::<f32>() * size / 1000.0
    }
}

/// The character set in `STSong-Light` for `c`: a few typographic signs that Adobe-GB1 readers
/// often lack are set as their ASCII look-alikes.
pub(crate) fn standard_char(c: char) -> char {
    match c {
        '\u{2212}' | '\u{2010}' | '\u{2011}' => '-',
        '\u{00A0}' => ' ',
        _ => c,
    }
}

/// The width the document gives a character of `STSong-Light` (thousandths of an em): the
/// printable ASCII range (CIDs 1–95 of Adobe-GB1 under `UniGB-UTF16-H`) is set half-width,
/// everything else full-width.
pub(crate) fn standard_width(c: char) -> f32 {
    if (' '..='~').contains(&c) {
        500.0
    } else {
        1000.0
    }
}

/// The face's PostScript name, fit for a PDF name (`NotoSansCJKsc-Regular`).
pub(crate) fn postscript_name(face: &Face<'_>) -> String {
    let name = face
        .names()
        .into_iter()
        .filter(|n| n.name_id == name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .unwrap_or_else(|| "Embedded".to_string());
    let clean: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    if clean.is_empty() {
        "Embedded".to_string()
    } else {
        clean
    }
}
