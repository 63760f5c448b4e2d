//! Why telemetry could not start.

/// Why telemetry could not start.
#[derive(Debug, thiserror::Error)]
pub enum TelemetryError {
    /// An exporter could not be built.
    #[error("cannot start telemetry: {0}")]
    Exporter(String),
    /// [`init`](super::init) was already called in this process.
    #[error("telemetry is already initialised in this process")]
    AlreadyInitialised,
}
