//! Medicaments by their presentation (chapter 30, headings 3003 and 3004): put up in measured
//! doses (tablets, capsules, vials, patches) or for retail sale, a medicament is 3004; mixed
//! but neither dosed nor for retail, 3003. An active substance in bulk (a crystalline powder,
//! 原料药) is not a medicament at all but a chemical of chapter 28 or 29. Descriptions name the
//! substance and its use ("phosphate binder"), words that match fertilisers or chemicals as
//! well as the medicament lines.

use crate::terms::has_any;

/// Where the presentation sends the goods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Presentation {
    /// Measured doses or retail packing: heading 3004 (other lines lose).
    Dosed,
    /// Neither: heading 3003.
    Bulk,
    /// An active substance in bulk: chapters 28–29, not chapter 30.
    Substance,
    /// A chemical contraceptive based on hormones or spermicides: 3006.60, dosed or not.
    Contraceptive,
}

const MEDICINE: &[&str] = &[
    "medicine",
    "contraceptive",
    "medicines",
    "medicament",
    "medicaments",
    "drug",
    "drugs",
    "pharmaceutical",
    "treatment",
    "therapy",
    "chemotherapy",
    "antibiotic",
    "corticosteroid",
    "analgesic",
    "binder",
    "prescription",
    "药",
    "治疗",
    "抗生素",
    "青霉素",
    "维生素",
];

const DOSES: &[&str] = &[
    "tablet",
    "tablets",
    "capsule",
    "capsules",
    "mg",
    "injectable",
    "injection",
    "vial",
    "vials",
    "ampoule",
    "ampoules",
    "ophthalmic",
    "eye drops",
    "syrup",
    "suppository",
    "suppositories",
    "transdermal",
    "retail",
    "片剂",
    "胶囊",
    "注射液",
    "注射剂",
    "针剂",
    "滴眼液",
    "口服液",
    "软膏",
    "配定剂量",
    "零售包装",
];

const SUBSTANCE: &[&str] = &[
    "bulk",
    "crystalline powder",
    "active pharmaceutical ingredient",
    "api",
    "原料药",
];

/// Words that say the goods are an active ingredient as such.
const ACTIVE_INGREDIENT: &[&str] = &[
    "原料药",
    "active pharmaceutical ingredient",
    "api",
    "crystalline powder",
];

/// Words that say the goods are a mixture of substances.
const MIXED: &[&str] = &[
    "混合",
    "复方",
    "mixed",
    "mixture",
    "mixtures",
    "combination",
];

/// The presentation a normalised description gives, when it speaks of a medicament.
pub(crate) fn presentation(text: &str) -> Option<Presentation> {
    if !has_any(text, MEDICINE) || has_any(text, &["农药", "火药", "弹药", "炸药", "pesticide"])
    {
        return None;
    }
    if has_any(text, &["避孕", "contraceptive", "contraceptives"])
        && !has_any(text, &["避孕套", "condom", "condoms"])
    {
        return Some(Presentation::Contraceptive);
    }
    // An active ingredient that is one substance stays a chemical however it is packed
    // ("阿司匹林原料药，散装，未配定剂量"); mixed, it is a medicament (3003).
    let mixed = has_any(text, MIXED);
    if !mixed && has_any(text, ACTIVE_INGREDIENT) {
        return Some(Presentation::Substance);
    }
    // "未配定剂量", "非零售包装": neither dosed nor for retail.
    if has_any(
        text,
        &["未配定剂量", "非零售", "not put up in measured doses"],
    ) {
        return Some(Presentation::Bulk);
    }
    if has_any(text, DOSES) {
        return Some(Presentation::Dosed);
    }
    if has_any(text, SUBSTANCE) {
        return Some(Presentation::Substance);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_text;

    #[test]
    fn presentation_decides() {
        let cases = [
            (
                "sevelamer hydrochloride 800 mg tablets, phosphate binder",
                Some(Presentation::Dosed),
            ),
            (
                "loteprednol etabonate ophthalmic gel 0.5%, a corticosteroid eye medicine",
                Some(Presentation::Dosed),
            ),
            (
                "orphenadrine citrate bulk crystalline powder, a muscle relaxant drug",
                Some(Presentation::Substance),
            ),
            (
                "已配定剂量的阿莫西林胶囊，零售包装，抗生素药品",
                Some(Presentation::Dosed),
            ),
            (
                "未配定剂量的混合药品，非零售包装，含青霉素",
                Some(Presentation::Bulk),
            ),
            (
                "阿司匹林原料药（乙酰水杨酸），散装25千克桶，未配定剂量",
                Some(Presentation::Substance),
            ),
            (
                "以激素为基本成分的口服避孕药片，零售包装",
                Some(Presentation::Contraceptive),
            ),
            ("rubber gloves", None),
            ("农药片剂，用于杀虫", None),
            ("800 mg tablets of compressed cellulose", None),
        ];
        for (text, expected) in cases {
            assert_eq!(presentation(&normalize_text(text)), expected, "{text}");
        }
    }
}
