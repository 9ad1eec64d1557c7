//! Why the workflow refused an event or an order.

use crate::figures::FigureDifference;
use crate::time::display_time;
use crate::workflow::{Node, Stage};
use jiff::civil::DateTime;
use model::Text;

/// Why the workflow refused an event or an order. Nothing recorded changes when one is
/// returned. Display is English; [`WorkflowError::message`] gives both languages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// An order without an application number.
    #[error("an order needs its application number")]
    MissingApplicationNo,
    /// An order without its opening time.
    #[error("order `{application_no}` needs the time it was opened (`opened_at`)")]
    MissingOpenedAt {
        /// The order.
        application_no: String,
    },
    /// A second order with the same application number.
    #[error("application `{application_no}` is already recorded")]
    DuplicateApplication {
        /// The number used twice.
        application_no: String,
    },
    /// An event or receipt for an application no order has.
    #[error("no order has application number `{application_no}`")]
    UnknownApplication {
        /// The unknown number.
        application_no: String,
    },
    /// An event dated before the order's previous event.
    #[error("application `{application_no}`: the event at {} is earlier than the previous one at {}", display_time(*.at), display_time(*.previous))]
    BeforePrevious {
        /// The order.
        application_no: String,
        /// The refused event's time.
        at: DateTime,
        /// The previous event's time.
        previous: DateTime,
    },
    /// An event that does not follow from where the order stands (a skipped node, a
    /// verification that was not drawn, anything after archiving…).
    #[error("application `{application_no}`: `{event}` cannot happen at stage `{}`; expected one of {}", .stage.key(), quoted(.allowed))]
    UnexpectedEvent {
        /// The order.
        application_no: String,
        /// Where it stands.
        stage: Stage,
        /// The refused event's key.
        event: &'static str,
        /// The events allowed there.
        allowed: Vec<&'static str>,
    },
    /// Going back, or a root cause, without a reason.
    #[error("application `{application_no}`: a reason is required")]
    ReasonRequired {
        /// The order.
        application_no: String,
    },
    /// A "return" to the current node or a later one.
    #[error("application `{application_no}`: cannot return from `{}` to `{}`, which is not an earlier node", .stage.key(), .to.key())]
    NotBackwards {
        /// The order.
        application_no: String,
        /// Where it stands.
        stage: Stage,
        /// Where it was asked to go.
        to: Node,
    },
    /// The certificate number is not in the declaration's attached-documents column.
    #[error("application `{application_no}`: certificate `{certificate_no}` is not among the declaration's attached documents ({})", .attached.join(", "))]
    CertificateNotAttached {
        /// The order.
        application_no: String,
        /// The certificate number given.
        certificate_no: String,
        /// The attached documents declared.
        attached: Vec<String>,
    },
    /// The written-off figures differ from the declaration or bill of lading by more than 3 %.
    #[error("application `{application_no}`: the write-off differs from the declared figures: {}", .differences.iter().map(|d| d.message().en).collect::<Vec<_>>().join("; "))]
    WriteOffMismatch {
        /// The order.
        application_no: String,
        /// Every figure beyond tolerance.
        differences: Vec<FigureDifference>,
    },
}

fn quoted(keys: &[&str]) -> String {
    keys.iter()
        .map(|key| format!("`{key}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl WorkflowError {
    /// The message in both languages.
    pub fn message(&self) -> Text {
        let en = self.to_string();
        let zh = match self {
            WorkflowError::MissingApplicationNo => "订单缺少申请编号".to_owned(),
            WorkflowError::MissingOpenedAt { application_no } => {
                format!("订单 `{application_no}` 缺少受理时间（`opened_at`）")
            }
            WorkflowError::DuplicateApplication { application_no } => {
                format!("申请编号 `{application_no}` 已存在")
            }
            WorkflowError::UnknownApplication { application_no } => {
                format!("没有申请编号为 `{application_no}` 的订单")
            }
            WorkflowError::BeforePrevious {
                application_no,
                at,
                previous,
            } => format!(
                "申请 `{application_no}`：事件时间 {} 早于上一事件 {}",
                display_time(*at),
                display_time(*previous)
            ),
            WorkflowError::UnexpectedEvent {
                application_no,
                stage,
                event,
                allowed,
            } => format!(
                "申请 `{application_no}`：当前处于“{}”，不能记录 `{event}`（不得跳过节点）；应为 {}",
                stage.names().0,
                quoted(allowed)
            ),
            WorkflowError::ReasonRequired { application_no } => {
                format!("申请 `{application_no}`：必须填写原因")
            }
            WorkflowError::NotBackwards {
                application_no,
                stage,
                to,
            } => format!(
                "申请 `{application_no}`：不能从“{}”退回到“{}”，它不是更早的节点",
                stage.names().0,
                to.names().0
            ),
            WorkflowError::CertificateNotAttached {
                application_no,
                certificate_no,
                attached,
            } => format!(
                "申请 `{application_no}`：证明编号 `{certificate_no}` 不在报关单随附单证栏中（{}）",
                attached.join("、")
            ),
            WorkflowError::WriteOffMismatch {
                application_no,
                differences,
            } => format!(
                "申请 `{application_no}`：核销数据与申报不符：{}",
                differences
                    .iter()
                    .map(|difference| difference.message().zh)
                    .collect::<Vec<_>>()
                    .join("；")
            ),
        };
        Text::new(zh, en)
    }
}
