//! The determination: checks the bill, finds the rule (the bill's own, or the table's most
//! specific row), converts codes between HS editions, counts materials (accumulation), runs
//! the tests, applies Article 3.6 and concludes. Pure and deterministic.

use crate::answer::{
    AccumulatedMaterial, AccumulationReport, Conclusion, Determination, MaterialReport, Note,
    OperationCheck, OperationsReport, ProductSummary, Status, ValueSummary,
};
use crate::bom::BillOfMaterials;
use crate::error::OriginError;
use crate::evaluate::{Evaluation, Prepared, evaluate};
use crate::hs::{Correlation, HsVersion, Nomenclature};
use crate::lookup::{Converter, dedup_notes, find_rule, rule_edition};
use crate::operations::{minimal_operation, outside_rcep_remark};
use crate::parties::{knows_parties, rcep_party};
use crate::rule::Rule;
use crate::rvc::{RvcFigures, compute};
use crate::table::RuleTable;
use crate::validate::validate;
use model::{InputError, Text};
use rust_decimal::Decimal;

/// What a determination needs besides the bill: the rules, and optionally the correlation
/// between HS editions and the nomenclature that tells unknown codes.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The product-specific rules (the RCEP table, with any user overlay).
    pub rules: &'a RuleTable,
    /// HS 2022 ↔ HS 2012 correlation, when loaded.
    pub correlation: Option<&'a Correlation>,
    /// The nomenclature of an HS edition, to refuse unknown codes.
    pub nomenclature: Option<&'a Nomenclature>,
}

impl<'a> Context<'a> {
    /// A context with rules only.
    pub fn new(rules: &'a RuleTable) -> Context<'a> {
        Context {
            rules,
            correlation: None,
            nomenclature: None,
        }
    }
}

/// Determines the origin of the bill's product.
pub fn determine(
    bom: &BillOfMaterials,
    context: &Context<'_>,
) -> Result<Determination, OriginError> {
    let mut notes = Vec::new();
    validate(bom, context, &mut notes)?;
    let used_version = bom.product.hs_version.unwrap_or(HsVersion::Hs2022);
    if bom.product.hs_version.is_none() {
        notes.push(Note {
            code: "hs_version_assumed",
            message: Text::new(
                "物料清单未写明 HS 版本（hs_version）：按 HS 2022（中国现行税则）读取编码；规则表为 HS 2012",
                "the bill gives no hs_version: its codes are read as HS 2022 (China's current tariff), while the rules are HS 2012",
            ),
        });
    } else if used_version != HsVersion::Hs2012 {
        notes.push(Note {
            code: "hs_version_differs",
            message: Text::new(
                format!("物料清单的编码为 {used_version}，规则为 HS 2012"),
                format!("the bill's codes are {used_version}, the rules are HS 2012"),
            ),
        });
    }
    let rule_version = rule_edition(bom, context, used_version);
    let converter = Converter {
        to: rule_version,
        correlation: context.correlation,
    };
    let product_codes = converter.convert(&bom.product.hs, used_version, "product", &mut notes);
    let (rule, source) = find_rule(bom, context, &product_codes, rule_version, &mut notes)?;
    let material_codes: Vec<Vec<String>> = bom
        .materials
        .iter()
        .map(|m| {
            converter.convert(
                &m.hs,
                m.hs_version.unwrap_or(used_version),
                "material",
                &mut notes,
            )
        })
        .collect();
    dedup_notes(&mut notes);
    let counting = count_materials(bom, &mut notes);
    let figures = figures_of(bom, &counting.originating)?;
    if figures.build_up > Decimal::ONE_HUNDRED {
        notes.push(Note {
            code: "build_up_above_100",
            message: Text::new(
                format!("累加法结果 {}% 超过 100%：原产材料与各项费用之和大于 FOB，请核对", figures.build_up),
                format!("the build-up RVC is {}%, above 100%: VOM and the costs add up to more than the FOB; check them", figures.build_up),
            ),
        });
    }
    if bom.costs.absent {
        notes.push(Note {
            code: "no_costs",
            message: Text::new(
                "未提供费用（costs）：累加法只计原产材料价值",
                "no costs given: the build-up formula counts only the originating materials",
            ),
        });
    }
    let textile = (50..=63).contains(&chapter_of(&bom.product.hs));
    let prepared = Prepared {
        bom,
        product_codes: &product_codes,
        material_codes: &material_codes,
        counted_originating: counting.originating.clone(),
        figures: figures.clone(),
        textile,
        detailed: true,
    };
    let evaluation = evaluate(&rule, &prepared);
    let accumulation = accumulation_report(&prepared, &counting, &rule);
    let all_originating = bom
        .materials
        .iter()
        .enumerate()
        .all(|(i, _)| counting.originating[i]);
    let produced_from_originating = !bom.materials.is_empty() && all_originating;
    let operations = operations_report(
        bom,
        !bom.product.wholly_obtained && !produced_from_originating,
    );
    if operations.applies && bom.operations.is_empty() {
        notes.push(Note {
            code: "no_operations",
            message: Text::new(
                "未申报工序（operations）：无法核对第 3.6 条微小加工",
                "no operations declared: Art. 3.6 (minimal operations) could not be checked",
            ),
        });
    }
    let (conclusion, criterion, reason) =
        conclude(bom, &evaluation, &operations, produced_from_originating);
    let mut markers = Vec::new();
    if conclusion == Conclusion::Originating {
        if accumulation.is_some() {
            markers.push("ACU");
        }
        if evaluation.used_de_minimis && criterion.as_deref().is_some_and(|c| c.contains("CTC")) {
            markers.push("DMI");
        }
    }
    let materials = material_reports(
        &prepared,
        &counting,
        &material_codes,
        evaluation.shift_checks.clone(),
    );
    Ok(Determination {
        agreement: bom.agreement.clone(),
        product: ProductSummary {
            description: bom.product.description.clone(),
            hs: bom.product.hs_written.clone(),
            hs_version: bom.product.hs_version,
            hs_version_used: used_version,
            rule_edition_codes: product_codes,
            fob: bom.product.fob,
            currency: bom.product.currency.clone(),
            exporting_party: bom.product.exporting_party.clone(),
            importing_party: bom.product.importing_party.clone(),
        },
        psr: rule.to_string(),
        psr_source: source,
        rvc_build_down: figures.build_down,
        rvc_build_up: figures.build_up,
        values: ValueSummary {
            currency: bom.product.currency.clone(),
            fob: figures.fob,
            vnm: figures.vnm,
            vom: figures.vom,
            direct_labour: figures.direct_labour,
            direct_overhead: figures.direct_overhead,
            profit: figures.profit,
            other: figures.other,
        },
        tests: evaluation.tests,
        rule_status: evaluation.status,
        de_minimis: evaluation.de_minimis,
        accumulation,
        minimal_operations: operations,
        materials,
        originating: conclusion == Conclusion::Originating,
        criterion: criterion.filter(|_| conclusion == Conclusion::Originating),
        criterion_markers: markers,
        conclusion,
        reason,
        notes,
    })
}

fn chapter_of(code: &str) -> u32 {
    code.get(..2).and_then(|c| c.parse().ok()).unwrap_or(0)
}

pub(crate) fn problem(place: String, zh: String, en: String) -> InputError {
    InputError::new(place, Text::new(zh, en))
}

/// How each material counts.
struct Counting {
    originating: Vec<bool>,
    /// Index and Party of each material counted by accumulation.
    accumulated: Vec<(usize, String)>,
}

fn count_materials(bom: &BillOfMaterials, notes: &mut Vec<Note>) -> Counting {
    let exporter = bom.product.exporting_party.as_deref().and_then(rcep_party);
    let check_parties = knows_parties(&bom.agreement);
    let mut counting = Counting {
        originating: Vec::with_capacity(bom.materials.len()),
        accumulated: Vec::new(),
    };
    for (index, material) in bom.materials.iter().enumerate() {
        let mut originating = material.originating == Some(true);
        if material.originating.is_none() {
            notes.push(Note {
                code: "origin_undetermined",
                message: Text::new(
                    format!("材料“{}”未写明是否原产：按非原产计（第 3.5 条第 4 款）", material.description),
                    format!("material `{}` does not say whether it is originating: counted as non-originating (Art. 3.5.4)", material.description),
                ),
            });
        }
        if originating && check_parties {
            match material
                .origin_country
                .as_deref()
                .map(|c| (c, rcep_party(c)))
            {
                Some((country, None)) => {
                    originating = false;
                    notes.push(Note {
                        code: "originating_outside_parties",
                        message: Text::new(
                            format!("材料“{}”标为原产，但原产国 {country} 不是 RCEP 成员方：按非原产计（累积只适用于成员方，第 3.4 条）", material.description),
                            format!("material `{}` is marked originating, but {country} is not a Party to RCEP: counted as non-originating (cumulation covers Parties only, Art. 3.4)", material.description),
                        ),
                    });
                }
                Some((_, Some(party))) if Some(party) != exporter => {
                    counting.accumulated.push((index, party.to_string()));
                }
                _ => {}
            }
        }
        counting.originating.push(originating);
    }
    counting
}

fn figures_of(bom: &BillOfMaterials, originating: &[bool]) -> Result<RvcFigures, OriginError> {
    let (mut vom, mut vnm) = (Decimal::ZERO, Decimal::ZERO);
    for (material, counted) in bom.materials.iter().zip(originating) {
        if *counted {
            vom += material.value;
        } else {
            vnm += material.value;
        }
    }
    let costs = &bom.costs;
    compute(
        bom.product.fob,
        vnm,
        vom,
        [
            costs.direct_labour,
            costs.direct_overhead,
            costs.profit,
            costs.other,
        ],
    )
    .ok_or_else(|| {
        OriginError::Invalid(vec![problem(
            bom.product.places.of("fob"),
            "无法计算区域价值成分：FOB 为零或数值过大".to_string(),
            "the RVC cannot be computed: the FOB is zero or the figures are too large".to_string(),
        )])
    })
}

fn accumulation_report(
    prepared: &Prepared<'_>,
    counting: &Counting,
    rule: &Rule,
) -> Option<AccumulationReport> {
    if counting.accumulated.is_empty() {
        return None;
    }
    let mut without = counting.originating.clone();
    for (index, _) in &counting.accumulated {
        without[*index] = false;
    }
    let figures_without = figures_of(prepared.bom, &without).ok()?;
    let prepared_without = Prepared {
        bom: prepared.bom,
        product_codes: prepared.product_codes,
        material_codes: prepared.material_codes,
        counted_originating: without,
        figures: figures_without.clone(),
        textile: prepared.textile,
        detailed: false,
    };
    let rule_without = evaluate(rule, &prepared_without).status;
    let materials: Vec<AccumulatedMaterial> = counting
        .accumulated
        .iter()
        .map(|(index, party)| AccumulatedMaterial {
            material: prepared.material_ref(*index),
            party: party.clone(),
        })
        .collect();
    Some(AccumulationReport {
        value: materials.iter().map(|m| m.material.value).sum(),
        materials,
        rvc_build_down_without: figures_without.build_down,
        rvc_build_up_without: figures_without.build_up,
        rule_without,
    })
}

fn operations_report(bom: &BillOfMaterials, applies: bool) -> OperationsReport {
    let operations: Vec<OperationCheck> = bom
        .operations
        .iter()
        .map(|operation| match minimal_operation(operation) {
            Some(minimal) => OperationCheck {
                operation: operation.clone(),
                article_3_6_item: Some(minimal.item),
                explanation: minimal.name(),
            },
            None => OperationCheck {
                operation: operation.clone(),
                article_3_6_item: None,
                explanation: outside_rcep_remark(operation).unwrap_or_else(|| {
                    Text::new(
                        "不属于第 3.6 条所列微小加工",
                        "not a minimal operation of Art. 3.6",
                    )
                }),
            },
        })
        .collect();
    let only_minimal =
        !operations.is_empty() && operations.iter().all(|o| o.article_3_6_item.is_some());
    OperationsReport {
        refused: applies && only_minimal,
        only_minimal,
        applies,
        operations,
    }
}

fn conclude(
    bom: &BillOfMaterials,
    evaluation: &Evaluation,
    operations: &OperationsReport,
    produced_from_originating: bool,
) -> (Conclusion, Option<String>, Text) {
    if bom.product.wholly_obtained {
        return (
            Conclusion::Originating,
            Some("WO".to_string()),
            Text::new(
                "完全获得（第 3.2 条（a）项、第 3.3 条）",
                "wholly obtained (Art. 3.2(a), 3.3)",
            ),
        );
    }
    if produced_from_originating {
        return (
            Conclusion::Originating,
            Some("PE".to_string()),
            Text::new(
                "完全由原产材料生产（第 3.2 条（b）项）",
                "produced exclusively from originating materials (Art. 3.2(b))",
            ),
        );
    }
    if operations.refused {
        return (
            Conclusion::NotOriginating,
            None,
            Text::new(
                "所申报工序均为第 3.6 条所列微小加工，不论各项测试结果如何，均不赋予原产资格",
                "every declared operation is a minimal operation of Art. 3.6: origin is refused whatever the tests say",
            ),
        );
    }
    match evaluation.status {
        Status::Met => (
            Conclusion::Originating,
            evaluation.criterion.clone(),
            Text::new(
                "满足产品特定原产地规则（第 3.2 条（c）项）",
                "the product-specific rule is met (Art. 3.2(c))",
            ),
        ),
        Status::NotMet => (
            Conclusion::NotOriginating,
            None,
            Text::new(
                "不满足产品特定原产地规则",
                "the product-specific rule is not met",
            ),
        ),
        Status::Undetermined => (
            Conclusion::Undetermined,
            None,
            Text::new(
                "无法判定：规则的部分测试无法根据输入判断（见各项测试与备注），不推测结果",
                "undetermined: part of the rule cannot be decided from the input (see the tests and notes); no guess is made",
            ),
        ),
    }
}

fn material_reports(
    prepared: &Prepared<'_>,
    counting: &Counting,
    material_codes: &[Vec<String>],
    shift_checks: Vec<Vec<crate::answer::ShiftCheck>>,
) -> Vec<MaterialReport> {
    prepared
        .bom
        .materials
        .iter()
        .zip(shift_checks)
        .enumerate()
        .map(|(index, (material, tariff_shift))| {
            let accumulated = counting.accumulated.iter().any(|(i, _)| *i == index);
            let status = match (material.originating, counting.originating[index]) {
                (None, _) => "undetermined_origin",
                (_, true) if accumulated => "accumulated",
                (_, true) => "originating",
                (_, false) => "non_originating",
            };
            MaterialReport {
                material: prepared.material_ref(index),
                rule_edition_codes: material_codes[index].clone(),
                weight_kg: material.weight_kg,
                origin_country: material.origin_country.clone(),
                status,
                counted_as_originating: counting.originating[index],
                tariff_shift,
            }
        })
        .collect()
}
