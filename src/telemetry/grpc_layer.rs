//! The tower layer that gives every RPC the server handles, whatever its
//! service or shape (unary or streaming), a span, metrics and one access
//! log line, without code in the handlers.
//!
//! - The span continues the caller's W3C trace (`traceparent`) when there is
//!   one. It is named `{rpc.service}/{rpc.method}`, of kind server, and
//!   carries `rpc.system`, `rpc.service`, `rpc.method`,
//!   `rpc.grpc.status_code`, the model version and, when the call produced
//!   exactly one classification, its stage (more: their count). Per the RPC
//!   conventions for servers, the span status is an error only for UNKNOWN,
//!   DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE and DATA_LOSS.
//! - The call ends when the response body ends (its trailers carry the
//!   status), so streams are measured to their last message; a call whose
//!   response is dropped unfinished counts as CANCELLED.
//! - The access log line ("rpc finished") carries `trace_id`, status and
//!   duration; INFO for the scoring service, DEBUG for health and reflection.
//! - The caller ([`Caller`], put in the response by the auth layer below
//!   this one) is recorded on the span, the log line and the finished-call
//!   metrics (`stage_scorer.caller`).
//! - Client faults are not server errors (see [`super::client_faults`]): a
//!   call whose client went away is CANCELLED, an undecodable request is
//!   answered INVALID_ARGUMENT.

use std::{
    pin::Pin,
    sync::Arc,
    task::{Context, Poll, ready},
    time::Instant,
};

use http_body::{Body, Frame, SizeHint};
use opentelemetry::trace::{Status, TraceContextExt, TraceId};
use pin_project_lite::pin_project;
use tower::{Layer, Service};
use tracing::field::Empty;
use tracing_opentelemetry::OpenTelemetrySpanExt;

use crate::auth::Caller;

use super::{
    client_faults::{self, ClientGone, WatchedBody},
    metrics::{self, RpcLabels},
    propagation,
    rpc_annotations::{Classifications, RpcAnnotations},
    rpc_catalog::RpcCatalog,
    semconv,
};

/// gRPC status codes used here (see `tonic::Code`).
const CANCELLED: i32 = 1;
const UNKNOWN: i32 = 2;

/// Adds telemetry to every RPC of the services below it.
#[derive(Debug, Clone)]
pub struct RpcTelemetryLayer {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    catalog: RpcCatalog,
    model_version: Arc<str>,
}

impl RpcTelemetryLayer {
    /// A layer labelling RPCs from `catalog`, for a server running
    /// `model_version`.
    pub fn new(catalog: RpcCatalog, model_version: Arc<str>) -> Self {
        Self {
            shared: Arc::new(Shared {
                catalog,
                model_version,
            }),
        }
    }
}

impl<S> Layer<S> for RpcTelemetryLayer {
    type Service = RpcTelemetry<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RpcTelemetry {
            inner,
            shared: self.shared.clone(),
        }
    }
}

/// The service [`RpcTelemetryLayer`] wraps around each inner service.
#[derive(Debug, Clone)]
pub struct RpcTelemetry<S> {
    inner: S,
    shared: Arc<Shared>,
}

impl<S, ReqBody, ResBody> Service<http::Request<ReqBody>> for RpcTelemetry<S>
where
    S: Service<http::Request<WatchedBody<ReqBody>>, Response = http::Response<ResBody>>,
    ResBody: Body,
{
    type Response = http::Response<TracedBody<ResBody>>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<ReqBody>) -> Self::Future {
        let rpc = RpcCall::start(&self.shared, &request);
        let request = request.map(|body| WatchedBody::new(body, rpc.client_gone.clone()));
        let inner = {
            let _entered = rpc.span.enter();
            rpc.annotations.in_scope(|| self.inner.call(request))
        };
        ResponseFuture {
            inner,
            rpc: Some(rpc),
        }
    }
}

pin_project! {
    /// Future of [`RpcTelemetry`]: the inner response, with its body traced.
    pub struct ResponseFuture<F> {
        #[pin]
        inner: F,
        rpc: Option<RpcCall>,
    }
}

impl<F, ResBody, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<http::Response<ResBody>, E>>,
{
    type Output = Result<http::Response<TracedBody<ResBody>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let result = {
            let rpc = this
                .rpc
                .as_ref()
                .expect("ResponseFuture polled after completion");
            let _entered = rpc.span.enter();
            let inner = this.inner;
            ready!(rpc.annotations.in_scope(|| inner.poll(cx)))
        };
        let mut rpc = this.rpc.take().expect("checked above");
        Poll::Ready(match result {
            Ok(mut response) => {
                if let Some(caller) = response.extensions().get::<Caller>() {
                    rpc.caller = Some(caller.shared_name());
                }
                // A trailers-only response (how errors usually travel)
                // carries the status in its headers.
                let rpc = match client_faults::reclassify(response.headers_mut()) {
                    Some(code) => {
                        rpc.finish(code);
                        None
                    }
                    None => Some(rpc),
                };
                Ok(response.map(|inner| TracedBody { inner, rpc }))
            }
            Err(e) => {
                rpc.finish(UNKNOWN);
                Err(e)
            }
        })
    }
}

pin_project! {
    /// A response body that ends its RPC's telemetry when it ends.
    pub struct TracedBody<B> {
        #[pin]
        inner: B,
        rpc: Option<RpcCall>,
    }
}

impl<B: Body> Body for TracedBody<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let this = self.project();
        let Some(rpc) = this.rpc.as_ref() else {
            return this.inner.poll_frame(cx);
        };
        let mut frame = {
            let _entered = rpc.span.enter();
            let inner = this.inner;
            ready!(rpc.annotations.in_scope(|| inner.poll_frame(cx)))
        };
        let code = match &mut frame {
            Some(Ok(frame)) => frame
                .trailers_mut()
                .map(|t| client_faults::reclassify(t).unwrap_or(UNKNOWN)),
            Some(Err(_)) | None => Some(UNKNOWN),
        };
        if let Some(code) = code
            && let Some(mut rpc) = this.rpc.take()
        {
            rpc.finish(code);
        }
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// One RPC in progress. Dropped unfinished, it ends as CANCELLED.
struct RpcCall {
    span: tracing::Span,
    labels: RpcLabels,
    started: Instant,
    annotations: RpcAnnotations,
    trace_id: Option<TraceId>,
    quiet: bool,
    finished: bool,
    client_gone: ClientGone,
    caller: Option<Arc<str>>,
}

impl RpcCall {
    fn start<B>(shared: &Shared, request: &http::Request<B>) -> Self {
        let name = shared.catalog.resolve(request.uri().path());
        let span = tracing::info_span!(
            target: "stage_scorer::rpc",
            parent: None,
            "rpc",
            otel.name = %name.span_name(),
            otel.kind = "server",
            trace_id = Empty,
            caller = Empty,
        );
        let parent = propagation::extract(request.headers());
        let parent_trace = parent.span().span_context().clone();
        if parent_trace.is_valid() {
            let _ = span.set_parent(parent);
        }
        span.set_attribute(semconv::RPC_SYSTEM, semconv::RPC_SYSTEM_GRPC);
        span.set_attribute(semconv::RPC_SERVICE, name.service.clone());
        span.set_attribute(semconv::RPC_METHOD, name.method.clone());
        span.set_attribute(semconv::MODEL_VERSION, shared.model_version.clone());
        let own = span.context().span().span_context().trace_id();
        let trace_id = if own != TraceId::INVALID {
            Some(own)
        } else {
            parent_trace.is_valid().then(|| parent_trace.trace_id())
        };
        if let Some(trace_id) = trace_id {
            span.record("trace_id", tracing::field::display(trace_id));
        }
        let labels = RpcLabels::new(name.service.clone(), name.method.clone());
        metrics::rpc_started(&labels);
        Self {
            span,
            labels,
            started: Instant::now(),
            annotations: RpcAnnotations::default(),
            trace_id,
            quiet: name.service.starts_with("grpc."),
            finished: false,
            client_gone: ClientGone::default(),
            caller: None,
        }
    }

    fn finish(&mut self, code: i32) {
        if std::mem::replace(&mut self.finished, true) {
            return;
        }
        let code = client_faults::recorded_code(code, &self.client_gone);
        let elapsed = self.started.elapsed();
        let caller = self
            .caller
            .clone()
            .unwrap_or_else(|| Arc::from(Caller::ANONYMOUS));
        metrics::rpc_finished(&self.labels, code, elapsed, caller.clone());
        let span = &self.span;
        span.set_attribute(semconv::RPC_GRPC_STATUS_CODE, i64::from(code));
        span.set_attribute(semconv::CALLER, caller.to_string());
        if is_server_error(code) {
            span.set_status(Status::error(tonic::Code::from(code).description()));
        }
        match self.annotations.classifications() {
            Classifications {
                count: 1,
                last_stage: Some(stage),
            } => span.set_attribute(semconv::STAGE, stage.to_string()),
            Classifications { count: 0, .. } => {}
            Classifications { count, .. } => span.set_attribute(
                semconv::CLASSIFICATIONS,
                i64::try_from(count).unwrap_or(i64::MAX),
            ),
        }
        let trace_id = self.trace_id.map(tracing::field::display);
        let duration_ms = elapsed.as_secs_f64() * 1000.0;
        span.in_scope(|| {
            if self.quiet {
                tracing::debug!(
                    target: "stage_scorer::rpc",
                    trace_id,
                    caller = %caller,
                    grpc.status_code = code,
                    duration_ms,
                    "rpc finished"
                );
            } else {
                tracing::info!(
                    target: "stage_scorer::rpc",
                    trace_id,
                    caller = %caller,
                    grpc.status_code = code,
                    duration_ms,
                    "rpc finished"
                );
            }
        });
    }
}

impl Drop for RpcCall {
    fn drop(&mut self) {
        self.finish(CANCELLED);
    }
}

/// Server-side error codes per the OpenTelemetry RPC conventions; the other
/// non-zero codes are the caller's doing and leave the span status unset.
fn is_server_error(code: i32) -> bool {
    matches!(code, 2 | 4 | 12 | 13 | 14 | 15)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_is_read_from_headers_or_trailers() {
        let mut headers = http::HeaderMap::new();
        assert_eq!(client_faults::reclassify(&mut headers), None);
        headers.insert("grpc-status", "3".parse().unwrap());
        assert_eq!(client_faults::reclassify(&mut headers), Some(3));
    }

    #[test]
    fn only_server_faults_are_span_errors() {
        for code in [0, 1, 3, 5, 6, 7, 8, 9, 10, 11, 16] {
            assert!(!is_server_error(code), "{code}");
        }
        for code in [2, 4, 12, 13, 14, 15] {
            assert!(is_server_error(code), "{code}");
        }
    }
}
