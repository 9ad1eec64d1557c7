//! One shipment from several files, one per document: their documents are merged into one
//! bundle. Two files giving the same document (two declarations, two invoices) is an error
//! naming both; the first (by file name) is kept. A shipment without a declaration is no input
//! error: rule D001 reports the gap (`FileImport::documents` says what was found).

use crate::{FileImport, SourceFormat, import_file};
use model::{Bundle, DocumentKind, InputError, Text};

/// One shipment made of several files, one per document (a declaration XML, invoice.xlsx,
/// packing_list.csv, bill_of_lading.json …): merges their documents into one bundle; a conflict
/// (two declarations) is an error naming both files.
///
/// Files are taken in file-name order, so the result does not depend on the order given.
/// Every error's path starts with its file's name: `invoice.xlsx: sheet "Invoice", row 5, …`.
pub fn assemble_shipment(files: &[(String, Vec<u8>)]) -> FileImport {
    let mut order: Vec<&(String, Vec<u8>)> = files.iter().collect();
    order.sort_by(|a, b| a.0.cmp(&b.0));
    let mut merger = Merger::default();
    for (name, bytes) in order {
        let imported = import_file(name, bytes);
        for error in imported.errors {
            merger.errors.push(InputError::new(
                format!("{name}: {}", error.path),
                error.message,
            ));
        }
        if let Some(bundle) = imported.bundle {
            merger.merge(name, bundle, &imported.documents);
        }
    }
    merger.finish()
}

#[derive(Default)]
struct Merger {
    bundle: Bundle,
    any: bool,
    sources: Vec<(DocumentKind, String)>,
    id_source: Option<String>,
    direction_source: Option<String>,
    errors: Vec<InputError>,
}

impl Merger {
    fn merge(&mut self, name: &str, bundle: Bundle, documents: &[DocumentKind]) {
        self.any = true;
        let Bundle {
            id,
            direction,
            declaration,
            invoice,
            packing_list,
            contract,
            bill_of_lading,
            agent_certificate,
            certificate_of_origin,
            agency_agreement,
            attachments,
        } = bundle;
        if let Some(id) = id {
            match (self.bundle.id.clone(), self.id_source.clone()) {
                (Some(existing), Some(source)) if existing != id => {
                    self.conflict_value(name, &source, "编号 id", "id", &existing, &id);
                }
                (Some(_), _) => {}
                (None, _) => {
                    self.bundle.id = Some(id);
                    self.id_source = Some(name.to_string());
                }
            }
        }
        if let Some(direction) = direction {
            match (self.bundle.direction, self.direction_source.clone()) {
                (Some(existing), Some(source)) if existing != direction => {
                    let (a, b) = (
                        format!("{existing:?}").to_lowercase(),
                        format!("{direction:?}").to_lowercase(),
                    );
                    self.conflict_value(name, &source, "进出口方向", "direction", &a, &b);
                }
                (Some(_), _) => {}
                (None, _) => {
                    self.bundle.direction = Some(direction);
                    self.direction_source = Some(name.to_string());
                }
            }
        }
        for kind in documents {
            if *kind == DocumentKind::Attachments {
                for attachment in &attachments {
                    if !self.bundle.attachments.contains(attachment) {
                        self.bundle.attachments.push(attachment.clone());
                    }
                }
                continue;
            }
            if let Some((_, first)) = self.sources.iter().find(|(k, _)| k == kind) {
                let (zh, en) = kind.names();
                self.errors.push(InputError::new(
                    name.to_string(),
                    Text::new(
                        format!("两个文件都含有{zh}：{first} 和 {name}；只采用了 {first} 中的{zh}"),
                        format!("two files hold the {en}: {first} and {name}; only the one in {first} was used"),
                    ),
                ));
                continue;
            }
            self.sources.push((*kind, name.to_string()));
            match kind {
                DocumentKind::Declaration => self.bundle.declaration = declaration.clone(),
                DocumentKind::Invoice => self.bundle.invoice = invoice.clone(),
                DocumentKind::PackingList => self.bundle.packing_list = packing_list.clone(),
                DocumentKind::Contract => self.bundle.contract = contract.clone(),
                DocumentKind::BillOfLading => self.bundle.bill_of_lading = bill_of_lading.clone(),
                DocumentKind::AgentCertificate => {
                    self.bundle.agent_certificate = agent_certificate.clone()
                }
                DocumentKind::CertificateOfOrigin => {
                    self.bundle.certificate_of_origin = certificate_of_origin.clone()
                }
                DocumentKind::AgencyAgreement => {
                    self.bundle.agency_agreement = agency_agreement.clone()
                }
                DocumentKind::Attachments => {}
            }
        }
    }

    fn conflict_value(
        &mut self,
        name: &str,
        first: &str,
        zh: &str,
        en: &str,
        kept: &str,
        other: &str,
    ) {
        self.errors.push(InputError::new(
            name.to_string(),
            Text::new(
                format!("{first} 与 {name} 的{zh}不同（`{kept}` 与 `{other}`），采用了 `{kept}`"),
                format!("{first} and {name} give different {en}s (`{kept}` and `{other}`): `{kept}` was used"),
            ),
        ));
    }

    fn finish(self) -> FileImport {
        let mut documents: Vec<DocumentKind> = self.sources.iter().map(|(k, _)| *k).collect();
        if !self.bundle.attachments.is_empty() {
            documents.push(DocumentKind::Attachments);
        }
        documents.sort();
        FileImport {
            bundle: self.any.then_some(self.bundle),
            errors: self.errors,
            format: SourceFormat::Shipment,
            documents,
        }
    }
}
