//! The reference tables the classifier reads (tab-separated, one `#` header line), their
//! parsing with errors that name the table and line, and the copies embedded in the binary.

use crate::ClassifyError;

/// The texts of the four reference tables (see `data/PROVENANCE.md`).
#[derive(Debug, Clone, Copy)]
pub struct Tables<'a> {
    /// `tariff/cn-hs8-2023.tsv`: `code8, name_zh, name_en, unit1_name, unit2_name`.
    pub tariff_tsv: &'a str,
    /// `hs/hs2022.tsv`: `code, level, parent, section, description`.
    pub hs_tsv: &'a str,
    /// `singlewindow/ciq-names.tsv`: `ciq_code13, name`.
    pub ciq_tsv: &'a str,
    /// `singlewindow/elements.tsv`: `code_prefix, element, mandatory`.
    pub elements_tsv: &'a str,
}

/// The tables as shipped in `data/`, compiled into the binary.
pub fn embedded_tables() -> Tables<'static> {
    Tables {
        tariff_tsv: include_str!("../../../data/tariff/cn-hs8-2023.tsv"),
        hs_tsv: include_str!("../../../data/hs/hs2022.tsv"),
        ciq_tsv: include_str!("../../../data/singlewindow/ciq-names.tsv"),
        elements_tsv: include_str!("../../../data/singlewindow/elements.tsv"),
    }
}

/// The compact segmentation lexicon (`word count` lines), rebuilt by
/// `cargo run -p classify --release --example build_lexicon`.
pub(crate) const LEXICON: &str = include_str!("../data/lexicon.txt");

/// An 8-digit line of China's tariff.
#[derive(Debug, Clone)]
pub(crate) struct TariffLine {
    pub code8: String,
    pub name_zh: String,
    pub name_en: String,
}

/// A chapter, heading or subheading of the HS.
#[derive(Debug, Clone)]
pub(crate) struct HsEntry {
    pub code: String,
    pub section: String,
    pub description: String,
}

/// A 13-digit inspection code's name, under its 10-digit commodity code.
#[derive(Debug, Clone)]
pub(crate) struct InspectionName {
    pub code10: String,
    pub name: String,
}

/// A declaration element of the codes under an HS prefix.
#[derive(Debug, Clone)]
pub(crate) struct ElementName {
    pub prefix: String,
    pub element: String,
}

/// The parsed tables.
#[derive(Debug)]
pub(crate) struct ParsedTables {
    pub tariff: Vec<TariffLine>,
    pub hs: Vec<HsEntry>,
    pub inspection: Vec<InspectionName>,
    pub elements: Vec<ElementName>,
}

/// The first `columns` (at most 5) tab-separated fields of each data row, with its line
/// number.
fn rows<'a>(
    table: &'static str,
    text: &'a str,
    columns: usize,
) -> impl Iterator<Item = Result<(usize, [&'a str; 5]), ClassifyError>> + 'a {
    text.lines().enumerate().filter_map(move |(index, line)| {
        let line_number = index + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') || line.trim().is_empty() {
            return None;
        }
        let mut fields = [""; 5];
        let mut found = 0;
        for (slot, field) in fields.iter_mut().zip(line.split('\t')) {
            *slot = field;
            found += 1;
        }
        if found < columns {
            return Some(Err(ClassifyError::Table {
                table,
                line: line_number,
                message: format!("expected {columns} tab-separated columns, found {found}"),
            }));
        }
        Some(Ok((line_number, fields)))
    })
}

fn digits(
    table: &'static str,
    line: usize,
    code: &str,
    lengths: &[usize],
) -> Result<String, ClassifyError> {
    let code = code.trim();
    if lengths.contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code.to_string())
    } else {
        Err(ClassifyError::Table {
            table,
            line,
            message: format!("`{code}` is not a code of {lengths:?} digits"),
        })
    }
}

fn non_empty(table: &'static str, tables: &[impl Sized]) -> Result<(), ClassifyError> {
    if tables.is_empty() {
        Err(ClassifyError::EmptyTable { table })
    } else {
        Ok(())
    }
}

/// Parses the four tables; the first malformed row is an error naming its table and line.
/// The inspection names and the declaration elements (the larger half) are parsed on a
/// second thread.
pub(crate) fn parse_tables(tables: &Tables<'_>) -> Result<ParsedTables, ClassifyError> {
    let (first, second) = std::thread::scope(|scope| {
        let handle = scope.spawn(|| parse_inspection_and_elements(tables));
        let first = parse_tariff_and_hs(tables);
        // A failed thread is no reason to fail: parse its share here.
        let second = handle
            .join()
            .unwrap_or_else(|_| parse_inspection_and_elements(tables));
        (first, second)
    });
    let (tariff, hs) = first?;
    let (inspection, elements) = second?;
    Ok(ParsedTables {
        tariff,
        hs,
        inspection,
        elements,
    })
}

pub(crate) type TariffAndHs = (Vec<TariffLine>, Vec<HsEntry>);

pub(crate) fn parse_tariff_and_hs(tables: &Tables<'_>) -> Result<TariffAndHs, ClassifyError> {
    const TARIFF: &str = "tariff";
    let mut tariff = Vec::with_capacity(10_000);
    for row in rows(TARIFF, tables.tariff_tsv, 3) {
        let (line, fields) = row?;
        tariff.push(TariffLine {
            code8: digits(TARIFF, line, fields[0], &[8])?,
            name_zh: fields[1].trim().to_string(),
            name_en: fields[2].trim().to_string(),
        });
    }
    non_empty(TARIFF, &tariff)?;
    const HS: &str = "hs";
    let mut hs = Vec::with_capacity(8_000);
    for row in rows(HS, tables.hs_tsv, 5) {
        let (line, fields) = row?;
        hs.push(HsEntry {
            code: digits(HS, line, fields[0], &[2, 4, 6])?,
            section: fields[3].trim().to_string(),
            description: fields[4].trim().to_string(),
        });
    }
    non_empty(HS, &hs)?;
    Ok((tariff, hs))
}

pub(crate) type InspectionAndElements = (Vec<InspectionName>, Vec<ElementName>);

pub(crate) fn parse_inspection_and_elements(
    tables: &Tables<'_>,
) -> Result<InspectionAndElements, ClassifyError> {
    const CIQ: &str = "ciq";
    let mut inspection = Vec::with_capacity(30_000);
    for row in rows(CIQ, tables.ciq_tsv, 2) {
        let (line, fields) = row?;
        let code13 = digits(CIQ, line, fields[0], &[13])?;
        inspection.push(InspectionName {
            code10: code13[..10].to_string(),
            name: fields[1].trim().to_string(),
        });
    }
    const ELEMENTS: &str = "elements";
    let mut elements = Vec::with_capacity(40_000);
    for row in rows(ELEMENTS, tables.elements_tsv, 2) {
        let (line, fields) = row?;
        elements.push(ElementName {
            prefix: digits(ELEMENTS, line, fields[0], &[2, 3, 4, 5, 6, 7, 8, 9, 10, 12])?,
            element: fields[1].trim().to_string(),
        });
    }
    Ok((inspection, elements))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_parse() {
        let parsed = parse_tables(&embedded_tables()).unwrap();
        assert!(parsed.tariff.len() > 8000);
        assert!(parsed.hs.len() > 6000);
        assert!(parsed.inspection.len() > 20000);
        assert!(parsed.elements.len() > 30000);
    }

    #[test]
    fn malformed_rows_name_their_place() {
        let tables = Tables {
            tariff_tsv: "#code8\tname_zh\tname_en\n85076000\t锂离子蓄电池\tLi-ion\n8507x\ta\tb\n",
            ..embedded_tables()
        };
        let error = parse_tables(&tables).unwrap_err();
        assert_eq!(
            error.to_string(),
            "tariff table, line 3: `8507x` is not a code of [8] digits"
        );
        let tables = Tables {
            hs_tsv: "#code\tlevel\n01\t2\n",
            ..embedded_tables()
        };
        let error = parse_tables(&tables).unwrap_err();
        assert_eq!(
            error.to_string(),
            "hs table, line 2: expected 5 tab-separated columns, found 2"
        );
        let tables = Tables {
            tariff_tsv: "#only a header\n",
            ..embedded_tables()
        };
        assert_eq!(
            parse_tables(&tables).unwrap_err().to_string(),
            "the tariff table has no rows"
        );
    }
}
