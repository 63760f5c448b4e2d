//! The `[telemetry]` section: OTLP export of traces and metrics, and the
//! Prometheus endpoint.

use std::{net::SocketAddr, time::Duration};

use serde::Deserialize;

use super::{
    ServerSettings,
    duration::{MAX_DURATION, millis},
};
use crate::domain::model::Problems;

/// Traces and metrics.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TelemetrySettings {
    /// OTLP/gRPC collector endpoint (`http://host:port`); empty: no export.
    pub otlp_endpoint: String,
    /// Timeout of one OTLP export call (`otlp_timeout_ms`).
    #[serde(rename = "otlp_timeout_ms", deserialize_with = "millis")]
    pub otlp_timeout: Duration,
    /// Interval between OTLP metric exports (`metrics_export_interval_ms`).
    #[serde(rename = "metrics_export_interval_ms", deserialize_with = "millis")]
    pub metrics_export_interval: Duration,
    /// Share of new (root) traces sampled, 0..1.
    pub trace_sample_ratio: f64,
    /// Whether a caller's sampled flag is honoured.
    pub trace_sampler: TraceSampler,
    /// `service.name` resource attribute.
    pub service_name: String,
    /// The Prometheus text endpoint.
    pub prometheus: PrometheusSettings,
}

/// How traces are chosen for export (`telemetry.trace_sampler`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceSampler {
    /// A call whose caller sent a `traceparent` follows the caller's
    /// sampled flag; other calls are sampled at `trace_sample_ratio`.
    ParentBased,
    /// Every call is sampled at `trace_sample_ratio` (by trace id, so the
    /// spans of one trace agree), whatever the caller asks: callers cannot
    /// raise the export volume.
    Ratio,
}

/// The Prometheus text endpoint.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrometheusSettings {
    /// Whether the HTTP endpoint is served.
    pub enabled: bool,
    /// Socket address of the HTTP server.
    pub address: SocketAddr,
    /// HTTP path of the metrics page.
    pub path: String,
}

impl TelemetrySettings {
    /// The OTLP endpoint, when one is configured.
    pub fn otlp_endpoint(&self) -> Option<&str> {
        let endpoint = self.otlp_endpoint.trim();
        (!endpoint.is_empty()).then_some(endpoint)
    }

    /// Checks every key (keys relative to `telemetry`); the Prometheus
    /// endpoint must not share the gRPC server's port.
    pub fn check(&self, server: &ServerSettings, problems: &mut Problems) {
        if let Some(endpoint) = self.otlp_endpoint()
            && let Err(reason) = check_endpoint(endpoint)
        {
            problems.push("otlp_endpoint", reason);
        }
        for (key, value) in [
            ("otlp_timeout_ms", self.otlp_timeout),
            ("metrics_export_interval_ms", self.metrics_export_interval),
        ] {
            problems.check(
                key,
                !value.is_zero() && value <= MAX_DURATION,
                format!(
                    "must be between 1 and {} (one hour), got {}",
                    MAX_DURATION.as_millis(),
                    value.as_millis()
                ),
            );
        }
        problems.check(
            "trace_sample_ratio",
            (0.0..=1.0).contains(&self.trace_sample_ratio),
            format!("must be between 0 and 1, got {}", self.trace_sample_ratio),
        );
        problems.check(
            "service_name",
            !self.service_name.trim().is_empty(),
            "must not be empty",
        );
        problems.under("prometheus", |p| self.prometheus.check(server, p));
    }
}

impl PrometheusSettings {
    /// Checks every key (keys relative to `telemetry.prometheus`).
    fn check(&self, server: &ServerSettings, problems: &mut Problems) {
        let path_ok = self.path.starts_with('/')
            && self.path.len() >= 2
            && !self
                .path
                .contains(|c: char| c.is_whitespace() || c == '?' || c == '#');
        problems.check(
            "path",
            path_ok,
            format!(
                "must be an absolute HTTP path such as \"/metrics\", got {:?}",
                self.path
            ),
        );
        let port = self.address.port();
        problems.check(
            "address",
            !(self.enabled && port != 0 && port == server.address.port()),
            format!(
                "must use another port than server.address ({}), got {}",
                server.address, self.address
            ),
        );
    }
}

/// An OTLP/gRPC endpoint must be `http://host:port` or `https://host:port`
/// (TLS, the server checked against the web PKI and the system's roots).
fn check_endpoint(endpoint: &str) -> Result<(), String> {
    let uri: http::Uri = endpoint
        .parse()
        .map_err(|e| format!("is not a URL ({e}), got {endpoint:?}"))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        _ => {
            return Err(format!(
                "must start with http:// or https://, e.g. \"http://otel-collector:4317\", got {endpoint:?}"
            ));
        }
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(format!("has no host, got {endpoint:?}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    fn with_env(vars: &[(&str, &str)]) -> Result<crate::config::Configuration, String> {
        crate::config::load::load_with_env(vars).map_err(|e| e.to_string())
    }

    #[test]
    fn defaults_export_nothing_and_serve_prometheus() {
        let c = with_env(&[]).unwrap();
        let t = &c.settings.telemetry;
        assert_eq!(t.otlp_endpoint(), None);
        assert!(t.prometheus.enabled);
        assert_eq!(t.prometheus.address.port(), 9464);
        assert_eq!(t.prometheus.path, "/metrics");
        assert_eq!(t.otlp_timeout, Duration::from_secs(10));
        assert_eq!(t.metrics_export_interval, Duration::from_secs(30));
        assert_eq!(
            c.settings.server.shutdown_grace_delay,
            Duration::from_secs(5)
        );
        assert_eq!(
            c.settings.server.shutdown_drain_timeout,
            Duration::from_secs(20)
        );
    }

    #[test]
    fn environment_sets_telemetry_keys() {
        let c = with_env(&[
            (
                "STAGE_SCORER__TELEMETRY__OTLP_ENDPOINT",
                "http://collector:4317",
            ),
            (
                "STAGE_SCORER__TELEMETRY__PROMETHEUS__ADDRESS",
                "127.0.0.1:0",
            ),
            ("STAGE_SCORER__TELEMETRY__PROMETHEUS__ENABLED", "false"),
            ("STAGE_SCORER__SERVER__SHUTDOWN_DRAIN_TIMEOUT_MS", "1500"),
        ])
        .unwrap();
        let t = &c.settings.telemetry;
        assert_eq!(t.otlp_endpoint(), Some("http://collector:4317"));
        assert_eq!(t.trace_sampler, super::TraceSampler::ParentBased);
        let https = with_env(&[
            (
                "STAGE_SCORER__TELEMETRY__OTLP_ENDPOINT",
                "https://collector:4317",
            ),
            ("STAGE_SCORER__TELEMETRY__TRACE_SAMPLER", "ratio"),
        ])
        .unwrap();
        let secure = &https.settings.telemetry;
        assert_eq!(secure.otlp_endpoint(), Some("https://collector:4317"));
        assert_eq!(secure.trace_sampler, super::TraceSampler::Ratio);
        assert!(!t.prometheus.enabled);
        assert_eq!(
            c.settings.server.shutdown_drain_timeout,
            Duration::from_millis(1500)
        );
    }

    #[test]
    fn bad_values_name_their_key() {
        for (var, value, key) in [
            (
                "STAGE_SCORER__TELEMETRY__OTLP_ENDPOINT",
                "collector:4317",
                "telemetry.otlp_endpoint",
            ),
            (
                "STAGE_SCORER__TELEMETRY__OTLP_ENDPOINT",
                "ftp://collector:4317",
                "telemetry.otlp_endpoint",
            ),
            (
                "STAGE_SCORER__TELEMETRY__TRACE_SAMPLER",
                "always",
                "telemetry.trace_sampler",
            ),
            (
                "STAGE_SCORER__TELEMETRY__TRACE_SAMPLE_RATIO",
                "1.5",
                "telemetry.trace_sample_ratio",
            ),
            (
                "STAGE_SCORER__TELEMETRY__METRICS_EXPORT_INTERVAL_MS",
                "0",
                "telemetry.metrics_export_interval_ms",
            ),
            (
                "STAGE_SCORER__TELEMETRY__PROMETHEUS__PATH",
                "metrics",
                "telemetry.prometheus.path",
            ),
            (
                "STAGE_SCORER__TELEMETRY__PROMETHEUS__ADDRESS",
                "0.0.0.0:50051",
                "telemetry.prometheus.address",
            ),
            (
                "STAGE_SCORER__SERVER__SHUTDOWN_GRACE_DELAY_MS",
                "3600001",
                "server.shutdown_grace_delay_ms",
            ),
            (
                "STAGE_SCORER__TELEMETRY__SERVICE_NAME",
                " ",
                "telemetry.service_name",
            ),
        ] {
            let err = with_env(&[(var, value)]).unwrap_err();
            assert!(err.contains(key), "{var}={value}: {err}");
        }
    }

    #[test]
    fn every_bad_telemetry_key_is_named_at_once() {
        let err = with_env(&[
            ("STAGE_SCORER__TELEMETRY__OTLP_ENDPOINT", "collector:4317"),
            ("STAGE_SCORER__TELEMETRY__OTLP_TIMEOUT_MS", "0"),
            ("STAGE_SCORER__TELEMETRY__TRACE_SAMPLE_RATIO", "-0.5"),
            ("STAGE_SCORER__TELEMETRY__PROMETHEUS__PATH", "metrics"),
            (
                "STAGE_SCORER__TELEMETRY__PROMETHEUS__ADDRESS",
                "0.0.0.0:50051",
            ),
        ])
        .unwrap_err();
        assert_eq!(
            err,
            "invalid configuration:\n\
             telemetry.otlp_endpoint: must start with http:// or https://, e.g. \"http://otel-collector:4317\", \
             got \"collector:4317\"\n\
             telemetry.otlp_timeout_ms: must be between 1 and 3600000 (one hour), got 0\n\
             telemetry.trace_sample_ratio: must be between 0 and 1, got -0.5\n\
             telemetry.prometheus.path: must be an absolute HTTP path such as \"/metrics\", \
             got \"metrics\"\n\
             telemetry.prometheus.address: must use another port than server.address \
             (0.0.0.0:50051), got 0.0.0.0:50051"
        );
    }
}
