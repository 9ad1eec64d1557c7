//! The Parties to RCEP, for accumulation (Art. 3.4) and for checking the exporting and
//! importing Party. Countries are written as ISO alpha-3 codes, China customs numeric codes or
//! Chinese names; the mapping is the Single Window's (`data/singlewindow/countries.tsv`).

/// (ISO alpha-3, China customs numeric code, Chinese name) of the fifteen RCEP Parties.
const RCEP_PARTIES: &[(&str, &str, &str)] = &[
    ("AUS", "601", "澳大利亚"),
    ("BRN", "105", "文莱"),
    ("KHM", "107", "柬埔寨"),
    ("CHN", "142", "中国"),
    ("IDN", "112", "印度尼西亚"),
    ("JPN", "116", "日本"),
    ("KOR", "133", "韩国"),
    ("LAO", "119", "老挝"),
    ("MYS", "122", "马来西亚"),
    ("MMR", "106", "缅甸"),
    ("NZL", "609", "新西兰"),
    ("PHL", "129", "菲律宾"),
    ("SGP", "132", "新加坡"),
    ("THA", "136", "泰国"),
    ("VNM", "141", "越南"),
];

/// The alpha-3 code of an RCEP Party written as alpha-3, customs number or Chinese name.
pub fn rcep_party(country: &str) -> Option<&'static str> {
    let wanted = country.trim();
    RCEP_PARTIES
        .iter()
        .find(|(alpha, number, name)| {
            alpha.eq_ignore_ascii_case(wanted) || *number == wanted || *name == wanted
        })
        .map(|(alpha, _, _)| *alpha)
}

/// True when the agreement's Parties are known to this crate (only RCEP's are).
pub fn knows_parties(agreement: &str) -> bool {
    agreement.eq_ignore_ascii_case("RCEP")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_parties_in_three_spellings() {
        assert_eq!(rcep_party("KOR"), Some("KOR"));
        assert_eq!(rcep_party("kor"), Some("KOR"));
        assert_eq!(rcep_party("133"), Some("KOR"));
        assert_eq!(rcep_party("韩国"), Some("KOR"));
        assert_eq!(rcep_party("USA"), None);
        assert_eq!(rcep_party("PRK"), None);
        assert_eq!(RCEP_PARTIES.len(), 15);
    }
}
