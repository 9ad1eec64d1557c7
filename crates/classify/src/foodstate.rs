//! Fish and frozen vegetables by their state, not by their species. In chapter 3 the state
//! decides the heading (live 0301, fresh or chilled 0302, frozen 0303, fillets 0304; dried,
//! salted or smoked 0305, each its own subheading group) and the species only the last digit;
//! cooked or otherwise prepared fish is 1604. A frozen vegetable, raw or cooked by steaming or
//! boiling, stays in 0710 (fruit in 0811); chapter 20 takes those prepared otherwise. The words
//! of a description ("熏制的鳕鱼") match the species best (dried cod, salted cod…); these
//! rules put it where its state says.

use crate::terms::{has_any, head, percentages, tail, without};

/// Where the state sends the goods: code prefixes to lift, and whether the other lines lose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StatePlacement {
    pub prefixes: Vec<&'static str>,
    /// The goods can only be in these lines (fish); otherwise the lines are favoured only.
    pub exclusive: bool,
    /// Lines the state rules out (frozen goods are not "fresh", "dried" or "not frozen").
    pub unlike: Vec<&'static str>,
}

/// Words that make a fish description something else (molluscs named with 鱼, fish products
/// of other chapters, fishing tackle).
const NOT_FISH: &[&str] = &[
    "鱿鱼",
    "墨鱼",
    "章鱼",
    "鲍鱼",
    "鳄鱼",
    "甲鱼",
    "鱼油",
    "鱼粉",
    "鱼子",
    "鱼肝",
    "鱼胶",
    "鱼竿",
    "鱼缸",
    "鱼饵",
    "鱼钩",
    "鱼线",
    "渔网",
    "鱼露",
    "鱼翅",
    "鱼肚",
    "鱼鳔",
    "鱼皮",
    "鱼鳞",
    "鱼头",
    "饲料",
    "fish oil",
    "fish meal",
    "fish sauce",
    "fishing",
    "fish food",
    "fish tank",
    "fish feed",
    "aquarium",
    "squid",
    "octopus",
    "cuttlefish",
];

const FISH_WORDS_EN: &[&str] = &[
    "fish",
    "salmon",
    "cod",
    "tuna",
    "herring",
    "herrings",
    "mackerel",
    "tilapia",
    "catfish",
    "trout",
    "sardine",
    "sardines",
    "anchovy",
    "anchovies",
    "pollock",
    "haddock",
    "carp",
    "eel",
    "eels",
    "amberjack",
    "yellowtail",
    "halibut",
    "flounder",
    "sole",
];

/// Cooked, canned, seasoned: prepared (1604, chapter 20).
const PREPARED: &[&str] = &[
    "罐头",
    "罐装",
    "熟",
    "煮",
    "蒸",
    "烤",
    "炸",
    "调味",
    "制作",
    "预制",
    "酱",
    "cooked",
    "canned",
    "tinned",
    "prepared",
    "breaded",
    "seasoned",
    "fried",
    "roasted",
    "in sauce",
    "in oil",
    "marinated",
];

/// Frozen goods that are not vegetables or fruit (meat, fish, dairy, sweets) or not raw.
const NOT_VEGETABLE: &[&str] = &[
    "肉",
    "鱼",
    "虾",
    "蟹",
    "贝",
    "鱿",
    "鸡",
    "鸭",
    "牛",
    "猪",
    "羊",
    "蚕",
    "蛙",
    "肝",
    "肠",
    "奶",
    "乳",
    "蛋",
    "冰淇淋",
    "冰激凌",
    "冻干",
    "果冻",
    "醋",
    "糖",
    "果汁",
    "饮料",
    "饺",
    "包子",
    "面",
];

const CRUSTACEANS: &[&str] = &[
    "虾", "蟹", "shrimp", "shrimps", "prawn", "prawns", "crab", "crabs", "lobster", "lobsters",
    "crayfish",
];
const COOKED: &[&str] = &[
    "熟", "蒸煮", "煮熟", "水煮", "蒸熟", "cooked", "boiled", "steamed",
];
/// Out of the shell.
const SHELLED: &[&str] = &[
    "去壳", "剥壳", "虾仁", "蟹肉", "蟹黄", "peeled", "shelled", "meat",
];
/// Meat, fish and crustaceans, as chapter 16 note 2 counts them.
const MEATS: &[&str] = &[
    "肉", "鸡", "鸭", "鱼", "虾", "蟹", "火腿", "香肠", "meat", "pork", "beef", "chicken", "ham",
    "fish", "shrimp", "sausage",
];

/// The share of meat, fish or crustaceans a food preparation states ("含猪肉25%", "肉类按重量
/// 计不足20%", "30% chicken"), when it states one and is a preparation (not plain meat).
fn meat_share(text: &str) -> Option<f32> {
    if !has_any(text, MEATS) {
        return None;
    }
    // Below the line, said in words.
    if has_any(
        text,
        &[
            "不足20%",
            "低于20%",
            "少于20%",
            "less than 20%",
            "under 20%",
        ],
    ) {
        return Some(0.0);
    }
    percentages(text)
        .into_iter()
        .find(|share| {
            let before = tail(&text[..share.start], 4);
            let after = head(&text[share.end..], 8).trim_start();
            MEATS
                .iter()
                .any(|meat| before.contains(meat) || (meat.is_ascii() && after.starts_with(meat)))
        })
        .map(|share| share.value)
}

/// States said not to apply.
const NEGATED: &[&str] = &[
    "未经干制",
    "未干制",
    "未经熏制",
    "未熏制",
    "未盐腌",
    "未经盐腌",
    "未冷冻",
    "未经冷冻",
    "not dried",
    "not smoked",
    "not salted",
    "not frozen",
    "not cooked",
];

/// The placement of a normalised description of fish or of a frozen vegetable.
pub(crate) fn placement(text: &str) -> Option<StatePlacement> {
    // "未干制" (not dried) names a state the goods are not in.
    let cleaned = without(text, NEGATED);
    let text = cleaned.as_str();
    let fish = (text.contains('鱼') || has_any(text, FISH_WORDS_EN)) && !has_any(text, NOT_FISH);
    let prepared = has_any(text, PREPARED);
    if fish {
        let prefix = if prepared {
            "1604"
        } else if has_any(text, &["熏", "smoked"]) {
            "03054"
        } else if has_any(text, &["干制", "晒干", "鱼干", "干的", "干鱼", "dried"]) {
            "03055"
        } else if has_any(
            text,
            &["盐腌", "盐渍", "盐水", "咸鱼", "salted", "in brine"],
        ) {
            "03056"
        } else if has_any(text, &["鱼片", "鱼排", "鱼柳", "fillet", "fillets"]) {
            "0304"
        } else if has_any(text, &["冷冻", "速冻", "冻", "frozen"]) {
            "0303"
        } else if has_any(text, &["活", "live"]) {
            "0301"
        } else if has_any(text, &["鲜", "冷藏", "冰鲜", "fresh", "chilled"]) {
            "0302"
        } else {
            return None;
        };
        return Some(StatePlacement {
            prefixes: vec![prefix],
            exclusive: true,
            unlike: Vec::new(),
        });
    }
    // Crustaceans: cooked in their shell they stay in 0306 (chapter 3 note and heading text);
    // cooked and out of the shell they are prepared (1605).
    if has_any(text, CRUSTACEANS) && has_any(text, COOKED) && has_any(text, SHELLED) {
        let kind = if has_any(text, &["龙虾", "lobster", "lobsters"]) {
            "160530"
        } else if has_any(text, &["蟹", "crab", "crabs"]) {
            "160510"
        } else if has_any(text, &["虾", "shrimp", "shrimps", "prawn", "prawns"]) {
            "16052"
        } else {
            "1605"
        };
        return Some(StatePlacement {
            prefixes: vec![kind],
            exclusive: false,
            unlike: vec!["0306", "1605"],
        });
    }
    // Food preparations with more than 20 % of meat, fish or crustaceans by weight are
    // chapter 16 (chapter 16 note 2), less than that they are not.
    if let Some(share) = meat_share(text) {
        return Some(if share > 20.0 {
            StatePlacement {
                prefixes: vec!["1601", "1602", "1604", "1605"],
                exclusive: false,
                unlike: vec!["19", "20", "21"],
            }
        } else {
            StatePlacement {
                prefixes: Vec::new(),
                exclusive: false,
                unlike: vec!["02", "16"],
            }
        });
    }
    let frozen = has_any(text, &["冷冻", "速冻", "冻"]);
    if frozen && !prepared && !has_any(text, NOT_VEGETABLE) {
        // Not fresh (0709), provisionally preserved (0711) or dried (0712); with no word of
        // preparation, not chapter 20 either (2004 takes vegetables prepared, then frozen).
        return Some(StatePlacement {
            prefixes: vec!["0710", "0811"],
            exclusive: false,
            unlike: vec!["0709", "0711", "0712", "2001", "2004", "2005", "2008"],
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_text;

    fn read(text: &str) -> Option<Vec<&'static str>> {
        placement(&normalize_text(text)).map(|placement| placement.prefixes)
    }

    #[test]
    fn the_state_decides() {
        let cases: &[(&str, Option<&[&str]>)] = &[
            ("熏制的鳕鱼", Some(&["03054"])),
            ("冻带鱼，整条", Some(&["0303"])),
            ("冻鳕鱼片", Some(&["0304"])),
            ("盐腌的鳕鱼，未干制", Some(&["03056"])),
            ("鲜活鲤鱼", Some(&["0301"])),
            ("冰鲜大黄鱼", Some(&["0302"])),
            ("金枪鱼罐头", Some(&["1604"])),
            ("frozen collar of amberjack fish, beheaded", Some(&["0303"])),
            ("smoked Atlantic salmon, sliced", Some(&["03054"])),
            ("冷冻的竹笋,塑料袋装", Some(&["0710", "0811"])),
            ("冻鱿鱼", None),
            ("冻猪肉，带骨", None),
            ("果冻", None),
            ("鱼油胶囊", None),
            ("鱼竿", None),
            ("速冻饺子，猪肉馅，已调味", None),
            // Crustaceans cooked out of the shell; chapter 16's 20 % line.
            (
                "冻熟去壳南美白对虾仁（经蒸煮），普通塑料袋装",
                Some(&["16052"]),
            ),
            (
                "鲜肉月饼，按重量计含猪肉25%，已烘烤",
                Some(&["1601", "1602", "1604", "1605"]),
            ),
            (
                "已烘烤的冷冻披萨，含奶酪及少量火腿（肉类按重量计不足20%）",
                Some(&[]),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(read(text).as_deref(), *expected, "{text}");
        }
    }
}
