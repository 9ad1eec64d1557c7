//! Copolymers of chapter 39 by the chapter's rules, not by their words. A copolymer goes to
//! the heading of the monomer unit that predominates by weight over every other single one
//! (chapter 39 note 4; a tie goes to the heading last in numerical order), and within it,
//! by subheading note 1: a "poly…" subheading takes a polymer whose named monomer is 95 % or
//! more, a named copolymer (SAN, ABS, EVA…) one whose named monomers together are 95 % or
//! more; the rest goes to "other". In primary forms that is 3901–3906; as plates, sheets or
//! film, 3920 (not cellular) or 3921 (cellular) by the same polymer.

use crate::terms::{find_names, percentages};

/// The headings and subheadings the rules give.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placement {
    pub heading: &'static str,
    pub subheading: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Monomer {
    Ethylene,
    Propylene,
    Isobutylene,
    Styrene,
    Acrylonitrile,
    VinylChloride,
    VinylAcetate,
    MethylMethacrylate,
    Acrylic,
    Butadiene,
}

/// Monomer names, longest match wins ("苯乙烯" is styrene, not ethylene).
const MONOMERS: &[(&str, Monomer)] = &[
    ("乙烯", Monomer::Ethylene),
    ("ethylene", Monomer::Ethylene),
    ("丙烯", Monomer::Propylene),
    ("propylene", Monomer::Propylene),
    ("异丁烯", Monomer::Isobutylene),
    ("isobutylene", Monomer::Isobutylene),
    ("苯乙烯", Monomer::Styrene),
    ("styrene", Monomer::Styrene),
    ("丙烯腈", Monomer::Acrylonitrile),
    ("acrylonitrile", Monomer::Acrylonitrile),
    ("氯乙烯", Monomer::VinylChloride),
    ("vinyl chloride", Monomer::VinylChloride),
    ("乙酸乙烯酯", Monomer::VinylAcetate),
    ("醋酸乙烯酯", Monomer::VinylAcetate),
    ("醋酸乙烯", Monomer::VinylAcetate),
    ("vinyl acetate", Monomer::VinylAcetate),
    ("甲基丙烯酸甲酯", Monomer::MethylMethacrylate),
    ("methyl methacrylate", Monomer::MethylMethacrylate),
    ("丙烯酸", Monomer::Acrylic),
    ("丙烯酸酯", Monomer::Acrylic),
    ("acrylic acid", Monomer::Acrylic),
    ("丁二烯", Monomer::Butadiene),
    ("butadiene", Monomer::Butadiene),
];

/// The heading of primary forms whose polymers the monomer makes.
fn heading(monomer: Monomer) -> Option<&'static str> {
    match monomer {
        Monomer::Ethylene => Some("3901"),
        Monomer::Propylene | Monomer::Isobutylene => Some("3902"),
        Monomer::Styrene => Some("3903"),
        Monomer::VinylChloride => Some("3904"),
        Monomer::VinylAcetate => Some("3905"),
        Monomer::Acrylonitrile | Monomer::MethylMethacrylate | Monomer::Acrylic => Some("3906"),
        Monomer::Butadiene => None,
    }
}

/// The monomers named with their shares in per cent.
fn shares(text: &str) -> Vec<(Monomer, f32)> {
    let mentions = find_names(text, MONOMERS);
    let mut result: Vec<(Monomer, f32)> = Vec::new();
    let mut used = vec![false; mentions.len()];
    for share in percentages(text) {
        // The share belongs to the last monomer named before it ("苯乙烯单体单元为65%",
        // "乙烯50%"), or else to the one right after it ("65%的苯乙烯", "60% propylene").
        let before = mentions.iter().rposition(|(_, end, _)| {
            *end <= share.start && text[*end..share.start].chars().count() <= 12
        });
        let following = mentions.iter().position(|(begin, _, _)| {
            *begin >= share.end && text[share.end..*begin].chars().count() <= 2
        });
        let chosen = [before, following]
            .into_iter()
            .flatten()
            .find(|at| !used[*at]);
        if let Some(at) = chosen {
            used[at] = true;
            let monomer = mentions[at].2;
            match result.iter_mut().find(|(known, _)| *known == monomer) {
                Some(entry) => entry.1 += share.value,
                None => result.push((monomer, share.value)),
            }
        }
    }
    result
}

/// The placement of a normalised description that gives a polymer's monomers and shares.
pub(crate) fn copolymer(text: &str) -> Option<Placement> {
    if ![
        "共聚物",
        "聚合物",
        "单体单元",
        "copolymer",
        "polymer",
        "monomer unit",
    ]
    .iter()
    .any(|word| text.contains(word))
    {
        return None;
    }
    let shares = shares(text);
    if shares.len() < 2 {
        return None;
    }
    let share = |monomer: Monomer| {
        shares
            .iter()
            .filter(|(m, _)| *m == monomer)
            .map(|(_, s)| *s)
            .sum::<f32>()
    };
    // Monomers of one heading count together (note 4); the heading with the largest share
    // wins, a tie going to the last.
    let mut by_heading: Vec<(&'static str, f32)> = Vec::new();
    for (monomer, value) in &shares {
        let heading = heading(*monomer)?;
        match by_heading.iter_mut().find(|(h, _)| *h == heading) {
            Some(entry) => entry.1 += value,
            None => by_heading.push((heading, *value)),
        }
    }
    let (primary, _) = by_heading
        .iter()
        .copied()
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(b.0)))?;
    let sheet = [
        "板", "片材", "薄片", "膜", "箔", "sheet", "film", "plate", "foil",
    ]
    .iter()
    .any(|word| text.contains(word));
    if sheet {
        let cellular = (text.contains("泡沫") && !text.contains("非泡沫"))
            || text.contains("cellular") && !text.contains("non-cellular");
        return Some(if cellular {
            match primary {
                "3903" => Placement {
                    heading: "3921",
                    subheading: Some("392111"),
                },
                "3904" => Placement {
                    heading: "3921",
                    subheading: Some("392112"),
                },
                _ => Placement {
                    heading: "3921",
                    subheading: Some("392119"),
                },
            }
        } else {
            Placement {
                heading: "3920",
                subheading: match primary {
                    "3901" => Some("392010"),
                    "3902" => Some("392020"),
                    "3903" => Some("392030"),
                    "3906" if share(Monomer::MethylMethacrylate) >= 95.0 => Some("392051"),
                    "3906" => Some("392059"),
                    _ => None,
                },
            }
        });
    }
    let subheading = match primary {
        "3901"
            if share(Monomer::Ethylene) + share(Monomer::VinylAcetate) >= 95.0
                && share(Monomer::VinylAcetate) > 0.0 =>
        {
            Some("390130")
        }
        "3901" => Some("390190"),
        "3902" if share(Monomer::Propylene) >= 95.0 => Some("390210"),
        "3902" if share(Monomer::Isobutylene) >= 95.0 => Some("390220"),
        "3902" if share(Monomer::Propylene) > share(Monomer::Isobutylene) => Some("390230"),
        "3902" => Some("390290"),
        "3903"
            if share(Monomer::Styrene) + share(Monomer::Acrylonitrile) >= 95.0
                && share(Monomer::Butadiene) == 0.0 =>
        {
            Some("390320")
        }
        "3903" => Some("390390"),
        "3904" if share(Monomer::VinylChloride) + share(Monomer::VinylAcetate) >= 95.0 => {
            Some("390430")
        }
        "3904" => Some("390440"),
        "3905" => Some("390591"),
        "3906" if share(Monomer::MethylMethacrylate) >= 95.0 => Some("390610"),
        "3906" => Some("390690"),
        _ => None,
    };
    Some(Placement {
        heading: primary,
        subheading,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_text;

    #[test]
    fn copolymers_follow_the_chapter_rules() {
        let cases = [
            (
                "由苯乙烯单体单元为65%、丙烯腈30%、乙酸乙烯酯单体单元为5%混合而得的共聚物,外观为白色粉末",
                "3903",
                Some("390320"),
            ),
            // Monomer units with their shares say it is a copolymer, named so or not.
            (
                "由60%丙烯单体单元和40%乙烯单体单元组成的乙丙橡胶(初级形状)",
                "3902",
                Some("390230"),
            ),
            // A tie goes to the heading last in numerical order.
            (
                "按重量计乙烯单体单元为50%,异丁烯单体单元为50%的共聚物(初级形状)",
                "3902",
                Some("390290"),
            ),
            (
                "按重量计丙烯单体单元为96%,异丁烯单体单元为4%的丙烯一异丁烯共聚物(初级形状)",
                "3902",
                Some("390210"),
            ),
            (
                "MS非泡沫板,MS即甲基丙烯酸甲酯(单体单元占30%)-苯乙烯(单体单元占70%)共聚物",
                "3920",
                Some("392030"),
            ),
            (
                "乙烯90%、乙酸乙烯酯10%的共聚物，颗粒状",
                "3901",
                Some("390130"),
            ),
            (
                "copolymer of 60% propylene and 40% ethylene, pellets",
                "3902",
                Some("390230"),
            ),
        ];
        for (text, heading, subheading) in cases {
            let placement = copolymer(&normalize_text(text))
                .unwrap_or_else(|| panic!("not read as a copolymer: {text}"));
            assert_eq!(placement.heading, heading, "{text}");
            assert_eq!(placement.subheading, subheading, "{text}");
        }
    }

    #[test]
    fn other_goods_are_left_to_the_words() {
        for text in [
            "聚乙烯塑料袋",
            "锂离子蓄电池",
            "苯乙烯",
            "ABS plastic housing",
        ] {
            assert_eq!(copolymer(&normalize_text(text)), None, "{text}");
        }
    }
}
