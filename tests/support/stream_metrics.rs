//! The `StreamClassifyPartners` stream instruments as the server's
//! Prometheus registry shows them: open streams, items received, results
//! sent and back-pressure waits.
//!
//! Metrics are process-wide, so [`StreamMetrics::start`] installs them once
//! per test binary (Prometheus reader only) and gives one test at a time
//! exclusive use of the stream counters, counting from zero: every test of a
//! binary that opens streams must hold one. Not for the telemetry test
//! binaries, which install the whole of telemetry themselves.

use std::{
    sync::{LazyLock, Once},
    time::Duration,
};

use stage_scorer::{config, telemetry::metrics};
use tokio::sync::{Mutex, MutexGuard};

use super::prometheus_text::sample;

const METHOD: &str = r#"rpc_method="StreamClassifyPartners""#;

/// The stream counters, relative to when [`StreamMetrics::start`] was
/// called.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamCounts {
    /// `stage_scorer_streams_open`: streams whose server work is running.
    pub open: i64,
    /// `stage_scorer_stream_items_total`: requests read.
    pub items: u64,
    /// `stage_scorer_stream_results_total`: results handed to the transport.
    pub results: u64,
    /// `stage_scorer_stream_backpressure_waits_total`.
    pub backpressure_waits: u64,
}

impl StreamCounts {
    /// The counters in the registry now (a sample not yet recorded is 0).
    fn in_registry() -> Self {
        let page = prometheus::TextEncoder::new()
            .encode_to_string(&metrics::registry().gather())
            .expect("the registry encodes");
        let value = |metric: &str| sample(&page, metric, &[METHOD]).unwrap_or(0.0);
        Self {
            open: value("stage_scorer_streams_open") as i64,
            items: value("stage_scorer_stream_items_total") as u64,
            results: value("stage_scorer_stream_results_total") as u64,
            backpressure_waits: value("stage_scorer_stream_backpressure_waits_total") as u64,
        }
    }

    fn since(self, baseline: Self) -> Self {
        Self {
            open: self.open - baseline.open,
            items: self.items - baseline.items,
            results: self.results - baseline.results,
            backpressure_waits: self.backpressure_waits - baseline.backpressure_waits,
        }
    }
}

/// Exclusive use of the stream counters, counting from its start.
pub struct StreamMetrics {
    baseline: StreamCounts,
    _exclusive: MutexGuard<'static, ()>,
}

static EXCLUSIVE: LazyLock<Mutex<()>> = LazyLock::new(|| Mutex::new(()));

impl StreamMetrics {
    /// Installs the metrics (once per process), waits for any other test
    /// using the stream counters to finish, and starts counting.
    pub async fn start() -> Self {
        static INSTALL: Once = Once::new();
        INSTALL.call_once(|| {
            let settings = config::builtin().settings.telemetry;
            let resource = opentelemetry_sdk::Resource::builder().build();
            let provider =
                metrics::build(&settings, None, resource).expect("the meter provider builds");
            metrics::install(&provider);
        });
        let exclusive = EXCLUSIVE.lock().await;
        Self {
            baseline: StreamCounts::in_registry(),
            _exclusive: exclusive,
        }
    }

    /// The counters now.
    pub fn read(&self) -> StreamCounts {
        StreamCounts::in_registry().since(self.baseline)
    }

    /// Polls until `condition` holds (for up to a minute), then returns the
    /// counters that satisfied it.
    pub async fn wait_until(
        &self,
        what: &str,
        condition: impl Fn(&StreamCounts) -> bool,
    ) -> StreamCounts {
        let mut counts = self.read();
        for _ in 0..6_000 {
            if condition(&counts) {
                return counts;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
            counts = self.read();
        }
        panic!("timed out waiting for {what}: {counts:?}");
    }
}
