//! Metrics: the meter provider (Prometheus registry and, when an endpoint is
//! configured, OTLP push), the instruments, and the small API that handlers
//! call.
//!
//! Handlers record business events with [`record_classification`],
//! [`record_items`] and [`record_pyramid_analysis`], and the life of a
//! response stream through the [`OpenStream`] that [`open_stream`] returns;
//! RPC counts and durations are recorded for every RPC by
//! [`super::grpc_layer`]. Before telemetry is
//! installed (unit tests, tools) every call is a cheap no-op.
//!
//! Metric names follow the OpenTelemetry conventions; in Prometheus, dots
//! become underscores, units become suffixes and counters end in `_total`:
//!
//! | instrument | Prometheus | attributes |
//! |---|---|---|
//! | `rpc.server.call.duration` (histogram, s) | `rpc_server_call_duration_seconds` | `rpc.system`, `rpc.service`, `rpc.method`, `rpc.grpc.status_code`, `stage_scorer.caller` |
//! | `rpc.server.requests` (counter) | `rpc_server_requests_total` | same |
//! | `rpc.server.active_requests` (up-down counter) | `rpc_server_active_requests` | `rpc.system`, `rpc.service`, `rpc.method` |
//! | `stage_scorer.classifications` (counter) | `stage_scorer_classifications_total` | `stage_scorer.stage`, `stage_scorer.model.version` |
//! | `stage_scorer.warnings` (counter) | `stage_scorer_warnings_total` | `stage_scorer.warning.code`, `stage_scorer.warning.severity` |
//! | `stage_scorer.pyramid_analyses` (counter) | `stage_scorer_pyramid_analyses_total` | |
//! | `stage_scorer.rpc.items` (histogram) | `stage_scorer_rpc_items` | `rpc.method` |
//! | `stage_scorer.streams.open` (up-down counter) | `stage_scorer_streams_open` | `rpc.method` |
//! | `stage_scorer.stream.items` (counter) | `stage_scorer_stream_items_total` | `rpc.method` |
//! | `stage_scorer.stream.results` (counter) | `stage_scorer_stream_results_total` | `rpc.method` |
//! | `stage_scorer.stream.backpressure_waits` (counter) | `stage_scorer_stream_backpressure_waits_total` | `rpc.method` |
//! | `stage_scorer.calls_shed` (counter) | `stage_scorer_calls_shed_total` | `rpc.method`, `stage_scorer.shed_reason` |
//! | `stage_scorer.calls_abandoned` (counter) | `stage_scorer_calls_abandoned_total` | |

use std::{
    sync::{Arc, LazyLock, RwLock},
    time::Duration,
};

use opentelemetry::{
    KeyValue,
    metrics::{Counter, Histogram, Meter, MeterProvider as _, UpDownCounter},
};
use opentelemetry_otlp::{MetricExporter, WithExportConfig};
use opentelemetry_sdk::{
    Resource,
    metrics::{PeriodicReader, SdkMeterProvider},
};

use super::{error::TelemetryError, rpc_annotations, semconv};
use crate::{
    config::TelemetrySettings,
    domain::scoring::{classification::Classification, warnings::Severity},
};

/// Buckets of the RPC duration histogram, in seconds.
const DURATION_BUCKETS: [f64; 16] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
    60.0,
];
/// Buckets of the items-per-call histogram.
const ITEM_BUCKETS: [f64; 13] = [
    1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0, 5000.0, 10000.0,
];

/// The process-wide Prometheus registry the metrics endpoint serves.
static REGISTRY: LazyLock<prometheus::Registry> = LazyLock::new(prometheus::Registry::new);

/// The instruments in use: no-op until [`install`] swaps in real ones.
static INSTRUMENTS: LazyLock<RwLock<Arc<Instruments>>> = LazyLock::new(|| {
    RwLock::new(Arc::new(Instruments::new(
        &opentelemetry::global::meter_provider().meter(env!("CARGO_PKG_NAME")),
    )))
});

/// The Prometheus registry holding this process's metrics.
pub fn registry() -> prometheus::Registry {
    REGISTRY.clone()
}

/// Counts one classification: its stage, and each of its warnings by code.
/// Inside an RPC, also notes it for the RPC's span (see
/// `rpc_annotations.rs`). Call once per partner classified, whatever the
/// RPC (single, batch or stream).
pub fn record_classification(classification: &Classification) {
    let instruments = instruments();
    instruments.classifications.add(
        1,
        &[
            KeyValue::new(semconv::STAGE, classification.stage.to_string()),
            KeyValue::new(semconv::MODEL_VERSION, classification.model_version.clone()),
        ],
    );
    for warning in &classification.warnings {
        instruments.warnings.add(
            1,
            &[
                KeyValue::new(semconv::WARNING_CODE, warning.code.as_str()),
                KeyValue::new(semconv::WARNING_SEVERITY, severity_name(warning.severity)),
            ],
        );
    }
    rpc_annotations::annotate_classification(classification.stage);
}

/// Records how many items (partners) one batch or stream call carried, with
/// the RPC's method name, e.g. `record_items("ClassifyPartners", 250)`.
pub fn record_items(method: &'static str, items: u64) {
    instruments()
        .items
        .record(items, &[KeyValue::new(semconv::RPC_METHOD, method)]);
}

/// Counts one pyramid analysis.
pub fn record_pyramid_analysis() {
    instruments().pyramid_analyses.add(1, &[]);
}

/// Counts a stream of `method` (e.g. `"StreamClassifyPartners"`) as open
/// until the returned [`OpenStream`] is dropped; record what flows through
/// the stream on it. Hold it in the task doing the stream's work, so that
/// however that work ends (completion, cancellation, error, panic) the
/// stream stops counting as open.
pub fn open_stream(method: &'static str) -> OpenStream {
    let stream = OpenStream {
        instruments: instruments(),
        attributes: [KeyValue::new(semconv::RPC_METHOD, method)],
    };
    stream.instruments.streams_open.add(1, &stream.attributes);
    stream
}

/// One open stream (see [`open_stream`]). Its counts go to the instruments
/// in use when it opened, so that its end always balances its start.
pub struct OpenStream {
    instruments: Arc<Instruments>,
    attributes: [KeyValue; 1],
}

impl OpenStream {
    /// Counts one request message read from the client.
    pub fn item_received(&self) {
        self.instruments.stream_items.add(1, &self.attributes);
    }

    /// Counts one response message handed to the transport.
    pub fn result_sent(&self) {
        self.instruments.stream_results.add(1, &self.attributes);
    }

    /// Counts one wait for the client: the buffer of unread results was
    /// full, so the stream stopped reading requests until there was room.
    pub fn backpressure_wait(&self) {
        self.instruments
            .stream_backpressure_waits
            .add(1, &self.attributes);
    }
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        self.instruments.streams_open.add(-1, &self.attributes);
    }
}

impl std::fmt::Debug for OpenStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenStream")
            .field("attributes", &self.attributes)
            .finish_non_exhaustive()
    }
}

/// Counts one call refused by admission control, for `reason` (see
/// [`semconv::SHED_REASON`]).
pub fn record_shed(method: Arc<str>, reason: &'static str) {
    instruments().calls_shed.add(
        1,
        &[
            KeyValue::new(semconv::RPC_METHOD, method),
            KeyValue::new(semconv::SHED_REASON, reason),
        ],
    );
}

/// Counts `calls` still in flight when the shutdown drain timed out.
pub fn record_abandoned(calls: u64) {
    instruments().calls_abandoned.add(calls, &[]);
}

/// Labels of one RPC, shared by its start and end.
#[derive(Debug, Clone)]
pub(crate) struct RpcLabels {
    base: [KeyValue; 3],
}

impl RpcLabels {
    pub(crate) fn new(service: Arc<str>, method: Arc<str>) -> Self {
        Self {
            base: [
                KeyValue::new(semconv::RPC_SYSTEM, semconv::RPC_SYSTEM_GRPC),
                KeyValue::new(semconv::RPC_SERVICE, service),
                KeyValue::new(semconv::RPC_METHOD, method),
            ],
        }
    }
}

/// An RPC arrived.
pub(crate) fn rpc_started(labels: &RpcLabels) {
    instruments().rpc_active.add(1, &labels.base);
}

/// An RPC ended with `code` after `elapsed`.
pub(crate) fn rpc_finished(labels: &RpcLabels, code: i32, elapsed: Duration, caller: Arc<str>) {
    let instruments = instruments();
    instruments.rpc_active.add(-1, &labels.base);
    let [system, service, method] = labels.base.clone();
    let attributes = [
        system,
        service,
        method,
        KeyValue::new(semconv::RPC_GRPC_STATUS_CODE, i64::from(code)),
        KeyValue::new(semconv::CALLER, caller),
    ];
    instruments
        .rpc_duration
        .record(elapsed.as_secs_f64(), &attributes);
    instruments.rpc_requests.add(1, &attributes);
}

/// Builds the meter provider: a Prometheus reader on [`registry`] when the
/// endpoint is enabled, and a periodic OTLP reader when `otlp_endpoint` is
/// given. Must run inside the tokio runtime.
pub fn build(
    settings: &TelemetrySettings,
    otlp_endpoint: Option<&str>,
    resource: Resource,
) -> Result<SdkMeterProvider, TelemetryError> {
    let mut builder = SdkMeterProvider::builder().with_resource(resource);
    if settings.prometheus.enabled {
        let exporter = opentelemetry_prometheus::exporter()
            .with_registry(registry())
            .build()
            .map_err(|e| TelemetryError::Exporter(format!("prometheus: {e}")))?;
        builder = builder.with_reader(exporter);
    }
    if let Some(endpoint) = otlp_endpoint {
        let exporter = super::otlp_tls::secure(MetricExporter::builder().with_tonic(), endpoint)
            .with_endpoint(endpoint)
            .with_timeout(settings.otlp_timeout)
            .build()
            .map_err(|e| TelemetryError::Exporter(format!("metrics: {e}")))?;
        builder = builder.with_reader(
            PeriodicReader::builder(exporter)
                .with_interval(settings.metrics_export_interval)
                .build(),
        );
    }
    Ok(builder.build())
}

/// Makes `provider` the source of every instrument from now on.
pub fn install(provider: &SdkMeterProvider) {
    opentelemetry::global::set_meter_provider(provider.clone());
    let fresh = Arc::new(Instruments::new(&provider.meter(env!("CARGO_PKG_NAME"))));
    *INSTRUMENTS.write().unwrap_or_else(|e| e.into_inner()) = fresh;
}

fn instruments() -> Arc<Instruments> {
    INSTRUMENTS
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "INFO",
        Severity::Warning => "WARNING",
        Severity::Critical => "CRITICAL",
    }
}

struct Instruments {
    rpc_duration: Histogram<f64>,
    rpc_requests: Counter<u64>,
    rpc_active: UpDownCounter<i64>,
    classifications: Counter<u64>,
    warnings: Counter<u64>,
    pyramid_analyses: Counter<u64>,
    items: Histogram<u64>,
    streams_open: UpDownCounter<i64>,
    stream_items: Counter<u64>,
    stream_results: Counter<u64>,
    stream_backpressure_waits: Counter<u64>,
    calls_shed: Counter<u64>,
    calls_abandoned: Counter<u64>,
}

impl Instruments {
    fn new(meter: &Meter) -> Self {
        Self {
            rpc_duration: meter
                .f64_histogram("rpc.server.call.duration")
                .with_description("Duration of RPCs handled, until the last response byte")
                .with_unit("s")
                .with_boundaries(DURATION_BUCKETS.to_vec())
                .build(),
            rpc_requests: meter
                .u64_counter("rpc.server.requests")
                .with_description("RPCs handled, by method and gRPC status code")
                .with_unit("{request}")
                .build(),
            rpc_active: meter
                .i64_up_down_counter("rpc.server.active_requests")
                .with_description("RPCs in progress")
                .with_unit("{request}")
                .build(),
            classifications: meter
                .u64_counter("stage_scorer.classifications")
                .with_description("Partners classified, by resulting stage and model version")
                .with_unit("{partner}")
                .build(),
            warnings: meter
                .u64_counter("stage_scorer.warnings")
                .with_description("Warnings raised on classifications, by code and severity")
                .with_unit("{warning}")
                .build(),
            pyramid_analyses: meter
                .u64_counter("stage_scorer.pyramid_analyses")
                .with_description("Pyramid analyses computed")
                .with_unit("{analysis}")
                .build(),
            items: meter
                .u64_histogram("stage_scorer.rpc.items")
                .with_description("Items (partners) carried by one batch or stream call")
                .with_unit("{item}")
                .with_boundaries(ITEM_BUCKETS.to_vec())
                .build(),
            streams_open: meter
                .i64_up_down_counter("stage_scorer.streams.open")
                .with_description("Streams whose server-side work is still running")
                .with_unit("{stream}")
                .build(),
            stream_items: meter
                .u64_counter("stage_scorer.stream.items")
                .with_description("Request messages read from clients' streams")
                .with_unit("{item}")
                .build(),
            stream_results: meter
                .u64_counter("stage_scorer.stream.results")
                .with_description("Response messages handed to the transport on streams")
                .with_unit("{result}")
                .build(),
            stream_backpressure_waits: meter
                .u64_counter("stage_scorer.stream.backpressure_waits")
                .with_description(
                    "Times a stream found its buffer of unread results full and waited \
                     for the client before reading another request",
                )
                .with_unit("{wait}")
                .build(),
            calls_shed: meter
                .u64_counter("stage_scorer.calls_shed")
                .with_description(
                    "Calls refused at once by admission control (RESOURCE_EXHAUSTED), \
                     by method and exhausted budget",
                )
                .with_unit("{call}")
                .build(),
            calls_abandoned: meter
                .u64_counter("stage_scorer.calls_abandoned")
                .with_description("Calls still in flight when the shutdown drain timeout cut them")
                .with_unit("{call}")
                .build(),
        }
    }
}
