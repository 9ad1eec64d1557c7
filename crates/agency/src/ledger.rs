//! The orders of an agency, by application number: where receipts and events are recorded.

use crate::workflow::{Event, Order, OrderDraft};
use crate::workflow_error::WorkflowError;
use std::collections::BTreeMap;

/// The orders of an agency, keyed by application number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    orders: BTreeMap<String, Order>,
}

impl Ledger {
    /// An empty ledger.
    pub fn new() -> Ledger {
        Ledger::default()
    }

    /// Opens a new order at pre-review. A number already recorded is refused.
    pub fn open(&mut self, draft: OrderDraft) -> Result<&Order, WorkflowError> {
        let order = Order::open(draft)?;
        self.insert(order)
    }

    /// Adds an order built elsewhere (e.g. replayed from a file). A number already recorded
    /// is refused.
    pub fn insert(&mut self, order: Order) -> Result<&Order, WorkflowError> {
        use std::collections::btree_map::Entry;
        match self.orders.entry(order.application_no.clone()) {
            Entry::Occupied(_) => Err(WorkflowError::DuplicateApplication {
                application_no: order.application_no,
            }),
            Entry::Vacant(slot) => Ok(slot.insert(order)),
        }
    }

    /// Records `event` (a receipt, a check, a return…) on the order with `application_no`.
    /// An unknown number or an invalid transition is refused and nothing changes.
    pub fn record(&mut self, application_no: &str, event: Event) -> Result<&Order, WorkflowError> {
        let order = self.orders.get_mut(application_no.trim()).ok_or_else(|| {
            WorkflowError::UnknownApplication {
                application_no: application_no.trim().to_owned(),
            }
        })?;
        order.apply(event)?;
        Ok(order)
    }

    /// The order with `application_no`.
    pub fn get(&self, application_no: &str) -> Option<&Order> {
        self.orders.get(application_no.trim())
    }

    /// All orders, by application number.
    pub fn orders(&self) -> impl Iterator<Item = &Order> {
        self.orders.values()
    }

    /// The number of orders.
    pub fn len(&self) -> usize {
        self.orders.len()
    }

    /// Whether there is no order.
    pub fn is_empty(&self) -> bool {
        self.orders.is_empty()
    }
}
