//! The origin worksheet as PDF, built for every example bill of materials with and without an
//! embedded font, read back with lopdf: page count, fonts, and the text the pages show
//! (decoded through the fonts' `ToUnicode` maps). With `pdftotext` on the machine, the text
//! poppler extracts is checked too.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

use lopdf::content::Content;
use lopdf::{Document, Object};
use model::Lang;
use origin::{BomFormat, Context, Determination, determine, parse_bom, rcep_table};
use report_pdf::{FONT_CANDIDATES, PdfOptions, origin_worksheet_pdf};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/origin")
}

fn determination(bytes: &[u8], format: BomFormat) -> Determination {
    let bom = parse_bom(bytes, format).expect("the bill reads");
    let table = rcep_table().expect("the table reads");
    determine(&bom, &Context::new(&table)).expect("a determination")
}

fn example(name: &str) -> Determination {
    let path = examples().join(name);
    let format = BomFormat::from_file_name(name).expect("a known format");
    determination(&std::fs::read(path).expect("the example reads"), format)
}

/// The first system CJK font, or `None` (with the reason printed) when there is none.
fn system_font() -> Option<Vec<u8>> {
    let found = FONT_CANDIDATES.iter().map(Path::new).find(|p| p.is_file());
    match found {
        Some(path) => Some(std::fs::read(path).expect("the font reads")),
        None => {
            eprintln!(
                "no CJK font installed (apt-get install fonts-noto-cjk): embedded-font cases skipped"
            );
            None
        }
    }
}

/// Decodes a page's text: for each text object, the strings it shows, through the font's
/// `ToUnicode` map (embedded font) or as UTF-16BE (`UniGB-UTF16-H`).
struct Reader {
    doc: Document,
}

fn parse_to_unicode(cmap: &[u8]) -> HashMap<u16, String> {
    let text = String::from_utf8_lossy(cmap);
    let mut map = HashMap::new();
    let mut inside = false;
    for line in text.lines() {
        if line.ends_with("beginbfchar") {
            inside = true;
        } else if line == "endbfchar" {
            inside = false;
        } else if inside {
            let parts: Vec<&str> = line
                .split(['<', '>', ' '])
                .filter(|p| !p.is_empty())
                .collect();
            let cid = u16::from_str_radix(parts[0], 16).unwrap();
            let units: Vec<u16> = parts[1]
                .as_bytes()
                .chunks(4)
                .map(|c| u16::from_str_radix(std::str::from_utf8(c).unwrap(), 16).unwrap())
                .collect();
            map.insert(cid, String::from_utf16(&units).unwrap());
        }
    }
    map
}

impl Reader {
    fn new(bytes: &[u8]) -> Reader {
        Reader {
            doc: Document::load_mem(bytes).expect("a readable PDF"),
        }
    }

    fn page_count(&self) -> usize {
        self.doc.get_pages().len()
    }

    /// Per font resource name: its base font, whether it has an embedded font file, and its
    /// ToUnicode map.
    fn fonts(
        &self,
        page: lopdf::ObjectId,
    ) -> HashMap<Vec<u8>, (String, bool, HashMap<u16, String>)> {
        let mut out = HashMap::new();
        for (name, font) in self.doc.get_page_fonts(page).unwrap() {
            let base =
                String::from_utf8(font.get(b"BaseFont").unwrap().as_name().unwrap().to_vec())
                    .unwrap();
            let descendants = font
                .get_deref(b"DescendantFonts", &self.doc)
                .unwrap()
                .as_array()
                .unwrap();
            let (_, cid) = self.doc.dereference(&descendants[0]).unwrap();
            let descriptor = cid
                .as_dict()
                .unwrap()
                .get_deref(b"FontDescriptor", &self.doc)
                .unwrap()
                .as_dict()
                .unwrap();
            let embedded = [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
                .iter()
                .any(|key| descriptor.get(key).is_ok());
            let to_unicode = font
                .get_deref(b"ToUnicode", &self.doc)
                .ok()
                .map(|o| parse_to_unicode(&o.as_stream().unwrap().decompressed_content().unwrap()))
                .unwrap_or_default();
            out.insert(name, (base, embedded, to_unicode));
        }
        out
    }

    /// Every page's text objects, one line each.
    fn pages(&self) -> Vec<Vec<String>> {
        let mut pages = Vec::new();
        for page in self.doc.get_pages().values() {
            let fonts = self.fonts(*page);
            let content = Content::decode(&self.doc.get_page_content(*page).unwrap()).unwrap();
            let mut lines = Vec::new();
            let mut line = String::new();
            let mut font = Vec::new();
            for op in content.operations {
                match op.operator.as_str() {
                    "Tf" => font = op.operands[0].as_name().unwrap().to_vec(),
                    "Tj" => {
                        let Object::String(bytes, _) = &op.operands[0] else {
                            panic!("Tj without a string")
                        };
                        let (base, _, map) = &fonts[&font];
                        if base == "STSong-Light" {
                            let units: Vec<u16> = bytes
                                .chunks(2)
                                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                                .collect();
                            line.push_str(&String::from_utf16(&units).unwrap());
                        } else {
                            for c in bytes.chunks(2) {
                                let cid = u16::from_be_bytes([c[0], c[1]]);
                                line.push_str(&map[&cid]);
                            }
                        }
                    }
                    "ET" => lines.push(std::mem::take(&mut line)),
                    _ => {}
                }
            }
            pages.push(lines);
        }
        pages
    }

    /// All text with whitespace removed, for searching across wrapped lines.
    fn squeezed(&self) -> String {
        self.pages()
            .concat()
            .concat()
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c == '−' { '-' } else { c })
            .collect()
    }
}

/// Whitespace removed, and the minus sign as a hyphen (as `STSong-Light` sets it).
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '−' { '-' } else { c })
        .collect()
}

fn check(answer: &Determination, bytes: &[u8], embedded: bool) {
    assert!(bytes.starts_with(b"%PDF-1.7"));
    let reader = Reader::new(bytes);
    let pages = reader.pages();
    let n = reader.page_count();
    assert!(n >= 1);
    assert_eq!(pages.len(), n);
    for (i, lines) in pages.iter().enumerate() {
        let footer = format!("第 {} / {n} 页   Page {} of {n}", i + 1, i + 1);
        assert!(lines.contains(&footer), "page {} lacks its footer", i + 1);
    }
    let page_one = *reader.doc.get_pages().values().next().unwrap();
    let fonts = reader.fonts(page_one);
    if embedded {
        let (base, has_file, to_unicode) = fonts.get(b"F1".as_slice()).expect("the embedded font");
        assert!(has_file, "{base} is embedded");
        assert_eq!(base.as_bytes()[6], b'+', "{base} is named as a subset");
        assert!(!to_unicode.is_empty());
    } else {
        assert_eq!(fonts.len(), 1);
        let (base, has_file, _) = &fonts[b"F2".as_slice()];
        assert_eq!(base, "STSong-Light");
        assert!(!has_file);
    }
    let text = reader.squeezed();
    let v = &answer.values;
    let mut wanted = vec![
        answer.product.description.clone(),
        answer.product.hs.clone(),
        answer.psr.clone(),
        format!("{}%", answer.rvc_build_down),
        format!("{}%", answer.rvc_build_up),
        format!(
            "(FOB−VNM)/FOB×100=({}−{})/{}×100={}%",
            v.fob, v.vnm, v.fob, answer.rvc_build_down
        ),
        v.vom.to_string(),
        "原产地计算工作表".to_string(),
    ];
    for material in &answer.materials {
        wanted.push(material.material.description.clone());
        wanted.push(material.material.value.to_string());
    }
    wanted.push(match answer.conclusion {
        origin::Conclusion::Originating => "原产/ORIGINATING".to_string(),
        origin::Conclusion::NotOriginating => "非原产/NOTORIGINATING".to_string(),
        origin::Conclusion::Undetermined => "无法判定/UNDETERMINED".to_string(),
    });
    for want in wanted {
        assert!(text.contains(&squeeze(&want)), "the PDF shows {want:?}");
    }
}

#[test]
fn every_example_with_and_without_a_font() {
    let font = system_font();
    let cases = [
        ("battery-pack-originating.json", Some("CTC")),
        ("battery-pack-not-originating.json", None),
        ("battery-pack-accumulation.json", Some("CTC,ACU")),
        ("battery-pack-bom.csv", Some("CTC")),
    ];
    for (name, expect) in cases {
        let answer = example(name);
        for lang in [Lang::Zh, Lang::En] {
            let bare = origin_worksheet_pdf(
                &answer,
                &PdfOptions {
                    font: None,
                    lang,
                    prepared_on: None,
                },
            )
            .unwrap();
            check(&answer, &bare, false);
            let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join(format!("{}-{lang:?}-no-font.pdf", name.replace('.', "-")));
            std::fs::write(&out, &bare).unwrap();
            if let Some(criterion) = expect {
                let shown = format!("原产地标准/Origincriterion:{criterion}");
                assert!(
                    Reader::new(&bare).squeezed().contains(&shown),
                    "{name}: {shown}"
                );
            }
            if let Some(font) = &font {
                let options = PdfOptions {
                    font: Some(font),
                    lang,
                    prepared_on: Some("2026-11-23"),
                };
                let bytes = origin_worksheet_pdf(&answer, &options).unwrap();
                check(&answer, &bytes, true);
                assert!(Reader::new(&bytes).squeezed().contains("2026-11-23"));
                // Deterministic.
                assert_eq!(bytes, origin_worksheet_pdf(&answer, &options).unwrap());
                // A subset, not the 19 MB collection.
                assert!(bytes.len() < 400_000, "{name}: {} bytes", bytes.len());
                let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
                    .join(format!("{}-{lang:?}.pdf", name.replace('.', "-")));
                std::fs::write(&out, &bytes).unwrap();
            }
        }
    }
}

/// A bill of 90 materials runs over several pages: every page but the first repeats the
/// materials table's header while the table lasts, and every page is numbered.
#[test]
fn long_bills_break_pages_and_repeat_the_header() {
    let mut materials = Vec::new();
    for i in 0..90 {
        materials.push(format!(
            r#"{{"description": "零件 part number {i} with a rather long description that wraps (第 {i} 号零件)", "hs": "853890", "value": "1.00", "originating": {}, "origin_country": "{}"}}"#,
            i % 3 == 0,
            if i % 3 == 0 { "CHN" } else { "USA" }
        ));
    }
    let bill = format!(
        r#"{{"agreement": "RCEP",
          "product": {{"description": "控制器 controller", "hs": "853710", "hs_version": "2012", "fob": "300.00",
                      "currency": "USD", "exporting_party": "CHN", "importing_party": "JPN", "psr": "CTH or RVC40"}},
          "materials": [{}],
          "costs": {{"direct_labour": "50.00", "direct_overhead": "20.00", "profit": "30.00", "other": "10.00"}},
          "operations": ["assembly"]}}"#,
        materials.join(",")
    );
    let answer = determination(bill.as_bytes(), BomFormat::Json);
    let font = system_font();
    let bytes = origin_worksheet_pdf(
        &answer,
        &PdfOptions {
            font: font.as_deref(),
            lang: Lang::En,
            prepared_on: None,
        },
    )
    .unwrap();
    check(&answer, &bytes, font.is_some());
    let reader = Reader::new(&bytes);
    let pages = reader.pages();
    assert!(pages.len() >= 4, "{} pages", pages.len());
    let with_materials: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, lines)| lines.iter().any(|l| l.starts_with("零件 part number")))
        .map(|(i, _)| i)
        .collect();
    assert!(with_materials.len() >= 3);
    for i in with_materials {
        assert!(
            pages[i].iter().any(|l| l == "Material"),
            "page {} repeats the header",
            i + 1
        );
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("long-bill.pdf");
    std::fs::write(&out, &bytes).unwrap();
}

#[test]
fn a_file_that_is_not_a_font_is_an_error_not_a_panic() {
    let answer = example("battery-pack-originating.json");
    for bytes in [b"".as_slice(), b"not a font at all", &[0u8; 64]] {
        let error = origin_worksheet_pdf(
            &answer,
            &PdfOptions {
                font: Some(bytes),
                lang: Lang::Zh,
                prepared_on: None,
            },
        )
        .unwrap_err();
        assert!(error.text().zh.contains("字体"));
        assert!(error.text().en.contains("font"));
    }
}

/// What poppler extracts: the Chinese product name and the figures, when `pdftotext` exists.
#[test]
fn pdftotext_extracts_the_chinese_text() {
    let Some(font) = system_font() else {
        return;
    };
    let probe = std::process::Command::new("pdftotext").arg("-v").output();
    if probe.is_err() {
        eprintln!("pdftotext not installed (apt-get install poppler-utils): check skipped");
        return;
    }
    let answer = example("battery-pack-originating.json");
    let bytes = origin_worksheet_pdf(
        &answer,
        &PdfOptions {
            font: Some(&font),
            lang: Lang::Zh,
            prepared_on: None,
        },
    )
    .unwrap();
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdftotext-probe.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let output = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for want in [
        "锂离子电池组",
        "磷酸铁锂电芯",
        "原产地计算工作表",
        "Page 1 of",
        "CTH or RVC40",
    ] {
        assert!(text.contains(want), "pdftotext gives {want:?}:\n{text}");
    }
    assert!(text.contains(&answer.rvc_build_down.to_string()));
}

/// A product described at length: the running head is cut with "…" to one line, the table
/// cells wrap, and nothing is lost from the product row.
#[test]
fn long_descriptions_wrap_and_the_running_head_is_cut() {
    let description = "大功率磷酸铁锂储能电池组，含电池管理系统、液冷板和防火外壳 high-capacity LFP energy storage battery pack\twith BMS, liquid cooling plate and fire-proof casing ".repeat(3);
    let bill = format!(
        r#"{{"agreement": "RCEP",
          "product": {{"description": "{description}", "hs": "850760", "hs_version": "2012", "fob": "100.00",
                      "currency": "USD", "exporting_party": "CHN", "importing_party": "JPN", "psr": "CTH or RVC40"}},
          "materials": [{{"description": "cells", "hs": "850760", "value": "30.00", "originating": false, "origin_country": "USA"}}],
          "operations": ["assembly"]}}"#
    )
    .replace('\t', "\\t");
    let answer = determination(bill.as_bytes(), BomFormat::Json);
    let bytes = origin_worksheet_pdf(&answer, &PdfOptions::default()).unwrap();
    let reader = Reader::new(&bytes);
    let first_page = &reader.pages()[0];
    assert!(first_page[0].ends_with('…'), "{}", first_page[0]);
    assert!(!first_page.concat().contains('\t'));
    let shown = reader.squeezed();
    assert!(shown.contains(&squeeze(&description)));
}

/// A TrueType font without Chinese glyphs (DejaVu Sans, when installed): Latin text in the
/// embedded subset (`FontFile2`), Chinese text in `STSong-Light`, and all of it readable.
#[test]
fn a_latin_truetype_font_embeds_and_chinese_falls_back_to_the_standard_font() {
    let path = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    if !path.is_file() {
        eprintln!(
            "{} not installed (fonts-dejavu-core): skipped",
            path.display()
        );
        return;
    }
    let font = std::fs::read(path).unwrap();
    let answer = example("battery-pack-originating.json");
    let bytes = origin_worksheet_pdf(
        &answer,
        &PdfOptions {
            font: Some(&font),
            lang: Lang::En,
            prepared_on: None,
        },
    )
    .unwrap();
    let reader = Reader::new(&bytes);
    let page_one = *reader.doc.get_pages().values().next().unwrap();
    let fonts = reader.fonts(page_one);
    let (base, embedded, _) = &fonts[b"F1".as_slice()];
    assert!(base.ends_with("+DejaVuSans") && *embedded, "{base}");
    assert_eq!(fonts[b"F2".as_slice()].0, "STSong-Light");
    let descriptor_has_file2 = String::from_utf8_lossy(&bytes).contains("/FontFile2");
    assert!(descriptor_has_file2);
    let text = reader.squeezed();
    assert!(text.contains(&squeeze(&answer.product.description)));
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dejavu.pdf");
    std::fs::write(out, &bytes).unwrap();
}
