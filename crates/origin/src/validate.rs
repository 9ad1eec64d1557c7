//! The checks that make a bill of materials unacceptable before any test runs: FOB above
//! zero, material values within the FOB, one currency, Parties of the agreement, materials or a
//! wholly obtained product, and HS codes known to the loaded nomenclature.

use crate::answer::Note;
use crate::bom::{BillOfMaterials, Material};
use crate::determine::{Context, problem};
use crate::error::OriginError;
use crate::hs::{Correlation, HsVersion, Nomenclature};
use crate::parties::{knows_parties, rcep_party};
use model::{InputError, Text};
use rust_decimal::Decimal;

/// The checks that make a bill unacceptable: every one is reported.
pub(crate) fn validate(
    bom: &BillOfMaterials,
    context: &Context<'_>,
    notes: &mut Vec<Note>,
) -> Result<(), OriginError> {
    let product = &bom.product;
    let mut problems = Vec::new();
    if product.fob.is_zero() {
        problems.push(problem(
            product.places.of("fob"),
            "FOB 价格应大于零".to_string(),
            "the FOB value must be greater than zero".to_string(),
        ));
    }
    let total: Decimal = bom.materials.iter().map(|m| m.value).sum();
    if total > product.fob {
        problems.push(problem(
            "materials".to_string(),
            format!("材料价值合计 {total} 超过产品 FOB 价格 {}", product.fob),
            format!(
                "the material values add up to {total}, more than the product's FOB {}",
                product.fob
            ),
        ));
    }
    for material in &bom.materials {
        if let Some(currency) = &material.currency
            && currency != &product.currency
        {
            problems.push(currency_mismatch(
                material.places.of("currency"),
                currency,
                &product.currency,
            ));
        }
    }
    if let Some(currency) = &bom.costs.currency
        && currency != &product.currency
    {
        problems.push(currency_mismatch(
            bom.costs.places.of("currency"),
            currency,
            &product.currency,
        ));
    }
    if knows_parties(&bom.agreement) {
        for (field, party) in [
            ("exporting_party", &product.exporting_party),
            ("importing_party", &product.importing_party),
        ] {
            if let Some(party) = party
                && rcep_party(party).is_none()
            {
                problems.push(problem(
                    product.places.of(field),
                    format!("`{party}` 不是 RCEP 成员方"),
                    format!("`{party}` is not a Party to RCEP"),
                ));
            }
        }
    }
    if bom.materials.is_empty() && !product.wholly_obtained {
        problems.push(problem(
            "materials".to_string(),
            "未列出材料：请列出所用材料，或对完全获得产品写明 product.wholly_obtained = true".to_string(),
            "no materials listed: list the materials used, or set product.wholly_obtained for a wholly obtained product".to_string(),
        ));
    }
    if product.wholly_obtained {
        for material in bom.materials.iter().filter(|m| m.originating != Some(true)) {
            problems.push(problem(
                material.places.of("originating"),
                format!(
                    "产品声明为完全获得，但材料“{}”不是原产材料",
                    material.description
                ),
                format!(
                    "the product is declared wholly obtained, but material `{}` is not originating",
                    material.description
                ),
            ));
        }
    }
    if let Some(nomenclature) = context.nomenclature {
        check_codes(bom, nomenclature, context.correlation, &mut problems, notes);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(OriginError::Invalid(problems))
    }
}

fn currency_mismatch(place: String, found: &str, expected: &str) -> InputError {
    problem(
        place,
        format!("币制 {found} 与产品 FOB 的币制 {expected} 不一致：请换算为同一币制"),
        format!(
            "currency mismatch: {found} here, {expected} for the product's FOB; convert to one currency"
        ),
    )
}

/// Unknown codes: refused in the nomenclature's own edition; in another edition only
/// remarked upon (the nomenclature cannot tell).
fn check_codes(
    bom: &BillOfMaterials,
    nomenclature: &Nomenclature,
    correlation: Option<&Correlation>,
    problems: &mut Vec<InputError>,
    notes: &mut Vec<Note>,
) {
    let used = bom.product.hs_version.unwrap_or(HsVersion::Hs2022);
    let mut codes: Vec<(String, &str, &str, HsVersion)> = vec![(
        bom.product.places.of("hs"),
        bom.product.hs.as_str(),
        bom.product.hs_written.as_str(),
        used,
    )];
    codes.extend(bom.materials.iter().map(|m: &Material| {
        (
            m.places.of("hs"),
            m.hs.as_str(),
            m.hs_written.as_str(),
            m.hs_version.unwrap_or(used),
        )
    }));
    for (place, code, written, version) in codes {
        if nomenclature.contains(code) || correlation.is_some_and(|c| c.mentions(code)) {
            continue;
        }
        if Some(version) == nomenclature.version() {
            problems.push(problem(
                place,
                format!("HS 编码 `{written}` 在 {version} 中不存在（子目 {code} 未知）"),
                format!("unknown HS code `{written}`: subheading {code} is not in {version}"),
            ));
        } else {
            notes.push(Note {
                code: "hs_code_unverified",
                message: Text::new(
                    format!("{version} 编码 `{written}` 无法核实：只载入了其他版本的目录"),
                    format!("{version} code `{written}` could not be verified: only another edition's nomenclature is loaded"),
                ),
            });
        }
    }
}
