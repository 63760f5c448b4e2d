//! The real binary's lifecycle: on SIGTERM health turns NOT_SERVING at once
//! (liveness stays SERVING), new connections are refused after the grace
//! delay, calls in flight complete successfully, and the process exits 0;
//! a drain that outlasts its timeout is cut short; an invalid configuration
//! never serves.
//!
//! Calls are held "in flight" without timing games: each sends its request
//! message only when the test releases it, so the server holds an open call
//! (request headers received, counted by `rpc_server_active_requests`) for
//! as long as the test wants.

use crate::process;

use std::process::Stdio;

use process::{eventually, spawn_server};
use stage_scorer::proto::{ClassifyPartnerRequest, ClassifyPartnerResponse, PartnerIndicators};
use tokio::{net::TcpStream, process::Command, sync::mpsc, task::JoinHandle};
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status, transport::Channel};
use tonic_health::pb::{
    HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient,
};

async fn health(channel: &Channel, service: &str) -> Result<i32, Status> {
    HealthClient::new(channel.clone())
        .check(HealthCheckRequest {
            service: service.into(),
        })
        .await
        .map(|r| r.into_inner().status)
}

/// Starts a ClassifyPartner call whose request message is sent only when the
/// returned sender sends it (and is then dropped).
fn held_call(
    channel: &Channel,
) -> (
    mpsc::Sender<ClassifyPartnerRequest>,
    JoinHandle<Result<Response<ClassifyPartnerResponse>, Status>>,
) {
    let (tx, rx) = mpsc::channel(1);
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    let call = tokio::spawn(async move {
        grpc.ready()
            .await
            .map_err(|e| Status::unavailable(e.to_string()))?;
        grpc.client_streaming(
            Request::new(ReceiverStream::new(rx)),
            http::uri::PathAndQuery::from_static(
                "/stage_scoring.v1.StageScoringService/ClassifyPartner",
            ),
            tonic_prost::ProstCodec::<ClassifyPartnerRequest, ClassifyPartnerResponse>::default(),
        )
        .await
    });
    (tx, call)
}

fn partner(i: usize) -> ClassifyPartnerRequest {
    ClassifyPartnerRequest {
        partner: Some(PartnerIndicators {
            partner_id: format!("partner-{i}"),
            ..Default::default()
        }),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_calls_in_flight_finish_then_exits_zero() {
    const CALLS: usize = 4;
    let mut server = spawn_server(&[
        ("STAGE_SCORER__SERVER__SHUTDOWN_GRACE_DELAY_MS", "3000"),
        ("STAGE_SCORER__SERVER__SHUTDOWN_DRAIN_TIMEOUT_MS", "60000"),
    ])
    .await;
    let channel = server.channel().await;
    let serving = ServingStatus::Serving as i32;
    let not_serving = ServingStatus::NotServing as i32;
    assert_eq!(health(&channel, "").await.unwrap(), serving);
    assert_eq!(health(&channel, "liveness").await.unwrap(), serving);

    // Calls in flight: the server has their headers, not yet their message.
    let (senders, calls): (Vec<_>, Vec<_>) = (0..CALLS).map(|_| held_call(&channel)).unzip();
    eventually("the calls to be in flight on the server", || async {
        server.active_classify_calls().await == Some(CALLS as f64)
    })
    .await;

    server.sigterm();

    // Readiness turns NOT_SERVING at once; liveness stays SERVING.
    eventually("readiness NOT_SERVING", || async {
        health(&channel, "").await.ok() == Some(not_serving)
    })
    .await;
    assert_eq!(
        health(&channel, "stage_scoring.v1.StageScoringService")
            .await
            .unwrap(),
        not_serving
    );
    assert_eq!(health(&channel, "liveness").await.unwrap(), serving);

    // After the grace delay the listener is closed.
    eventually("new connections to be refused", || async {
        TcpStream::connect(server.grpc).await.is_err()
    })
    .await;
    assert!(server.logged("listener closed; draining calls in flight"));

    // The calls in flight still complete, successfully.
    for (i, tx) in senders.into_iter().enumerate() {
        tx.send(partner(i)).await.expect("the call is still open");
    }
    for call in calls {
        let response = call.await.unwrap().expect("a call in flight succeeds");
        assert!(response.into_inner().classification.is_some());
    }

    assert_eq!(server.exit_code().await, Some(0));
    assert!(server.logged("calls in flight finished"));
    assert!(server.logged("telemetry flushed"));
    assert!(!server.logged("drain timeout reached"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_drain_longer_than_its_timeout_is_cut_short() {
    let mut server = spawn_server(&[
        ("STAGE_SCORER__SERVER__SHUTDOWN_GRACE_DELAY_MS", "0"),
        ("STAGE_SCORER__SERVER__SHUTDOWN_DRAIN_TIMEOUT_MS", "500"),
    ])
    .await;
    let channel = server.channel().await;
    let (_never_sent, call) = held_call(&channel);
    eventually("the call to be in flight on the server", || async {
        server.active_classify_calls().await == Some(1.0)
    })
    .await;

    server.sigterm();

    assert_eq!(server.exit_code().await, Some(0));
    assert!(server.logged("drain timeout reached"));
    assert!(call.await.unwrap().is_err(), "the abandoned call fails");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_configuration_never_serves() {
    let output = Command::new(env!("CARGO_BIN_EXE_stage-scorer"))
        .env_remove("STAGE_SCORER_CONFIG")
        .env("STAGE_SCORER__SERVER__ADDRESS", "127.0.0.1:0")
        .env(
            "STAGE_SCORER__TELEMETRY__OTLP_ENDPOINT",
            "collector.example:4317",
        )
        .stdin(Stdio::null())
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("telemetry.otlp_endpoint"), "{stderr}");
    assert!(!stderr.contains("serving"), "{stderr}");
}
