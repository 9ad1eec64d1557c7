//! Knitted or woven, men's or women's: the two facts that split the textile chapters before
//! anything else. Knitted or crocheted fabrics and garments are chapters 60 and 61, woven ones
//! the woven-fabric headings of 50–55 and chapter 62; chapters 61 and 62 give men's or boys'
//! garments and women's or girls' garments their own headings. When a description says which
//! (and not both), the lines of the other kind lose, however well the rest of its words match.

use crate::terms::has_any;

/// How the fabric is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Construction {
    Knitted,
    Woven,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

/// What a description says of its textile goods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct TextileFacts {
    construction: Option<Construction>,
    gender: Option<Gender>,
    /// A garment of fabric coated, covered or laminated with plastics or rubber (6113 knitted,
    /// 6210 otherwise, chapter 61 note 3 and chapter 62 note 5 by way of 5903, 5906, 5907).
    coated_garment: bool,
    /// A garment made of furskin (4303, chapter 43 note 4; trimmed or lined with fur only, it
    /// stays in 61 or 62).
    fur_garment: bool,
}

const GARMENTS: &[&str] = &[
    "garment",
    "garments",
    "trousers",
    "pants",
    "jacket",
    "jackets",
    "coat",
    "coats",
    "raincoat",
    "overalls",
    "coverall",
    "coveralls",
    "apparel",
    "suit",
    "suits",
    "服",
    "衣",
    "裤",
    "外套",
];
const COATED: &[&str] = &[
    "coated",
    "laminated",
    "covered with plastic",
    "covered with plastics",
    "covered with rubber",
    "涂层",
    "涂布",
    "浸渍",
    "层压",
    "覆膜",
];

/// Furskins (tanned or dressed, with the fur on).
const FURSKINS: &[&str] = &[
    "貂皮",
    "水貂",
    "狐皮",
    "狐狸皮",
    "毛皮",
    "裘皮",
    "兔皮",
    "羊羔皮",
    "furskin",
    "furskins",
    "mink",
    "fox fur",
    "rabbit fur",
    "fur coat",
];
/// Fur as trimming or lining only.
const FUR_TRIM: &[&str] = &[
    "毛领",
    "饰边",
    "镶边",
    "滚边",
    "衬里",
    "里衬为毛皮",
    "trim",
    "trimmed",
    "collar of",
];

/// Headings of woven goods: the woven fabrics of chapters 50–55 and chapter 62 (checked by
/// prefix).
const WOVEN_HEADINGS: &[&str] = &[
    "5007", "5111", "5112", "5113", "5208", "5209", "5210", "5211", "5212", "5309", "5310", "5311",
    "5407", "5408", "5512", "5513", "5514", "5515", "5516", "62",
];
/// Headings of knitted goods.
const KNITTED_HEADINGS: &[&str] = &["60", "61"];
/// Men's or boys' headings, and the subheadings of swimwear and other garments that split
/// by gender below a shared heading (6112, 6211).
const MALE_HEADINGS: &[&str] = &[
    "6101", "6103", "6105", "6107", "6201", "6203", "6205", "6207", "611231", "611239", "621111",
    "621132", "621133", "621139",
];
const FEMALE_HEADINGS: &[&str] = &[
    "6102", "6104", "6106", "6108", "6202", "6204", "6206", "6208", "611241", "611249", "621112",
    "621142", "621143", "621149",
];

/// Reads the construction and the gender a normalised description states.
pub(crate) fn facts(text: &str) -> TextileFacts {
    let knitted = has_any(
        text,
        &[
            "针织",
            "钩编",
            "knit",
            "knitted",
            "crocheted",
            "crochet",
            "jersey",
        ],
    );
    let woven = has_any(text, &["机织", "梭织", "woven"]);
    let construction = match (knitted, woven) {
        (true, false) => Some(Construction::Knitted),
        (false, true) => Some(Construction::Woven),
        _ => None,
    };
    let male = has_any(
        text,
        &[
            "男式", "男士", "男装", "男童", "男用", "men's", "man's", "mens", "men", "boys'",
            "boy's", "boys",
        ],
    );
    let female = has_any(
        text,
        &[
            "女式", "女士", "女装", "女童", "女用", "women's", "woman's", "womens", "women",
            "girls'", "girl's", "girls", "ladies'", "ladies",
        ],
    );
    let gender = match (male, female) {
        (true, false) => Some(Gender::Male),
        (false, true) => Some(Gender::Female),
        _ => None,
    };
    TextileFacts {
        construction,
        gender,
        coated_garment: has_any(text, GARMENTS) && has_any(text, COATED),
        fur_garment: has_any(text, GARMENTS) && has_any(text, FURSKINS) && !has_any(text, FUR_TRIM),
    }
}

impl TextileFacts {
    /// The description says something these rules use.
    pub(crate) fn any(&self) -> bool {
        self.construction.is_some()
            || self.gender.is_some()
            || self.coated_garment
            || self.fur_garment
    }

    /// The heading of a garment of furskin (4303), if it is one.
    pub(crate) fn fur_heading(&self) -> Option<&'static str> {
        self.fur_garment.then_some("4303")
    }

    /// The heading of a garment of coated fabric (6113 knitted, 6210 otherwise), if it is one.
    pub(crate) fn coated_heading(&self) -> Option<&'static str> {
        self.coated_garment.then_some(match self.construction {
            Some(Construction::Knitted) => "6113",
            _ => "6210",
        })
    }

    /// The line is of the other construction or the other gender.
    pub(crate) fn contradicts(&self, code: &str) -> bool {
        let within = |headings: &[&str]| headings.iter().any(|heading| code.starts_with(heading));
        let construction = match self.construction {
            Some(Construction::Knitted) => within(WOVEN_HEADINGS),
            Some(Construction::Woven) => within(KNITTED_HEADINGS),
            None => false,
        };
        let gender = match self.gender {
            Some(Gender::Male) => within(FEMALE_HEADINGS),
            Some(Gender::Female) => within(MALE_HEADINGS),
            None => false,
        };
        construction || gender
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_text;

    fn read(text: &str) -> TextileFacts {
        facts(&normalize_text(text))
    }

    #[test]
    fn knitted_woven_and_gender_rule_lines_out() {
        let swimsuit = read("尼龙机织布制女式游泳衣");
        assert!(swimsuit.contradicts("6112410000"));
        assert!(swimsuit.contradicts("6211110000"));
        assert!(!swimsuit.contradicts("6211120000"));
        let shirt = read("men's cotton knitted T-shirt");
        assert!(shirt.contradicts("6205200000"));
        assert!(shirt.contradicts("6106100000"));
        assert!(!shirt.contradicts("6109100021"));
        // Both constructions, or no gender: nothing is ruled out on that count.
        let vest = read("women's vest, woven nylon front with knit side panels");
        assert!(!vest.contradicts("6110300090"));
        assert!(vest.contradicts("6201400000"));
        assert!(!read("锂离子蓄电池").any());
        let coated =
            read("men's trousers of knit fabric fully coated with cellular polyurethane plastic");
        assert_eq!(coated.coated_heading(), Some("6113"));
        assert_eq!(
            read("男式防水服，由尼龙机织物经塑料浸渍的面料制得").coated_heading(),
            Some("6210")
        );
        assert_eq!(read("men's cotton trousers").coated_heading(), None);
        assert_eq!(
            read("水貂皮制的女式大衣，长款，带纺织材料里衬").fur_heading(),
            Some("4303")
        );
        assert_eq!(
            read("women's wool coat with fox fur trim").fur_heading(),
            None
        );
        // "women" is a word, not a part of "womenswear" only by accident.
        assert!(read("womens blouse").any());
    }
}
