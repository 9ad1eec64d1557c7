//! English names of the declaration units: the Single Window table names them in Chinese only.

/// The English name of a 3-digit declaration unit code, for the common units.
pub fn unit_name_en(code: &str) -> Option<&'static str> {
    let name = match code.trim() {
        "001" => "set (台)",
        "002" => "unit (座)",
        "003" => "vehicle",
        "004" => "vessel",
        "005" => "aircraft",
        "006" => "set",
        "007" => "piece (个)",
        "008" => "piece (只)",
        "009" => "head",
        "010" => "sheet",
        "011" => "piece (件)",
        "012" => "stick",
        "013" => "stem",
        "014" => "piece (根)",
        "015" => "strip",
        "016" => "piece (把)",
        "017" => "block",
        "018" => "roll",
        "019" => "pair (副)",
        "020" => "piece (片)",
        "021" => "group",
        "022" => "copy",
        "023" => "piece (幅)",
        "025" => "pair (双)",
        "026" => "pair (对)",
        "027" => "tree",
        "028" => "plant",
        "030" => "metre",
        "031" => "reel",
        "032" => "square metre",
        "033" => "cubic metre",
        "035" => "kilogram",
        "036" => "gram",
        "038" => "10,000 pieces",
        "043" => "100 pieces",
        "054" => "1,000 pieces",
        "060" => "kVA",
        "061" => "kilowatt",
        "062" => "kilowatt-hour",
        "063" => "kilolitre",
        "070" => "tonne",
        "084" => "carat",
        "095" => "litre",
        "096" => "millilitre",
        "120" => "case",
        "122" => "can",
        "123" => "barrel",
        "125" => "bag (包)",
        "136" => "bag (袋)",
        "140" => "box",
        "142" => "bottle",
        "143" => "1,000 sticks",
        "149" => "megabecquerel",
        _ => return None,
    };
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::unit_name_en;

    #[test]
    fn common_units_have_english_names() {
        assert_eq!(unit_name_en("035"), Some("kilogram"));
        assert_eq!(unit_name_en("007"), Some("piece (个)"));
        assert_eq!(unit_name_en("999"), None);
    }
}
