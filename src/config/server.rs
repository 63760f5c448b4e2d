//! The `[server]` section: where the gRPC server listens, how long a
//! graceful shutdown may take, and the connection hygiene knobs (HTTP/2
//! stream limit, keepalive, idle and slow-client timeouts, connection age).

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
    /// HTTP/2 `SETTINGS_MAX_CONCURRENT_STREAMS` advertised on every
    /// connection (`max_concurrent_streams`).
    pub max_concurrent_streams: u32,
    /// Interval of the server's HTTP/2 keepalive PINGs
    /// (`http2_keepalive_interval_ms`).
    #[serde(rename = "http2_keepalive_interval_ms", deserialize_with = "millis")]
    pub http2_keepalive_interval: Duration,
    /// How long a keepalive PING may go unanswered before the connection is
    /// closed (`http2_keepalive_timeout_ms`).
    #[serde(rename = "http2_keepalive_timeout_ms", deserialize_with = "millis")]
    pub http2_keepalive_timeout: Duration,
    /// A connection with no call in flight for this long is closed
    /// (`idle_connection_timeout_ms`).
    #[serde(rename = "idle_connection_timeout_ms", deserialize_with = "millis")]
    pub idle_connection_timeout: Duration,
    /// A new connection must have sent the headers of its first call within
    /// this long, or it is closed (`header_read_timeout_ms`).
    #[serde(rename = "header_read_timeout_ms", deserialize_with = "millis")]
    pub header_read_timeout: Duration,
    /// The request message of a unary-request call must be received whole
    /// within this long from the call's start (`request_body_timeout_ms`).
    #[serde(rename = "request_body_timeout_ms", deserialize_with = "millis")]
    pub request_body_timeout: Duration,
    /// Deadline of a call that carries no `grpc-timeout`, until its response
    /// starts (`default_call_timeout_ms`).
    #[serde(rename = "default_call_timeout_ms", deserialize_with = "millis")]
    pub default_call_timeout: Duration,
    /// A connection older than this is asked to go away (GOAWAY) so that
    /// clients reconnect and rebalance (`max_connection_age_ms`).
    #[serde(rename = "max_connection_age_ms", deserialize_with = "millis")]
    pub max_connection_age: Duration,
    /// Then, how long its calls in flight get before the connection is
    /// closed (`max_connection_age_grace_ms`).
    #[serde(rename = "max_connection_age_grace_ms", deserialize_with = "millis")]
    pub max_connection_age_grace: Duration,
    /// Whether gRPC server reflection (v1 and v1alpha) is served.
    pub reflection: bool,
}

impl ServerSettings {
    /// Accepted range of `max_concurrent_streams`.
    pub const MAX_CONCURRENT_STREAMS: std::ops::RangeInclusive<u32> = 1..=10_000;

    /// Checks every key (keys relative to `server`).
    pub fn check(&self, problems: &mut Problems) {
        let range = Self::MAX_CONCURRENT_STREAMS;
        problems.check(
            "max_concurrent_streams",
            range.contains(&self.max_concurrent_streams),
            format!(
                "must be {} to {} (got {})",
                range.start(),
                range.end(),
                self.max_concurrent_streams
            ),
        );
        for (key, value) in [
            ("http2_keepalive_interval_ms", self.http2_keepalive_interval),
            ("http2_keepalive_timeout_ms", self.http2_keepalive_timeout),
            ("idle_connection_timeout_ms", self.idle_connection_timeout),
            ("header_read_timeout_ms", self.header_read_timeout),
            ("request_body_timeout_ms", self.request_body_timeout),
            ("default_call_timeout_ms", self.default_call_timeout),
            ("max_connection_age_ms", self.max_connection_age),
            ("max_connection_age_grace_ms", self.max_connection_age_grace),
        ] {
            problems.check(
                key,
                !value.is_zero(),
                "must be above 0 (a zero timeout would close every connection)",
            );
        }
        for (key, value) in [
            ("shutdown_grace_delay_ms", self.shutdown_grace_delay),
            ("shutdown_drain_timeout_ms", self.shutdown_drain_timeout),
            ("http2_keepalive_interval_ms", self.http2_keepalive_interval),
            ("http2_keepalive_timeout_ms", self.http2_keepalive_timeout),
            ("idle_connection_timeout_ms", self.idle_connection_timeout),
            ("header_read_timeout_ms", self.header_read_timeout),
            ("request_body_timeout_ms", self.request_body_timeout),
            ("default_call_timeout_ms", self.default_call_timeout),
            ("max_connection_age_grace_ms", self.max_connection_age_grace),
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
        // A connection age may exceed an hour (a day is common).
        problems.check(
            "max_connection_age_ms",
            self.max_connection_age <= MAX_CONNECTION_AGE,
            format!(
                "must be at most {} (one week), got {}",
                MAX_CONNECTION_AGE.as_millis(),
                self.max_connection_age.as_millis()
            ),
        );
    }
}

/// Longest accepted `max_connection_age_ms`: one week.
const MAX_CONNECTION_AGE: Duration = Duration::from_secs(7 * 24 * 60 * 60);
