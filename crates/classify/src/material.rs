//! The material a description says the goods are made of. Much of the tariff sorts articles
//! by material first (plastics 39, rubber 40, wood 44, paper 48, stone 68, ceramics 69, glass
//! 70, iron and steel 72–73, copper 74, aluminium 76, other base metals 78–81): a "bowl made
//! of titanium" is not ceramic tableware (6912) nor plastic tableware (3924), however well
//! "bowl" matches them. When a description names its materials, the lines of the *other*
//! material chapters lose; chapters that sort by function (84, 85, 94, 95…) are not touched.

use crate::terms::has_term;

/// `(word, chapters)`: English words match whole words, Chinese anywhere.
const MATERIALS: &[(&str, &[&str])] = &[
    ("plastic", &["39"]),
    ("plastics", &["39"]),
    ("polypropylene", &["39"]),
    ("polyethylene", &["39"]),
    ("polystyrene", &["39"]),
    ("pvc", &["39"]),
    ("abs", &["39"]),
    ("acrylic", &["39"]),
    ("polycarbonate", &["39"]),
    ("polyurethane", &["39", "40"]),
    ("silicone", &["39", "40"]),
    ("塑料", &["39"]),
    ("塑胶", &["39"]),
    ("亚克力", &["39"]),
    ("rubber", &["40"]),
    ("neoprene", &["40"]),
    ("橡胶", &["40"]),
    ("leather", &["41", "42", "43"]),
    ("皮革", &["41", "42", "43"]),
    ("真皮", &["41", "42", "43"]),
    ("wood", &["44", "45", "46"]),
    ("wooden", &["44", "45", "46"]),
    ("bamboo", &["44", "46"]),
    ("mdf", &["44"]),
    ("plywood", &["44"]),
    ("木制", &["44", "46"]),
    ("木质", &["44", "46"]),
    ("实木", &["44"]),
    ("竹制", &["44", "46"]),
    ("paper", &["48", "49"]),
    ("paperboard", &["48", "49"]),
    ("cardboard", &["48", "49"]),
    ("纸制", &["48", "49"]),
    ("纸质", &["48", "49"]),
    ("纸板", &["48", "49"]),
    ("stone", &["68", "25"]),
    ("marble", &["68", "25"]),
    ("granite", &["68", "25"]),
    ("石制", &["68", "25"]),
    ("大理石", &["68", "25"]),
    ("ceramic", &["69"]),
    ("porcelain", &["69"]),
    ("stoneware", &["69"]),
    ("earthenware", &["69"]),
    ("陶瓷", &["69"]),
    ("瓷器", &["69"]),
    ("瓷制", &["69"]),
    ("陶制", &["69"]),
    ("陶器", &["69"]),
    ("炻器", &["69"]),
    ("glass", &["70"]),
    ("玻璃", &["70"]),
    ("steel", &["72", "73"]),
    ("iron", &["72", "73"]),
    ("stainless", &["72", "73"]),
    ("钢", &["72", "73"]),
    ("铁", &["72", "73"]),
    ("copper", &["74"]),
    ("brass", &["74"]),
    ("bronze", &["74"]),
    ("铜", &["74"]),
    ("aluminium", &["76"]),
    ("aluminum", &["76"]),
    ("铝", &["76"]),
    ("zinc", &["79"]),
    ("锌", &["79"]),
    ("titanium", &["81"]),
    ("tungsten", &["81"]),
    ("molybdenum", &["81"]),
    ("钛", &["81"]),
    ("钨", &["81"]),
];

/// The chapters that sort articles by their material (not 42, whose bags and cases are of
/// any material, nor 49, printed matter).
const MATERIAL_CHAPTERS: &[&str] = &[
    "39", "40", "41", "43", "44", "45", "46", "48", "68", "69", "70", "72", "73", "74", "75", "76",
    "78", "79", "80", "81",
];

/// The material chapters a normalised description names, or nothing when it names none.
pub(crate) fn named_chapters(text: &str) -> Vec<&'static str> {
    let mut chapters: Vec<&'static str> = Vec::new();
    for (word, found) in MATERIALS {
        // A shot glass or a wine glass is a kind of goods, not a material.
        if *word == "glass"
            && ["shot glass", "wine glass", "drinking glass", "beer glass"]
                .iter()
                .any(|goods| text.contains(goods))
        {
            continue;
        }
        let named = has_term(text, word);
        if named {
            for chapter in *found {
                if !chapters.contains(chapter) {
                    chapters.push(chapter);
                }
            }
        }
    }
    chapters
}

/// A line in a material chapter other than the ones the description names.
pub(crate) fn contradicts(named: &[&str], code: &str) -> bool {
    let Some(chapter) = code.get(..2) else {
        return false;
    };
    !named.is_empty() && MATERIAL_CHAPTERS.contains(&chapter) && !named.contains(&chapter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_text;

    #[test]
    fn named_materials_rule_out_the_other_material_chapters() {
        let titanium = named_chapters(&normalize_text("dog water bowl made of titanium"));
        assert_eq!(titanium, ["81"]);
        assert!(contradicts(&titanium, "6912009000"));
        assert!(contradicts(&titanium, "3924100000"));
        assert!(!contradicts(&titanium, "8108909000"));
        // Chapters that sort by function are left alone.
        assert!(!contradicts(&titanium, "9405110000"));
        let bowl = named_chapters(&normalize_text("salad bowl"));
        assert!(bowl.is_empty());
        assert!(!contradicts(&bowl, "6912009000"));
        assert_eq!(named_chapters(&normalize_text("铝合金门窗")), ["76"]);
        // "abs" is a whole word only; enamelled (搪瓷) steel is not ceramic.
        assert_eq!(named_chapters(&normalize_text("ABS housing")), ["39"]);
        assert!(named_chapters(&normalize_text("absorbent pad")).is_empty());
        assert!(named_chapters(&normalize_text("搪瓷杯")).is_empty());
        assert_eq!(
            named_chapters(&normalize_text("stoneware shot glass")),
            ["69"]
        );
        assert!(!contradicts(
            &named_chapters(&normalize_text("paper tote bag")),
            "4202920000"
        ));
    }
}
