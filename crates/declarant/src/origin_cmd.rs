//! `declarant origin`: RCEP origin determination of one product from its bill of materials,
//! with the origin worksheet for the certificate-of-origin application.

use crate::inputs::{about_file, joined, read_bounded, read_text};
use model::{Lang, Text};
use origin::{BomFormat, Context, Correlation, Nomenclature, RuleTable};
use std::path::{Path, PathBuf};

/// Arguments of `origin`.
#[derive(Debug, clap::Args)]
pub struct OriginArgs {
    /// The bill of materials: JSON (CONTRACT §6), CSV or xlsx.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::agency_cmd::Format::Text)]
    pub format: crate::agency_cmd::Format,
    /// Also write the origin worksheet: .xlsx or .pdf, chosen by the file's ending.
    #[arg(long, value_name = "OUT.xlsx|OUT.pdf")]
    pub worksheet: Option<PathBuf>,
    /// The font embedded in a PDF worksheet (.ttf, .otf or .ttc with Chinese glyphs); by
    /// default the first of the usual system paths that exists (Noto Sans CJK first).
    #[arg(long, value_name = "FILE")]
    pub font: Option<PathBuf>,
    /// A rules file (CSV or JSON) laid over the built-in RCEP table: corrections, missing
    /// rows, or another agreement.
    #[arg(long, value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// An HS 2022 → HS 2012 correlation table (CSV: hs2022,hs2012).
    #[arg(long, value_name = "FILE")]
    pub correlation: Option<PathBuf>,
}

fn fail(message: &Text, lang: Lang) -> u8 {
    crate::data::print_error(message, lang);
    2
}

fn rule_table(extra: &[PathBuf]) -> Result<RuleTable, Text> {
    let mut table = origin::rcep_table().map_err(|e| Text::new(e.to_string(), e.to_string()))?;
    for path in extra {
        let text = read_text(path)?;
        let name = path.display().to_string();
        let loaded = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            RuleTable::from_json(&text, "RCEP", &name)
        } else {
            RuleTable::from_csv(&text, "RCEP", &name)
        };
        table.overlay(
            loaded.map_err(|e| about_file(path, &Text::new(e.to_string(), e.to_string())))?,
        );
    }
    Ok(table)
}

pub fn run(args: &OriginArgs, lang: Lang) -> u8 {
    let rules = match rule_table(&args.rules) {
        Ok(rules) => rules,
        Err(message) => return fail(&message, lang),
    };
    let correlation = match &args.correlation {
        None => None,
        Some(path) => match read_text(path).and_then(|text| {
            Correlation::from_csv(&text).map_err(|errors| about_file(path, &joined(&errors)))
        }) {
            Ok(correlation) => Some(correlation),
            Err(message) => return fail(&message, lang),
        },
    };
    let nomenclature = Nomenclature::from_hs_tsv(
        refdata::DataFiles::embedded().get("hs/hs2022.tsv"),
        origin::HsVersion::Hs2022,
    );
    let name = args.file.display().to_string();
    let Some(format) = BomFormat::from_file_name(&name) else {
        return fail(
            &Text::new(
                format!("{name}：物料清单须为 .json、.csv 或 .xlsx 文件"),
                format!("{name}: a bill of materials is a .json, .csv or .xlsx file"),
            ),
            lang,
        );
    };
    let bytes = match read_bounded(&args.file) {
        Ok(bytes) => bytes,
        Err(message) => return fail(&about_file(&args.file, &message), lang),
    };
    let mut context = Context::new(&rules);
    context.correlation = correlation.as_ref();
    context.nomenclature = Some(&nomenclature);
    let answer = origin::parse_bom(&bytes, format)
        .map_err(|e| origin::OriginError::Unreadable(e.errors))
        .and_then(|bom| origin::determine(&bom, &context));
    let answer = match answer {
        Ok(answer) => answer,
        Err(error) => {
            eprint!("{name}: {}", error.render(lang));
            return 2;
        }
    };
    match args.format {
        crate::agency_cmd::Format::Json => println!("{}", answer.to_json()),
        crate::agency_cmd::Format::Text => println!("{}", answer.render_text(lang).trim_end()),
    }
    if let Some(path) = &args.worksheet {
        let written =
            worksheet_bytes(&answer, path, args.font.as_deref(), lang).and_then(|bytes| {
                std::fs::write(path, bytes)
                    .map_err(|e| Text::new(format!("无法写入：{e}"), format!("cannot write: {e}")))
            });
        if let Err(message) = written {
            return fail(&about_file(path, &message), lang);
        }
    }
    u8::try_from(answer.exit_code()).unwrap_or(2)
}

/// The worksheet's bytes, in the kind its file name ends with.
fn worksheet_bytes(
    answer: &origin::Determination,
    path: &Path,
    font: Option<&Path>,
    lang: Lang,
) -> Result<Vec<u8>, Text> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("xlsx") => origin::origin_worksheet(answer, None)
            .map_err(|e| Text::new(e.to_string(), e.to_string())),
        Some("pdf") => {
            let font_path = match font {
                Some(path) => Some(path.to_path_buf()),
                None => report_pdf::FONT_CANDIDATES
                    .iter()
                    .map(PathBuf::from)
                    .find(|p| p.is_file()),
            };
            let font_bytes = match &font_path {
                Some(path) => Some(read_bounded(path).map_err(|m| about_file(path, &m))?),
                None => {
                    crate::data::print_error(
                        &Text::new(
                            "警告：未找到中文字体（可用 --font 指定，或安装 fonts-noto-cjk），PDF 使用不嵌入的标准字体 STSong-Light，由阅读器替换显示",
                            "warning: no Chinese font found (give --font, or install fonts-noto-cjk); the PDF uses the standard font STSong-Light, not embedded, which the reader substitutes",
                        ),
                        lang,
                    );
                    None
                }
            };
            let options = report_pdf::PdfOptions {
                font: font_bytes.as_deref(),
                lang,
                prepared_on: None,
            };
            report_pdf::origin_worksheet_pdf(answer, &options).map_err(|e| match &font_path {
                Some(path) => about_file(path, &e.text()),
                None => e.text(),
            })
        }
        _ => Err(Text::new(
            "原产地计算表须写成 .xlsx 或 .pdf 文件",
            "the origin worksheet is written as an .xlsx or a .pdf file",
        )),
    }
}
