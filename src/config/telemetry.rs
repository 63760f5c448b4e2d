//! The `[telemetry]` configuration section and its start-up validation.

use std::{net::SocketAddr, time::Duration};

use serde::Deserialize;

use super::{ConfigurationError, ServerSettings};

/// Traces and metrics.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TelemetrySettings {
    /// OTLP/gRPC collector endpoint (`http://host:port`); empty: no export.
    pub otlp_endpoint: String,
    /// Timeout of one OTLP export call, in milliseconds.
    pub otlp_timeout_ms: u64,
    /// Interval between OTLP metric exports, in milliseconds.
    pub metrics_export_interval_ms: u64,
    /// Share of new (root) traces sampled, 0..1.
    pub trace_sample_ratio: f64,
    /// `service.name` resource attribute.
    pub service_name: String,
    /// The Prometheus text endpoint.
    pub prometheus: PrometheusSettings,
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

    /// Timeout of one OTLP export call.
    pub fn otlp_timeout(&self) -> Duration {
        Duration::from_millis(self.otlp_timeout_ms)
    }

    /// Interval between OTLP metric exports.
    pub fn metrics_export_interval(&self) -> Duration {
        Duration::from_millis(self.metrics_export_interval_ms)
    }

    /// Checks every key; the error names the first bad one.
    pub fn validate(&self, server: &ServerSettings) -> Result<(), ConfigurationError> {
        if let Some(endpoint) = self.otlp_endpoint() {
            validate_endpoint(endpoint)
                .map_err(|reason| ConfigurationError::invalid("telemetry.otlp_endpoint", reason))?;
        }
        for (key, value) in [
            ("telemetry.otlp_timeout_ms", self.otlp_timeout_ms),
            (
                "telemetry.metrics_export_interval_ms",
                self.metrics_export_interval_ms,
            ),
        ] {
            if value == 0 || value > 3_600_000 {
                return Err(ConfigurationError::invalid(
                    key,
                    format!("must be between 1 and 3600000 (one hour), got {value}"),
                ));
            }
        }
        if !(0.0..=1.0).contains(&self.trace_sample_ratio) {
            return Err(ConfigurationError::invalid(
                "telemetry.trace_sample_ratio",
                format!("must be between 0 and 1, got {}", self.trace_sample_ratio),
            ));
        }
        if self.service_name.trim().is_empty() {
            return Err(ConfigurationError::invalid(
                "telemetry.service_name",
                "must not be empty",
            ));
        }
        self.prometheus.validate(server)
    }
}

impl PrometheusSettings {
    fn validate(&self, server: &ServerSettings) -> Result<(), ConfigurationError> {
        if !self.path.starts_with('/')
            || self.path.len() < 2
            || self
                .path
                .contains(|c: char| c.is_whitespace() || c == '?' || c == '#')
        {
            return Err(ConfigurationError::invalid(
                "telemetry.prometheus.path",
                format!(
                    "must be an absolute HTTP path such as \"/metrics\", got {:?}",
                    self.path
                ),
            ));
        }
        if self.enabled && self.address.port() != 0 && self.address.port() == server.address.port()
        {
            return Err(ConfigurationError::invalid(
                "telemetry.prometheus.address",
                format!(
                    "must use another port than server.address ({}), got {}",
                    server.address, self.address
                ),
            ));
        }
        Ok(())
    }
}

/// An OTLP/gRPC endpoint must be `http://host:port` (TLS is not built in).
fn validate_endpoint(endpoint: &str) -> Result<(), String> {
    let uri: http::Uri = endpoint
        .parse()
        .map_err(|e| format!("is not a URL ({e}), got {endpoint:?}"))?;
    match uri.scheme_str() {
        Some("http") => {}
        Some("https") => {
            return Err(format!(
                "https is not supported (no TLS is built in): send to a collector agent or \
                 sidecar over http, got {endpoint:?}"
            ));
        }
        _ => {
            return Err(format!(
                "must start with http://, e.g. \"http://otel-collector:4317\", got {endpoint:?}"
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
    use std::collections::HashMap;

    use crate::config::{Sources, load};

    fn with_env(vars: &[(&str, &str)]) -> Result<crate::config::Configuration, String> {
        load(&Sources {
            file: None,
            environment: Some(
                vars.iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect::<HashMap<_, _>>(),
            ),
        })
        .map_err(|e| e.to_string())
    }

    #[test]
    fn defaults_export_nothing_and_serve_prometheus() {
        let c = with_env(&[]).unwrap();
        let t = &c.settings.telemetry;
        assert_eq!(t.otlp_endpoint(), None);
        assert!(t.prometheus.enabled);
        assert_eq!(t.prometheus.address.port(), 9464);
        assert_eq!(t.prometheus.path, "/metrics");
        assert_eq!(c.settings.server.shutdown_grace_delay_ms, 5000);
        assert_eq!(c.settings.server.shutdown_drain_timeout_ms, 20000);
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
        assert!(!t.prometheus.enabled);
        assert_eq!(c.settings.server.shutdown_drain_timeout().as_millis(), 1500);
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
                "https://collector:4317",
                "telemetry.otlp_endpoint",
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
}
