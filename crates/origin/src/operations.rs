//! The minimal operations of RCEP Article 3.6, as operation keywords: when every operation
//! undertaken on the non-originating materials is one of them, the product does not originate,
//! whatever the rule's tests say.
//!
//! A bill's operations are matched whole (case and `_`/`-` ignored), never by substring, so
//! `laser cutting and welding` is not mistaken for `cutting`. Keywords not listed here count
//! as processing that can confer origin.

use model::Text;
use serde::Serialize;

/// One item of Article 3.6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MinimalOperation {
    /// The item's letter in Article 3.6 (`a` to `j`).
    pub item: &'static str,
    /// What the item covers, in English.
    pub en: &'static str,
    /// What the item covers, in Chinese.
    pub zh: &'static str,
    /// The keywords that name it in a bill of materials.
    #[serde(skip)]
    pub keywords: &'static [&'static str],
}

impl MinimalOperation {
    /// The item's name in both languages, with its article reference.
    pub fn name(&self) -> Text {
        Text::new(
            format!("第 3.6 条第（{}）项：{}", self.item, self.zh),
            format!("Art. 3.6({}): {}", self.item, self.en),
        )
    }
}

/// Article 3.6 (a)–(j); (k), any combination of them, follows from checking each operation.
pub const MINIMAL_OPERATIONS: &[MinimalOperation] = &[
    MinimalOperation {
        item: "a",
        en: "preserving operations for transport or storage",
        zh: "为运输或储存进行的保存操作",
        keywords: &[
            "preservation",
            "preserving",
            "preserve",
            "drying for transport",
            "chilling",
            "freezing for storage",
            "ventilation",
            "保存",
            "保鲜",
            "冷藏",
            "防腐",
            "通风",
        ],
    },
    MinimalOperation {
        item: "b",
        en: "packaging or presenting goods for transportation or sale",
        zh: "为运输或销售进行的包装或展示",
        keywords: &[
            "packaging",
            "packing",
            "repackaging",
            "re-packaging",
            "repacking",
            "re-packing",
            "unpacking",
            "bottling",
            "boxing",
            "presenting for sale",
            "包装",
            "分装",
            "改换包装",
            "装箱",
            "装瓶",
        ],
    },
    MinimalOperation {
        item: "c",
        en: "simple sifting, screening, sorting, classifying, sharpening, cutting, slitting, grinding, bending, coiling or uncoiling",
        zh: "简单的筛选、分类、磨锐、切割、切开、研磨、弯曲、卷绕或开卷",
        keywords: &[
            "sifting",
            "screening",
            "sorting",
            "classifying",
            "grading",
            "sharpening",
            "simple cutting",
            "cutting",
            "slitting",
            "grinding",
            "bending",
            "coiling",
            "uncoiling",
            "筛选",
            "分拣",
            "分级",
            "磨锐",
            "简单切割",
            "切割",
            "分切",
            "研磨",
            "弯曲",
            "卷绕",
            "开卷",
        ],
    },
    MinimalOperation {
        item: "d",
        en: "affixing or printing marks, labels, logos or similar signs",
        zh: "在货物或其包装上粘贴或印刷标志、标签、标识",
        keywords: &[
            "labelling",
            "labeling",
            "marking",
            "affixing labels",
            "printing labels",
            "logo printing",
            "贴标",
            "贴标签",
            "加贴标志",
            "印刷标签",
            "打标",
        ],
    },
    MinimalOperation {
        item: "e",
        en: "mere dilution with water or another substance",
        zh: "仅用水或其他物质稀释",
        keywords: &["dilution", "diluting", "稀释"],
    },
    MinimalOperation {
        item: "f",
        en: "disassembly of products into parts",
        zh: "将产品拆成零件",
        keywords: &["disassembly", "dismantling", "拆卸", "拆解"],
    },
    MinimalOperation {
        item: "g",
        en: "slaughtering of animals",
        zh: "屠宰动物",
        keywords: &["slaughter", "slaughtering", "屠宰"],
    },
    MinimalOperation {
        item: "h",
        en: "simple painting and polishing",
        zh: "简单的涂漆和抛光",
        keywords: &[
            "painting",
            "simple painting",
            "polishing",
            "simple polishing",
            "涂漆",
            "喷漆",
            "刷漆",
            "抛光",
            "简单涂漆",
            "简单抛光",
        ],
    },
    MinimalOperation {
        item: "i",
        en: "simple peeling, stoning or shelling",
        zh: "简单的去皮、去核或去壳",
        keywords: &[
            "peeling", "stoning", "shelling", "去皮", "去核", "去壳", "剥壳",
        ],
    },
    MinimalOperation {
        item: "j",
        en: "simple mixing of goods",
        zh: "货物的简单混合",
        keywords: &[
            "mixing",
            "simple mixing",
            "blending",
            "简单混合",
            "混合",
            "掺混",
        ],
    },
];

/// Keywords of operations that other agreements treat as minimal but RCEP Article 3.6 does
/// not list; the answer says so and they do not refuse origin.
const NOT_IN_RCEP: &[(&str, &str, &str)] = &[
    (
        "simple assembly",
        "简单组装不在 RCEP 第 3.6 条所列之内（其他协定如中国—东盟自贸协定列有），本身不拒绝原产资格",
        "simple assembly is not listed in RCEP Art. 3.6 (other agreements such as ACFTA list it); it does not by itself refuse origin",
    ),
    (
        "简单组装",
        "简单组装不在 RCEP 第 3.6 条所列之内（其他协定如中国—东盟自贸协定列有），本身不拒绝原产资格",
        "simple assembly is not listed in RCEP Art. 3.6 (other agreements such as ACFTA list it); it does not by itself refuse origin",
    ),
];

/// The words of a keyword, lower-case, with `_` and `-` as spaces.
fn words(keyword: &str) -> impl Iterator<Item = String> + '_ {
    keyword
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
}

#[cfg(test)]
fn normalize(keyword: &str) -> String {
    words(keyword).collect::<Vec<_>>().join(" ")
}

/// True when two keywords have the same words (catalogue keywords are lower-case already).
fn same_keyword(wanted: &[String], keyword: &str) -> bool {
    let mut parts = keyword
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|word| !word.is_empty());
    wanted
        .iter()
        .all(|word| parts.next() == Some(word.as_str()))
        && parts.next().is_none()
}

/// The Article 3.6 item an operation keyword names, if any.
pub fn minimal_operation(keyword: &str) -> Option<&'static MinimalOperation> {
    let wanted: Vec<String> = words(keyword).collect();
    MINIMAL_OPERATIONS
        .iter()
        .find(|operation| operation.keywords.iter().any(|k| same_keyword(&wanted, k)))
}

/// A remark for a keyword that other agreements treat as minimal but RCEP does not.
pub fn outside_rcep_remark(keyword: &str) -> Option<Text> {
    let wanted: Vec<String> = words(keyword).collect();
    NOT_IN_RCEP
        .iter()
        .find(|(k, _, _)| same_keyword(&wanted, k))
        .map(|(_, zh, en)| Text::new(*zh, *en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_whole_keywords_only() {
        let cases = [
            ("packaging", Some("b")),
            ("Re-packaging", Some("b")),
            ("repackaging", Some("b")),
            ("simple_cutting", Some("c")),
            ("laser cutting and welding", None),
            ("disassembly", Some("f")),
            ("assembly", None),
            ("包装", Some("b")),
            ("屠宰", Some("g")),
            ("组装", None),
            ("  Painting ", Some("h")),
        ];
        for (keyword, item) in cases {
            assert_eq!(
                minimal_operation(keyword).map(|o| o.item),
                item,
                "{keyword}"
            );
        }
        assert!(outside_rcep_remark("simple assembly").is_some());
        assert!(outside_rcep_remark("assembly").is_none());
    }

    #[test]
    fn catalogue_keywords_are_lower_case() {
        for operation in MINIMAL_OPERATIONS {
            for keyword in operation.keywords {
                assert_eq!(keyword.to_lowercase(), *keyword);
            }
        }
    }

    #[test]
    fn keywords_are_not_shared_between_items() {
        let mut seen = std::collections::BTreeSet::new();
        for operation in MINIMAL_OPERATIONS {
            for keyword in operation.keywords {
                assert!(seen.insert(normalize(keyword)), "{keyword} twice");
            }
        }
    }
}
