//! Traces: the tracer provider exporting spans over OTLP/gRPC, when an
//! endpoint is configured.

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::{SpanExporter, WithExportConfig};
use opentelemetry_sdk::{
    Resource,
    trace::{Sampler, SdkTracerProvider, Tracer},
};

use super::error::TelemetryError;
use crate::config::{TelemetrySettings, TraceSampler};

/// Builds the provider and its tracer. Must run inside the tokio runtime:
/// the exporter's channel lives on it.
pub fn build(
    settings: &TelemetrySettings,
    endpoint: &str,
    resource: Resource,
) -> Result<(SdkTracerProvider, Tracer), TelemetryError> {
    let exporter = super::otlp_tls::secure(SpanExporter::builder().with_tonic(), endpoint)
        .with_endpoint(endpoint)
        .with_timeout(settings.otlp_timeout)
        .build()
        .map_err(|e| TelemetryError::Exporter(format!("spans: {e}")))?;
    let provider = SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_sampler(sampler(settings))
        .with_resource(resource)
        .build();
    let tracer = provider.tracer(env!("CARGO_PKG_NAME"));
    Ok((provider, tracer))
}

/// The operator's choice (`telemetry.trace_sampler`): honour the caller's
/// sampled flag, or sample every trace at the ratio.
fn sampler(settings: &TelemetrySettings) -> Sampler {
    let ratio = Sampler::TraceIdRatioBased(settings.trace_sample_ratio);
    match settings.trace_sampler {
        TraceSampler::ParentBased => Sampler::ParentBased(Box::new(ratio)),
        TraceSampler::Ratio => ratio,
    }
}

#[cfg(test)]
mod tests {
    use opentelemetry::{
        Context,
        trace::{SpanContext, SpanId, SpanKind, TraceContextExt, TraceFlags, TraceId, TraceState},
    };
    use opentelemetry_sdk::trace::{SamplingDecision, ShouldSample};

    use super::sampler;
    use crate::config::TraceSampler;

    /// The decision for a span whose caller sent a sampled `traceparent`,
    /// with a ratio of 0.
    fn decision_for_sampled_caller(choice: TraceSampler) -> SamplingDecision {
        let mut settings = crate::config::builtin().settings.telemetry;
        settings.trace_sample_ratio = 0.0;
        settings.trace_sampler = choice;
        let trace_id = TraceId::from_bytes([7; 16]);
        let parent = Context::new().with_remote_span_context(SpanContext::new(
            trace_id,
            SpanId::from_bytes([3; 8]),
            TraceFlags::SAMPLED,
            true,
            TraceState::default(),
        ));
        sampler(&settings)
            .should_sample(Some(&parent), trace_id, "rpc", &SpanKind::Server, &[], &[])
            .decision
    }

    #[test]
    fn the_operator_chooses_whether_the_callers_flag_wins() {
        assert_eq!(
            decision_for_sampled_caller(TraceSampler::ParentBased),
            SamplingDecision::RecordAndSample
        );
        assert_eq!(
            decision_for_sampled_caller(TraceSampler::Ratio),
            SamplingDecision::Drop
        );
    }
}
