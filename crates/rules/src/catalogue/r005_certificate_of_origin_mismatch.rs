//! R005: the certificate of origin disagrees with the declaration (line HS-6, origin country).

use super::Rule;
use crate::{CheckInput, Finding, Severity};
use model::{DocumentKind, Text};

pub(crate) const RULE: Rule = Rule {
    code: "R005",
    severity: Severity::Error,
    title: (
        "原产地证书与报关单不一致",
        "certificate of origin disagrees with the declaration",
    ),
    pages: pages!("R005"),
    check,
};

fn check(input: &CheckInput<'_>, out: &mut Vec<Finding>) {
    let Some(certificate) = &input.bundle.certificate_of_origin else {
        return;
    };
    if input.declaration().is_none() {
        return;
    }
    let codes = &input.data.codes;
    let canonical = |code: &str| {
        codes
            .country(code)
            .map_or_else(|| code.to_string(), |c| c.iso3.to_string())
    };
    let documents = || vec![DocumentKind::Declaration, DocumentKind::CertificateOfOrigin];
    for (index, origin_line) in certificate.lines.iter().enumerate() {
        let Some((_, declared)) = input.declaration_line(origin_line.no) else {
            continue;
        };
        if let (Some(certified), Some(declared_code)) = (&origin_line.hs_code, &declared.hs_code) {
            let certified6 = certified.as_str().get(..6).unwrap_or(certified.as_str());
            let declared6 = declared_code
                .as_str()
                .get(..6)
                .unwrap_or(declared_code.as_str());
            if certified6 != declared6 {
                out.push(
                    RULE.finding(
                        Text::new(
                            format!("原产地证书第 {} 行 HS 编码 {certified6} 与报关单 {declared6} 不一致", origin_line.no),
                            format!(
                                "certificate of origin line {}: HS {certified6} against {declared6} declared",
                                origin_line.no
                            ),
                        ),
                        documents(),
                        format!("certificate_of_origin.lines[{index}].hs_code"),
                    )
                    .values(declared6, certified6),
                );
            }
        }
        let certified_country = origin_line
            .origin_country
            .as_ref()
            .or(certificate.origin_country.as_ref());
        if let (Some(certified), Some(declared_country)) =
            (certified_country, &declared.origin_country)
        {
            let (certified, declared_country) = (canonical(certified), canonical(declared_country));
            if certified != declared_country {
                let path = if origin_line.origin_country.is_some() {
                    format!("certificate_of_origin.lines[{index}].origin_country")
                } else {
                    "certificate_of_origin.origin_country".to_string()
                };
                out.push(
                    RULE.finding(
                        Text::new(
                            format!(
                                "原产地证书第 {} 行原产国 {certified}，报关单原产国 {declared_country}",
                                origin_line.no
                            ),
                            format!(
                                "certificate of origin line {}: origin {certified} against {declared_country} declared",
                                origin_line.no
                            ),
                        ),
                        documents(),
                        path,
                    )
                    .values(declared_country, certified),
                );
            }
        }
    }
}
