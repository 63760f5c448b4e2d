//! Telemetry: logs, traces and metrics.
//!
//! - [`logs`]: the `tracing` subscriber (text or JSON, level from
//!   configuration or `RUST_LOG`).
//! - [`traces`]: spans exported over OTLP/gRPC when `telemetry.otlp_endpoint`
//!   is set.
//! - [`metrics`]: instruments, the API handlers call, OTLP push and the
//!   Prometheus registry.
//! - [`grpc_layer`]: the tower layer that traces and measures every RPC;
//!   handlers annotate the RPC's span through `rpc_annotations` (which the
//!   layer and [`metrics`] both use).
//! - [`propagation`]: W3C Trace Context from request metadata.
//! - [`prometheus_endpoint`]: the HTTP endpoint Prometheus scrapes.
//!
//! [`init`] installs everything once per process, inside the tokio runtime;
//! [`Telemetry::shutdown`] flushes what is buffered before exit.

pub mod client_faults;
mod error;
pub mod grpc_layer;
pub mod logs;
pub mod metrics;
mod otlp_tls;
pub mod prometheus_endpoint;
pub mod propagation;
mod rpc_annotations;
pub mod rpc_catalog;
pub mod semconv;
pub mod traces;

pub use error::TelemetryError;

use std::sync::atomic::{AtomicBool, Ordering};

use opentelemetry::KeyValue;
use opentelemetry_sdk::{Resource, metrics::SdkMeterProvider, trace::SdkTracerProvider};

use crate::config::Settings;

/// Installed telemetry; shut it down before exit to flush.
#[derive(Debug)]
pub struct Telemetry {
    tracer_provider: Option<SdkTracerProvider>,
    meter_provider: SdkMeterProvider,
}

static INITIALISED: AtomicBool = AtomicBool::new(false);

/// Installs logs, traces (when an OTLP endpoint is configured) and metrics
/// for the whole process. Call once, inside the tokio runtime.
pub fn init(settings: &Settings) -> Result<Telemetry, TelemetryError> {
    if INITIALISED.swap(true, Ordering::SeqCst) {
        return Err(TelemetryError::AlreadyInitialised);
    }
    let telemetry = &settings.telemetry;
    let endpoint = telemetry.otlp_endpoint();
    let resource = Resource::builder()
        .with_service_name(telemetry.service_name.clone())
        .with_attribute(KeyValue::new("service.version", env!("CARGO_PKG_VERSION")))
        .build();
    propagation::install_global();
    let (tracer_provider, tracer) = match endpoint {
        Some(endpoint) => {
            let (provider, tracer) = traces::build(telemetry, endpoint, resource.clone())?;
            opentelemetry::global::set_tracer_provider(provider.clone());
            (Some(provider), Some(tracer))
        }
        None => (None, None),
    };
    logs::install(&settings.log, tracer);
    let meter_provider = metrics::build(telemetry, endpoint, resource)?;
    metrics::install(&meter_provider);
    match endpoint {
        Some(endpoint) => tracing::info!(
            otlp_endpoint = endpoint,
            metrics_export_interval_ms = telemetry.metrics_export_interval.as_millis(),
            trace_sample_ratio = telemetry.trace_sample_ratio,
            "exporting traces and metrics over OTLP/gRPC"
        ),
        None => tracing::info!("no telemetry.otlp_endpoint: traces and OTLP metrics are off"),
    }
    Ok(Telemetry {
        tracer_provider,
        meter_provider,
    })
}

impl Telemetry {
    /// Flushes and stops the exporters. Failures are logged, not returned:
    /// nothing else can be done about them at exit.
    pub async fn shutdown(self) {
        let Self {
            tracer_provider,
            meter_provider,
        } = self;
        // The SDK blocks while exporting; keep that off the runtime's workers,
        // which drive the exporters' connections.
        let flushed = tokio::task::spawn_blocking(move || {
            if let Some(provider) = tracer_provider
                && let Err(e) = provider.shutdown()
            {
                tracing::warn!(error = %e, "flushing spans failed");
            }
            if let Err(e) = meter_provider.shutdown() {
                tracing::warn!(error = %e, "flushing metrics failed");
            }
        })
        .await;
        if let Err(e) = flushed {
            tracing::warn!(error = %e, "telemetry shutdown panicked");
        }
        tracing::info!("telemetry flushed");
    }
}
