//! Behaviour of the public API on the embedded tables: expected codes for typical
//! descriptions, rule H003's fit decisions, bad input, and a snapshot of one answer.

use classify::{Classifier, ClassifyError, embedded_tables};
use model::Lang;
use std::sync::OnceLock;

#[expect(
    clippy::unwrap_used,
    reason = "a test helper: the embedded tables must build"
)]
fn classifier() -> &'static Classifier {
    static CLASSIFIER: OnceLock<Classifier> = OnceLock::new();
    CLASSIFIER.get_or_init(|| Classifier::build(&embedded_tables()).unwrap())
}

/// The HS-6 subheadings of the top `top` suggestions.
#[expect(
    clippy::unwrap_used,
    reason = "a test helper: these descriptions are not empty"
)]
fn subheadings(description: &str, top: usize) -> Vec<String> {
    classifier()
        .classify(description, top)
        .unwrap()
        .suggestions
        .into_iter()
        .map(|suggestion| suggestion.subheading)
        .collect()
}

#[test]
fn headline_descriptions_come_first() {
    let cases = [
        ("锂离子蓄电池", "850760", "8507600090"),
        ("men's cotton knitted T-shirt", "610910", "6109100021"),
    ];
    for (description, subheading, code) in cases {
        let classification = classifier().classify(description, 5).unwrap();
        let best = &classification.suggestions[0];
        assert_eq!(best.subheading, subheading, "{description}");
        assert_eq!(best.code, code, "{description}");
        assert!(!classification.low_confidence, "{description}");
    }
}

#[test]
fn expected_subheadings_are_among_the_first_three() {
    let cases = [
        ("锂离子蓄电池", "850760"),
        ("Li-ion battery pack for power tools", "850760"),
        ("充电宝 移动电源", "850760"),
        ("men's cotton knitted T-shirt", "610910"),
        ("纯棉男式针织短袖T恤", "610910"),
        ("智能手机", "851713"),
        ("laptop computer", "847130"),
        ("不锈钢真空保温杯", "961700"),
        ("女士涤纶梭织连衣裙", "620443"),
        ("wireless computer mouse", "847160"),
        ("frozen boneless beef", "020230"),
        ("printed children's picture book", "490300"),
        ("disposable baby diapers", "961900"),
        ("tennis balls", "950661"),
        ("一次性医用口罩", "630790"),
        ("分体式空调", "841510"),
        ("未焙炒的咖啡豆", "090111"),
    ];
    for (description, expected) in cases {
        let found = subheadings(description, 3);
        assert!(
            found.iter().any(|subheading| subheading == expected),
            "{description}: expected {expected} among {found:?}"
        );
    }
}

#[test]
fn suggestions_are_distinct_subheadings_best_first() {
    let classification = classifier()
        .classify("stainless steel kitchen knife", 5)
        .unwrap();
    let mut seen = Vec::new();
    let mut previous = f32::INFINITY;
    for suggestion in &classification.suggestions {
        assert!(!seen.contains(&suggestion.subheading));
        seen.push(suggestion.subheading.clone());
        assert!(suggestion.score <= previous);
        assert!((0.0..=1.0).contains(&suggestion.score));
        previous = suggestion.score;
        assert_eq!(suggestion.code.len(), 10);
        assert!(suggestion.code.starts_with(&suggestion.subheading));
    }
}

#[test]
fn fit_decides_h003() {
    // (description, declared code, H003 fires)
    let cases = [
        ("锂离子蓄电池", "8507600090", false),
        ("锂离子蓄电池", "85076000", false),
        ("men's cotton knitted T-shirt", "6109100021", false),
        ("men's cotton knitted T-shirt", "6109.10.00.21", false),
        ("智能手机", "8517130000", false),
        ("锂离子蓄电池", "6109100021", true),
        ("men's cotton knitted T-shirt", "8507600090", true),
        ("智能手机", "0101210010", true),
        // A weak description never fires: it names no goods.
        ("iPhone 15 Pro A2894", "6109100021", false),
        // A code the tariff does not know is H002's business, not H003's.
        ("锂离子蓄电池", "9999999999", false),
    ];
    for (description, code, fires) in cases {
        let fit = classifier().fit(description, code, 5).unwrap();
        assert_eq!(fit.mismatch, fires, "{description} / {code}: {fit:?}");
        if fires {
            assert!(fit.likelihood_ratio >= 4.0, "{description} / {code}");
            assert!(fit.declared_rank.is_none());
            assert!(!fit.classification.suggestions.is_empty());
        }
    }
}

#[test]
fn fit_refuses_malformed_codes() {
    for code in ["", "8507", "85076000901", "85O7600090"] {
        assert!(matches!(
            classifier().fit("锂离子蓄电池", code, 5),
            Err(ClassifyError::InvalidCode { .. })
        ));
    }
}

#[test]
fn bad_input_is_an_answer_or_a_clear_error() {
    for empty in ["", "   ", "\u{0}\t\n", "\u{3000}"] {
        assert_eq!(
            classifier().classify(empty, 5).unwrap_err(),
            ClassifyError::EmptyDescription,
            "{empty:?}"
        );
    }
    let emoji = classifier().classify("🔋🔋👕", 5).unwrap();
    assert!(emoji.low_confidence);
    assert!(emoji.suggestions.is_empty());
    assert!(!emoji.notes.is_empty());

    let brand_only = classifier().classify("iPhone 15 Pro A2894", 5).unwrap();
    assert!(brand_only.low_confidence);
    assert!(!brand_only.notes.is_empty());

    let huge = "锂离子蓄电池 lithium-ion battery ".repeat(4000);
    assert!(huge.len() > 100_000);
    let answer = classifier().classify(&huge, 5).unwrap();
    assert!(
        answer
            .notes
            .iter()
            .any(|note| note.en.contains("longer than"))
    );
    assert_eq!(answer.suggestions[0].subheading, "850760");
}

#[test]
fn top_limits_the_suggestions() {
    for top in [0, 1, 3] {
        let classification = classifier().classify("cotton T-shirt", top).unwrap();
        assert!(classification.suggestions.len() <= top);
    }
}

#[test]
fn build_errors_name_the_table_and_line() {
    let tables = classify::Tables {
        ciq_tsv: "#ciq_code13\tname\n0101210010999\t改良种用濒危野马\nnot-a-code\t?\n",
        ..embedded_tables()
    };
    let error = Classifier::build(&tables).unwrap_err();
    assert_eq!(
        error.to_string(),
        "ciq table, line 3: `not-a-code` is not a code of [13] digits"
    );
    assert!(error.message().zh.contains("第 3 行"));
}

#[test]
fn answer_snapshot() {
    let classification = classifier().classify("锂离子蓄电池", 3).unwrap();
    let rendered: Vec<String> = classification
        .suggestions
        .iter()
        .map(|s| {
            format!(
                "{} {:.2} {} | {}\n  zh: {}\n  en: {}",
                s.code,
                s.score,
                s.name_zh,
                s.name_en,
                s.basis.summary(Lang::Zh),
                s.basis.summary(Lang::En)
            )
        })
        .collect();
    insta::assert_snapshot!(rendered.join("\n"));
}

mod never_panics {
    use super::classifier;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn classify_any_text(text in "\\PC{0,200}") {
            let _ = classifier().classify(&text, 5);
        }

        #[test]
        fn classify_mixed_scripts(text in "[a-zA-Z0-9 ,.;()'%/-]{0,60}[锂离子蓄电池棉针织衫T恤，（）、 ]{0,30}") {
            let _ = classifier().classify(&text, 3);
        }

        /// The rule modules' words: fibres, monomers, states, negations, figures.
        #[test]
        fn classify_rule_words(
            text in "[未非棉涤纶锦纶长丝短纤粘胶羊毛机织针织平纹斜纹染色漂白色织印花鱼冻熏干盐腌片乙烯丙烯苯乙烯共聚物板男女式钢铝塑料袋装的%,，0-9.gm/㎡分特宽厚米卷冷热轧镀锌鞋皮面橡胶底药片剂涂层裤氨纶a-z ]{0,60}"
        ) {
            let _ = classifier().classify(&text, 3);
        }

        /// Brands in quotes, element keys, clause negations, compositions, meat shares.
        #[test]
        fn classify_brand_negation_and_share_words(
            text in "[“”\"'「」牌品型号:：|无不含未经由和铬碳硼硅虾蟹熟去壳肉鸡貂皮衣避孕药总成散件进口%的0-9.,，; a-z]{0,60}"
        ) {
            let _ = classifier().classify(&text, 3);
        }

        #[test]
        fn fit_any_code(text in "\\PC{0,80}", code in "[0-9. -]{0,14}") {
            let _ = classifier().fit(&text, &code, 5);
        }
    }
}
