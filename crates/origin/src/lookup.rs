//! Finding the rule: the HS edition the rules are in, the conversion of the bill's codes into
//! it (with the correlation table, or saying why not), and the table row or the bill's own
//! rule, refusing unknown and ambiguous products.

use crate::answer::{Note, PsrSource};
use crate::bom::BillOfMaterials;
use crate::determine::{Context, problem};
use crate::error::OriginError;
use crate::hs::{Correlation, HsVersion};
use crate::rule::Rule;
use crate::table::Confidence;
use model::Text;

/// The HS edition of the rules to use: the bill's own when the table has rules in it,
/// otherwise HS 2012 (RCEP's), otherwise whatever the table has.
pub(crate) fn rule_edition(
    bom: &BillOfMaterials,
    context: &Context<'_>,
    used: HsVersion,
) -> HsVersion {
    if bom.product.psr.is_some() {
        return used;
    }
    let versions = context.rules.versions_of(&bom.agreement);
    if versions.contains(&used) {
        used
    } else if versions.contains(&HsVersion::Hs2012) || versions.is_empty() {
        HsVersion::Hs2012
    } else {
        versions[0]
    }
}

/// Converts codes into the rules' edition and notes how.
pub(crate) struct Converter<'a> {
    pub to: HsVersion,
    pub correlation: Option<&'a Correlation>,
}

impl Converter<'_> {
    pub fn convert(
        &self,
        code: &str,
        from: HsVersion,
        who: &str,
        notes: &mut Vec<Note>,
    ) -> Vec<String> {
        if from == self.to {
            return vec![code.to_string()];
        }
        let correlates = matches!(
            (from, self.to),
            (HsVersion::Hs2022, HsVersion::Hs2012) | (HsVersion::Hs2012, HsVersion::Hs2022)
        );
        let Some(correlation) = self.correlation.filter(|_| correlates) else {
            notes.push(Note {
                code: "no_correlation_table",
                message: Text::new(
                    format!("未载入 {from}–{} 对照表：编码按原样比较，两版差异无法发现；请核对或载入对照表", self.to),
                    format!("no {from}–{} correlation table loaded: codes are compared as written, so differences between the editions go unnoticed; check them or load a table", self.to),
                ),
            });
            return vec![code.to_string()];
        };
        let (codes, listed) = correlation.convert(code, from, self.to);
        if listed && (codes.len() > 1 || codes[0] != code) {
            notes.push(Note {
                code: "hs_code_converted",
                message: Text::new(
                    format!(
                        "{}编码 {from} {code} 对应 {} {}",
                        if who == "product" { "产品" } else { "材料" },
                        self.to,
                        codes.join("、")
                    ),
                    format!(
                        "{who} code {from} {code} corresponds to {} {}",
                        self.to,
                        codes.join(", ")
                    ),
                ),
            });
        } else if !listed {
            notes.push(Note {
                code: "hs_code_unchanged",
                message: Text::new(
                    format!("对照表未列出的编码视为 {from} 与 {} 之间未变", self.to),
                    format!("codes the correlation table does not list are taken as unchanged between {from} and {}", self.to),
                ),
            });
        }
        codes
    }
}

pub(crate) fn dedup_notes(notes: &mut Vec<Note>) {
    let mut seen = Vec::new();
    notes.retain(|note| {
        if seen.contains(&note.message) {
            false
        } else {
            seen.push(note.message.clone());
            true
        }
    });
}

/// The rule for the product: the bill's, else the table's row; refuses when unknown or when
/// the product's codes in the rule edition have different rules.
pub(crate) fn find_rule(
    bom: &BillOfMaterials,
    context: &Context<'_>,
    product_codes: &[String],
    rule_version: HsVersion,
    notes: &mut Vec<Note>,
) -> Result<(Rule, PsrSource), OriginError> {
    let product = &bom.product;
    let rows: Vec<_> = product_codes
        .iter()
        .map(|code| context.rules.lookup(&bom.agreement, rule_version, code))
        .collect();
    if let Some(rule) = &product.psr {
        if let Some(Some(row)) = rows.first()
            && &row.rule != rule
        {
            notes.push(Note {
                code: "psr_from_bill_differs",
                message: Text::new(
                    format!(
                        "采用物料清单给出的规则 {rule}；规则表（{}）为 {}",
                        row.printed_code(),
                        row.rule
                    ),
                    format!(
                        "the bill's rule {rule} is applied; the table ({}) says {}",
                        row.printed_code(),
                        row.rule
                    ),
                ),
            });
        }
        notes.push(Note {
            code: "psr_from_bill",
            message: Text::new(
                "规则取自物料清单（product.psr），并非规则表：请对照协定文本核实",
                "the rule comes from the bill (product.psr), not from the table: check it against the agreement",
            ),
        });
        return Ok((
            rule.clone(),
            PsrSource {
                table: "bill of materials (product.psr)".to_string(),
                code: product.hs.clone(),
                hs_version: rule_version,
                confidence: Confidence::User,
                source: None,
                original: None,
            },
        ));
    }
    let Some(Some(first)) = rows.first().copied() else {
        return Err(rule_unknown(bom, product_codes, rule_version));
    };
    if rows
        .iter()
        .any(|row| row.is_none_or(|row| row.rule != first.rule))
    {
        let listing: Vec<String> = product_codes
            .iter()
            .zip(&rows)
            .map(|(code, row)| match row {
                Some(row) => format!("{code}: {}", row.rule),
                None => format!("{code}: ?"),
            })
            .collect();
        return Err(OriginError::RuleAmbiguous(vec![problem(
            product.places.of("hs"),
            format!(
                "编码 {} 对应 {rule_version} 中规则不同的多个子目（{}）：请给出 {rule_version} 编码",
                product.hs_written,
                listing.join("；")
            ),
            format!(
                "code {} corresponds to several {rule_version} subheadings with different rules ({}): give the {rule_version} code",
                product.hs_written,
                listing.join("; ")
            ),
        )]));
    }
    if first.confidence.needs_checking() {
        let (zh, en) = match first.confidence {
            Confidence::Medium => (
                "可信度中：取自非官方译本",
                "confidence medium: read from an unofficial translation",
            ),
            Confidence::Low => (
                "可信度低：原文摘录不完整或行对齐不确定",
                "confidence low: the excerpt was cut or the row alignment is uncertain",
            ),
            _ => ("未标可信度", "no confidence given"),
        };
        notes.push(Note {
            code: "psr_low_confidence",
            message: Text::new(
                format!(
                    "规则表 {} 行{zh}；申请证书前请对照协定附件 3A 核实",
                    first.printed_code()
                ),
                format!(
                    "the table row {} has {en}; check it against Annex 3A before claiming",
                    first.printed_code()
                ),
            ),
        });
    }
    Ok((
        first.rule.clone(),
        PsrSource {
            table: first.table.clone(),
            code: first.code.clone(),
            hs_version: first.hs_version,
            confidence: first.confidence,
            source: first.source.clone(),
            original: first.original.clone(),
        },
    ))
}

fn rule_unknown(bom: &BillOfMaterials, codes: &[String], version: HsVersion) -> OriginError {
    let product = &bom.product;
    OriginError::RuleUnknown(vec![problem(
        product.places.of("hs"),
        format!(
            "{} 产品特定原产地规则表（{version}）中没有子目 {} 的规则：可载入规则文件，或在 product.psr 中给出规则",
            bom.agreement,
            codes.join("、")
        ),
        format!(
            "the {} product-specific rule table ({version}) has no rule for subheading {}: load a rules file, or give the rule in product.psr",
            bom.agreement,
            codes.join(", ")
        ),
    )])
}
