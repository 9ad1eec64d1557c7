//! The tests of a rule, evaluated on a prepared bill: wholly obtained, tariff shift per
//! non-originating material (with exceptions and de minimis), RVC against its threshold,
//! chemical reaction, and texts that cannot be checked. Each leaf yields a report with its
//! figures and the materials that failed it; combinations follow Annex 3A headnote 4.

use crate::answer::{
    DeMinimisReport, Figures, MaterialRef, ShiftCheck, Status, TestKind, TestReport,
};
use crate::bom::BillOfMaterials;
use crate::hs::{HsLevel, HsSpan, printed_code};
use crate::rule::{Rule, RvcMethod};
use crate::rvc::{RvcFigures, percent_of_fob};
use model::Text;
use rust_decimal::Decimal;

/// The bill with everything the tests need worked out once.
pub(crate) struct Prepared<'a> {
    pub bom: &'a BillOfMaterials,
    /// The product's subheadings in the rule's edition.
    pub product_codes: &'a [String],
    /// Each material's subheadings in the rule's edition.
    pub material_codes: &'a [Vec<String>],
    /// Whether each material counts as originating (VOM) or not (VNM).
    pub counted_originating: Vec<bool>,
    /// Both RVC formulas.
    pub figures: RvcFigures,
    /// True when the product is in chapters 50–63 (de minimis by weight allowed).
    pub textile: bool,
    /// False when only the rule's status is wanted: per-material texts are skipped.
    pub detailed: bool,
}

/// Everything the evaluation of a rule produced.
pub(crate) struct Evaluation {
    pub status: Status,
    pub tests: Vec<TestReport>,
    /// Per material, its result in each tariff-shift test.
    pub shift_checks: Vec<Vec<ShiftCheck>>,
    pub de_minimis: Option<DeMinimisReport>,
    /// The criterion codes of the alternative that met the rule (`CTC`, `RVC`…).
    pub criterion: Option<String>,
    pub used_de_minimis: bool,
}

impl Prepared<'_> {
    pub fn material_ref(&self, index: usize) -> MaterialRef {
        let material = &self.bom.materials[index];
        MaterialRef {
            index,
            place: material.places.of("material"),
            description: material.description.clone(),
            hs: material.hs_written.clone(),
            value: material.value,
        }
    }

    fn non_originating(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.bom.materials.len()).filter(|&i| !self.counted_originating[i])
    }
}

/// Evaluates the rule and every one of its tests.
pub(crate) fn evaluate(rule: &Rule, prepared: &Prepared<'_>) -> Evaluation {
    let mut evaluation = Evaluation {
        status: Status::NotMet,
        tests: Vec::new(),
        shift_checks: vec![Vec::new(); prepared.bom.materials.len()],
        de_minimis: None,
        criterion: None,
        used_de_minimis: false,
    };
    let (status, criterion) = node(rule, prepared, &mut evaluation);
    evaluation.status = status;
    evaluation.criterion = (status == Status::Met).then_some(criterion).flatten();
    evaluation
}

/// Evaluates one node; returns its status and, when met, the criterion it met by.
fn node(rule: &Rule, prepared: &Prepared<'_>, out: &mut Evaluation) -> (Status, Option<String>) {
    match rule {
        Rule::AnyOf(parts) => {
            let results: Vec<_> = parts.iter().map(|p| node(p, prepared, out)).collect();
            let status = Status::any(results.iter().map(|(s, _)| *s));
            let criterion = results
                .into_iter()
                .find(|(s, _)| *s == Status::Met)
                .and_then(|(_, c)| c);
            (status, criterion)
        }
        Rule::AllOf(parts) => {
            let results: Vec<_> = parts.iter().map(|p| node(p, prepared, out)).collect();
            let status = Status::all(results.iter().map(|(s, _)| *s));
            let mut codes: Vec<String> = results.into_iter().filter_map(|(_, c)| c).collect();
            codes.dedup();
            (status, Some(codes.join("+")).filter(|c| !c.is_empty()))
        }
        leaf => {
            let report = match leaf {
                Rule::WhollyObtained => wholly_obtained(prepared),
                Rule::TariffShift { level, except } => {
                    tariff_shift(leaf, *level, except, prepared, out)
                }
                Rule::RegionalValueContent { threshold, method } => {
                    value_content(leaf, *threshold, *method, &prepared.figures)
                }
                Rule::ChemicalReaction => chemical_reaction(prepared),
                _ => not_machine_readable(leaf),
            };
            let criterion = match report.kind {
                TestKind::WhollyObtained => Some("WO"),
                TestKind::TariffShift => Some("CTC"),
                TestKind::RegionalValueContent => Some("RVC"),
                TestKind::ChemicalReaction => Some("CR"),
                TestKind::NotMachineReadable => None,
            };
            let status = report.status;
            out.tests.push(report);
            (status, criterion.map(str::to_string))
        }
    }
}

fn report(test: String, kind: TestKind, status: Status, explanation: Text) -> TestReport {
    TestReport {
        test,
        kind,
        met: status == Status::Met,
        status,
        failed_materials: Vec::new(),
        undetermined_materials: Vec::new(),
        met_by_de_minimis: false,
        figures: Figures::default(),
        explanation,
    }
}

fn figure(figures: &mut Figures, key: &'static str, value: impl ToString) {
    figures.push(key, value);
}

fn wholly_obtained(prepared: &Prepared<'_>) -> TestReport {
    let product = &prepared.bom.product;
    let failing: Vec<usize> = prepared.non_originating().collect();
    let (status, explanation) = if product.wholly_obtained {
        (
            Status::Met,
            Text::new(
                "出口方声明产品为完全获得（第 3.3 条）",
                "the exporter declares the product wholly obtained (Art. 3.3)",
            ),
        )
    } else if failing.is_empty() && !prepared.bom.materials.is_empty() {
        (
            Status::Met,
            Text::new(
                "全部材料均为原产材料：按第 3.2 条（b）项视同满足",
                "every material is originating: met through Art. 3.2(b)",
            ),
        )
    } else {
        (
            Status::NotMet,
            Text::new(
                format!("使用了 {} 种非原产材料，产品不是完全获得", failing.len()),
                format!(
                    "{} non-originating material(s) were used: the product is not wholly obtained",
                    failing.len()
                ),
            ),
        )
    };
    let mut test = report(
        "WO".to_string(),
        TestKind::WhollyObtained,
        status,
        explanation,
    );
    if status == Status::NotMet {
        test.failed_materials = failing.iter().map(|&i| prepared.material_ref(i)).collect();
    }
    test
}

/// Yes, no, or not decided by the input (HS editions that differ).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tri {
    Yes,
    No,
    Unknown,
}

fn tri(mut answers: impl Iterator<Item = bool>) -> Tri {
    let Some(first) = answers.next() else {
        return Tri::Unknown;
    };
    if answers.all(|answer| answer == first) {
        if first { Tri::Yes } else { Tri::No }
    } else {
        Tri::Unknown
    }
}

fn tariff_shift(
    leaf: &Rule,
    level: HsLevel,
    except: &[HsSpan],
    prepared: &Prepared<'_>,
    out: &mut Evaluation,
) -> TestReport {
    let digits = level.digits();
    let test_name = leaf.to_string();
    let product_prefixes: Vec<&str> = prepared
        .product_codes
        .iter()
        .map(|code| &code[..digits])
        .collect();
    let product_printed = printed_code(product_prefixes.first().copied().unwrap_or(""));
    let mut failing = Vec::new();
    let mut undetermined = Vec::new();
    for (index, codes) in prepared.material_codes.iter().enumerate() {
        if prepared.counted_originating[index] {
            // Originating materials need no change (Annex 3A headnote 5): no check is listed.
            continue;
        }
        let changed = tri(codes
            .iter()
            .flat_map(|m| product_prefixes.iter().map(move |p| &m[..digits] != *p)));
        let excepted = tri(codes
            .iter()
            .map(|m| except.iter().any(|span| span.contains(m))));
        let excepted = if except.is_empty() { Tri::No } else { excepted };
        let result = if excepted == Tri::Yes || changed == Tri::No {
            "failed"
        } else if changed == Tri::Yes && excepted == Tri::No {
            "met"
        } else {
            "undetermined"
        };
        if prepared.detailed {
            let material_prefix = codes.first().map_or("", |m| &m[..digits]);
            let explanation = shift_explanation(
                result,
                excepted == Tri::Yes,
                level,
                except,
                &printed_code(material_prefix),
                &product_printed,
            );
            out.shift_checks[index].push(ShiftCheck {
                test: test_name.clone(),
                result,
                explanation,
            });
        }
        match result {
            "failed" => failing.push(index),
            "undetermined" => undetermined.push(index),
            _ => {}
        }
    }
    shift_outcome(test_name, level, failing, undetermined, prepared, out)
}

/// Why one material met or failed a tariff-shift test, in both languages.
fn shift_explanation(
    result: &str,
    excepted: bool,
    level: HsLevel,
    except: &[HsSpan],
    material: &str,
    product: &str,
) -> Text {
    let level_name = level.name();
    match result {
        "failed" if excepted => Text::new(
            format!("材料编码 {material} 属于例外范围"),
            format!(
                "from an excepted code ({})",
                except
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        "failed" => Text::new(
            format!(
                "{}未改变：材料与产品同属{} {product}",
                level_name.zh, level_name.zh
            ),
            format!(
                "no change of {}: material and product are both in {} {product}",
                level_name.en, level_name.en
            ),
        ),
        "met" => Text::new(
            format!("{}改变：{material} → {product}", level_name.zh),
            format!("{} changes: {material} → {product}", level_name.en),
        ),
        _ => Text::new(
            format!(
                "HS 2012 与 HS 2022 在{}一级不同，无法判断是否改变：请给出 HS 2012 编码",
                level_name.zh
            ),
            format!(
                "HS 2012 and HS 2022 differ at the {} level here: give the HS 2012 code to decide",
                level_name.en
            ),
        ),
    }
}

fn sum_values(indices: &[usize], prepared: &Prepared<'_>) -> Decimal {
    indices
        .iter()
        .map(|&i| prepared.bom.materials[i].value)
        .sum()
}

/// The weight of the materials, when every one of them is weighed.
fn sum_weights(indices: &[usize], prepared: &Prepared<'_>) -> Option<Decimal> {
    indices
        .iter()
        .map(|&i| prepared.bom.materials[i].weight_kg)
        .sum()
}

/// Decides a tariff-shift test from its failing and undetermined materials, with de minimis.
fn shift_outcome(
    test_name: String,
    level: HsLevel,
    failing: Vec<usize>,
    undetermined: Vec<usize>,
    prepared: &Prepared<'_>,
    out: &mut Evaluation,
) -> TestReport {
    let fob = prepared.figures.fob;
    let value_limit = fob / Decimal::TEN;
    let failing_value = sum_values(&failing, prepared);
    let mut all_doubtful = failing.clone();
    all_doubtful.extend(&undetermined);
    let doubtful_value = sum_values(&all_doubtful, prepared);
    let product_weight = prepared.bom.product.weight_kg;
    let weight_limit = product_weight
        .filter(|_| prepared.textile)
        .map(|w| w / Decimal::TEN);
    let within = |indices: &[usize], value: Decimal| {
        value <= value_limit
            || weight_limit
                .zip(sum_weights(indices, prepared))
                .is_some_and(|(limit, weight)| weight <= limit)
    };
    let failing_within = within(&failing, failing_value);
    let doubtful_within = within(&all_doubtful, doubtful_value);
    let status = if all_doubtful.is_empty() || doubtful_within {
        Status::Met
    } else if !failing_within {
        Status::NotMet
    } else {
        Status::Undetermined
    };
    let by_de_minimis = status == Status::Met && !all_doubtful.is_empty();
    let level_name = level.name();
    let checked = prepared.non_originating().count();
    let percent = percent_of_fob(failing_value, fob).unwrap_or_default();
    let explanation = match status {
        Status::Met if by_de_minimis => Text::new(
            format!(
                "{} 种非原产材料未发生{}改变，但其价值 {} 占 FOB 的 {}%，不超过 10%（第 3.7 条微小含量）",
                all_doubtful.len(),
                level_name.zh,
                doubtful_value,
                percent
            ),
            format!(
                "{} non-originating material(s) do not change {}, but their value {} is {}% of the FOB, within the 10% de minimis (Art. 3.7)",
                all_doubtful.len(),
                level_name.en,
                doubtful_value,
                percent
            ),
        ),
        Status::Met => Text::new(
            format!("全部 {checked} 种非原产材料均发生{}改变", level_name.zh),
            format!(
                "all {checked} non-originating material(s) change {}",
                level_name.en
            ),
        ),
        Status::NotMet => Text::new(
            format!(
                "{} 种非原产材料未发生{}改变，其价值 {} 占 FOB 的 {}%，超过 10% 的微小含量",
                failing.len(),
                level_name.zh,
                failing_value,
                percent
            ),
            format!(
                "{} non-originating material(s) do not change {}; their value {} is {}% of the FOB, above the 10% de minimis",
                failing.len(),
                level_name.en,
                failing_value,
                percent
            ),
        ),
        Status::Undetermined => Text::new(
            "部分材料因 HS 版本差异无法判断，计入后可能超过微小含量".to_string(),
            "some materials cannot be judged across HS editions, and with them the de minimis could be exceeded".to_string(),
        ),
    };
    let mut test = report(
        test_name.clone(),
        TestKind::TariffShift,
        status,
        explanation,
    );
    test.met_by_de_minimis = by_de_minimis;
    if !prepared.detailed {
        return test;
    }
    test.failed_materials = failing.iter().map(|&i| prepared.material_ref(i)).collect();
    test.undetermined_materials = undetermined
        .iter()
        .map(|&i| prepared.material_ref(i))
        .collect();
    figure(&mut test.figures, "level", level_name.en);
    figure(&mut test.figures, "non_originating_materials", checked);
    figure(&mut test.figures, "failing_materials", failing.len());
    figure(&mut test.figures, "failing_value", failing_value);
    figure(&mut test.figures, "failing_percent_of_fob", percent);
    figure(&mut test.figures, "de_minimis_value_limit", value_limit);
    if by_de_minimis {
        out.used_de_minimis = true;
    }
    if !all_doubtful.is_empty() {
        let weighed = weight_limit.zip(sum_weights(&all_doubtful, prepared));
        let by_weight =
            weighed.is_some_and(|(limit, weight)| weight <= limit) && doubtful_value > value_limit;
        let considered = DeMinimisReport {
            test: test_name,
            basis: if by_weight { "weight" } else { "value" },
            failing_value: doubtful_value,
            value_limit,
            percent_of_fob: percent_of_fob(doubtful_value, fob).unwrap_or_default(),
            failing_weight_kg: weighed.map(|(_, weight)| weight),
            weight_limit_kg: weighed.map(|(limit, _)| limit),
            met: doubtful_within,
            materials: all_doubtful
                .iter()
                .map(|&i| prepared.material_ref(i))
                .collect(),
        };
        // Keep the first report, unless a later one is the de minimis that saved a test.
        if out
            .de_minimis
            .as_ref()
            .is_none_or(|kept| !kept.met && considered.met)
        {
            out.de_minimis = Some(considered);
        }
    }
    test
}

fn value_content(
    leaf: &Rule,
    threshold: Decimal,
    method: RvcMethod,
    figures: &RvcFigures,
) -> TestReport {
    let (value, formula) = match method {
        RvcMethod::BuildDown => (figures.build_down, Text::new("扣减法", "build-down")),
        RvcMethod::BuildUp => (figures.build_up, Text::new("累加法", "build-up")),
        RvcMethod::Either if figures.build_up > figures.build_down => {
            (figures.build_up, Text::new("累加法", "build-up"))
        }
        RvcMethod::Either => (figures.build_down, Text::new("扣减法", "build-down")),
    };
    let status = if value >= threshold {
        Status::Met
    } else {
        Status::NotMet
    };
    let threshold_text = threshold.normalize();
    let explanation = if status == Status::Met {
        Text::new(
            format!(
                "区域价值成分（{}）{}% ≥ {}%",
                formula.zh, value, threshold_text
            ),
            format!("RVC ({}) {}% ≥ {}%", formula.en, value, threshold_text),
        )
    } else {
        Text::new(
            format!(
                "区域价值成分（{}）{}% < {}%",
                formula.zh, value, threshold_text
            ),
            format!("RVC ({}) {}% < {}%", formula.en, value, threshold_text),
        )
    };
    let mut test = report(
        leaf.to_string(),
        TestKind::RegionalValueContent,
        status,
        explanation,
    );
    figure(&mut test.figures, "threshold", threshold_text);
    figure(
        &mut test.figures,
        "method",
        match method {
            RvcMethod::Either => "either",
            RvcMethod::BuildUp => "build_up",
            RvcMethod::BuildDown => "build_down",
        },
    );
    figure(&mut test.figures, "rvc_build_down", figures.build_down);
    figure(&mut test.figures, "rvc_build_up", figures.build_up);
    figure(&mut test.figures, "rvc_used", value);
    test
}

const REACTION_KEYWORDS: &[&str] = &["chemical reaction", "化学反应"];

fn chemical_reaction(prepared: &Prepared<'_>) -> TestReport {
    let declared = prepared.bom.operations.iter().any(|operation| {
        let lower = operation.trim().to_lowercase().replace(['_', '-'], " ");
        REACTION_KEYWORDS.contains(&lower.as_str())
    });
    let (status, explanation) = if declared {
        (
            Status::Met,
            Text::new(
                "工序中申报了化学反应（附件 3A 注释 7(f)）",
                "a chemical reaction is declared among the operations (Annex 3A headnote 7(f))",
            ),
        )
    } else {
        (
            Status::NotMet,
            Text::new(
                "工序中未申报化学反应（chemical reaction）",
                "no `chemical reaction` is declared among the operations",
            ),
        )
    };
    report(
        "CR".to_string(),
        TestKind::ChemicalReaction,
        status,
        explanation,
    )
}

fn not_machine_readable(leaf: &Rule) -> TestReport {
    let text = match leaf {
        Rule::NotMachineReadable(text) => text.clone(),
        other => other.to_string(),
    };
    report(
        text,
        TestKind::NotMachineReadable,
        Status::Undetermined,
        Text::new(
            "该规则文字无法自动判定，须人工核对；不视为满足",
            "rule not machine-readable: check it by hand; it is never taken as met",
        ),
    )
}
