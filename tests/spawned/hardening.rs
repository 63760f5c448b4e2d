//! The real binary under hostile or excessive load (issue 12): memory per
//! call bounded before decoding, load shed at once while health answers,
//! the HTTP/2 stream limit, idle and slow connections closed, and long
//! streams cut by the drain told where they stopped. Short timeouts and
//! small budgets come from the environment of each spawned server.

use std::time::Duration;

use bytes::{Buf, BufMut, Bytes};
use http::uri::PathAndQuery;
use stage_scorer::proto::{
    ClassifyPartnerRequest, ClassifyPartnerResponse, PartnerIndicators,
    StreamClassifyPartnersRequest, stage_scoring_service_client::StageScoringServiceClient,
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
    sync::mpsc,
    task::JoinHandle,
};
use tokio_stream::wrappers::ReceiverStream;
use tonic::{
    Code, Request, Response, Status,
    codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder},
    transport::Channel,
};
use tonic_health::pb::{
    HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient,
};
use tonic_types::StatusExt;

use crate::process::{Running, eventually, spawn_server};

/// Sends and receives message bytes as they are: a hostile body needs no
/// encoding (and no gigabyte of structs in the test process).
#[derive(Debug, Clone, Copy, Default)]
struct RawCodec;

impl Codec for RawCodec {
    type Encode = Bytes;
    type Decode = Bytes;
    type Encoder = RawCodec;
    type Decoder = RawCodec;
    fn encoder(&mut self) -> Self::Encoder {
        RawCodec
    }
    fn decoder(&mut self) -> Self::Decoder {
        RawCodec
    }
}

impl Encoder for RawCodec {
    type Item = Bytes;
    type Error = Status;
    fn encode(&mut self, item: Bytes, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.put(item);
        Ok(())
    }
}

impl Decoder for RawCodec {
    type Item = Bytes;
    type Error = Status;
    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Bytes>, Status> {
        Ok(Some(src.copy_to_bytes(src.remaining())))
    }
}

async fn raw_call(channel: &Channel, method: &'static str, body: Bytes) -> Result<Bytes, Status> {
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready()
        .await
        .map_err(|e| Status::unavailable(e.to_string()))?;
    let path = format!("/stage_scoring.v1.StageScoringService/{method}");
    grpc.unary(
        Request::new(body),
        PathAndQuery::try_from(path).unwrap(),
        RawCodec,
    )
    .await
    .map(Response::into_inner)
}

/// Peak resident set size of the process, in bytes (`VmHWM`).
fn peak_rss(server: &Running) -> u64 {
    let pid = server.child.id().expect("running");
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/<pid>/status");
    kib * 1024
}

async fn health(channel: &Channel) -> Result<i32, Status> {
    HealthClient::new(channel.clone())
        .check(HealthCheckRequest {
            service: String::new(),
        })
        .await
        .map(|r| r.into_inner().status)
}

/// A ClassifyPartner call held in flight until the sender sends its
/// request (the server holds it from its headers on).
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
            PathAndQuery::from_static("/stage_scoring.v1.StageScoringService/ClassifyPartner"),
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

/// A 4 MiB `BatchClassifyPartners` of 2 097 152 empty items (the issue's
/// probe) used to raise peak RSS by 885 MB before its refusal. The items
/// are now counted on the bytes: three such calls at once must raise the
/// peak by at most 48 MiB. Per call that is the 4 MiB held for counting,
/// tonic's 4 MiB buffer and hyper's receive buffers (≈ 4 × its size), with
/// room for the allocator; a decode of the items would take hundreds of MB.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_4_mib_batch_is_refused_before_decoding_with_memory_bounded() {
    let server = spawn_server(&[]).await;
    let channel = server.channel().await;
    // Warm up: every code path of a refused batch has run once.
    let small = Bytes::from([0x0a, 0x00].repeat(1001));
    let status = raw_call(&channel, "BatchClassifyPartners", small)
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    let before = peak_rss(&server);

    let hostile = Bytes::from([0x0a, 0x00].repeat(2_097_152));
    assert_eq!(hostile.len(), 4 * 1024 * 1024);
    let calls: Vec<_> = (0..3)
        .map(|_| {
            let channel = channel.clone();
            let hostile = hostile.clone();
            tokio::spawn(async move { raw_call(&channel, "BatchClassifyPartners", hostile).await })
        })
        .collect();
    for call in calls {
        let status = call.await.unwrap().unwrap_err();
        assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
        assert!(
            status.message().contains("2097152 partners sent"),
            "{status:?}"
        );
        let violations = status.get_details_bad_request().expect("a BadRequest");
        assert_eq!(violations.field_violations[0].field, "partners");
    }
    let after = peak_rss(&server);
    let grown = after.saturating_sub(before);
    eprintln!(
        "peak RSS {} MiB -> {} MiB (+{} KiB) for three 4 MiB hostile batches",
        before >> 20,
        after >> 20,
        grown >> 10
    );
    assert!(
        grown <= 48 * 1024 * 1024,
        "peak RSS grew by {} MiB for three 4 MiB batches",
        grown >> 20
    );
    // The same body as a pyramid: the pyramid's own item limit.
    let status = raw_call(&channel, "AnalyzePyramid", hostile)
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert!(
        status.message().contains("limits.pyramid_max_partners"),
        "{status:?}"
    );
}

/// Over a method's byte limit is RESOURCE_EXHAUSTED, refused from the
/// length prefix; so is a message over the transport's 4 MiB (once
/// OUT_OF_RANGE).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversize_requests_are_resource_exhausted() {
    let server = spawn_server(&[]).await;
    let channel = server.channel().await;
    // A 70 KiB ClassifyPartner (limit 64 KiB): one long unknown field.
    let mut body = vec![0x7a, 0x80, 0xb0, 0x04]; // field 15, length 71680
    body.resize(4 + 71_680, b'x');
    let status = raw_call(&channel, "ClassifyPartner", Bytes::from(body))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(
        status
            .message()
            .contains("limits.classify_max_request_bytes"),
        "{status:?}"
    );
    let over = Bytes::from(vec![0u8; 4 * 1024 * 1024 + 1]);
    let status = raw_call(&channel, "BatchClassifyPartners", over)
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    // The connection is still good for well-formed calls.
    let mut client = StageScoringServiceClient::new(channel);
    client.classify_partner(partner(1)).await.unwrap();
}

/// With two calls in flight allowed, a third is shed at once with
/// RESOURCE_EXHAUSTED and a RetryInfo, health still answers, and once the
/// held calls end new calls are served again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_over_the_in_flight_limit_are_shed_while_health_answers() {
    let server = spawn_server(&[("STAGE_SCORER__ADMISSION__MAX_CALLS_IN_FLIGHT", "2")]).await;
    let channel = server.channel().await;
    let held: Vec<_> = (0..2).map(|_| held_call(&channel)).collect();
    eventually("two calls in flight", || async {
        server.active_classify_calls().await == Some(2.0)
    })
    .await;

    let mut client = StageScoringServiceClient::new(channel.clone());
    let started = std::time::Instant::now();
    let status = client.classify_partner(partner(3)).await.unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(
        status.message().contains("admission.max_calls_in_flight"),
        "{status:?}"
    );
    assert!(status.get_details_retry_info().is_some(), "{status:?}");
    // Shed at once, not queued (a coarse bound: a queued call would wait
    // for the held ones, i.e. forever).
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(
        health(&channel).await.unwrap(),
        ServingStatus::Serving as i32
    );

    for (i, (tx, call)) in held.into_iter().enumerate() {
        tx.send(partner(i)).await.unwrap();
        drop(tx);
        call.await.unwrap().expect("a held call completes");
    }
    client.classify_partner(partner(4)).await.unwrap();
}

/// `SETTINGS_MAX_CONCURRENT_STREAMS` is advertised, and a client opening
/// more calls on one connection gets that many served at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stream_limit_is_advertised_and_enforced() {
    let server = spawn_server(&[("STAGE_SCORER__SERVER__MAX_CONCURRENT_STREAMS", "3")]).await;
    let tcp = TcpStream::connect(server.grpc).await.unwrap();
    let (send, connection) = h2::client::handshake(tcp).await.unwrap();
    let driver = tokio::spawn(connection);
    eventually("the server's SETTINGS", || {
        let send = send.clone();
        async move { send.current_max_send_streams() == 3 }
    })
    .await;
    driver.abort();

    let channel = server.channel().await;
    // One round trip first: the client has then read the server's SETTINGS.
    // Streams opened before that may exceed the limit and be refused
    // (REFUSED_STREAM), which HTTP/2 allows.
    health(&channel).await.unwrap();
    let held: Vec<_> = (0..5).map(|_| held_call(&channel)).collect();
    eventually("three calls in flight", || async {
        server.active_classify_calls().await == Some(3.0)
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(server.active_classify_calls().await, Some(3.0));
    // Which three calls hold the streams is up to the scheduler: send every
    // call its message, then wait for all (the two queued ones get their
    // streams as the first three complete).
    let mut calls = Vec::new();
    for (i, (tx, call)) in held.into_iter().enumerate() {
        if tx.send(partner(i)).await.is_err() {
            panic!("call {i} ended before its message: {:?}", call.await);
        }
        drop(tx);
        calls.push(call);
    }
    for call in calls {
        call.await.unwrap().expect("every call completes in turn");
    }
}

/// A connection that never completes a call's headers (slowloris) is
/// closed after `header_read_timeout_ms`; one whose calls are over is
/// closed after `idle_connection_timeout_ms`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_and_idle_connections_are_closed_after_their_timeouts() {
    let server = spawn_server(&[
        ("STAGE_SCORER__SERVER__HEADER_READ_TIMEOUT_MS", "500"),
        ("STAGE_SCORER__SERVER__IDLE_CONNECTION_TIMEOUT_MS", "1000"),
    ])
    .await;
    // Slowloris: a valid preface and SETTINGS, then a HEADERS frame of 100
    // bytes trickled one byte every 100 ms (it would take 10 s).
    let mut slow = TcpStream::connect(server.grpc).await.unwrap();
    slow.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        .await
        .unwrap();
    slow.write_all(&[0, 0, 0, 4, 0, 0, 0, 0, 0]).await.unwrap();
    slow.write_all(&[0, 0, 100, 1, 4, 0, 0, 0, 1])
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let closed = tokio::time::timeout(Duration::from_secs(20), async {
        let mut buf = [0u8; 256];
        loop {
            let _ = slow.write_all(&[0x82]).await;
            match tokio::time::timeout(Duration::from_millis(100), slow.read(&mut buf)).await {
                Ok(Ok(0)) | Ok(Err(_)) => break,
                _ => {}
            }
        }
    })
    .await;
    assert!(
        closed.is_ok(),
        "the slow connection is still open after 20 s"
    );
    assert!(started.elapsed() >= Duration::from_millis(400));

    // Idle: one call, then nothing; the server closes the connection.
    let tcp = TcpStream::connect(server.grpc).await.unwrap();
    let (mut send, connection) = h2::client::handshake(tcp).await.unwrap();
    let driver = tokio::spawn(connection);
    let request = http::Request::post(format!(
        "http://{}/grpc.health.v1.Health/Check",
        server.grpc
    ))
    .header("content-type", "application/grpc")
    .header("te", "trailers")
    .body(())
    .unwrap();
    let (response, mut body) = send.send_request(request, false).unwrap();
    body.send_data(Bytes::from_static(&[0, 0, 0, 0, 0]), true)
        .unwrap();
    let response = response.await.unwrap();
    assert_eq!(response.status(), 200);
    let mut response_body = response.into_body();
    while let Some(chunk) = response_body.data().await {
        chunk.unwrap();
    }
    let idle_since = std::time::Instant::now();
    let ended = tokio::time::timeout(Duration::from_secs(20), driver).await;
    assert!(
        ended.is_ok(),
        "the idle connection is still open after 20 s"
    );
    assert!(idle_since.elapsed() >= Duration::from_millis(800));
}

/// A StreamClassifyPartners call still open when the drain times out ends
/// with UNAVAILABLE, saying the server is draining and the last sequence
/// number answered; the abandoned calls are logged.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_cut_by_the_drain_says_where_it_stopped() {
    let mut server = spawn_server(&[
        ("STAGE_SCORER__SERVER__SHUTDOWN_GRACE_DELAY_MS", "100"),
        ("STAGE_SCORER__SERVER__SHUTDOWN_DRAIN_TIMEOUT_MS", "1000"),
    ])
    .await;
    let channel = server.channel().await;
    let mut client = StageScoringServiceClient::new(channel);
    let (tx, rx) = mpsc::channel(8);
    let mut responses = client
        .stream_classify_partners(ReceiverStream::new(rx))
        .await
        .unwrap()
        .into_inner();
    for i in 0..3 {
        tx.send(StreamClassifyPartnersRequest {
            partner: partner(i).partner,
            correlation_id: format!("c-{i}"),
        })
        .await
        .unwrap();
        let answer = responses.message().await.unwrap().unwrap();
        assert_eq!(answer.sequence_number, i as u64);
    }
    server.sigterm();
    let status = tokio::time::timeout(Duration::from_secs(30), responses.message())
        .await
        .expect("the stream ends")
        .unwrap_err();
    assert_eq!(status.code(), Code::Unavailable, "{status:?}");
    assert!(status.message().contains("draining"), "{status:?}");
    assert!(
        status
            .message()
            .contains("last sequence number answered: 2"),
        "{status:?}"
    );
    drop(tx);
    assert_eq!(server.exit_code().await, Some(0));
    assert!(server.logged("\"abandoned_calls\":1"));
}

/// Out of file descriptors, the accept loop logs and backs off instead of
/// spinning silently, and serves again once descriptors are free.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(unsafe_code)]
async fn running_out_of_file_descriptors_is_logged_and_survived() {
    let server = spawn_server(&[]).await;
    let pid = server.child.id().unwrap() as libc::pid_t;
    let limit = libc::rlimit {
        rlim_cur: 64,
        rlim_max: 64,
    };
    // SAFETY: sets a resource limit of the child we spawned; `limit` is a
    // valid rlimit and the old value is not asked for (null).
    let set = unsafe { libc::prlimit(pid, libc::RLIMIT_NOFILE, &limit, std::ptr::null_mut()) };
    assert_eq!(set, 0, "prlimit on the child");
    let mut connections = Vec::new();
    for _ in 0..120 {
        connections.push(TcpStream::connect(server.grpc).await.unwrap());
    }
    eventually("the accept failure logged", || async {
        server.logged("cannot accept a connection; backing off")
    })
    .await;
    assert!(server.logged("\"out_of_file_descriptors\":true"));
    drop(connections);
    let channel = server.channel().await;
    assert_eq!(
        health(&channel).await.unwrap(),
        ServingStatus::Serving as i32
    );
}
