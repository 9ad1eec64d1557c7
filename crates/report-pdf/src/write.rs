//! Laid-out pages to PDF bytes: content streams (Flate-compressed), the embedded face as a
//! CID-keyed Type 0 font (`Identity-H`, subset to the glyphs used, with widths and a
//! `ToUnicode` map so text can be searched and copied), and `STSong-Light`
//! (`UniGB-UTF16-H`, not embedded) for the characters the face lacks.
//!
//! The bytes are deterministic: no dates, no random file id, a subset tag derived from the
//! glyphs used.

use crate::PdfError;
use crate::font::{Fonts, Which, postscript_name, standard_char, standard_width};
use crate::layout::{Op, PAGE_HEIGHT, PAGE_WIDTH, Page, Rgb};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, TextRenderingMode, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use std::collections::BTreeMap;
use subsetter::GlyphRemapper;

const EMBEDDED: Name<'static> = Name(b"F1");
const STANDARD: Name<'static> = Name(b"F2");

fn compress(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// Glyphs used so far: the remapping for the subset, and per new glyph id its character and
/// width.
struct Used {
    remapper: GlyphRemapper,
    glyphs: BTreeMap<u16, (char, f32)>,
    standard: bool,
    embedded: bool,
}

fn set_fill(content: &mut Content, Rgb(r, g, b): Rgb) {
    content.set_fill_rgb(r, g, b);
}

fn set_stroke(content: &mut Content, Rgb(r, g, b): Rgb) {
    content.set_stroke_rgb(r, g, b);
}

/// Encodes one page's operations as a content stream.
fn content(page: &Page, fonts: &Fonts<'_>, used: &mut Used) -> Vec<u8> {
    let mut content = Content::new();
    for op in &page.ops {
        match op {
            Op::Fill { x, y, w, h, color } => {
                set_fill(&mut content, *color);
                content.rect(*x, *y, *w, *h).fill_nonzero();
            }
            Op::Frame {
                x,
                y,
                w,
                h,
                width,
                color,
            } => {
                set_stroke(&mut content, *color);
                content.set_line_width(*width);
                content.rect(*x, *y, *w, *h).stroke();
            }
            Op::Text {
                x,
                y,
                size,
                bold,
                color,
                text,
            } => {
                if text.is_empty() {
                    continue;
                }
                content.begin_text();
                set_fill(&mut content, *color);
                if *bold {
                    set_stroke(&mut content, *color);
                    content.set_line_width(size * 0.035);
                    content.set_text_rendering_mode(TextRenderingMode::FillStroke);
                } else {
                    content.set_text_rendering_mode(TextRenderingMode::Fill);
                }
                content.next_line(*x, *y);
                let mut run: Vec<u8> = Vec::new();
                let mut current: Option<Which> = None;
                let flush = |content: &mut Content, which: Option<Which>, run: &mut Vec<u8>| {
                    if let Some(which) = which
                        && !run.is_empty()
                    {
                        let name = match which {
                            Which::Embedded => EMBEDDED,
                            Which::Standard => STANDARD,
                        };
                        content.set_font(name, *size);
                        content.show(Str(run));
                        run.clear();
                    }
                };
                for c in text.chars() {
                    let (which, glyph, width) = fonts.glyph(c);
                    if current != Some(which) {
                        flush(&mut content, current, &mut run);
                        current = Some(which);
                    }
                    match which {
                        Which::Embedded => {
                            used.embedded = true;
                            let cid = used.remapper.remap(glyph);
                            used.glyphs.entry(cid).or_insert((c, width));
                            run.extend(cid.to_be_bytes());
                        }
                        Which::Standard => {
                            used.standard = true;
                            let mut units = [0u16; 2];
                            for unit in standard_char(c).encode_utf16(&mut units) {
                                run.extend(unit.to_be_bytes());
                            }
                        }
                    }
                }
                flush(&mut content, current, &mut run);
                content.end_text();
            }
        }
    }
    content.finish().into_vec()
}

/// Six capital letters naming the subset, derived from the glyphs it holds.
fn subset_tag(used: &Used) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for glyph in used.remapper.remapped_gids() {
        for byte in glyph.to_be_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| char::from(b'A' + ((hash >> (i * 5)) % 26) as u8))
        .collect()
}

/// Writes the document.
pub(crate) fn write(pages: &[Page], fonts: &Fonts<'_>, title: &str) -> Result<Vec<u8>, PdfError> {
    let mut used = Used {
        remapper: GlyphRemapper::new(),
        glyphs: BTreeMap::new(),
        standard: false,
        embedded: false,
    };
    let streams: Vec<Vec<u8>> = pages
        .iter()
        .map(|page| content(page, fonts, &mut used))
        .collect();

    let mut next = 1;
    let mut alloc = || {
        let id = Ref::new(next);
        next += 1;
        id
    };
    let catalog = alloc();
    let tree = alloc();
    let info = alloc();
    let embedded_font = alloc();
    let standard_font = alloc();
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().map(|(page, _)| *page))
        .count(i32::try_from(page_ids.len()).unwrap_or(i32::MAX));
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("declarant report-pdf"));
    for ((page_id, content_id), stream) in page_ids.iter().zip(&streams) {
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT));
        page.parent(tree);
        page.contents(*content_id);
        let mut resources = page.resources();
        let mut font_dict = resources.fonts();
        if used.embedded {
            font_dict.pair(EMBEDDED, embedded_font);
        }
        if used.standard {
            font_dict.pair(STANDARD, standard_font);
        }
        font_dict.finish();
        resources.finish();
        page.finish();
        pdf.stream(*content_id, &compress(stream))
            .filter(Filter::FlateDecode);
    }
    if used.embedded
        && let Some(embedded) = &fonts.embedded
    {
        write_embedded(&mut pdf, embedded_font, &mut alloc, embedded, &used)?;
    }
    if used.standard {
        write_standard(&mut pdf, standard_font, &mut alloc);
    }
    Ok(pdf.finish())
}

fn write_embedded(
    pdf: &mut Pdf,
    type0: Ref,
    alloc: &mut impl FnMut() -> Ref,
    embedded: &crate::font::Embedded<'_>,
    used: &Used,
) -> Result<(), PdfError> {
    let cid_font = alloc();
    let descriptor = alloc();
    let to_unicode = alloc();
    let file = alloc();
    let face = &embedded.face;
    let name = format!("{}+{}", subset_tag(used), postscript_name(face));
    let cff = face.tables().cff.is_some();

    let subset = subsetter::subset(embedded.data, embedded.index, &used.remapper)
        .map_err(|e| PdfError::Font(format!("subsetting failed: {e}")))?;
    let program = if cff {
        let raw = ttf_parser::RawFace::parse(&subset, 0)
            .map_err(|e| PdfError::Font(format!("subset unreadable: {e}")))?;
        raw.table(ttf_parser::Tag::from_bytes(b"CFF "))
            .ok_or_else(|| PdfError::Font("subset without a CFF table".to_string()))?
            .to_vec()
    } else {
        subset
    };

    pdf.type0_font(type0)
        .base_font(Name(name.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_font)
        .to_unicode(to_unicode);

    let identity = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    let mut cid = pdf.cid_font(cid_font);
    cid.subtype(if cff {
        CidFontType::Type0
    } else {
        CidFontType::Type2
    });
    cid.base_font(Name(name.as_bytes()));
    cid.system_info(identity);
    cid.font_descriptor(descriptor);
    cid.default_width(1000.0);
    if !cff {
        cid.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    let mut widths = cid.widths();
    for (glyph, (_, width)) in &used.glyphs {
        widths.consecutive(*glyph, [*width]);
    }
    widths.finish();
    cid.finish();

    let scale = 1000.0 / embedded.units_per_em;
    let bbox = face.global_bounding_box();
    let mut fd = pdf.font_descriptor(descriptor);
    fd.name(Name(name.as_bytes()))
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            f32::from(bbox.x_min) * scale,
            f32::from(bbox.y_min) * scale,
            f32::from(bbox.x_max) * scale,
            f32::from(bbox.y_max) * scale,
        ))
        .italic_angle(0.0)
        .ascent(f32::from(face.ascender()) * scale)
        .descent(f32::from(face.descender()) * scale)
        .cap_height(f32::from(face.capital_height().unwrap_or(face.ascender())) * scale)
        .stem_v(80.0);
    if cff {
        fd.font_file3(file);
    } else {
        fd.font_file2(file);
    }
    fd.finish();

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), identity);
    for (glyph, (c, _)) in &used.glyphs {
        cmap.pair(*glyph, *c);
    }
    let cmap = cmap.finish();
    pdf.cmap(to_unicode, &compress(cmap.as_slice()))
        .filter(Filter::FlateDecode);

    let compressed = compress(&program);
    let mut stream = pdf.stream(file, &compressed);
    stream.filter(Filter::FlateDecode);
    if cff {
        stream.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    } else {
        stream.pair(
            Name(b"Length1"),
            i32::try_from(program.len()).unwrap_or(i32::MAX),
        );
    }
    stream.finish();
    Ok(())
}

fn write_standard(pdf: &mut Pdf, type0: Ref, alloc: &mut impl FnMut() -> Ref) {
    let cid_font = alloc();
    let descriptor = alloc();
    let name = Name(b"STSong-Light");
    pdf.type0_font(type0)
        .base_font(name)
        .encoding_predefined(Name(b"UniGB-UTF16-H"))
        .descendant_font(cid_font);
    let mut cid = pdf.cid_font(cid_font);
    cid.subtype(CidFontType::Type0);
    cid.base_font(name);
    cid.system_info(SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"GB1"),
        supplement: 4,
    });
    cid.font_descriptor(descriptor);
    cid.default_width(1000.0);
    // CIDs 1–95: printable ASCII under UniGB-UTF16-H.
    cid.widths().same(1, 95, standard_width('a'));
    cid.finish();
    pdf.font_descriptor(descriptor)
        .name(name)
        .flags(FontFlags::SYMBOLIC | FontFlags::SERIF)
        .bbox(Rect::new(-25.0, -254.0, 1000.0, 880.0))
        .italic_angle(0.0)
        .ascent(880.0)
        .descent(-120.0)
        .cap_height(880.0)
        .stem_v(93.0);
}
