//! The answer as plain text for the terminal, in Chinese or English: the conclusion first,
//! then the rule, both RVC formulas with their figures, every test, de minimis, accumulation,
//! minimal operations, the materials and the notes.

use crate::answer::{Conclusion, Determination, MaterialRef};
use crate::hs::HsVersion;
use model::Lang;
use std::fmt::Write;

fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn material_line(material: &MaterialRef) -> String {
    format!(
        "#{} {} ({}) {}",
        material.index + 1,
        material.description,
        material.hs,
        material.value
    )
}

impl Determination {
    /// The answer as text in `lang`.
    pub fn render_text(&self, lang: Lang) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_text(&mut out, lang);
        out
    }

    fn write_text(&self, out: &mut String, lang: Lang) -> std::fmt::Result {
        let l = |zh, en| pick(lang, zh, en);
        let version = |v: Option<HsVersion>| {
            v.map_or_else(
                || l("未写明，按 HS 2022", "not given, read as HS 2022").to_string(),
                |v| v.to_string(),
            )
        };
        writeln!(
            out,
            "{} {} — {} (HS {}, {})",
            self.agreement,
            l("原产地判定", "origin determination"),
            self.product.description,
            self.product.hs,
            version(self.product.hs_version)
        )?;
        let conclusion = match self.conclusion {
            Conclusion::Originating => l("原产", "ORIGINATING"),
            Conclusion::NotOriginating => l("非原产", "NOT ORIGINATING"),
            Conclusion::Undetermined => l("无法判定", "UNDETERMINED"),
        };
        write!(out, "{}: {conclusion}", l("结论", "Conclusion"))?;
        if let Some(criterion) = &self.criterion {
            write!(out, " ({} {criterion}", l("标准", "criterion"))?;
            for marker in &self.criterion_markers {
                write!(out, ", {marker}")?;
            }
            write!(out, ")")?;
        }
        writeln!(out)?;
        writeln!(out, "  {}", self.reason.get(lang))?;
        writeln!(
            out,
            "{}: {}  [{}; {} {}; {} {}]",
            l("规则", "Rule"),
            self.psr,
            self.psr_source.table,
            l("行", "row"),
            self.psr_source.code,
            l("可信度", "confidence"),
            self.psr_source.confidence.text().get(lang)
        )?;
        if let Some(original) = &self.psr_source.original {
            writeln!(out, "  {}: {original}", l("原文", "as printed"))?;
        }
        self.write_values(out, lang)?;
        writeln!(out, "{}:", l("测试", "Tests"))?;
        for test in &self.tests {
            let status = test.status.text();
            writeln!(
                out,
                "  [{}] {}: {}",
                status.get(lang),
                test.test,
                test.explanation.get(lang)
            )?;
            for material in &test.failed_materials {
                writeln!(
                    out,
                    "      {} {}",
                    l("未通过：", "failed:"),
                    material_line(material)
                )?;
            }
            for material in &test.undetermined_materials {
                writeln!(
                    out,
                    "      {} {}",
                    l("无法判断：", "undetermined:"),
                    material_line(material)
                )?;
            }
        }
        writeln!(
            out,
            "  {}: {}",
            l("规则整体", "Rule as a whole"),
            self.rule_status.text().get(lang)
        )?;
        if let Some(de_minimis) = &self.de_minimis {
            writeln!(
                out,
                "{} ({}): {} {} / {} {} = {}% {}; {}",
                l("微小含量（第 3.7 条）", "De minimis (Art. 3.7)"),
                de_minimis.test,
                l("未通过材料价值", "failing value"),
                de_minimis.failing_value,
                l("上限", "limit"),
                de_minimis.value_limit,
                de_minimis.percent_of_fob,
                l("占 FOB", "of FOB"),
                if de_minimis.met {
                    l("在 10% 以内", "within 10%")
                } else {
                    l("超过 10%", "above 10%")
                }
            )?;
            if let (Some(weight), Some(limit)) =
                (de_minimis.failing_weight_kg, de_minimis.weight_limit_kg)
            {
                writeln!(
                    out,
                    "  {}: {weight} kg / {limit} kg",
                    l("按重量（第 50–63 章）", "by weight (chapters 50–63)")
                )?;
            }
        }
        if let Some(accumulation) = &self.accumulation {
            writeln!(
                out,
                "{}: {} {}; {} {}% / {}%; {}: {}",
                l("累积（第 3.4 条）", "Accumulation (Art. 3.4)"),
                l(
                    "计为原产的其他成员方材料价值",
                    "value of other Parties' originating materials"
                ),
                accumulation.value,
                l(
                    "不累积时区域价值成分（扣减/累加）",
                    "RVC without it (build-down/build-up)"
                ),
                accumulation.rvc_build_down_without,
                accumulation.rvc_build_up_without,
                l("不累积时规则", "rule without it"),
                accumulation.rule_without.text().get(lang)
            )?;
            for material in &accumulation.materials {
                writeln!(
                    out,
                    "  {} — {}",
                    material_line(&material.material),
                    material.party
                )?;
            }
        }
        self.write_operations(out, lang)?;
        writeln!(out, "{}:", l("材料", "Materials"))?;
        for material in &self.materials {
            let status = match material.status {
                "originating" => l("原产", "originating"),
                "accumulated" => l("原产（累积）", "originating (accumulated)"),
                "non_originating" => l("非原产", "non-originating"),
                _ => l(
                    "原产情况未写明，按非原产",
                    "origin not stated, non-originating",
                ),
            };
            write!(out, "  {} — {status}", material_line(&material.material))?;
            if let Some(country) = &material.origin_country {
                write!(out, " ({country})")?;
            }
            writeln!(out)?;
            for check in &material.tariff_shift {
                writeln!(out, "      {}: {}", check.test, check.explanation.get(lang))?;
            }
        }
        if !self.notes.is_empty() {
            writeln!(out, "{}:", l("备注", "Notes"))?;
            for note in &self.notes {
                writeln!(out, "  - {}", note.message.get(lang))?;
            }
        }
        Ok(())
    }

    fn write_values(&self, out: &mut String, lang: Lang) -> std::fmt::Result {
        let l = |zh, en| pick(lang, zh, en);
        let v = &self.values;
        writeln!(
            out,
            "{} ({}): FOB {}  VNM {}  VOM {}  {} {}  {} {}  {} {}  {} {}",
            l("价值", "Values"),
            v.currency,
            v.fob,
            v.vnm,
            v.vom,
            l("直接人工", "labour"),
            v.direct_labour,
            l("直接经营费用", "overhead"),
            v.direct_overhead,
            l("利润", "profit"),
            v.profit,
            l("其他", "other"),
            v.other
        )?;
        writeln!(
            out,
            "  {} = (FOB − VNM) / FOB × 100 = ({} − {}) / {} × 100 = {}%",
            l("扣减法 RVC", "RVC build-down"),
            v.fob,
            v.vnm,
            v.fob,
            self.rvc_build_down
        )?;
        writeln!(
            out,
            "  {} = (VOM + {} + {} + {} + {}) / FOB × 100 = ({} + {} + {} + {} + {}) / {} × 100 = {}%",
            l("累加法 RVC", "RVC build-up"),
            l("人工", "labour"),
            l("经营费用", "overhead"),
            l("利润", "profit"),
            l("其他", "other"),
            v.vom,
            v.direct_labour,
            v.direct_overhead,
            v.profit,
            v.other,
            v.fob,
            self.rvc_build_up
        )
    }

    fn write_operations(&self, out: &mut String, lang: Lang) -> std::fmt::Result {
        let l = |zh, en| pick(lang, zh, en);
        let ops = &self.minimal_operations;
        write!(
            out,
            "{}:",
            l("微小加工（第 3.6 条）", "Minimal operations (Art. 3.6)")
        )?;
        if ops.operations.is_empty() {
            writeln!(out, " {}", l("未申报工序", "no operations declared"))?;
        } else {
            writeln!(out)?;
            for operation in &ops.operations {
                writeln!(
                    out,
                    "  {} — {}",
                    operation.operation,
                    operation.explanation.get(lang)
                )?;
            }
        }
        if ops.refused {
            writeln!(
                out,
                "  {}",
                l(
                    "全部为微小加工：拒绝原产资格",
                    "only minimal operations: origin refused"
                )
            )?;
        } else if !ops.applies {
            writeln!(
                out,
                "  {}",
                l(
                    "未使用非原产材料：第 3.6 条不适用",
                    "no non-originating materials: Art. 3.6 does not apply"
                )
            )?;
        }
        Ok(())
    }
}
