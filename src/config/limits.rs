//! The `[limits]` section: size limits of the batch and streaming RPCs, and
//! the largest request message each method accepts (checked on the gRPC
//! frame's length prefix, before the message is buffered or decoded).

use std::ops::RangeInclusive;

use serde::Deserialize;

use crate::domain::model::Problems;

/// The gRPC transport's own cap on a decoded message: 4 MiB (tonic's
/// default `max_decoding_message_size`). No per-method limit may exceed it.
pub const MAX_MESSAGE_BYTES: u32 = 4 * 1024 * 1024;

/// Size limits of the batch and streaming RPCs (`[limits]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSettings {
    /// Most partners one `BatchClassifyPartners` call may carry.
    pub batch_max_partners: u32,
    /// Results a `StreamClassifyPartners` call may hold unread before the
    /// server stops reading requests.
    pub stream_max_pending_results: u32,
    /// Most partners one `AnalyzePyramid` call may carry.
    pub pyramid_max_partners: u32,
    /// Largest request message, in bytes, of `ClassifyPartner` and of each
    /// message of `StreamClassifyPartners` (one partner each).
    pub classify_max_request_bytes: u32,
    /// Largest `BatchClassifyPartners` request message, in bytes.
    pub batch_max_request_bytes: u32,
    /// Largest `AnalyzePyramid` request message, and largest message of
    /// `StreamAnalyzePyramid`, in bytes.
    pub pyramid_max_request_bytes: u32,
    /// Largest request message of every other method (model, merge,
    /// health, reflection), in bytes.
    pub other_max_request_bytes: u32,
}

impl LimitSettings {
    /// Accepted range of `batch_max_partners`.
    pub const BATCH_MAX_PARTNERS: RangeInclusive<u32> = 1..=100_000;
    /// Accepted range of `stream_max_pending_results`.
    pub const STREAM_MAX_PENDING_RESULTS: RangeInclusive<u32> = 1..=10_000;
    /// Accepted range of `pyramid_max_partners`.
    pub const PYRAMID_MAX_PARTNERS: RangeInclusive<u32> = 1..=100_000;
    /// Accepted range of every `*_max_request_bytes`: 1 KiB to the gRPC
    /// transport's own 4 MiB cap.
    pub const MAX_REQUEST_BYTES: RangeInclusive<u32> = 1024..=MAX_MESSAGE_BYTES;

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
            (
                "pyramid_max_partners",
                self.pyramid_max_partners,
                Self::PYRAMID_MAX_PARTNERS,
            ),
            (
                "classify_max_request_bytes",
                self.classify_max_request_bytes,
                Self::MAX_REQUEST_BYTES,
            ),
            (
                "batch_max_request_bytes",
                self.batch_max_request_bytes,
                Self::MAX_REQUEST_BYTES,
            ),
            (
                "pyramid_max_request_bytes",
                self.pyramid_max_request_bytes,
                Self::MAX_REQUEST_BYTES,
            ),
            (
                "other_max_request_bytes",
                self.other_max_request_bytes,
                Self::MAX_REQUEST_BYTES,
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
            pyramid_max_partners: 10_000,
            classify_max_request_bytes: 64 * 1024,
            batch_max_request_bytes: MAX_MESSAGE_BYTES,
            pyramid_max_request_bytes: MAX_MESSAGE_BYTES,
            other_max_request_bytes: MAX_MESSAGE_BYTES,
        }
    }
}
