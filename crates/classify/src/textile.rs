//! Woven fabrics of chapters 50–55 by the rules of Section XI, not by their words. A woven
//! fabric of several fibres is classified as if it were wholly of the fibre that predominates
//! by weight (Section XI note 2; chapters 54 and 55 count as one against the others; a tie
//! goes to the chapter last in numerical order), then by the heading's own split: cotton
//! 85 % and 200 g/m² (5208–5212), synthetic staple 85 % and mixed mainly with cotton at
//! 170 g/m² (5512–5515), filament against staple (54 against 55), synthetic against
//! artificial. The fabric's finish decides the subheading: a colour means dyed (染色), yarns
//! of a colour woven with others mean "of yarns of different colours" (色织), bleached and
//! unbleached yarns together mean bleached (subheading note 1 of chapter 52).
//!
//! The words of a description ("蓝色机织物，锦纶长丝35%，涤纶短纤25%，精梳羊毛40%") match
//! the wool lines best; these rules say 5407. The ranking lifts the headings found here.

use crate::quantity::{self, Unit};
use crate::terms::{dimension, find_names, has_any, percentages};

/// What the rules make of a woven fabric.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fabric {
    /// The headings it can be classified in (one, or two when the weight is not given).
    pub headings: Vec<&'static str>,
    /// The subheading the rules give, where the description says enough (finish, weave,
    /// weight and fibres).
    pub subheading: Option<String>,
    /// Tariff words for its finish and weave that the description implies but may not say.
    pub words: Vec<&'static str>,
}

/// The finish of a woven fabric (subheading notes of chapters 52 and 55).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Finish {
    Unbleached,
    Bleached,
    Dyed,
    YarnsOfDifferentColours,
    Printed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Weave {
    Plain,
    /// 3-thread or 4-thread twill, cross twill included.
    Twill,
    Denim,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fibre {
    Silk,
    Wool,
    CoarseHair,
    Cotton,
    Flax,
    Jute,
    OtherVegetable,
    /// Synthetic, filament (`Some(true)`), staple (`Some(false)`) or not said.
    Synthetic(Option<bool>),
    /// Artificial (viscose, acetate…), filament, staple or not said.
    Artificial(Option<bool>),
}

/// Fibre names, longest first where one contains another.
const FIBRES: &[(&str, Fibre)] = &[
    ("桑蚕丝", Fibre::Silk),
    ("柞蚕丝", Fibre::Silk),
    ("蚕丝", Fibre::Silk),
    ("真丝", Fibre::Silk),
    ("绢丝", Fibre::Silk),
    ("silk", Fibre::Silk),
    ("山羊绒", Fibre::Wool),
    ("羊绒", Fibre::Wool),
    ("羊毛", Fibre::Wool),
    ("兔毛", Fibre::Wool),
    ("驼毛", Fibre::Wool),
    ("马海毛", Fibre::Wool),
    ("wool", Fibre::Wool),
    ("cashmere", Fibre::Wool),
    ("马毛", Fibre::CoarseHair),
    ("人造棉", Fibre::Artificial(Some(false))),
    ("棉", Fibre::Cotton),
    ("cotton", Fibre::Cotton),
    ("亚麻", Fibre::Flax),
    ("flax", Fibre::Flax),
    ("linen", Fibre::Flax),
    ("黄麻", Fibre::Jute),
    ("jute", Fibre::Jute),
    ("苎麻", Fibre::OtherVegetable),
    ("ramie", Fibre::OtherVegetable),
    ("涤纶", Fibre::Synthetic(None)),
    ("聚酯", Fibre::Synthetic(None)),
    ("polyester", Fibre::Synthetic(None)),
    ("锦纶", Fibre::Synthetic(None)),
    ("尼龙", Fibre::Synthetic(None)),
    ("聚酰胺", Fibre::Synthetic(None)),
    ("nylon", Fibre::Synthetic(None)),
    ("polyamide", Fibre::Synthetic(None)),
    ("腈纶", Fibre::Synthetic(None)),
    ("聚丙烯腈", Fibre::Synthetic(None)),
    ("acrylic", Fibre::Synthetic(None)),
    ("丙纶", Fibre::Synthetic(None)),
    ("聚丙烯", Fibre::Synthetic(None)),
    ("polypropylene", Fibre::Synthetic(None)),
    ("氨纶", Fibre::Synthetic(None)),
    ("spandex", Fibre::Synthetic(None)),
    ("elastane", Fibre::Synthetic(None)),
    ("维纶", Fibre::Synthetic(None)),
    ("芳纶", Fibre::Synthetic(None)),
    ("人造丝", Fibre::Artificial(Some(true))),
    ("粘胶", Fibre::Artificial(None)),
    ("黏胶", Fibre::Artificial(None)),
    ("莫代尔", Fibre::Artificial(None)),
    ("莱赛尔", Fibre::Artificial(None)),
    ("醋酯", Fibre::Artificial(None)),
    ("铜氨", Fibre::Artificial(None)),
    ("viscose", Fibre::Artificial(None)),
    ("rayon", Fibre::Artificial(None)),
    ("modal", Fibre::Artificial(None)),
    ("lyocell", Fibre::Artificial(None)),
    ("acetate", Fibre::Artificial(None)),
];

/// Words of knitting and crocheting (chapter 60 fabrics, chapter 61 garments).
const KNITTING: &[&str] = &["针织", "钩编", "knit", "knitted", "crochet", "crocheted"];

/// Words that make the goods something other than a fabric of chapters 50–55 or 60:
/// made-up articles and garments, narrow, coated, nonwoven, felt or glass fabrics.
const NOT_A_FABRIC: &[&str] = &[
    "服",
    "衫",
    "裤",
    "裙",
    "衣",
    "袋",
    "帽",
    "床单",
    "窗帘",
    "毛巾",
    "手套",
    "鞋",
    "包袋",
    "背包",
    "手提包",
    "狭幅",
    "涂布",
    "涂层",
    "浸渍",
    "层压",
    "覆盖",
    "玻璃纤维",
    "帘子布",
    "无纺",
    "非织造",
    "毡",
    "garment",
    "胸罩",
    "文胸",
    "泳装",
    "套装",
    "西装",
    "童装",
    "袜",
    "领带",
    "围巾",
    "披肩",
    "毯",
    "shirt",
    "trouser",
    "dress",
    "bag",
    "swimsuit",
    "swimwear",
    "brassiere",
    "bra",
    "sock",
    "scarf",
    "glove",
    "hat",
    "towel",
    "jacket",
    "sweater",
    "pullover",
    "legging",
    "underwear",
    "gaiter",
    "blanket",
    "coated",
    "laminated",
    "nonwoven",
    "non-woven",
    "felt",
];

/// Pile, terry and gauze fabrics: woven ones are chapter 58, knitted ones 6001.
const PILE: &[&str] = &["灯芯绒", "起绒", "毛圈", "纱罗", "pile", "terry"];

/// Words that say the goods are a woven fabric.
const WOVEN: &[&str] = &[
    "机织",
    "平纹",
    "斜纹",
    "缎纹",
    "府绸",
    "牛仔布",
    "华达呢",
    "woven fabric",
    "plain weave",
    "twill",
];

/// Colours that make a fabric dyed (white makes it bleached).
const COLOURS: &[&str] = &[
    "红色",
    "蓝色",
    "绿色",
    "黄色",
    "黑色",
    "粉色",
    "粉红",
    "紫色",
    "灰色",
    "棕色",
    "褐色",
    "橙色",
    "藏青",
    "咖啡色",
    "米色",
    "卡其",
    "深色",
    "浅色",
    "染色",
    "dyed",
    "red",
    "blue",
    "green",
    "yellow",
    "black",
    "pink",
    "purple",
    "brown",
    "navy",
    "khaki",
];

/// The constituent fibres and their shares in per cent.
fn shares(text: &str) -> Vec<(Fibre, f32)> {
    // Fibre mentions; a man-made fibre is filament or staple by the words after it.
    let mentions: Vec<(usize, usize, Fibre)> = find_names(text, FIBRES)
        .into_iter()
        .map(|(start, end, fibre)| {
            let after = &text[end..];
            let fibre = match fibre {
                Fibre::Synthetic(None) => Fibre::Synthetic(form(after)),
                Fibre::Artificial(None) => Fibre::Artificial(form(after)),
                other => other,
            };
            (start, end, fibre)
        })
        .collect();
    if mentions.is_empty() {
        return Vec::new();
    }
    // Percentages: "55%" with the fibre right after ("35%的锦纶") or right before ("棉55%").
    let mut result: Vec<(Fibre, f32)> = Vec::new();
    let mut used = vec![false; mentions.len()];
    for share in percentages(text) {
        let (start, percent_end, value) = (share.start, share.end, share.value);
        let following = mentions.iter().position(|(begin, _, _)| {
            *begin >= percent_end && {
                let gap = text[percent_end..*begin].trim_start_matches([' ', '的']);
                gap.is_empty() || gap.chars().count() <= 1
            }
        });
        let preceding = mentions
            .iter()
            .rposition(|(_, end, _)| *end <= start && text[*end..start].chars().count() <= 4);
        let chosen = match (following, preceding) {
            (Some(f), _) if !used[f] && text[..start].ends_with(|c: char| !is_cjk(c)) => Some(f),
            (_, Some(p)) if !used[p] => Some(p),
            (Some(f), _) if !used[f] => Some(f),
            _ => None,
        };
        if let Some(chosen) = chosen {
            used[chosen] = true;
            result.push((mentions[chosen].2, value));
        }
    }
    let pure = ["纯棉", "全棉", "100%棉"]
        .iter()
        .any(|word| text.contains(word));
    if result.is_empty() {
        let mut kinds: Vec<Fibre> = mentions.iter().map(|(_, _, fibre)| *fibre).collect();
        kinds.dedup();
        if kinds.len() == 1 || pure {
            return vec![(kinds[0], 100.0)];
        }
        return Vec::new();
    }
    // One fibre named without a share takes what the others leave.
    let given: f32 = result.iter().map(|(_, share)| share).sum();
    let unshared: Vec<Fibre> = mentions
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(mention, _)| mention.2)
        .filter(|fibre| !result.iter().any(|(known, _)| known == fibre))
        .collect();
    if unshared.len() == 1 && given < 100.0 {
        result.push((unshared[0], 100.0 - given));
    }
    result
}

/// The sum of the shares of the fibres that pass `test`.
fn total(shares: &[(Fibre, f32)], test: impl Fn(Fibre) -> bool) -> f32 {
    shares
        .iter()
        .filter(|(fibre, _)| test(*fibre))
        .map(|(_, share)| share)
        .sum()
}

/// Filament (长丝) or staple (短纤) for a man-made fibre, from the words after its name.
fn form(after: &str) -> Option<bool> {
    let near: String = after.trim_start().chars().take(9).collect();
    if near.contains("长丝") || near.contains("filament") {
        Some(true)
    } else if near.contains("短纤") || near.contains("staple") {
        Some(false)
    } else {
        None
    }
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The chapter groups of Section XI note 2, in numerical order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Chapter {
    Silk,
    Wool,
    Cotton,
    Vegetable,
    ManMade,
}

fn chapter(fibre: Fibre) -> Chapter {
    match fibre {
        Fibre::Silk => Chapter::Silk,
        Fibre::Wool | Fibre::CoarseHair => Chapter::Wool,
        Fibre::Cotton => Chapter::Cotton,
        Fibre::Flax | Fibre::Jute | Fibre::OtherVegetable => Chapter::Vegetable,
        Fibre::Synthetic(_) | Fibre::Artificial(_) => Chapter::ManMade,
    }
}

/// English names the goods first: "shorts of 100% cotton woven fabric", "apron of woven
/// polyester" are articles made of a fabric, "woven fabric of 100% nylon" is the fabric.
fn made_of_fabric(text: &str) -> bool {
    let fabric = ["fabric", "weave", "twill", "woven"]
        .iter()
        .filter_map(|word| text.find(word))
        .min();
    let of = [" of ", " made from ", " in "]
        .iter()
        .filter_map(|word| text.find(word))
        .min();
    matches!((fabric, of), (Some(fabric), Some(of)) if of < fabric)
}

/// Words that say the goods are a knitted or crocheted fabric (chapter 60).
const KNITTED_FABRIC: &[&str] = &[
    "针织物",
    "针织布",
    "针织面料",
    "钩编织物",
    "经编",
    "纬编",
    "knitted fabric",
    "knit fabric",
    "crocheted fabric",
    "warp knit",
];

/// The knitted-fabric reading of a normalised description (chapter 60): pile 6001; width of
/// 30 cm or less 6002 (5 % or more elastomeric yarn) or 6003; wider with 5 % or more
/// elastomeric yarn 6004; warp knit 6005; other 6006, whose subheadings follow the
/// predominant fibre (cotton 600621–24, synthetic 31–34, artificial 41–44) and the finish.
pub(crate) fn knitted_fabric(text: &str) -> Option<Fabric> {
    // Garments and made-up articles of knitted fabric are chapters 61 and 63.
    if !has_any(text, KNITTED_FABRIC) || has_any(text, NOT_A_FABRIC) || made_of_fabric(text) {
        return None;
    }
    let shares = shares(text);
    let share_of = |test: &dyn Fn(Fibre) -> bool| total(&shares, test);
    // The share of elastomeric yarn: the percentage next to its name ("氨纶8%", "8% spandex");
    // named without one, it counts as present.
    let elastomeric = ["氨纶", "spandex", "elastane", "elastomeric"]
        .iter()
        .filter_map(|name| {
            text.find(name)
                .map(|at| (at, at + name.len(), name.is_ascii()))
        })
        .map(|(start, end, english)| {
            let shares = percentages(text);
            let after = shares
                .iter()
                .find(|share| share.start >= end && text[end..share.start].chars().count() <= 3);
            let before = shares
                .iter()
                .rev()
                .find(|share| share.end <= start && text[share.end..start].chars().count() <= 3);
            // English writes the share first ("8% spandex"), Chinese after ("氨纶8%").
            let nearest = if english {
                before.or(after)
            } else {
                after.or(before)
            };
            nearest.map_or(5.0, |share| share.value)
        })
        .fold(0.0f32, f32::max);
    let width = dimension(
        text,
        &["幅宽", "宽度", "宽", "width"],
        &["mm wide", "cm wide"],
    );
    let narrow = width.is_some_and(|millimetres| millimetres <= 300.0);
    let (finish, _) = finish_and_weave(text);
    let four = finish.map(|finish| match finish {
        Finish::Unbleached | Finish::Bleached => '1',
        Finish::Dyed => '2',
        Finish::YarnsOfDifferentColours => '3',
        Finish::Printed => '4',
    });
    let (heading, subheading) = if has_any(text, PILE) {
        ("6001", None)
    } else if narrow {
        (if elastomeric >= 5.0 { "6002" } else { "6003" }, None)
    } else if elastomeric >= 5.0 {
        ("6004", None)
    } else if has_any(text, &["经编", "warp knit", "warp-knit"]) {
        ("6005", None)
    } else {
        let cotton = share_of(&|fibre| fibre == Fibre::Cotton);
        let synthetic = share_of(&|fibre| matches!(fibre, Fibre::Synthetic(_)));
        let artificial = share_of(&|fibre| matches!(fibre, Fibre::Artificial(_)));
        let group = if shares.is_empty() {
            None
        } else if cotton >= synthetic && cotton >= artificial && cotton > 0.0 {
            Some('2')
        } else if synthetic >= artificial && synthetic > 0.0 {
            Some('3')
        } else if artificial > 0.0 {
            Some('4')
        } else {
            Some('9')
        };
        let subheading = match (group, four) {
            (Some('9'), _) => Some("600690".to_string()),
            (Some(group), Some(four)) => Some(format!("6006{group}{four}")),
            _ => None,
        };
        ("6006", subheading)
    };
    Some(Fabric {
        headings: vec![heading],
        subheading,
        words: Vec::new(),
    })
}

/// The woven-fabric reading of a normalised description, when it is one.
/// The textile material that gives made-up goods (garments, carpets, household linen) their
/// subheading: the chapter group predominating by weight (Section XI note 2, chapters 54 and
/// 55 together, a tie to the last in numerical order), and within man-made fibres synthetic
/// or artificial, whichever weighs more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MadeOf {
    Silk,
    Wool,
    Cotton,
    Vegetable,
    Synthetic,
    Artificial,
}

/// The chapter group that predominates by weight; a tie goes to the one last in numerical
/// order (Section XI note 2 (A)). None when no fibre has a share.
fn predominant_chapter(shares: &[(Fibre, f32)]) -> Option<Chapter> {
    let mut best = None;
    let mut best_share = 0.0f32;
    for candidate in [
        Chapter::Silk,
        Chapter::Wool,
        Chapter::Cotton,
        Chapter::Vegetable,
        Chapter::ManMade,
    ] {
        let share = total(shares, |fibre| chapter(fibre) == candidate);
        if share > 0.0 && share >= best_share {
            best = Some(candidate);
            best_share = share;
        }
    }
    best
}

/// What a normalised description's goods are made of, when it gives the shares of two or more
/// fibres, or names one fibre alone.
pub(crate) fn made_of(text: &str) -> Option<MadeOf> {
    let shares = shares(text);
    Some(match predominant_chapter(&shares)? {
        Chapter::Silk => MadeOf::Silk,
        Chapter::Wool => MadeOf::Wool,
        Chapter::Cotton => MadeOf::Cotton,
        Chapter::Vegetable => MadeOf::Vegetable,
        Chapter::ManMade => {
            let synthetic = total(&shares, |fibre| matches!(fibre, Fibre::Synthetic(_)));
            let artificial = total(&shares, |fibre| matches!(fibre, Fibre::Artificial(_)));
            if artificial > synthetic {
                MadeOf::Artificial
            } else {
                MadeOf::Synthetic
            }
        }
    })
}

/// Whether an HS subheading text that sorts made-up goods by material ("…; of cotton", "of
/// synthetic fibres", "of textile materials other than cotton or man-made fibres") takes
/// goods made of `material`: `Some(true)` it names it (or leaves it in by excluding others),
/// `Some(false)` it names other materials only or excludes it, `None` it does not sort by
/// material.
pub(crate) fn takes(subheading_text: &str, material: MadeOf) -> Option<bool> {
    let text = subheading_text.to_ascii_lowercase();
    let classes = |part: &str| -> Vec<MadeOf> {
        let mut found = Vec::new();
        let mut add = |words: &[&str], classes: &[MadeOf]| {
            if words.iter().any(|word| part.contains(word)) {
                found.extend_from_slice(classes);
            }
        };
        add(&["cotton"], &[MadeOf::Cotton]);
        add(&["wool", "fine animal hair", "kashmir"], &[MadeOf::Wool]);
        add(&["silk"], &[MadeOf::Silk]);
        add(&["flax", "jute", "vegetable textile"], &[MadeOf::Vegetable]);
        add(&["synthetic"], &[MadeOf::Synthetic]);
        add(&["artificial"], &[MadeOf::Artificial]);
        add(&["man-made"], &[MadeOf::Synthetic, MadeOf::Artificial]);
        found
    };
    let (named, excluded) = match ["other than ", "excluding "]
        .iter()
        .filter_map(|word| text.find(word).map(|at| (at, word.len())))
        .min()
    {
        Some((at, length)) => (classes(&text[..at]), classes(&text[at + length..])),
        None => (classes(&text), Vec::new()),
    };
    if !named.is_empty() {
        Some(named.contains(&material))
    } else if !excluded.is_empty() {
        Some(!excluded.contains(&material))
    } else {
        None
    }
}

pub(crate) fn woven_fabric(text: &str) -> Option<Fabric> {
    if !has_any(text, WOVEN)
        || has_any(text, KNITTING)
        || has_any(text, NOT_A_FABRIC)
        || has_any(text, PILE)
        || made_of_fabric(text)
    {
        return None;
    }
    let shares = shares(text);
    if shares.is_empty() {
        return None;
    }
    let share_of = |test: &dyn Fn(Fibre) -> bool| total(&shares, test);
    let chapter_share = |wanted: Chapter| share_of(&|fibre| chapter(fibre) == wanted);
    let best = predominant_chapter(&shares)?;
    let weight = quantity::figures(text)
        .into_iter()
        .find(|figure| figure.unit == Unit::GramsPerSquareMetre)
        .map(|figure| figure.value);
    let by_weight = |limit: f32, light: &'static str, heavy: &'static str| match weight {
        Some(grams) if grams <= limit => vec![light],
        Some(_) => vec![heavy],
        None => vec![light, heavy],
    };
    let headings = match best {
        Chapter::Silk => vec!["5007"],
        Chapter::Wool => {
            if share_of(&|fibre| fibre == Fibre::Wool) == 0.0 {
                vec!["5113"]
            } else if has_any(text, &["精梳", "combed", "worsted"]) {
                vec!["5112"]
            } else if has_any(text, &["粗梳", "carded"]) {
                vec!["5111"]
            } else {
                vec!["5111", "5112"]
            }
        }
        Chapter::Cotton => {
            let cotton = chapter_share(Chapter::Cotton);
            let man_made = chapter_share(Chapter::ManMade);
            let others = [Chapter::Silk, Chapter::Wool, Chapter::Vegetable]
                .into_iter()
                .map(chapter_share)
                .fold(0.0f32, f32::max);
            if cotton >= 85.0 {
                by_weight(200.0, "5208", "5209")
            } else if man_made >= others {
                by_weight(200.0, "5210", "5211")
            } else {
                vec!["5212"]
            }
        }
        Chapter::Vegetable => {
            let flax = share_of(&|fibre| fibre == Fibre::Flax);
            let jute = share_of(&|fibre| fibre == Fibre::Jute);
            let other = share_of(&|fibre| fibre == Fibre::OtherVegetable);
            if flax >= jute && flax >= other {
                vec!["5309"]
            } else if jute >= other {
                vec!["5310"]
            } else {
                vec!["5311"]
            }
        }
        Chapter::ManMade => {
            let filament = share_of(&|fibre| {
                matches!(
                    fibre,
                    Fibre::Synthetic(Some(true)) | Fibre::Artificial(Some(true))
                )
            });
            let staple = share_of(&|fibre| {
                matches!(
                    fibre,
                    Fibre::Synthetic(Some(false) | None) | Fibre::Artificial(Some(false) | None)
                )
            });
            let synthetic = |want_filament: bool| {
                share_of(&|fibre| match fibre {
                    Fibre::Synthetic(form) => form.unwrap_or(false) == want_filament,
                    _ => false,
                })
            };
            let artificial = |want_filament: bool| {
                share_of(&|fibre| match fibre {
                    Fibre::Artificial(form) => form.unwrap_or(false) == want_filament,
                    _ => false,
                })
            };
            if filament > staple {
                if synthetic(true) > artificial(true) {
                    vec!["5407"]
                } else {
                    vec!["5408"]
                }
            } else if synthetic(false) > artificial(false) {
                let synthetic_staple = synthetic(false);
                let cotton = chapter_share(Chapter::Cotton);
                let others = [Chapter::Silk, Chapter::Wool, Chapter::Vegetable]
                    .into_iter()
                    .map(chapter_share)
                    .chain([synthetic(true) + artificial(true) + artificial(false)])
                    .fold(0.0f32, f32::max);
                if synthetic_staple >= 85.0 {
                    vec!["5512"]
                } else if cotton > 0.0 && cotton >= others {
                    by_weight(170.0, "5513", "5514")
                } else {
                    vec!["5515"]
                }
            } else {
                vec!["5516"]
            }
        }
    };
    let (finish, weave) = finish_and_weave(text);
    let subheading = match headings.as_slice() {
        [heading] => finish.and_then(|finish| {
            let mixture = Mixture {
                shares: &shares,
                text,
                weight,
            };
            subheading(heading, finish, weave, &mixture)
        }),
        _ => None,
    };
    let mut words = Vec::new();
    words.extend(finish.map(|finish| match finish {
        Finish::Unbleached => "未漂白",
        Finish::Bleached => "漂白",
        Finish::Dyed => "染色",
        Finish::YarnsOfDifferentColours => "色织",
        Finish::Printed => "印花",
    }));
    words.extend(weave.map(|weave| match weave {
        Weave::Plain => "平纹",
        Weave::Twill => "斜纹",
        Weave::Denim => "粗斜纹布",
    }));
    Some(Fabric {
        headings,
        subheading,
        words,
    })
}

/// What the subheading rules read off a fabric.
struct Mixture<'a> {
    shares: &'a [(Fibre, f32)],
    text: &'a str,
    weight: Option<f32>,
}

impl Mixture<'_> {
    fn share(&self, test: impl Fn(Fibre) -> bool) -> f32 {
        total(self.shares, test)
    }

    fn polyester(&self) -> bool {
        has_any(self.text, &["涤纶", "聚酯", "polyester"])
    }

    fn nylon(&self) -> bool {
        has_any(self.text, &["锦纶", "尼龙", "聚酰胺", "nylon", "polyamide"])
    }

    fn acrylic(&self) -> bool {
        has_any(self.text, &["腈纶", "聚丙烯腈", "acrylic"])
    }
}

/// The subheading of a woven fabric of `heading`, by the digit patterns of chapters 50–55.
fn subheading(
    heading: &str,
    finish: Finish,
    weave: Option<Weave>,
    mixture: &Mixture<'_>,
) -> Option<String> {
    // The finish digit of chapter 52 (1 unbleached … 5 printed) and of chapters 54–55, which
    // put unbleached and bleached together (1 … 4).
    let five = match finish {
        Finish::Unbleached => 1,
        Finish::Bleached => 2,
        Finish::Dyed => 3,
        Finish::YarnsOfDifferentColours => 4,
        Finish::Printed => 5,
    };
    let four = match finish {
        Finish::Unbleached | Finish::Bleached => 1,
        Finish::Dyed => 2,
        Finish::YarnsOfDifferentColours => 3,
        Finish::Printed => 4,
    };
    let light = |limit: f32| mixture.weight.map(|grams| grams <= limit);
    let code = |a: u32, b: u32| Some(format!("{heading}{a}{b}"));
    match heading {
        "5208" => match weave? {
            Weave::Plain => code(five, if light(100.0)? { 1 } else { 2 }),
            Weave::Twill | Weave::Denim if five == 5 => code(5, 9),
            Weave::Twill | Weave::Denim => code(five, 3),
        },
        "5209" => match (weave?, finish) {
            (Weave::Denim, Finish::YarnsOfDifferentColours) => code(4, 2),
            (Weave::Twill, Finish::YarnsOfDifferentColours) => code(4, 3),
            (Weave::Plain, _) => code(five, 1),
            (Weave::Twill | Weave::Denim, _) => code(five, 2),
        },
        "5210" => match (weave?, finish) {
            (Weave::Plain, _) => code(five, 1),
            (Weave::Twill | Weave::Denim, Finish::Dyed) => code(3, 2),
            _ => code(five, 9),
        },
        "5211" => match (weave?, finish) {
            (_, Finish::Bleached) => code(2, 0),
            (Weave::Plain, _) => code(five, 1),
            (Weave::Denim, Finish::YarnsOfDifferentColours) => code(4, 2),
            (Weave::Twill, Finish::YarnsOfDifferentColours) => code(4, 3),
            (Weave::Twill | Weave::Denim, _) => code(five, 2),
        },
        "5212" => code(if light(200.0)? { 1 } else { 2 }, five),
        "5407" => {
            let synthetic_filament = mixture.share(|fibre| fibre == Fibre::Synthetic(Some(true)));
            if synthetic_filament >= 85.0 {
                if mixture.nylon() && !mixture.polyester() {
                    code(4, four)
                } else if mixture.polyester() && !mixture.nylon() {
                    if has_any(mixture.text, &["变形", "弹力丝", "textured"]) {
                        code(5, four)
                    } else {
                        code(6, 1)
                    }
                } else {
                    code(7, four)
                }
            } else {
                let cotton = mixture.share(|fibre| fibre == Fibre::Cotton);
                let others = mixture
                    .share(|fibre| !matches!(fibre, Fibre::Cotton | Fibre::Synthetic(Some(true))));
                if cotton > 0.0 && cotton >= others {
                    code(8, four)
                } else {
                    code(9, four)
                }
            }
        }
        "5408" => {
            let artificial = mixture.share(|fibre| matches!(fibre, Fibre::Artificial(_)));
            code(if artificial >= 85.0 { 2 } else { 3 }, four)
        }
        "5512" => {
            let other = u32::from(finish != Finish::Unbleached && finish != Finish::Bleached);
            if mixture.polyester() {
                code(1, if other == 0 { 1 } else { 9 })
            } else if mixture.acrylic() {
                code(2, if other == 0 { 1 } else { 9 })
            } else {
                code(9, if other == 0 { 1 } else { 9 })
            }
        }
        "5513" | "5514" => {
            let weave = weave?;
            let polyester = mixture.polyester();
            let twill = matches!(weave, Weave::Twill | Weave::Denim);
            match (heading, four, polyester, weave) {
                ("5514", 3, _, _) => code(3, 0),
                (_, 1, false, _) => code(1, 9),
                ("5513", 2, false, _) => code(2, 9),
                ("5514", 2, false, _) => code(2, 9),
                (_, 3 | 4, false, _) => code(four, 9),
                (_, _, true, Weave::Plain) => code(four, 1),
                ("5513", 1, true, _) => code(1, if twill { 2 } else { 3 }),
                ("5513", 2, true, _) => code(2, 3),
                ("5513", _, true, _) => code(four, 9),
                ("5514", 1, true, _) => code(1, if twill { 2 } else { 9 }),
                ("5514", _, true, _) => code(four, if twill { 2 } else { 3 }),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The finish and the weave the description gives or implies.
fn finish_and_weave(text: &str) -> (Option<Finish>, Option<Weave>) {
    let coloured = has_any(text, COLOURS);
    let yarn = has_any(text, &["纱线", "yarn"]);
    let finish = if has_any(text, &["印花", "printed"]) {
        Some(Finish::Printed)
    } else if has_any(
        text,
        &["色织", "不同颜色", "different colours", "yarn-dyed"],
    ) || (coloured && yarn)
    {
        Some(Finish::YarnsOfDifferentColours)
    } else if coloured {
        Some(Finish::Dyed)
    } else if text.replace("未漂白", "").contains("漂白") || has_any(text, &["白色", "bleached"])
    {
        Some(Finish::Bleached)
    } else if has_any(text, &["未漂白", "坯布", "unbleached", "grey fabric"]) {
        Some(Finish::Unbleached)
    } else {
        None
    };
    let weave = if has_any(text, &["粗斜纹", "牛仔", "denim"]) {
        Some(Weave::Denim)
    } else if has_any(text, &["斜纹", "twill"]) {
        Some(Weave::Twill)
    } else if has_any(text, &["平纹", "plain weave"]) {
        Some(Weave::Plain)
    } else {
        None
    };
    (finish, weave)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_text;

    #[test]
    fn made_up_goods_go_by_the_predominant_material() {
        let read = |text: &str| made_of(&normalize_text(text));
        assert_eq!(
            read("女式针织套头衫，按重量计含棉60%、涤纶40%"),
            Some(MadeOf::Cotton)
        );
        assert_eq!(
            read("men's shirt, 55% polyester 45% cotton"),
            Some(MadeOf::Synthetic)
        );
        // Man-made fibres count together against cotton, then synthetic against artificial.
        assert_eq!(
            read("dress of 40% cotton, 35% viscose, 25% nylon"),
            Some(MadeOf::Artificial)
        );
        assert_eq!(read("纯棉T恤衫"), Some(MadeOf::Cotton));
        assert_eq!(read("锂离子蓄电池"), None);
        let pullovers = "Jerseys, pullovers, cardigans, waistcoats and similar articles; of cotton, knitted or crocheted";
        assert_eq!(takes(pullovers, MadeOf::Cotton), Some(true));
        assert_eq!(takes(pullovers, MadeOf::Synthetic), Some(false));
        let man_made = "Jerseys, pullovers, cardigans, waistcoats and similar articles; of man-made fibres, knitted or crocheted";
        assert_eq!(takes(man_made, MadeOf::Artificial), Some(true));
        let other = "Dresses; of textile materials (other than wool or fine animal hair, cotton or synthetic fibres), knitted or crocheted";
        assert_eq!(takes(other, MadeOf::Cotton), Some(false));
        assert_eq!(takes(other, MadeOf::Artificial), Some(true));
        assert_eq!(
            takes("Babies' garments and clothing accessories", MadeOf::Cotton),
            None
        );
    }

    fn read(text: &str) -> Option<Fabric> {
        woven_fabric(&normalize_text(text))
    }

    #[test]
    fn headings_follow_the_section_rules() {
        // (description, headings, subheading, implied words)
        type Case<'a> = (&'a str, &'a [&'a str], Option<&'a str>, &'a [&'a str]);
        let cases: &[Case] = &[
            // Man-made 60 % against wool 40 %; filament 35 % against staple 25 %.
            (
                "蓝色机织物,按重量计含有35%的锦纶长丝,25%的涤纶短纤,40%的精梳羊毛(幅宽110cm)",
                &["5407"],
                Some("540792"),
                &["染色"],
            ),
            // Bleached and unbleached yarns together: bleached.
            (
                "棉涤纶平纹布(漂白纱线和未漂白纱线交织而成;210g/㎡;按重量计棉55%,涤纶45%;幅宽110cm)",
                &["5211"],
                Some("521120"),
                &["漂白", "平纹"],
            ),
            (
                "用漂白棉纱线与蓝色纯棉纱线织成的粗斜纹机织布(400g/㎡)",
                &["5209"],
                Some("520942"),
                &["色织", "粗斜纹布"],
            ),
            (
                "纯棉粉色平纹机织物(100g/㎡;幅宽110cm)",
                &["5208"],
                Some("520831"),
                &["染色", "平纹"],
            ),
            (
                "印花布，平纹机织，棉65%，涤纶35%，180克/平方米",
                &["5210"],
                Some("521051"),
                &["印花", "平纹"],
            ),
            (
                "涤纶短纤65%、棉35%的染色平纹机织物，150g/㎡",
                &["5513"],
                Some("551321"),
                &["染色", "平纹"],
            ),
            (
                "涤纶短纤65%、棉35%的染色斜纹机织物，250g/㎡",
                &["5514"],
                Some("551422"),
                &["染色", "斜纹"],
            ),
            ("涤纶短纤50%、粘胶短纤50%的机织物", &["5516"], None, &[]),
            ("亚麻60%、棉40%的漂白机织物", &["5309"], None, &["漂白"]),
            (
                "全棉斜纹机织物，染色",
                &["5208", "5209"],
                None,
                &["染色", "斜纹"],
            ),
            (
                "woven fabric of 100% nylon filament, dyed",
                &["5407"],
                Some("540742"),
                &["染色"],
            ),
        ];
        for (text, headings, subheading, words) in cases {
            let fabric = read(text).unwrap_or_else(|| panic!("not read as a fabric: {text}"));
            assert_eq!(fabric.headings, *headings, "{text}");
            assert_eq!(fabric.subheading.as_deref(), *subheading, "{text}");
            assert_eq!(fabric.words, *words, "{text}");
        }
    }

    #[test]
    fn knitted_fabrics_follow_chapter_60() {
        let read_knit = |text: &str| knitted_fabric(&normalize_text(text));
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("棉制针织物，染色，幅宽150cm", "6006", Some("600622")),
            ("涤纶100%的纬编针织布，印花", "6006", Some("600634")),
            ("经编针织物，涤纶100%", "6005", None),
            ("针织物，涤纶92%，氨纶8%，幅宽160cm", "6004", None),
            (
                "针织物，涤纶97%，氨纶3%，染色，幅宽160cm",
                "6006",
                Some("600632"),
            ),
            ("针织布，宽25mm，棉100%", "6003", None),
            ("毛圈针织物，棉制", "6001", None),
        ];
        for (text, heading, subheading) in cases {
            let fabric = read_knit(text).unwrap_or_else(|| panic!("not a knitted fabric: {text}"));
            assert_eq!(fabric.headings, [*heading], "{text}");
            assert_eq!(fabric.subheading.as_deref(), *subheading, "{text}");
        }
        assert_eq!(read_knit("棉制针织T恤衫"), None);
        let knit = read_knit("knit fabric of 100% cotton, dyed, 150 cm wide");
        assert_eq!(knit.map(|fabric| fabric.headings), Some(vec!["6006"]));
    }

    #[test]
    fn garments_knits_and_other_goods_are_left_to_the_words() {
        for text in [
            "女式衬衫，棉55%涤纶45%，机织",
            "棉制针织T恤衫",
            "涂层机织物，涤纶100%",
            "锂离子蓄电池",
            "灯芯绒，棉100%",
            "boys' shorts of 100% cotton woven twill fabric, elastic waistband",
            "child's bib apron of 100% polyester woven fabric with neck strap",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }
}
