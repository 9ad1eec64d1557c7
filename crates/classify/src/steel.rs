//! Flat-rolled steel by width, thickness, rolling and coating (headings 7208–7212, 7219–7220,
//! 7225–7226): 600 mm of width splits the headings; non-alloy steel of 600 mm or more is 7208
//! hot-rolled, 7209 cold-rolled, 7210 clad, plated or coated; narrower, 7211 or 7212; stainless
//! 7219 or 7220, other alloy 7225 or 7226. Thickness (10, 4.75, 3, 1, 0.5 mm) and coils split
//! the subheadings of 7208, 7209 and 7219. A description gives these as figures, which the
//! words of the tariff cannot weigh.

use crate::terms::{dimension, has_any, without};

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

/// States the goods are said not to be in ("未经包覆" not clad, "非波纹" not corrugated).
const NEGATED: &[&str] = &[
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
    let stainless = has_any(text, &["不锈钢", "stainless"]);
    let alloy = !stainless
        && ((text.contains("合金钢") && !text.contains("非合金"))
            || (has_any(text, &["alloy steel"]) && !has_any(text, &["non-alloy"])));
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
        return Some(if wide { ("7225", None) } else { ("7226", None) });
    }
    if !wide {
        return Some(if coated {
            ("7212", None)
        } else {
            ("7211", None)
        });
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
                Some(("7211", None)),
            ),
            ("不锈钢管，外径50mm，宽", None),
            ("steel shelving", None),
        ];
        for (text, expected) in cases {
            assert_eq!(placement(&normalize_text(text)), expected, "{text}");
        }
    }
}
