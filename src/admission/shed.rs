//! The refusals of admission control.

use std::{sync::Arc, time::Duration};

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

use super::method_policy::{ItemLimit, ItemLimitKind};
use crate::telemetry::metrics;

/// Which budget was exhausted (the `stage_scorer.shed_reason` attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShedReason {
    /// `admission.max_calls_in_flight`.
    CallsInFlight,
    /// `admission.health_max_in_flight`.
    HealthInFlight,
    /// `admission.max_items_in_flight`.
    ItemsInFlight,
    /// `admission.max_request_bytes_in_flight`.
    RequestBytesInFlight,
}

impl ShedReason {
    /// The metric attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            ShedReason::CallsInFlight => "calls_in_flight",
            ShedReason::HealthInFlight => "health_in_flight",
            ShedReason::ItemsInFlight => "items_in_flight",
            ShedReason::RequestBytesInFlight => "request_bytes_in_flight",
        }
    }

    fn setting(self) -> &'static str {
        match self {
            ShedReason::CallsInFlight => "admission.max_calls_in_flight",
            ShedReason::HealthInFlight => "admission.health_max_in_flight",
            ShedReason::ItemsInFlight => "admission.max_items_in_flight",
            ShedReason::RequestBytesInFlight => "admission.max_request_bytes_in_flight",
        }
    }
}

/// RESOURCE_EXHAUSTED for a call shed for `reason`, with a
/// `google.rpc.RetryInfo` suggesting `retry_after`; counted in
/// `stage_scorer.calls_shed`.
pub fn shed(method: Arc<str>, reason: ShedReason, retry_after: Duration) -> Status {
    metrics::record_shed(method, reason.as_str());
    tracing::debug!(reason = reason.as_str(), "call shed");
    Status::with_error_details(
        Code::ResourceExhausted,
        format!(
            "server overloaded: {} reached; retry after a back-off",
            reason.setting()
        ),
        ErrorDetails::with_retry_info(Some(retry_after)),
    )
}

/// RESOURCE_EXHAUSTED for a request message over its method's limit.
pub fn message_too_large(len: u32, max: u32, limit_key: &str) -> Status {
    tracing::debug!(len, max, "request message refused: too large");
    Status::resource_exhausted(format!(
        "request message too large: {len} bytes, at most {max} allowed for this method \
         (server setting limits.{limit_key})"
    ))
}

/// INVALID_ARGUMENT for a batch-like request carrying more items than its
/// limit, as the contract promises ("refused before any item is read").
pub fn too_many_items(count: usize, limit: ItemLimit) -> Status {
    match limit.kind {
        ItemLimitKind::Batch => {
            crate::grpc::batch_classify::batch_too_large(count, limit.max_items)
        }
        ItemLimitKind::Pyramid => {
            crate::grpc::analyze_pyramid::pyramid_too_large(count, limit.max_items)
        }
    }
}

/// DEADLINE_EXCEEDED for a call without `grpc-timeout` that outlived the
/// server's default deadline.
pub fn default_deadline_exceeded(timeout: Duration) -> Status {
    Status::deadline_exceeded(format!(
        "call took longer than the server's default deadline of {} ms (server setting \
         server.default_call_timeout_ms; send grpc-timeout to choose your own)",
        timeout.as_millis()
    ))
}

/// DEADLINE_EXCEEDED for a request message that did not arrive in time.
pub fn request_body_too_slow(timeout: Duration) -> Status {
    Status::deadline_exceeded(format!(
        "request message not received within {} ms (server setting \
         server.request_body_timeout_ms)",
        timeout.as_millis()
    ))
}
