//! The `[limits]` section: size limits of the batch and streaming RPCs.

use std::ops::RangeInclusive;

use serde::Deserialize;

use crate::domain::model::Problems;

/// Size limits of the batch and streaming RPCs (`[limits]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSettings {
    /// Most partners one `BatchClassifyPartners` call may carry.
    pub batch_max_partners: u32,
    /// Results a `StreamClassifyPartners` call may hold unread before the
    /// server stops reading requests.
    pub stream_max_pending_results: u32,
}

impl LimitSettings {
    /// Accepted range of `batch_max_partners`.
    pub const BATCH_MAX_PARTNERS: RangeInclusive<u32> = 1..=100_000;
    /// Accepted range of `stream_max_pending_results`.
    pub const STREAM_MAX_PENDING_RESULTS: RangeInclusive<u32> = 1..=10_000;

    /// Checks every limit against its range (keys relative to `limits`).
    pub fn check(&self, problems: &mut Problems) {
        for (key, value, range) in [
            (
                "batch_max_partners",
                self.batch_max_partners,
                Self::BATCH_MAX_PARTNERS,
            ),
            (
                "stream_max_pending_results",
                self.stream_max_pending_results,
                Self::STREAM_MAX_PENDING_RESULTS,
            ),
        ] {
            problems.check(
                key,
                range.contains(&value),
                format!("must be {} to {} (got {value})", range.start(), range.end()),
            );
        }
    }
}

impl Default for LimitSettings {
    /// The values of `config/default.toml`.
    fn default() -> Self {
        Self {
            batch_max_partners: 1000,
            stream_max_pending_results: 64,
        }
    }
}
