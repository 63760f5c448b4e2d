//! The caller and the client's faults in the RPC metrics: a client
//! certificate or a bearer token names the caller (`stage_scorer_caller`),
//! a refused call is counted UNAUTHENTICATED, an undecodable request
//! INVALID_ARGUMENT and a client that vanished mid-call CANCELLED, never as
//! server errors.
//!
//! Telemetry is process-wide, so this crate holds a single test.

#[path = "../support/mod.rs"]
mod support;

use std::{net::SocketAddr, time::Duration};

use sha2::{Digest, Sha256};
use stage_scorer::{
    config,
    proto::{
        ClassifyPartnerRequest, ClassifyPartnerResponse, GetScoringModelRequest, PartnerIndicators,
        stage_scoring_service_client::StageScoringServiceClient,
    },
    telemetry,
};
use support::{
    prometheus_text::sample,
    test_certs::{TestCa, temp_dir, tls_settings, write_server_files},
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};
use tonic::{
    Code,
    metadata::MetadataValue,
    transport::{ClientTlsConfig, Endpoint},
};

const CLASSIFY_PATH: &str = "/stage_scoring.v1.StageScoringService/ClassifyPartner";

async fn metrics_page(address: SocketAddr) -> String {
    let mut stream = TcpStream::connect(address).await.expect("connects");
    let request = format!("GET /metrics HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

/// `rpc_server_requests_total` for `method` with `labels`, 0 when absent.
fn calls(page: &str, method: &str, labels: &[&str]) -> f64 {
    let method = format!("rpc_method=\"{method}\"");
    let mut all = vec![method.as_str()];
    all.extend_from_slice(labels);
    sample(page, "rpc_server_requests_total", &all).unwrap_or(0.0)
}

/// A ClassifyPartner request whose `partner` field (1) has the wrong wire
/// type: the server cannot decode it.
#[derive(Clone, PartialEq, prost::Message)]
struct Undecodable {
    #[prost(uint64, tag = "1")]
    partner: u64,
}

fn partner() -> ClassifyPartnerRequest {
    ClassifyPartnerRequest {
        partner: Some(PartnerIndicators {
            partner_id: "caller-partner".into(),
            ..Default::default()
        }),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callers_are_named_and_client_faults_are_not_server_errors() {
    let telemetry = telemetry::init(&config::builtin().settings).expect("telemetry starts");

    // 1. Mutual TLS: the client certificate names the caller.
    let ca = TestCa::new("caller CA");
    let dir = temp_dir("caller-mtls");
    write_server_files(&dir, &ca.server());
    let settings = tls_settings(&dir, Some(&ca), true);
    let mtls = support::spawn_bare_app_with(|c| c.settings.tls = settings).await;
    let tls = ClientTlsConfig::new()
        .ca_certificate(ca.certificate())
        .domain_name("localhost")
        .identity(ca.client("billing.clients.test", "billing").identity());
    let channel = Endpoint::from_shared(format!("https://{}", mtls.address))
        .unwrap()
        .tls_config(tls)
        .unwrap()
        .connect()
        .await
        .expect("mTLS connects");
    StageScoringServiceClient::new(channel)
        .classify_partner(partner())
        .await
        .expect("classifies");
    let metrics = mtls.metrics_address.expect("metrics on");

    // 2. Bearer tokens: the token's name is the caller; no token, refused.
    let tokens = dir.join("tokens");
    let digest: String = Sha256::digest(b"reporting-secret")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    std::fs::write(&tokens, format!("reporting {digest}\n")).unwrap();
    let mut app = support::spawn_app_with(|c| c.settings.auth.tokens_file = tokens).await;
    let mut request = tonic::Request::new(GetScoringModelRequest {});
    request.metadata_mut().insert(
        "authorization",
        MetadataValue::from_static("Bearer reporting-secret"),
    );
    app.client
        .get_scoring_model(request)
        .await
        .expect("token ok");
    let refused = app
        .client
        .get_scoring_model(GetScoringModelRequest {})
        .await
        .expect_err("no token");
    assert_eq!(refused.code(), Code::Unauthenticated);
    app.stop().await;

    // 3. An undecodable request: INVALID_ARGUMENT, not INTERNAL.
    let plain = support::spawn_app().await;
    let mut grpc = tonic::client::Grpc::new(plain.channel.clone());
    grpc.ready().await.unwrap();
    let undecodable = grpc
        .unary::<_, ClassifyPartnerResponse, _>(
            tonic::Request::new(Undecodable { partner: 7 }),
            http::uri::PathAndQuery::from_static(CLASSIFY_PATH),
            tonic_prost::ProstCodec::default(),
        )
        .await
        .expect_err("the server cannot decode it");
    assert_eq!(undecodable.code(), Code::InvalidArgument, "{undecodable:?}");

    // 4. A client that leaves mid-request: its connection closes while the
    //    server reads the request body.
    abandon_a_call(plain.address).await;

    let unknown = r#"rpc_grpc_status_code="2""#;
    let internal = r#"rpc_grpc_status_code="13""#;
    let cancelled = r#"rpc_grpc_status_code="1""#;
    let mut page = String::new();
    for _ in 0..50 {
        page = metrics_page(metrics).await;
        if calls(&page, "ClassifyPartner", &[cancelled]) >= 1.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        calls(
            &page,
            "ClassifyPartner",
            &[
                r#"stage_scorer_caller="billing.clients.test""#,
                r#"rpc_grpc_status_code="0""#
            ]
        ) >= 1.0,
        "{page}"
    );
    assert!(
        calls(
            &page,
            "GetScoringModel",
            &[
                r#"stage_scorer_caller="reporting""#,
                r#"rpc_grpc_status_code="0""#
            ]
        ) >= 1.0,
        "{page}"
    );
    assert!(
        calls(
            &page,
            "GetScoringModel",
            &[
                r#"stage_scorer_caller="unauthenticated""#,
                r#"rpc_grpc_status_code="16""#
            ]
        ) >= 1.0,
        "{page}"
    );
    assert!(
        calls(&page, "ClassifyPartner", &[r#"rpc_grpc_status_code="3""#]) >= 1.0,
        "{page}"
    );
    assert!(
        calls(&page, "ClassifyPartner", &[cancelled]) >= 1.0,
        "{page}"
    );
    for server_error in [unknown, internal] {
        assert_eq!(
            calls(&page, "ClassifyPartner", &[server_error]),
            0.0,
            "{server_error}: {page}"
        );
    }
    plain.stop().await;
    mtls.stop().await;
    telemetry.shutdown().await;
}

/// Starts a ClassifyPartner call over raw HTTP/2, sends half its message,
/// then closes the connection.
async fn abandon_a_call(address: SocketAddr) {
    let tcp = TcpStream::connect(address).await.unwrap();
    let (mut client, connection) = h2::client::handshake(tcp).await.unwrap();
    let connection = tokio::spawn(connection);
    let request = http::Request::post(format!("http://{address}{CLASSIFY_PATH}"))
        .header("content-type", "application/grpc")
        .header("te", "trailers")
        .body(())
        .unwrap();
    let (_response, mut body) = client.send_request(request, false).unwrap();
    // A gRPC frame announcing 100 bytes, of which 10 are sent.
    let mut frame = vec![0u8, 0, 0, 0, 100];
    frame.extend_from_slice(&[0u8; 10]);
    body.send_data(bytes::Bytes::from(frame), false).unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    connection.abort();
    drop(body);
    drop(client);
    tokio::time::sleep(Duration::from_millis(300)).await;
}
