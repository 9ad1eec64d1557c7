//! The agent-certificate workflow: five nodes, the events that move an order through them, and
//! the rules of a valid transition.
//!
//! ```text
//! pre-review ──passed──▶ application ──accepted──▶ clearance ──cleared──▶ write-off ──▶ archived
//!   │   ▲                                  │  ▲
//!   │   └─resubmitted── awaiting correction│  └─verification completed─┐
//!   └─document mismatch──▶                 └─verification drawn──▶ on-site verification
//! ```
//!
//! No node may be skipped; on-site verification happens only when customs draws it; going back
//! to an earlier node needs a recorded reason. Every event carries its time, which may not be
//! earlier than the previous event's. An event that breaks a rule is refused and the order is
//! left exactly as it was. The workflow needs no calendar: deadlines and risk are derived later
//! ([`crate::deadlines`]), so a fact can always be recorded.

use crate::figures::{GoodsFigures, Reference, compare_figures};
use crate::workflow_error::WorkflowError;
use jiff::civil::{Date, DateTime};

/// The five nodes of the workflow, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    /// 1. Pre-review of the filing materials (1–2 working days).
    PreReview,
    /// 2. Formal application via the Single Window (0.5 working day).
    Application,
    /// 3. On-site verification by customs, when drawn (2–3 working days).
    OnSiteVerification,
    /// 4. Clearance with the certificate (1–2 working days).
    Clearance,
    /// 5. Write-off and archiving (within 7 working days after clearance).
    WriteOff,
}

impl Node {
    /// All nodes in order.
    pub const ALL: [Node; 5] = [
        Node::PreReview,
        Node::Application,
        Node::OnSiteVerification,
        Node::Clearance,
        Node::WriteOff,
    ];

    /// The stable key used in files and JSON (`pre_review`, …).
    pub fn key(self) -> &'static str {
        match self {
            Node::PreReview => "pre_review",
            Node::Application => "application",
            Node::OnSiteVerification => "on_site_verification",
            Node::Clearance => "clearance",
            Node::WriteOff => "write_off",
        }
    }

    /// The node from its key.
    pub fn from_key(key: &str) -> Option<Node> {
        Node::ALL.into_iter().find(|node| node.key() == key)
    }

    /// The node's name in Chinese and English.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Node::PreReview => ("备案材料预审", "pre-review"),
            Node::Application => ("单一窗口正式申报", "formal application"),
            Node::OnSiteVerification => ("海关现场核查", "on-site verification"),
            Node::Clearance => ("凭证通关", "clearance"),
            Node::WriteOff => ("核销归档", "write-off and archiving"),
        }
    }
}

/// Where an order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// In a node, waiting for its receipt.
    At(Node),
    /// Pre-review answered "document mismatch": waiting for corrected materials.
    AwaitingCorrection,
    /// Written off and archived: the workflow is complete.
    Archived,
}

impl Stage {
    /// The stable key (`pre_review`, …, `awaiting_correction`, `archived`).
    pub fn key(self) -> &'static str {
        match self {
            Stage::At(node) => node.key(),
            Stage::AwaitingCorrection => "awaiting_correction",
            Stage::Archived => "archived",
        }
    }

    /// The stage's name in Chinese and English.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Stage::At(node) => node.names(),
            Stage::AwaitingCorrection => ("单证不符，待补正", "awaiting corrected documents"),
            Stage::Archived => ("已归档", "archived"),
        }
    }

    /// The node this stage belongs to, for ordering: awaiting correction is part of
    /// pre-review, archived comes after write-off.
    fn position(self) -> u8 {
        match self {
            Stage::At(node) => node as u8,
            Stage::AwaitingCorrection => Node::PreReview as u8,
            Stage::Archived => Node::WriteOff as u8 + 1,
        }
    }
}

/// What happened to an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    /// Pre-review passed: the pre-review receipt.
    PreReviewPassed {
        /// Receipt number.
        receipt: String,
    },
    /// Pre-review found the documents do not match ("单证不符").
    DocumentMismatch {
        /// Receipt number.
        receipt: String,
        /// What did not match, as customs wrote it.
        detail: Option<String>,
    },
    /// Corrected materials were submitted again: pre-review starts over.
    Resubmitted,
    /// The formal application was accepted: the application receipt.
    ApplicationAccepted {
        /// Receipt number.
        receipt: String,
    },
    /// Customs drew the application for on-site verification.
    VerificationDrawn {
        /// The notice, when there is one.
        notice: Option<String>,
    },
    /// On-site verification is complete.
    VerificationCompleted {
        /// Receipt number.
        receipt: String,
    },
    /// The goods cleared with the certificate.
    Cleared {
        /// Receipt number.
        receipt: String,
        /// The certificate number; must be in the declaration's attached documents.
        certificate_no: String,
    },
    /// Written off and archived.
    WrittenOff {
        /// Receipt number.
        receipt: String,
        /// The written-off lines, compared with the declared lines within 3 %.
        lines: Vec<GoodsFigures>,
    },
    /// Back to an earlier node, with the reason.
    Returned {
        /// The node to go back to.
        to: Node,
        /// Why (required, not blank).
        reason: String,
    },
    /// The customs receipt status was checked (at least every 24 hours).
    ReceiptChecked {
        /// The status seen, as customs shows it.
        status: Option<String>,
    },
    /// The root cause of a late write-off (a risky order).
    RootCause {
        /// The cause.
        cause: String,
    },
}

impl EventKind {
    /// The stable key used in files (`pre_review_passed`, …).
    pub fn key(&self) -> &'static str {
        match self {
            EventKind::PreReviewPassed { .. } => "pre_review_passed",
            EventKind::DocumentMismatch { .. } => "document_mismatch",
            EventKind::Resubmitted => "resubmitted",
            EventKind::ApplicationAccepted { .. } => "application_accepted",
            EventKind::VerificationDrawn { .. } => "verification_drawn",
            EventKind::VerificationCompleted { .. } => "verification_completed",
            EventKind::Cleared { .. } => "cleared",
            EventKind::WrittenOff { .. } => "written_off",
            EventKind::Returned { .. } => "returned",
            EventKind::ReceiptChecked { .. } => "receipt_checked",
            EventKind::RootCause { .. } => "root_cause",
        }
    }

    /// The receipt the event carries, if any: receiving one is also a receipt check.
    pub fn receipt(&self) -> Option<&str> {
        match self {
            EventKind::PreReviewPassed { receipt }
            | EventKind::DocumentMismatch { receipt, .. }
            | EventKind::ApplicationAccepted { receipt }
            | EventKind::VerificationCompleted { receipt }
            | EventKind::Cleared { receipt, .. }
            | EventKind::WrittenOff { receipt, .. } => Some(receipt),
            _ => None,
        }
    }
}

/// An event with its time (China time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// When it happened.
    pub at: DateTime,
    /// What happened.
    pub kind: EventKind,
}

/// How a node ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Passed to the next node.
    Passed,
    /// Pre-review found a document mismatch.
    DocumentMismatch,
}

/// A node that ended: when it started and ended, and its receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRecord {
    /// The node.
    pub node: Node,
    /// When the node started.
    pub started_at: DateTime,
    /// When its receipt came.
    pub completed_at: DateTime,
    /// The receipt number.
    pub receipt: String,
    /// How it ended.
    pub outcome: Outcome,
}

/// The archive entry of a written-off order: key "application number + date", kept ≥ 5 years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Archive {
    /// `APPLICATION-NO_YYYYMMDD` (the write-off date).
    pub key: String,
    /// The write-off date.
    pub archived_on: Date,
    /// The first day the archive may be destroyed: five years after the write-off.
    pub keep_until: Date,
}

/// The archive retention: five years.
pub const ARCHIVE_RETENTION_YEARS: i16 = 5;

/// What is known of an order when it is opened.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderDraft {
    /// The application number: the key of the order and of its archive.
    pub application_no: String,
    /// The client enterprise.
    pub client: Option<String>,
    /// The agent (customs broker) handling it.
    pub agent: Option<String>,
    /// When the filing materials were received: pre-review starts.
    pub opened_at: Option<DateTime>,
    /// The declaration's attached-documents column (随附单证), when known.
    pub attached_documents: Vec<String>,
    /// The declared lines, the reference of the write-off.
    pub declared_lines: Vec<GoodsFigures>,
    /// The bill of lading's lines, where it gives names or quantities.
    pub bill_of_lading_lines: Vec<GoodsFigures>,
}

/// One agent-certificate order and everything recorded about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    /// The application number.
    pub application_no: String,
    /// The client enterprise.
    pub client: Option<String>,
    /// The agent handling it.
    pub agent: Option<String>,
    /// When the order was opened.
    pub opened_at: DateTime,
    /// The declaration's attached-documents column.
    pub attached_documents: Vec<String>,
    /// The declared lines.
    pub declared_lines: Vec<GoodsFigures>,
    /// The bill of lading's lines.
    pub bill_of_lading_lines: Vec<GoodsFigures>,
    /// Where the order stands.
    pub stage: Stage,
    /// When the current stage started.
    pub stage_started_at: DateTime,
    /// Nodes that ended, in order (a node passed twice after a return appears twice).
    pub records: Vec<NodeRecord>,
    /// Every accepted event, in order.
    pub history: Vec<Event>,
    /// The last receipt-status check (a receipt received counts as one).
    pub last_receipt_check: Option<DateTime>,
    /// Whether on-site verification was drawn since the last formal application.
    pub verification_drawn: bool,
    /// The certificate number, once cleared.
    pub certificate_no: Option<String>,
    /// When the goods cleared.
    pub cleared_at: Option<DateTime>,
    /// The archive entry, once written off.
    pub archive: Option<Archive>,
    /// When the order was written off.
    pub written_off_at: Option<DateTime>,
    /// The recorded root cause of a late write-off.
    pub root_cause: Option<String>,
}

impl Order {
    /// Opens an order at pre-review.
    pub fn open(draft: OrderDraft) -> Result<Order, WorkflowError> {
        let application_no = draft.application_no.trim().to_owned();
        if application_no.is_empty() {
            return Err(WorkflowError::MissingApplicationNo);
        }
        let Some(opened_at) = draft.opened_at else {
            return Err(WorkflowError::MissingOpenedAt { application_no });
        };
        Ok(Order {
            application_no,
            client: draft.client,
            agent: draft.agent,
            opened_at,
            attached_documents: draft.attached_documents,
            declared_lines: draft.declared_lines,
            bill_of_lading_lines: draft.bill_of_lading_lines,
            stage: Stage::At(Node::PreReview),
            stage_started_at: opened_at,
            records: Vec::new(),
            history: Vec::new(),
            last_receipt_check: None,
            verification_drawn: false,
            certificate_no: None,
            cleared_at: None,
            archive: None,
            written_off_at: None,
            root_cause: None,
        })
    }

    /// The time of the last accepted event, or the opening.
    pub fn last_event_at(&self) -> DateTime {
        self.history.last().map_or(self.opened_at, |event| event.at)
    }

    /// The events allowed now, by key.
    pub fn allowed_events(&self) -> Vec<&'static str> {
        let mut allowed: Vec<&'static str> = match self.stage {
            Stage::At(Node::PreReview) => vec!["pre_review_passed", "document_mismatch"],
            Stage::AwaitingCorrection => vec!["resubmitted"],
            Stage::At(Node::Application) => vec!["application_accepted"],
            Stage::At(Node::OnSiteVerification) => vec!["verification_completed"],
            Stage::At(Node::Clearance) if self.verification_drawn => vec!["cleared"],
            Stage::At(Node::Clearance) => vec!["cleared", "verification_drawn"],
            Stage::At(Node::WriteOff) => vec!["written_off", "root_cause"],
            Stage::Archived => vec!["root_cause"],
        };
        if self.stage.position() > Node::PreReview as u8 && self.stage != Stage::Archived {
            allowed.push("returned");
        }
        if self.stage != Stage::Archived {
            allowed.push("receipt_checked");
        }
        allowed
    }

    /// Records `event`. On error nothing changes.
    pub fn apply(&mut self, event: Event) -> Result<(), WorkflowError> {
        let application_no = &self.application_no;
        let previous = self.last_event_at();
        if event.at < previous {
            return Err(WorkflowError::BeforePrevious {
                application_no: application_no.clone(),
                at: event.at,
                previous,
            });
        }
        let key = event.kind.key();
        if !self.allowed_events().contains(&key) {
            return Err(WorkflowError::UnexpectedEvent {
                application_no: application_no.clone(),
                stage: self.stage,
                event: key,
                allowed: self.allowed_events(),
            });
        }
        // Every check that can fail happens before anything changes.
        match &event.kind {
            EventKind::Returned { to, reason } => {
                if reason.trim().is_empty() {
                    return Err(WorkflowError::ReasonRequired {
                        application_no: application_no.clone(),
                    });
                }
                if (*to as u8) >= self.stage.position() {
                    return Err(WorkflowError::NotBackwards {
                        application_no: application_no.clone(),
                        stage: self.stage,
                        to: *to,
                    });
                }
            }
            EventKind::Cleared { certificate_no, .. }
                if !self.certificate_attached(certificate_no) =>
            {
                return Err(WorkflowError::CertificateNotAttached {
                    application_no: application_no.clone(),
                    certificate_no: certificate_no.clone(),
                    attached: self.attached_documents.clone(),
                });
            }
            EventKind::WrittenOff { lines, .. } => {
                let mut differences =
                    compare_figures(lines, &self.declared_lines, Reference::Declaration);
                differences.extend(compare_figures(
                    lines,
                    &self.bill_of_lading_lines,
                    Reference::BillOfLading,
                ));
                if !differences.is_empty() {
                    return Err(WorkflowError::WriteOffMismatch {
                        application_no: application_no.clone(),
                        differences,
                    });
                }
            }
            EventKind::RootCause { cause } if cause.trim().is_empty() => {
                return Err(WorkflowError::ReasonRequired {
                    application_no: application_no.clone(),
                });
            }
            _ => {}
        }
        self.commit(event);
        Ok(())
    }

    /// Whether `certificate_no` is in the declaration's attached documents (trivially so when
    /// the order does not know them).
    fn certificate_attached(&self, certificate_no: &str) -> bool {
        self.attached_documents.is_empty()
            || self
                .attached_documents
                .iter()
                .any(|document| document.trim() == certificate_no.trim())
    }

    /// Applies an event already validated.
    fn commit(&mut self, event: Event) {
        let at = event.at;
        if event.kind.receipt().is_some() || matches!(event.kind, EventKind::ReceiptChecked { .. })
        {
            self.last_receipt_check = Some(at);
        }
        match &event.kind {
            EventKind::PreReviewPassed { receipt } => {
                self.complete(Node::PreReview, receipt, Outcome::Passed, at);
                self.enter(Stage::At(Node::Application), at);
            }
            EventKind::DocumentMismatch { receipt, .. } => {
                self.complete(Node::PreReview, receipt, Outcome::DocumentMismatch, at);
                self.enter(Stage::AwaitingCorrection, at);
            }
            EventKind::Resubmitted => self.enter(Stage::At(Node::PreReview), at),
            EventKind::ApplicationAccepted { receipt } => {
                self.complete(Node::Application, receipt, Outcome::Passed, at);
                self.enter(Stage::At(Node::Clearance), at);
            }
            EventKind::VerificationDrawn { .. } => {
                self.verification_drawn = true;
                self.enter(Stage::At(Node::OnSiteVerification), at);
            }
            EventKind::VerificationCompleted { receipt } => {
                self.complete(Node::OnSiteVerification, receipt, Outcome::Passed, at);
                self.enter(Stage::At(Node::Clearance), at);
            }
            EventKind::Cleared {
                receipt,
                certificate_no,
            } => {
                self.complete(Node::Clearance, receipt, Outcome::Passed, at);
                self.certificate_no = Some(certificate_no.trim().to_owned());
                self.cleared_at = Some(at);
                self.enter(Stage::At(Node::WriteOff), at);
            }
            EventKind::WrittenOff { receipt, .. } => {
                self.complete(Node::WriteOff, receipt, Outcome::Passed, at);
                self.written_off_at = Some(at);
                self.archive = Some(archive_of(&self.application_no, at.date()));
                self.enter(Stage::Archived, at);
            }
            EventKind::Returned { to, .. } => {
                if *to <= Node::Clearance {
                    self.certificate_no = None;
                    self.cleared_at = None;
                }
                if *to <= Node::Application {
                    self.verification_drawn = false;
                }
                if *to == Node::OnSiteVerification {
                    self.verification_drawn = true;
                }
                self.enter(Stage::At(*to), at);
            }
            EventKind::RootCause { cause } => self.root_cause = Some(cause.trim().to_owned()),
            EventKind::ReceiptChecked { .. } => {}
        }
        self.history.push(event);
    }

    fn complete(&mut self, node: Node, receipt: &str, outcome: Outcome, at: DateTime) {
        self.records.push(NodeRecord {
            node,
            started_at: self.stage_started_at,
            completed_at: at,
            receipt: receipt.trim().to_owned(),
            outcome,
        });
    }

    fn enter(&mut self, stage: Stage, at: DateTime) {
        self.stage = stage;
        self.stage_started_at = at;
    }
}

/// The archive entry of an order written off on `date`.
pub fn archive_of(application_no: &str, date: Date) -> Archive {
    let keep_until = date
        .checked_add(jiff::Span::new().years(ARCHIVE_RETENTION_YEARS))
        .unwrap_or(Date::MAX);
    Archive {
        key: format!("{application_no}_{}", date.strftime("%Y%m%d")),
        archived_on: date,
        keep_until,
    }
}
