//! The `[admission]` section: how much work the server accepts at once
//! before it sheds new calls (RESOURCE_EXHAUSTED at once, never queued).

use std::{ops::RangeInclusive, time::Duration};

use serde::Deserialize;

use super::duration::millis;
use crate::domain::model::Problems;

/// Admission control (`[admission]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdmissionSettings {
    /// Calls in flight (all methods but health), streams included, from
    /// which a new call is refused.
    pub max_calls_in_flight: u32,
    /// Batch and pyramid items (partners) in flight, over all
    /// `BatchClassifyPartners` and `AnalyzePyramid` calls.
    pub max_items_in_flight: u32,
    /// Request message bytes held in flight (each call's current message,
    /// reserved from its length prefix before it is buffered).
    pub max_request_bytes_in_flight: u32,
    /// Health checks in flight: their own budget, never shared with the
    /// scoring calls, so health answers under overload.
    pub health_max_in_flight: u32,
    /// Back-off suggested to a shed caller (`google.rpc.RetryInfo`).
    #[serde(rename = "retry_after_ms", deserialize_with = "millis")]
    pub retry_after: Duration,
}

impl AdmissionSettings {
    /// Accepted range of `max_calls_in_flight` and `health_max_in_flight`.
    pub const MAX_CALLS: RangeInclusive<u32> = 1..=100_000;
    /// Accepted range of `max_items_in_flight`.
    pub const MAX_ITEMS: RangeInclusive<u32> = 1..=10_000_000;
    /// Accepted range of `max_request_bytes_in_flight`: at least one
    /// largest message (4 MiB), at most 1 GiB.
    pub const MAX_BYTES: RangeInclusive<u32> = super::MAX_MESSAGE_BYTES..=1024 * 1024 * 1024;

    /// Checks every key (keys relative to `admission`).
    pub fn check(&self, problems: &mut Problems) {
        for (key, value, range) in [
            (
                "max_calls_in_flight",
                self.max_calls_in_flight,
                Self::MAX_CALLS,
            ),
            (
                "max_items_in_flight",
                self.max_items_in_flight,
                Self::MAX_ITEMS,
            ),
            (
                "max_request_bytes_in_flight",
                self.max_request_bytes_in_flight,
                Self::MAX_BYTES,
            ),
            (
                "health_max_in_flight",
                self.health_max_in_flight,
                Self::MAX_CALLS,
            ),
        ] {
            problems.check(
                key,
                range.contains(&value),
                format!("must be {} to {} (got {value})", range.start(), range.end()),
            );
        }
        problems.check(
            "retry_after_ms",
            self.retry_after <= super::MAX_DURATION,
            format!(
                "must be at most {} (one hour), got {}",
                super::MAX_DURATION.as_millis(),
                self.retry_after.as_millis()
            ),
        );
    }
}

impl Default for AdmissionSettings {
    /// The values of `config/default.toml`.
    fn default() -> Self {
        Self {
            max_calls_in_flight: 32,
            max_items_in_flight: 20_000,
            max_request_bytes_in_flight: 64 * 1024 * 1024,
            health_max_in_flight: 32,
            retry_after: Duration::from_millis(200),
        }
    }
}
