//! W3C Trace Context (`traceparent`, `tracestate`): reading a caller's trace
//! from request metadata.

use std::sync::LazyLock;

use opentelemetry::{
    Context,
    propagation::{Extractor, TextMapPropagator},
};
use opentelemetry_sdk::propagation::TraceContextPropagator;

static PROPAGATOR: LazyLock<TraceContextPropagator> = LazyLock::new(TraceContextPropagator::new);

/// Makes W3C Trace Context the global propagator (for any code that injects
/// context into outgoing calls).
pub fn install_global() {
    opentelemetry::global::set_text_map_propagator(TraceContextPropagator::new());
}

/// The caller's context from `traceparent` / `tracestate`; an empty context
/// when they are missing or malformed.
pub fn extract(headers: &http::HeaderMap) -> Context {
    PROPAGATOR.extract(&HeaderExtractor(headers))
}

struct HeaderExtractor<'a>(&'a http::HeaderMap);

impl Extractor for HeaderExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|v| v.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(http::HeaderName::as_str).collect()
    }
}

#[cfg(test)]
mod tests {
    use opentelemetry::trace::TraceContextExt;

    use super::*;

    #[test]
    fn reads_traceparent_and_tracestate() {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            "traceparent",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
                .parse()
                .unwrap(),
        );
        headers.insert("tracestate", "vendor=abc".parse().unwrap());
        let cx = extract(&headers);
        let span = cx.span();
        let sc = span.span_context();
        assert!(sc.is_valid() && sc.is_remote() && sc.is_sampled());
        assert_eq!(
            sc.trace_id().to_string(),
            "4bf92f3577b34da6a3ce929d0e0e4736"
        );
        assert_eq!(sc.trace_state().get("vendor"), Some("abc"));
    }

    #[test]
    fn missing_or_malformed_gives_no_parent() {
        let mut headers = http::HeaderMap::new();
        assert!(!extract(&headers).span().span_context().is_valid());
        headers.insert(
            "traceparent",
            "00-nothex-00f067aa0ba902b7-01".parse().unwrap(),
        );
        assert!(!extract(&headers).span().span_context().is_valid());
    }
}
