//! The process-wide budgets of admission control, and the permits one call
//! holds until it ends.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::config::AdmissionSettings;

/// The budgets, shared by every connection (cheap to clone).
#[derive(Debug, Clone)]
pub struct Budgets {
    /// Calls in flight, health excluded.
    pub calls: Arc<Semaphore>,
    /// Health checks in flight.
    pub health: Arc<Semaphore>,
    /// Batch and pyramid items in flight.
    pub items: Arc<Semaphore>,
    /// Request message bytes in flight.
    pub request_bytes: Arc<Semaphore>,
    /// Back-off suggested to shed callers.
    pub retry_after: Duration,
    calls_total: usize,
}

impl Budgets {
    /// Full budgets as configured.
    pub fn new(settings: &AdmissionSettings) -> Self {
        Self {
            calls: Arc::new(Semaphore::new(settings.max_calls_in_flight as usize)),
            health: Arc::new(Semaphore::new(settings.health_max_in_flight as usize)),
            items: Arc::new(Semaphore::new(settings.max_items_in_flight as usize)),
            request_bytes: Arc::new(Semaphore::new(
                settings.max_request_bytes_in_flight as usize,
            )),
            retry_after: settings.retry_after,
            calls_total: settings.max_calls_in_flight as usize,
        }
    }

    /// Calls (health excluded) in flight right now.
    pub fn calls_in_flight(&self) -> usize {
        self.calls_total - self.calls.available_permits()
    }
}

/// What one call holds until its response ends: its slot in the calls (or
/// health) budget, and once known its items and its current message's
/// bytes. Shared by the request body (which reserves items and bytes) and
/// the response body (which outlives it).
#[derive(Debug)]
pub struct CallPermits {
    _call: OwnedSemaphorePermit,
    items: Mutex<Option<OwnedSemaphorePermit>>,
    request_bytes: Mutex<Option<OwnedSemaphorePermit>>,
}

impl CallPermits {
    /// A call holding `call`.
    pub fn new(call: OwnedSemaphorePermit) -> Self {
        Self {
            _call: call,
            items: Mutex::new(None),
            request_bytes: Mutex::new(None),
        }
    }

    /// Holds `permit` as this call's items until the call ends.
    pub fn hold_items(&self, permit: OwnedSemaphorePermit) {
        *self.items.lock().unwrap_or_else(|e| e.into_inner()) = Some(permit);
    }

    /// Holds `permit` as this call's current request message, releasing the
    /// previous message's (a stream holds one message at a time).
    pub fn hold_request_bytes(&self, permit: Option<OwnedSemaphorePermit>) {
        *self.request_bytes.lock().unwrap_or_else(|e| e.into_inner()) = permit;
    }
}
