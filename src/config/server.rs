//! The `[server]` section: where the gRPC server listens and how long a
//! graceful shutdown may take.

use std::{net::SocketAddr, time::Duration};

use serde::Deserialize;

use super::duration::{MAX_DURATION, millis};
use crate::domain::model::Problems;

/// The gRPC server.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// Socket address to listen on.
    pub address: SocketAddr,
    /// After a shutdown signal, how long the listener keeps accepting while
    /// health already reports NOT_SERVING (`shutdown_grace_delay_ms`).
    #[serde(rename = "shutdown_grace_delay_ms", deserialize_with = "millis")]
    pub shutdown_grace_delay: Duration,
    /// Then, how long in-flight calls and streams get to finish
    /// (`shutdown_drain_timeout_ms`).
    #[serde(rename = "shutdown_drain_timeout_ms", deserialize_with = "millis")]
    pub shutdown_drain_timeout: Duration,
    /// Whether gRPC server reflection (v1 and v1alpha) is served.
    pub reflection: bool,
}

impl ServerSettings {
    /// Checks every key (keys relative to `server`).
    pub fn check(&self, problems: &mut Problems) {
        for (key, value) in [
            ("shutdown_grace_delay_ms", self.shutdown_grace_delay),
            ("shutdown_drain_timeout_ms", self.shutdown_drain_timeout),
        ] {
            problems.check(
                key,
                value <= MAX_DURATION,
                format!(
                    "must be at most {} (one hour), got {}",
                    MAX_DURATION.as_millis(),
                    value.as_millis()
                ),
            );
        }
    }
}
