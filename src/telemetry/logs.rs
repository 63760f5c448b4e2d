//! Logging through `tracing`: text for people or JSON for log shippers, with
//! the level from configuration unless `RUST_LOG` is set; plus, when traces
//! are exported, the layer that turns this crate's spans into OpenTelemetry
//! spans.

use std::io::IsTerminal;

use opentelemetry_sdk::trace::Tracer;
use tracing::Level;
use tracing_subscriber::{
    EnvFilter, Layer, Registry, filter::Targets, fmt, layer::SubscriberExt, util::SubscriberInitExt,
};

use crate::config::{LogFormat, LogSettings};

type BoxedLayer = Box<dyn Layer<Registry> + Send + Sync + 'static>;

/// The `EnvFilter` of the log output: `RUST_LOG` when set and valid, else
/// `log.level` (validated at start-up), else `info`.
pub fn log_filter(settings: &LogSettings) -> EnvFilter {
    EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&settings.level))
        .unwrap_or_else(|_| EnvFilter::new("info"))
}

/// Installs the global subscriber. Call once, before anything logs; a second
/// call (as in tests) leaves the first subscriber in place.
///
/// The log filter applies to log output only: traces (when `tracer` is given)
/// get this crate's INFO spans whatever the log level, so that turning logs
/// down does not turn tracing off. OpenTelemetry's own diagnostics (export
/// failures included) are `tracing` events of the `opentelemetry*` targets
/// and show in the logs at WARN and ERROR with the default level.
pub fn install(settings: &LogSettings, tracer: Option<Tracer>) {
    let output: BoxedLayer = match settings.format {
        LogFormat::Text => fmt::layer()
            // Colours only for a person at a terminal, never in files or pipes.
            .with_ansi(std::io::stderr().is_terminal())
            .with_writer(std::io::stderr)
            .with_filter(log_filter(settings))
            .boxed(),
        LogFormat::Json => fmt::layer()
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(true)
            .with_writer(std::io::stderr)
            .with_filter(log_filter(settings))
            .boxed(),
    };
    let mut layers = vec![output];
    if let Some(tracer) = tracer {
        // Only this crate's spans: never the exporter's own transport
        // (tonic, h2, hyper), which would feed back into itself.
        let traced = Targets::new().with_target(env!("CARGO_CRATE_NAME"), Level::INFO);
        layers.push(
            tracing_opentelemetry::layer()
                .with_tracer(tracer)
                .with_level(false)
                .with_target(false)
                .with_location(false)
                .with_threads(false)
                .with_tracked_inactivity(false)
                .with_filter(traced)
                .boxed(),
        );
    }
    if tracing_subscriber::registry()
        .with(layers)
        .try_init()
        .is_err()
    {
        tracing::debug!("a tracing subscriber was already installed");
    }
}
