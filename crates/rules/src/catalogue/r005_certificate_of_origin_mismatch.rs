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
    let mut header_mismatches: Vec<(String, Vec<u32>)> = Vec::new();
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
        let Some(declared_country) = declared.origin_country.as_deref().map(canonical) else {
            continue;
        };
        match (&origin_line.origin_country, &certificate.origin_country) {
            (Some(certified), _) => {
                let certified = canonical(certified);
                if certified != declared_country {
                    out.push(
                        RULE.finding(
                            Text::new(
                                format!(
                                    "原产地证书第 {} 行原产国为 {certified}，报关单该行原产国为 {declared_country}",
                                    origin_line.no
                                ),
                                format!(
                                    "certificate of origin line {}: origin {certified} against {declared_country} declared",
                                    origin_line.no
                                ),
                            ),
                            documents(),
                            format!("certificate_of_origin.lines[{index}].origin_country"),
                        )
                        .values(declared_country, certified),
                    );
                }
            }
            (None, Some(_)) => {
                // The certificate's one origin covers this line: gather the lines it
                // contradicts, so a wrong header is reported once, not once per line.
                match header_mismatches
                    .iter_mut()
                    .find(|(country, _)| *country == declared_country)
                {
                    Some((_, lines)) => lines.push(origin_line.no),
                    None => header_mismatches.push((declared_country, vec![origin_line.no])),
                }
            }
            (None, None) => {}
        }
    }
    let Some(certified) = certificate.origin_country.as_deref().map(canonical) else {
        return;
    };
    for (declared_country, lines) in header_mismatches {
        if declared_country == certified {
            continue;
        }
        let numbers: Vec<String> = lines.iter().map(u32::to_string).collect();
        out.push(
            RULE.finding(
                Text::new(
                    format!(
                        "原产地证书原产国为 {certified}，报关单第 {} 行原产国为 {declared_country}",
                        numbers.join("、")
                    ),
                    format!(
                        "the certificate of origin gives origin {certified}, declaration line{} {} declare{} {declared_country}",
                        if lines.len() == 1 { "" } else { "s" },
                        numbers.join(", "),
                        if lines.len() == 1 { "s" } else { "" }
                    ),
                ),
                documents(),
                "certificate_of_origin.origin_country",
            )
            .values(declared_country, certified.clone()),
        );
    }
}
