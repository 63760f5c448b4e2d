//! Telemetry reaches an OTLP collector: an in-process collector (tonic
//! servers of the OTLP trace and metrics services) receives the span of a
//! call made with a known `traceparent`, with the RPC semantic-convention
//! attributes and the right status, and the RPC and business metrics.
//!
//! Telemetry is process-wide, so this file holds a single test.

mod support;

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use opentelemetry_proto::tonic::{
    collector::{
        metrics::v1::{
            ExportMetricsServiceRequest, ExportMetricsServiceResponse,
            metrics_service_server::{MetricsService, MetricsServiceServer},
        },
        trace::v1::{
            ExportTraceServiceRequest, ExportTraceServiceResponse,
            trace_service_server::{TraceService, TraceServiceServer},
        },
    },
    common::v1::{AnyValue, KeyValue, any_value::Value},
    metrics::v1::{Metric, metric::Data},
    trace::v1::{Span, span::SpanKind, status::StatusCode},
};
use stage_scorer::{
    config,
    proto::{ClassifyPartnerRequest, PartnerIndicators, StreamClassifyPartnersRequest},
    telemetry,
};
use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::{Request, Response, Status};

const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_SPAN_ID: &str = "00f067aa0ba902b7";
const INVALID_TRACE_ID: &str = "0af7651916cd43dd8448eb211c80319c";
const PARTNER_ID: &str = "acme-partner-0042";

/// What the collector received.
#[derive(Default, Clone)]
struct Received {
    spans: Arc<Mutex<Vec<Span>>>,
    metrics: Arc<Mutex<Vec<Metric>>>,
}

#[tonic::async_trait]
impl TraceService for Received {
    async fn export(
        &self,
        request: Request<ExportTraceServiceRequest>,
    ) -> Result<Response<ExportTraceServiceResponse>, Status> {
        let mut spans = self.spans.lock().unwrap();
        for resource in request.into_inner().resource_spans {
            for scope in resource.scope_spans {
                spans.extend(scope.spans);
            }
        }
        Ok(Response::new(ExportTraceServiceResponse::default()))
    }
}

#[tonic::async_trait]
impl MetricsService for Received {
    async fn export(
        &self,
        request: Request<ExportMetricsServiceRequest>,
    ) -> Result<Response<ExportMetricsServiceResponse>, Status> {
        let mut metrics = self.metrics.lock().unwrap();
        for resource in request.into_inner().resource_metrics {
            for scope in resource.scope_metrics {
                metrics.extend(scope.metrics);
            }
        }
        Ok(Response::new(ExportMetricsServiceResponse::default()))
    }
}

async fn spawn_collector() -> (SocketAddr, Received) {
    let received = Received::default();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let services = received.clone();
    tokio::spawn(async move {
        tonic::transport::Server::builder()
            .add_service(TraceServiceServer::new(services.clone()))
            .add_service(MetricsServiceServer::new(services))
            .serve_with_incoming(TcpListenerStream::new(listener))
            .await
            .unwrap();
    });
    (address, received)
}

/// Polls `probe` every 100 ms until it returns something, for up to 60 s.
async fn eventually<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    for _ in 0..600 {
        if let Some(found) = probe() {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn attribute<'a>(attributes: &'a [KeyValue], key: &str) -> Option<&'a Value> {
    attributes
        .iter()
        .find(|kv| kv.key == key)
        .and_then(|kv| kv.value.as_ref())
        .and_then(|v| v.value.as_ref())
}

fn string(value: &str) -> Value {
    Value::StringValue(value.to_owned())
}

fn with_traceparent<T>(message: T, trace_id: &str) -> Request<T> {
    let mut request = Request::new(message);
    request.metadata_mut().insert(
        "traceparent",
        format!("00-{trace_id}-{PARENT_SPAN_ID}-01")
            .parse()
            .unwrap(),
    );
    request
        .metadata_mut()
        .insert("tracestate", "vendor=abc".parse().unwrap());
    request
}

fn span_of(received: &Received, trace_id: &str) -> Option<Span> {
    received
        .spans
        .lock()
        .unwrap()
        .iter()
        .find(|s| hex(&s.trace_id) == trace_id && s.kind == SpanKind::Server as i32)
        .cloned()
}

fn all_strings(values: &[Option<AnyValue>]) -> Vec<String> {
    values
        .iter()
        .flatten()
        .filter_map(|v| match &v.value {
            Some(Value::StringValue(s)) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// A compact rendering of a span, for the test output.
fn describe(span: &Span) -> String {
    let mut out = format!(
        "name={:?} kind={:?} trace_id={} span_id={} parent_span_id={} trace_state={:?} status={:?}\n",
        span.name,
        SpanKind::try_from(span.kind).unwrap_or(SpanKind::Unspecified),
        hex(&span.trace_id),
        hex(&span.span_id),
        hex(&span.parent_span_id),
        span.trace_state,
        span.status
            .as_ref()
            .and_then(|s| StatusCode::try_from(s.code).ok())
            .unwrap_or(StatusCode::Unset),
    );
    for kv in &span.attributes {
        let value = kv.value.as_ref().and_then(|v| v.value.as_ref());
        out.push_str(&format!("  {} = {:?}\n", kv.key, value));
    }
    for event in &span.events {
        out.push_str(&format!("  event {:?}:", event.name));
        for kv in &event.attributes {
            let value = kv.value.as_ref().and_then(|v| v.value.as_ref());
            out.push_str(&format!(" {}={:?}", kv.key, value));
        }
        out.push('\n');
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_traced_call_reaches_the_collector_with_semconv_attributes_and_metrics() {
    let (collector, received) = spawn_collector().await;
    let mut config = config::builtin();
    config.settings.telemetry.otlp_endpoint = format!("http://{collector}");
    config.settings.telemetry.metrics_export_interval = Duration::from_millis(200);
    config.settings.log.format = config::LogFormat::Json;
    let telemetry = telemetry::init(&config.settings).expect("telemetry starts");
    let settings = config.settings.telemetry.clone();
    let mut app = support::spawn_app_with(move |c| {
        let address = c.settings.telemetry.prometheus.address;
        c.settings.telemetry = settings;
        c.settings.telemetry.prometheus.address = address;
    })
    .await;

    // A valid call and an invalid one, each continuing a caller's trace.
    let partner = PartnerIndicators {
        partner_id: PARTNER_ID.into(),
        ..Default::default()
    };
    let response = app
        .client
        .classify_partner(with_traceparent(
            ClassifyPartnerRequest {
                partner: Some(partner),
            },
            TRACE_ID,
        ))
        .await
        .expect("classifies");
    let stage = response.into_inner().classification.unwrap().stage();
    let status = app
        .client
        .classify_partner(with_traceparent(
            ClassifyPartnerRequest { partner: None },
            INVALID_TRACE_ID,
        ))
        .await
        .expect_err("a partner is required");
    assert_eq!(status.code(), tonic::Code::InvalidArgument);

    // The span of the valid call.
    let span = eventually("the span of the traced call", || {
        span_of(&received, TRACE_ID)
    })
    .await;
    println!("span received by the collector:\n{}", describe(&span));
    assert_eq!(
        span.name,
        "stage_scoring.v1.StageScoringService/ClassifyPartner"
    );
    assert_eq!(hex(&span.parent_span_id), PARENT_SPAN_ID);
    assert_eq!(span.trace_state, "vendor=abc");
    let a = &span.attributes;
    assert_eq!(attribute(a, "rpc.system"), Some(&string("grpc")));
    assert_eq!(
        attribute(a, "rpc.service"),
        Some(&string("stage_scoring.v1.StageScoringService"))
    );
    assert_eq!(attribute(a, "rpc.method"), Some(&string("ClassifyPartner")));
    assert_eq!(
        attribute(a, "rpc.grpc.status_code"),
        Some(&Value::IntValue(0))
    );
    assert_eq!(
        attribute(a, "stage_scorer.model.version"),
        Some(&string("tecp-default-2026.11"))
    );
    let expected_stage = format!("{stage:?}");
    assert_eq!(
        attribute(a, "stage_scorer.stage"),
        Some(&string(&expected_stage))
    );
    assert_ne!(
        span.status.as_ref().map(|s| s.code),
        Some(StatusCode::Error as i32)
    );

    // The span of the invalid call: the caller's fault, so status unset.
    let invalid = eventually("the span of the invalid call", || {
        span_of(&received, INVALID_TRACE_ID)
    })
    .await;
    assert_eq!(
        attribute(&invalid.attributes, "rpc.grpc.status_code"),
        Some(&Value::IntValue(3))
    );
    assert_eq!(attribute(&invalid.attributes, "stage_scorer.stage"), None);
    assert_ne!(
        invalid.status.as_ref().map(|s| s.code),
        Some(StatusCode::Error as i32)
    );

    // No partner data in any span, attribute or event.
    for s in received.spans.lock().unwrap().iter() {
        let mut values: Vec<Option<AnyValue>> =
            s.attributes.iter().map(|kv| kv.value.clone()).collect();
        for event in &s.events {
            values.extend(event.attributes.iter().map(|kv| kv.value.clone()));
        }
        for value in all_strings(&values) {
            assert!(!value.contains(PARTNER_ID), "partner id in span {s:?}");
        }
    }

    // Metrics: RPC duration by method and status, and business counters.
    let (duration, classifications) = eventually("the metrics", || {
        let metrics = received.metrics.lock().unwrap();
        let find = |name: &str| metrics.iter().rev().find(|m| m.name == name).cloned();
        Some((
            find("rpc.server.call.duration")?,
            find("stage_scorer.classifications")?,
        ))
    })
    .await;
    let Some(Data::Histogram(histogram)) = duration.data else {
        panic!("rpc.server.call.duration is not a histogram: {duration:?}");
    };
    assert_eq!(duration.unit, "s");
    let classify_ok = histogram
        .data_points
        .iter()
        .find(|p| {
            attribute(&p.attributes, "rpc.method") == Some(&string("ClassifyPartner"))
                && attribute(&p.attributes, "rpc.grpc.status_code") == Some(&Value::IntValue(0))
        })
        .expect("a duration point for ClassifyPartner OK");
    assert_eq!(classify_ok.count, 1);
    assert!(histogram.data_points.iter().any(|p| {
        attribute(&p.attributes, "rpc.method") == Some(&string("ClassifyPartner"))
            && attribute(&p.attributes, "rpc.grpc.status_code") == Some(&Value::IntValue(3))
    }));
    let Some(Data::Sum(sum)) = classifications.data else {
        panic!("stage_scorer.classifications is not a sum: {classifications:?}");
    };
    let point = sum
        .data_points
        .iter()
        .find(|p| attribute(&p.attributes, "stage_scorer.stage") == Some(&string(&expected_stage)))
        .expect("a classification point for the stage");
    assert_eq!(
        point.value,
        Some(opentelemetry_proto::tonic::metrics::v1::number_data_point::Value::AsInt(1))
    );

    // The stream instruments: a stream of two partners, read to its end.
    let requests = (0..2).map(|i| StreamClassifyPartnersRequest {
        partner: Some(PartnerIndicators {
            partner_id: format!("{PARTNER_ID}-{i}"),
            ..Default::default()
        }),
        correlation_id: String::new(),
    });
    let mut results = app
        .client
        .stream_classify_partners(tokio_stream::iter(requests))
        .await
        .unwrap()
        .into_inner();
    while results.message().await.unwrap().is_some() {}
    let stream_point = |metrics: &[Metric], name: &str| {
        let metric = metrics.iter().rev().find(|m| m.name == name)?;
        let Some(Data::Sum(sum)) = &metric.data else {
            panic!("{name} is not a sum: {metric:?}");
        };
        sum.data_points
            .iter()
            .find(|p| {
                attribute(&p.attributes, "rpc.method") == Some(&string("StreamClassifyPartners"))
            })
            .and_then(|p| p.value)
    };
    let as_int = opentelemetry_proto::tonic::metrics::v1::number_data_point::Value::AsInt;
    eventually("the stream metrics", || {
        let metrics = received.metrics.lock().unwrap();
        (stream_point(&metrics, "stage_scorer.stream.items") == Some(as_int(2))
            && stream_point(&metrics, "stage_scorer.stream.results") == Some(as_int(2))
            && stream_point(&metrics, "stage_scorer.streams.open") == Some(as_int(0)))
        .then_some(())
    })
    .await;

    app.stop().await;
    telemetry.shutdown().await;
}
