//! Durations in settings. Keys keep the unit in their name and are written
//! in milliseconds (`server.shutdown_grace_delay_ms = 5000`); the typed
//! settings hold a [`Duration`].

use std::time::Duration;

use serde::{Deserialize, Deserializer};

/// Longest duration any setting accepts: one hour.
pub const MAX_DURATION: Duration = Duration::from_secs(60 * 60);

/// Reads a whole number of milliseconds as a [`Duration`]; use with
/// `#[serde(rename = "..._ms", deserialize_with = "millis")]`.
pub(super) fn millis<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
    u64::deserialize(deserializer).map(Duration::from_millis)
}
