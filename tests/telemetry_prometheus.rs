//! The Prometheus endpoint serves RPC, business and stream counters after
//! calls.
//!
//! Telemetry is process-wide, so this file holds a single test.

mod support;

use std::{net::SocketAddr, time::Duration};

use stage_scorer::{
    config,
    proto::{
        ClassifyPartnerRequest, GetScoringModelRequest, PartnerIndicators,
        StreamClassifyPartnersRequest,
    },
    telemetry,
};
use support::prometheus_text::sample;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

const PARTNER_ID: &str = "acme-partner-0042";

/// `GET path` over plain HTTP/1.1: (status line, headers and body).
async fn http_get(address: SocketAddr, path: &str) -> (String, String) {
    let mut stream = TcpStream::connect(address).await.expect("connects");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let (head, body) = response.split_once("\r\n\r\n").expect("an HTTP response");
    (head.to_owned(), body.to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prometheus_endpoint_counts_calls_by_method_status_and_stage() {
    let config = config::builtin();
    assert!(config.settings.telemetry.otlp_endpoint().is_none());
    let telemetry = telemetry::init(&config.settings).expect("telemetry starts");
    let mut app = support::spawn_app().await;
    let metrics = app.metrics_address.expect("the metrics endpoint is on");

    for _ in 0..2 {
        app.client
            .classify_partner(ClassifyPartnerRequest {
                partner: Some(PartnerIndicators {
                    partner_id: PARTNER_ID.into(),
                    ..Default::default()
                }),
            })
            .await
            .expect("classifies");
    }
    app.client
        .classify_partner(ClassifyPartnerRequest { partner: None })
        .await
        .expect_err("a partner is required");
    app.client
        .get_scoring_model(GetScoringModelRequest {})
        .await
        .unwrap();
    // A stream of three partners, read to its end.
    let requests = (0..3).map(|i| StreamClassifyPartnersRequest {
        partner: Some(PartnerIndicators {
            partner_id: format!("stream-partner-{i}"),
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

    let classify = r#"rpc_method="ClassifyPartner""#;
    let ok = r#"rpc_grpc_status_code="0""#;
    let invalid = r#"rpc_grpc_status_code="3""#;
    let mut page = String::new();
    for _ in 0..300 {
        let (head, body) = http_get(metrics, "/metrics").await;
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: text/plain"),
            "{head}"
        );
        page = body;
        if sample(&page, "rpc_server_requests_total", &[classify, invalid]).is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!("{page}");

    let grpc = r#"rpc_system="grpc""#;
    let service = r#"rpc_service="stage_scoring.v1.StageScoringService""#;
    assert_eq!(
        sample(
            &page,
            "rpc_server_requests_total",
            &[grpc, service, classify, ok]
        ),
        Some(2.0)
    );
    assert_eq!(
        sample(&page, "rpc_server_requests_total", &[classify, invalid]),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &page,
            "rpc_server_requests_total",
            &[r#"rpc_method="GetScoringModel""#, ok]
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &page,
            "rpc_server_call_duration_seconds_count",
            &[classify, ok]
        ),
        Some(2.0)
    );
    assert_eq!(
        sample(
            &page,
            "rpc_server_call_duration_seconds_bucket",
            &[classify, ok, r#"le="+Inf""#]
        ),
        Some(2.0)
    );
    assert_eq!(
        sample(&page, "rpc_server_active_requests", &[classify]),
        Some(0.0)
    );
    assert_eq!(
        sample(
            &page,
            "stage_scorer_classifications_total",
            &[
                r#"stage_scorer_stage="Transactional""#,
                r#"stage_scorer_model_version="tecp-default-2026.11""#
            ]
        ),
        Some(5.0),
        "two unary calls and three streamed partners"
    );
    // A partner known by its id alone has too little evidence.
    assert_eq!(
        sample(
            &page,
            "stage_scorer_warnings_total",
            &[
                r#"stage_scorer_warning_code="INSUFFICIENT_EVIDENCE""#,
                r#"stage_scorer_warning_severity="#
            ]
        ),
        Some(5.0)
    );
    let stream = r#"rpc_method="StreamClassifyPartners""#;
    assert_eq!(
        sample(&page, "stage_scorer_stream_items_total", &[stream]),
        Some(3.0)
    );
    assert_eq!(
        sample(&page, "stage_scorer_stream_results_total", &[stream]),
        Some(3.0)
    );
    assert_eq!(
        sample(&page, "stage_scorer_streams_open", &[stream]),
        Some(0.0)
    );
    assert!(!page.contains(PARTNER_ID), "partner id in metrics");
    assert!(!page.contains("stream-partner"), "partner id in metrics");

    let (head, _) = http_get(metrics, "/elsewhere").await;
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");

    app.stop().await;
    telemetry.shutdown().await;
}
