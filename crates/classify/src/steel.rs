//! Flat-rolled steel by width, thickness, rolling and coating (headings 7208–7212, 7219–7220,
//! 7225–7226): 600 mm of width splits the headings; non-alloy steel of 600 mm or more is 7208
//! hot-rolled, 7209 cold-rolled, 7210 clad, plated or coated; narrower, 7211 or 7212; stainless
//! 7219 or 7220, other alloy 7225 or 7226. Thickness (10, 4.75, 3, 1, 0.5 mm) and coils split
//! the subheadings of 7208, 7209 and 7219. A description gives these as figures, which the
//! words of the tariff cannot weigh.

use crate::terms::{dimension, has_any, percentages, without};

/// The heading and, where the description says enough, the subheading.
pub(crate) type SteelPlacement = (&'static str, Option<&'static str>);

const FLAT: &[&str] = &[
    "板",
    "卷",
    "带",
    "薄板",
    "厚板",
    "sheet",
    "sheets",
    "plate",
    "plates",
    "coil",
    "coils",
    "strip",
    "flat-rolled",
    "flat rolled",
];
const NOT_FLAT: &[&str] = &[
    "管", "丝", "棒", "杆", "型材", "角钢", "钉", "螺", "制品", "容器", "tube", "tubes", "pipe",
    "pipes", "wire", "bar", "bars", "rod", "rods", "angle", "angles", "section", "sections",
    "article", "articles", "shim", "shims", "花纹",
];
const COATED: &[&str] = &[
    "镀",
    "涂",
    "包覆",
    "覆层",
    "coated",
    "plated",
    "galvanized",
    "galvanised",
    "tinned",
    "painted",
    "clad",
];

/// States the goods are said not to be in ("未经包覆" not clad, "非波纹" not corrugated),
/// longest first.
const NEGATED: &[&str] = &[
    "未经包覆镀层或涂层",
    "未包覆镀层或涂层",
    "未经包覆、镀层或涂层",
    "未经包覆镀层",
    "未包覆镀层",
    "无镀层",
    "无涂层",
    "无轧出花纹",
    "未轧出花纹",
    "无花纹",
    "without patterns in relief",
    "未经酸洗",
    "未酸洗",
    "not pickled",
    "未经包覆",
    "未包覆",
    "未经镀",
    "未镀",
    "未经涂",
    "未涂",
    "非波纹",
    "未轧成波纹",
    "未经轧成波纹",
    "未经冷轧",
    "未冷轧",
    "not cold-rolled",
    "not cold rolled",
    "not clad",
    "not plated",
    "not coated",
    "uncoated",
    "not corrugated",
];

/// Silicon-electrical steel (an alloy steel of 7225.1, 7226.1).
const ELECTRICAL: &[&str] = &[
    "硅电钢",
    "电工钢",
    "硅钢",
    "电工硅钢",
    "electrical steel",
    "silicon-electrical",
    "silicon electrical",
];

/// The elements chapter 72 note 1 (f) weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Element {
    Carbon,
    Aluminium,
    Boron,
    Chromium,
    Cobalt,
    Copper,
    Lead,
    Manganese,
    Molybdenum,
    Nickel,
    Niobium,
    Silicon,
    Titanium,
    Tungsten,
    Vanadium,
    Zirconium,
}

impl Element {
    /// The share (per cent by weight) from which the element makes an alloy steel; carbon
    /// never does.
    fn alloy_threshold(self) -> f32 {
        match self {
            Element::Carbon => f32::INFINITY,
            Element::Aluminium | Element::Chromium | Element::Cobalt | Element::Nickel => 0.3,
            Element::Tungsten => 0.3,
            Element::Boron => 0.0008,
            Element::Copper | Element::Lead => 0.4,
            Element::Manganese => 1.65,
            Element::Molybdenum => 0.08,
            Element::Niobium => 0.06,
            Element::Silicon => 0.6,
            Element::Titanium | Element::Zirconium => 0.05,
            Element::Vanadium => 0.1,
        }
    }
}

const ELEMENTS: &[(&str, Element)] = &[
    ("碳", Element::Carbon),
    ("carbon", Element::Carbon),
    ("铝", Element::Aluminium),
    ("aluminium", Element::Aluminium),
    ("硼", Element::Boron),
    ("boron", Element::Boron),
    ("铬", Element::Chromium),
    ("chromium", Element::Chromium),
    ("钴", Element::Cobalt),
    ("cobalt", Element::Cobalt),
    ("铜", Element::Copper),
    ("copper", Element::Copper),
    ("铅", Element::Lead),
    ("lead", Element::Lead),
    ("锰", Element::Manganese),
    ("manganese", Element::Manganese),
    ("钼", Element::Molybdenum),
    ("molybdenum", Element::Molybdenum),
    ("镍", Element::Nickel),
    ("nickel", Element::Nickel),
    ("铌", Element::Niobium),
    ("niobium", Element::Niobium),
    ("硅", Element::Silicon),
    ("silicon", Element::Silicon),
    ("钛", Element::Titanium),
    ("titanium", Element::Titanium),
    ("钨", Element::Tungsten),
    ("tungsten", Element::Tungsten),
    ("钒", Element::Vanadium),
    ("vanadium", Element::Vanadium),
    ("锆", Element::Zirconium),
    ("zirconium", Element::Zirconium),
];

/// The elements a description gives with their share: the element just before the figure
/// ("含铬11%", "铬含量为11%", "chromium 11%") or, in English, just after it ("11% chromium").
fn composition(text: &str) -> Vec<(Element, f32)> {
    let mut found: Vec<(Element, f32)> = Vec::new();
    for share in percentages(text) {
        let before = text[..share.start]
            .trim_end()
            .trim_end_matches(['为', '是', ':', '：', '='])
            .trim_end_matches("含量")
            .trim_end();
        let after = text[share.end..].trim_start();
        let element = ELEMENTS
            .iter()
            .find(|(name, _)| before.ends_with(name))
            .or_else(|| {
                ELEMENTS
                    .iter()
                    .find(|(name, _)| name.is_ascii() && after.starts_with(name))
            })
            .map(|(_, element)| *element);
        if let Some(element) = element
            && !found.iter().any(|(known, _)| *known == element)
        {
            found.push((element, share.value));
        }
    }
    found
}

/// The placement of a normalised description of flat-rolled steel.
pub(crate) fn placement(text: &str) -> Option<SteelPlacement> {
    let cleaned = without(text, NEGATED);
    let text = cleaned.as_str();
    let steel = text.contains('钢') || has_any(text, &["steel"]);
    if !steel || !has_any(text, FLAT) || has_any(text, NOT_FLAT) {
        return None;
    }
    let width = dimension(text, &["宽度", "宽", "width"], &["mm wide", "mm in width"])?;
    let thickness = dimension(
        text,
        &["厚度", "厚", "thickness"],
        &["mm thick", "mm in thickness"],
    );
    // Stainless and other alloy steel by name or by composition (chapter 72 note 1 (e), (f)).
    let elements = composition(text);
    let share = |wanted: Element| {
        elements
            .iter()
            .find(|(element, _)| *element == wanted)
            .map(|(_, value)| *value)
    };
    let stainless = has_any(text, &["不锈钢", "stainless"])
        || (share(Element::Chromium).is_some_and(|cr| cr >= 10.5)
            && share(Element::Carbon).is_none_or(|c| c <= 1.2));
    let electrical = has_any(text, ELECTRICAL);
    let alloy = !stainless
        && ((text.contains("合金钢") && !text.contains("非合金"))
            || (has_any(text, &["alloy steel"]) && !has_any(text, &["non-alloy"]))
            || electrical
            || elements
                .iter()
                .any(|(element, value)| *value >= element.alloy_threshold()));
    let coated = has_any(text, COATED);
    let hot = has_any(text, &["热轧", "hot-rolled", "hot rolled"]);
    let cold = has_any(
        text,
        &["冷轧", "冷压", "cold-rolled", "cold rolled", "cold-reduced"],
    );
    let coil = has_any(text, &["卷", "coil", "coils"])
        && !has_any(text, &["非卷", "不成卷", "not in coils"]);
    let wide = width >= 600.0;
    if stainless {
        return Some(if !wide {
            ("7220", None)
        } else if cold {
            (
                "7219",
                thickness.map(|t| {
                    if t >= 4.75 {
                        "721931"
                    } else if t >= 3.0 {
                        "721932"
                    } else if t > 1.0 {
                        "721933"
                    } else if t >= 0.5 {
                        "721934"
                    } else {
                        "721935"
                    }
                }),
            )
        } else if hot {
            let by = |t: f32| match (coil, t) {
                (true, t) if t > 10.0 => "721911",
                (true, t) if t >= 4.75 => "721912",
                (true, t) if t >= 3.0 => "721913",
                (true, _) => "721914",
                (false, t) if t > 10.0 => "721921",
                (false, t) if t >= 4.75 => "721922",
                (false, t) if t >= 3.0 => "721923",
                (false, _) => "721924",
            };
            ("7219", thickness.map(by))
        } else {
            ("7219", None)
        });
    }
    if alloy {
        let oriented = !has_any(text, &["无取向", "non-oriented", "non oriented"])
            && has_any(text, &["取向", "grain-oriented", "grain oriented"]);
        return Some(if wide {
            let sub = if electrical {
                Some(if oriented { "722511" } else { "722519" })
            } else if coated {
                Some(if has_any(text, &["电镀锌", "electrolytically"]) {
                    "722591"
                } else if has_any(text, &["镀锌", "galvanized", "galvanised", "zinc"]) {
                    "722592"
                } else {
                    "722599"
                })
            } else if hot {
                Some(if coil { "722530" } else { "722540" })
            } else if cold {
                Some("722550")
            } else {
                None
            };
            ("7225", sub)
        } else {
            let sub = if electrical {
                Some(if oriented { "722611" } else { "722619" })
            } else if has_any(text, &["高速钢", "high speed steel", "high-speed steel"]) {
                Some("722620")
            } else if coated {
                Some("722699")
            } else if hot {
                Some("722691")
            } else if cold {
                Some("722692")
            } else {
                None
            };
            ("7226", sub)
        });
    }
    if !wide {
        if coated {
            return Some(("7212", None));
        }
        let sub = if hot {
            thickness.map(|t| if t >= 4.75 { "721114" } else { "721119" })
        } else if cold {
            share(Element::Carbon).map(|c| if c < 0.25 { "721123" } else { "721129" })
        } else {
            None
        };
        return Some(("7211", sub));
    }
    if coated {
        let sub = if has_any(text, &["镀锡", "tinned", "tin-plated", "tinplate"]) {
            thickness.map(|t| if t >= 0.5 { "721011" } else { "721012" })
        } else if has_any(text, &["电镀锌", "electrolytically"]) {
            Some("721030")
        } else if has_any(text, &["镀铝锌", "aluminium-zinc", "galvalume"]) {
            Some("721061")
        } else if has_any(text, &["镀锌", "galvanized", "galvanised", "zinc"]) {
            Some(if has_any(text, &["瓦楞", "波纹", "corrugated"]) {
                "721041"
            } else {
                "721049"
            })
        } else if has_any(text, &["镀铬", "chromium"]) {
            Some("721050")
        } else if has_any(text, &["镀铝", "aluminium"]) {
            Some("721069")
        } else if has_any(
            text,
            &["涂漆", "涂塑", "彩涂", "painted", "varnished", "plastics"],
        ) {
            Some("721070")
        } else {
            None
        };
        return Some(("7210", sub));
    }
    if cold {
        let by = |t: f32| match (coil, t) {
            (true, t) if t >= 3.0 => "720915",
            (true, t) if t > 1.0 => "720916",
            (true, t) if t >= 0.5 => "720917",
            (true, _) => "720918",
            (false, t) if t >= 3.0 => "720925",
            (false, t) if t > 1.0 => "720926",
            (false, t) if t >= 0.5 => "720927",
            (false, _) => "720928",
        };
        return Some(("7209", thickness.map(by)));
    }
    if hot {
        let pickled = has_any(text, &["酸洗", "pickled"]);
        let by = |t: f32| match (coil, pickled, t) {
            (true, true, t) if t >= 4.75 => "720825",
            (true, true, t) if t >= 3.0 => "720826",
            (true, true, _) => "720827",
            (true, false, t) if t > 10.0 => "720836",
            (true, false, t) if t >= 4.75 => "720837",
            (true, false, t) if t >= 3.0 => "720838",
            (true, false, _) => "720839",
            (false, _, t) if t > 10.0 => "720851",
            (false, _, t) if t >= 4.75 => "720852",
            (false, _, t) if t >= 3.0 => "720853",
            (false, _, _) => "720854",
        };
        return Some(("7208", thickness.map(by)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_text;

    #[test]
    fn width_thickness_rolling_and_coating_decide() {
        let cases = [
            (
                "冷轧不锈钢板，宽1200mm，厚0.8mm",
                Some(("7219", Some("721934"))),
            ),
            (
                "非合金钢热轧卷材，宽1250mm，厚3.5mm，未经包覆",
                Some(("7208", Some("720838"))),
            ),
            (
                "热轧非合金钢板，宽1500mm，厚12mm，非卷材",
                Some(("7208", Some("720851"))),
            ),
            (
                "镀锌钢板，宽1000mm，厚0.6mm，非波纹",
                Some(("7210", Some("721049"))),
            ),
            (
                "冷轧钢卷，宽度为1.2米，厚度为0.4mm",
                Some(("7209", Some("720918"))),
            ),
            (
                "hot-rolled non-alloy steel sheet, 400 mm wide, 2 mm thick",
                Some(("7211", Some("721119"))),
            ),
            // Stainless and alloy by composition, silicon-electrical steel.
            (
                "含铬11%、含碳0.3%的冷轧钢板，宽度700毫米，厚度0.8毫米，未包覆镀层",
                Some(("7219", Some("721934"))),
            ),
            (
                "含硼0.002%的热轧钢卷，宽度1500毫米，厚度5毫米，未包覆镀层",
                Some(("7225", Some("722530"))),
            ),
            (
                "冷轧取向硅电钢卷，宽度1000毫米",
                Some(("7225", Some("722511"))),
            ),
            (
                "非合金钢热轧卷板，宽度1500毫米，厚度3.5毫米，无轧出花纹，未酸洗，未包覆镀层",
                Some(("7208", Some("720838"))),
            ),
            (
                "含碳0.1%的冷轧非合金钢带，宽度300毫米，厚度1毫米",
                Some(("7211", Some("721123"))),
            ),
            ("不锈钢管，外径50mm，宽", None),
            ("steel shelving", None),
        ];
        for (text, expected) in cases {
            assert_eq!(placement(&normalize_text(text)), expected, "{text}");
        }
    }
}
