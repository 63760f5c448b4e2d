//! Everything the process is configured with, section by section, and the
//! checks of the sections that are not the scoring model.

use serde::Deserialize;

use super::{
    AdmissionSettings, AuthSettings, HttpSettings, LimitSettings, LogSettings, ServerSettings,
    TelemetrySettings, TlsSettings,
};
use crate::domain::model::{ModelSettings, Problems};

/// Everything the process is configured with.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The gRPC server.
    pub server: ServerSettings,
    /// Logging.
    pub log: LogSettings,
    /// Traces and metrics: OTLP export and the Prometheus endpoint.
    pub telemetry: TelemetrySettings,
    /// Size limits of the batch and streaming RPCs.
    pub limits: LimitSettings,
    /// The HTTP/JSON and gRPC-web edge on the gRPC port.
    pub http: HttpSettings,
    /// Admission control: calls, items and request bytes in flight.
    pub admission: AdmissionSettings,
    /// TLS on the gRPC port.
    pub tls: TlsSettings,
    /// Bearer-token authentication of callers.
    pub auth: AuthSettings,
    /// The scoring model, as written (see
    /// [`Configuration::model`](super::Configuration::model)).
    pub model: ModelSettings,
}

impl Settings {
    /// Checks every section but the model (which
    /// [`ScoringModel::from_settings`](crate::domain::ScoringModel::from_settings)
    /// validates), with full keys such as `server.shutdown_grace_delay_ms`.
    pub fn check(&self) -> Problems {
        let mut problems = Problems::new();
        problems.under("server", |p| self.server.check(p));
        problems.under("log", |p| self.log.check(p));
        problems.under("telemetry", |p| self.telemetry.check(&self.server, p));
        problems.under("limits", |p| self.limits.check(p));
        problems.under("http", |p| self.http.check(p));
        problems.under("admission", |p| self.admission.check(p));
        problems.under("tls", |p| self.tls.check(p));
        problems.under("auth", |p| self.auth.check(p));
        problems
    }
}
