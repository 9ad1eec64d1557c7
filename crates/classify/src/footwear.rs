//! Footwear by the materials of its upper and outer sole (chapter 64): uppers and soles of
//! rubber or plastics 6402; uppers of leather 6403 (leather soles 6403.5x, others 6403.9x);
//! uppers of textile 6404 (rubber or plastic soles 6404.1x, leather soles 6404.20); anything
//! else 6405. Covering the ankle, sports footwear and leather toe-post sandals split the
//! subheadings. Descriptions name a dozen materials; the words "leather" or "rubber" alone
//! match every line of the chapter, these rules pick the one the materials give.

use crate::terms::{has_any, has_term};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Material {
    Leather,
    RubberOrPlastics,
    Textile,
}

/// Material words, in English (whole words) and Chinese.
const MATERIALS: &[(&str, Material)] = &[
    ("leather", Material::Leather),
    ("suede", Material::Leather),
    ("nubuck", Material::Leather),
    ("cowhide", Material::Leather),
    ("皮革", Material::Leather),
    ("真皮", Material::Leather),
    ("牛皮", Material::Leather),
    ("羊皮", Material::Leather),
    ("皮", Material::Leather),
    ("rubber", Material::RubberOrPlastics),
    ("plastic", Material::RubberOrPlastics),
    ("plastics", Material::RubberOrPlastics),
    ("polyurethane", Material::RubberOrPlastics),
    ("pu", Material::RubberOrPlastics),
    ("pvc", Material::RubberOrPlastics),
    ("eva", Material::RubberOrPlastics),
    ("tpr", Material::RubberOrPlastics),
    ("tpu", Material::RubberOrPlastics),
    ("synthetic", Material::RubberOrPlastics),
    ("橡胶", Material::RubberOrPlastics),
    ("塑料", Material::RubberOrPlastics),
    ("胶", Material::RubberOrPlastics),
    ("合成革", Material::RubberOrPlastics),
    ("textile", Material::Textile),
    ("textiles", Material::Textile),
    ("fabric", Material::Textile),
    ("canvas", Material::Textile),
    ("mesh", Material::Textile),
    ("jute", Material::Textile),
    ("knit", Material::Textile),
    ("cotton", Material::Textile),
    ("nylon", Material::Textile),
    ("polyester", Material::Textile),
    ("纺织", Material::Textile),
    ("织物", Material::Textile),
    ("帆布", Material::Textile),
    ("网布", Material::Textile),
    ("布", Material::Textile),
];

const FOOTWEAR: &[&str] = &[
    "shoe",
    "shoes",
    "sandal",
    "sandals",
    "boot",
    "boots",
    "slipper",
    "slippers",
    "mule",
    "mules",
    "sneaker",
    "sneakers",
    "loafer",
    "loafers",
    "footwear",
    "clog",
    "clogs",
    "pump",
    "pumps",
    "flip-flop",
    "flip-flops",
    "鞋",
    "靴",
];

/// Words of the phrase that names the upper's or the sole's material, before the part
/// ("kid leather upper", "橡胶底") or after it ("upper of leather", "鞋底为橡胶").
fn materials_near(text: &str, part_words: &[&str], chinese_part: &[&str]) -> Vec<Material> {
    let mut found: Vec<Material> = Vec::new();
    let mut add = |phrase: &str| {
        for (word, material) in MATERIALS {
            let named = has_term(phrase, word);
            if named && !found.contains(material) {
                found.push(*material);
            }
        }
    };
    // English: up to three words before the part word, or "of …" after it.
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '/')
        .filter(|word| !word.is_empty())
        .collect();
    for (at, word) in words.iter().enumerate() {
        let bare = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        if !part_words.contains(&bare) {
            continue;
        }
        let start = at.saturating_sub(3);
        let before: Vec<&str> = words[start..at]
            .iter()
            .rev()
            .take_while(|word| !matches!(**word, "and" | "with" | "of" | "a" | "an"))
            .copied()
            .collect();
        add(&before.join(" "));
        if words.get(at + 1) == Some(&"of") {
            let after: Vec<&str> = words.iter().skip(at + 2).take(2).copied().collect();
            add(&after.join(" "));
        }
    }
    // Chinese: the material right before 面/底 ("皮面", "橡胶底") or after 鞋面为/鞋底为.
    for part in chinese_part {
        for (at, _) in text.match_indices(part) {
            let before: String = text[..at]
                .chars()
                .rev()
                .take(3)
                .collect::<Vec<char>>()
                .into_iter()
                .rev()
                .collect();
            add(&before);
            let after: String = text[at + part.len()..].chars().take(4).collect();
            if after.starts_with(['为', '是', '用', '由']) {
                add(&after);
            }
        }
    }
    found
}

/// The heading and subheading the materials give, when the description says both.
pub(crate) fn placement(text: &str) -> Option<(&'static str, Option<&'static str>)> {
    if !has_any(text, FOOTWEAR) {
        return None;
    }
    let uppers = materials_near(text, &["upper", "uppers"], &["鞋面", "面"]);
    let soles = materials_near(
        text,
        &["sole", "soles", "outsole", "outsoles"],
        &["鞋底", "外底", "大底", "底"],
    );
    let [upper] = uppers.as_slice() else {
        return None;
    };
    let [sole] = soles.as_slice() else {
        return None;
    };
    let ankle = has_any(
        text,
        &[
            "covering the ankle",
            "covers the ankle",
            "above the ankle",
            "boot",
            "boots",
            "过踝",
            "高帮",
            "靴",
        ],
    );
    let sports = has_any(
        text,
        &[
            "spikes", "cleats", "ski", "skating", "golf", "football", "soccer", "钉鞋", "滑雪",
            "溜冰",
        ],
    );
    let athletic = sports
        || has_any(
            text,
            &[
                "athletic",
                "sneaker",
                "sneakers",
                "tennis",
                "basketball",
                "running",
                "training",
                "gym",
                "运动",
            ],
        );
    Some(match (upper, sole) {
        (Material::RubberOrPlastics, Material::RubberOrPlastics) => (
            "6402",
            Some(if sports {
                "640219"
            } else if ankle {
                "640291"
            } else {
                "640299"
            }),
        ),
        (Material::Leather, Material::Leather) => {
            ("6403", Some(if ankle { "640351" } else { "640359" }))
        }
        (Material::Leather, Material::RubberOrPlastics) => (
            "6403",
            Some(if sports {
                "640319"
            } else if ankle {
                "640391"
            } else {
                "640399"
            }),
        ),
        (Material::Textile, Material::RubberOrPlastics) => {
            ("6404", Some(if athletic { "640411" } else { "640419" }))
        }
        (Material::Textile, Material::Leather) => ("6404", Some("640420")),
        _ => ("6405", None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_text;

    #[test]
    fn upper_and_sole_decide() {
        let cases = [
            (
                "women's closed-toe flat shoes with polyurethane uppers and rubber/plastic outer soles",
                Some(("6402", Some("640299"))),
            ),
            (
                "women's slip-on mule with pointed closed toe, kid leather upper and leather outer sole with stacked heel",
                Some(("6403", Some("640359"))),
            ),
            (
                "women's open toe wedge sandal with braided jute upper and rubber outer sole",
                Some(("6404", Some("640419"))),
            ),
            (
                "men's running shoes with textile uppers and rubber outer soles",
                Some(("6404", Some("640411"))),
            ),
            ("皮面橡胶底男式休闲鞋", Some(("6403", Some("640399")))),
            ("帆布面橡胶底运动鞋", Some(("6404", Some("640411")))),
            ("leather shoes", None),
            ("rubber gloves with textile lining", None),
        ];
        for (text, expected) in cases {
            assert_eq!(placement(&normalize_text(text)), expected, "{text}");
        }
    }
}
