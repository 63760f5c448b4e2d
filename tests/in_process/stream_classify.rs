//! `StreamClassifyPartners` through the real server: a long generated
//! stream with every result matched to its input, bad items in the middle,
//! flow control against a client that does not read, and cancellation.
//!
//! What the server did is read from its stream instruments (open streams,
//! items, results, back-pressure waits) in the Prometheus registry it
//! exports; each test holds a [`StreamMetrics`], so they run one at a time.

use crate::support;

use stage_scorer::{
    proto::{
        self, PartnerIndicators, StreamClassifyPartnersRequest,
        stream_classify_partners_response::Outcome,
    },
    synthetic::SyntheticPortfolio,
};
use support::stream_metrics::StreamMetrics;
use tokio_stream::StreamExt;
use tonic::{Code, Request};
use tonic_types::RpcStatusExt;

fn request(i: u64, partner: PartnerIndicators) -> StreamClassifyPartnersRequest {
    StreamClassifyPartnersRequest {
        partner: Some(partner),
        correlation_id: format!("row-{i}"),
    }
}

fn generated(seed: u64, count: u64) -> impl Iterator<Item = StreamClassifyPartnersRequest> {
    SyntheticPortfolio::with_count(seed, count)
        .zip(0u64..)
        .map(|(p, i)| request(i, p))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_of_100_000_generated_partners_is_answered_in_order() {
    const COUNT: u64 = 100_000;
    const SEED: u64 = 2026;
    let metrics = StreamMetrics::start().await;
    let mut app = support::spawn_app().await;
    let mut responses = app
        .client
        .stream_classify_partners(tokio_stream::iter(generated(SEED, COUNT)))
        .await
        .unwrap()
        .into_inner();

    // The same seed regenerates the inputs, so each result is checked
    // against the partner it answers without keeping the stream in memory.
    let mut expected = SyntheticPortfolio::with_count(SEED, COUNT);
    let mut seen = 0u64;
    let mut stages = [0u64; 5];
    while let Some(response) = responses.message().await.unwrap() {
        let input = expected.next().expect("no more results than inputs");
        assert_eq!(response.sequence_number, seen);
        assert_eq!(response.correlation_id, format!("row-{seen}"));
        assert_eq!(response.partner_id, input.partner_id);
        assert_eq!(response.model_version, "tecp-default-2026.11");
        let Some(Outcome::Classification(c)) = response.outcome else {
            panic!("generated partner {seen} not classified: {response:?}");
        };
        assert_eq!(c.partner_id, input.partner_id);
        stages[c.stage as usize] += 1;
        seen += 1;
    }
    assert_eq!(seen, COUNT, "one result per input");
    assert!(expected.next().is_none());
    assert_eq!(stages[0], 0, "never STAGE_UNSPECIFIED");
    assert!(
        stages[1..].iter().all(|n| *n > 0),
        "every stage: {stages:?}"
    );

    // The stream's server work has ended, having read and answered every
    // request.
    let counts = metrics
        .wait_until("the stream to close", |c| c.open == 0 && c.items == COUNT)
        .await;
    assert_eq!(counts.results, COUNT);
    app.stop().await;
}

#[tokio::test]
async fn bad_items_in_the_middle_get_errors_and_the_stream_goes_on() {
    let metrics = StreamMetrics::start().await;
    let mut app = support::spawn_app().await;
    let bad_trust = |p: &mut PartnerIndicators| {
        p.quality.get_or_insert_with(Default::default).trust = Some(7.0);
    };
    let mut requests: Vec<_> = generated(5, 1_000).collect();
    bad_trust(requests[300].partner.as_mut().unwrap());
    requests[301].partner.as_mut().unwrap().partner_id = String::new();
    requests[500].partner = None;
    requests[700].correlation_id = "x".repeat(300);
    let mut responses = app
        .client
        .stream_classify_partners(tokio_stream::iter(requests.clone()))
        .await
        .unwrap()
        .into_inner();
    let mut results = Vec::new();
    while let Some(r) = responses.message().await.unwrap() {
        results.push(r);
    }
    assert_eq!(results.len(), 1_000);
    let violations = |i: usize| -> Vec<(String, String)> {
        let Some(Outcome::Error(status)) = &results[i].outcome else {
            panic!("item {i} should be an error: {:?}", results[i]);
        };
        assert_eq!(status.code, Code::InvalidArgument as i32);
        status
            .get_details_bad_request()
            .unwrap()
            .field_violations
            .into_iter()
            .map(|v| (v.field, v.reason))
            .collect()
    };
    assert_eq!(
        violations(300),
        [("partner.quality.trust".into(), "OUT_OF_RANGE".into())]
    );
    assert_eq!(
        violations(301),
        [("partner.partner_id".into(), "REQUIRED".into())]
    );
    assert_eq!(violations(500), [("partner".into(), "REQUIRED".into())]);
    assert_eq!(
        violations(700),
        [("correlation_id".into(), "TOO_LONG".into())]
    );
    assert_eq!(
        results[700].correlation_id, "",
        "an invalid id is not echoed"
    );
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r.sequence_number, i as u64);
        if [300, 301, 500, 700].contains(&i) {
            continue;
        }
        assert_eq!(r.correlation_id, requests[i].correlation_id);
        assert!(
            matches!(r.outcome, Some(Outcome::Classification(_))),
            "item {i}: {r:?}"
        );
    }
    // An error answers its item like a classification does.
    let counts = metrics
        .wait_until("the stream to close", |c| c.open == 0)
        .await;
    assert_eq!((counts.items, counts.results), (1_000, 1_000));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_does_not_read_stops_the_server_reading() {
    const COUNT: u64 = 30_000;
    const PENDING: u32 = 16;
    let metrics = StreamMetrics::start().await;
    let mut app =
        support::spawn_app_with(|c| c.settings.limits.stream_max_pending_results = PENDING).await;
    let mut responses = app
        .client
        .stream_classify_partners(tokio_stream::iter(generated(9, COUNT)))
        .await
        .unwrap()
        .into_inner();

    // The client reads nothing. The server fills its buffer of unread
    // results and the transport's flow-control windows, then waits.
    metrics
        .wait_until("a back-pressure wait", |c| c.backpressure_waits > 0)
        .await;
    // Give an unbounded reader every chance to run ahead (this is not a
    // timing assertion: a correct server reads nothing more meanwhile).
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let stalled = metrics.read();
    assert_eq!(stalled.open, 1);
    // What the server has read is bounded by its buffer plus what the
    // transport holds: the client's HTTP/2 receive window (2 MiB per stream
    // in hyper's client) and the server's send buffer (400 KiB), about 1 100
    // results here: far below what the client has to send.
    assert!(
        stalled.items < 4_000,
        "server read {} of {COUNT} requests without the client reading",
        stalled.items
    );

    // Once the client reads, everything comes through, in order.
    let mut seen = 0u64;
    while let Some(r) = responses.message().await.unwrap() {
        assert_eq!(r.sequence_number, seen);
        seen += 1;
    }
    assert_eq!(seen, COUNT);
    let counts = metrics
        .wait_until("the stream to close", |c| c.open == 0)
        .await;
    assert_eq!((counts.items, counts.results), (COUNT, COUNT));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_cancelling_mid_stream_stops_the_server_work() {
    let metrics = StreamMetrics::start().await;
    let mut app = support::spawn_app().await;
    // An endless input: only cancellation can end this stream.
    let endless = SyntheticPortfolio::new(11)
        .zip(0u64..)
        .map(|(p, i)| request(i, p));
    let mut call = Request::new(tokio_stream::iter(endless));
    let cancel = call.cancellation_handle();
    let mut responses = app
        .client
        .stream_classify_partners(call)
        .await
        .unwrap()
        .into_inner();
    for expected in 0..500u64 {
        let r = responses.next().await.unwrap().unwrap();
        assert_eq!(r.sequence_number, expected);
    }
    cancel.cancel();
    drop(responses);

    // The server-side task ends: it would never end by itself, the input is
    // endless.
    let ended = metrics
        .wait_until("the stream to close", |c| c.open == 0)
        .await;
    assert!(ended.items >= 500, "{ended:?}");
    // Nothing is read after the end.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let later = metrics.read();
    assert_eq!(later, ended);
    app.stop().await;
}

#[tokio::test]
async fn a_partner_with_every_field_set_round_trips_through_the_stream() {
    let metrics = StreamMetrics::start().await;
    let mut app = support::spawn_app().await;
    let partner = SyntheticPortfolio::new(3)
        .find(|p| p.quality.is_some_and(|q| q.trust.is_some()))
        .unwrap();
    let mut responses = app
        .client
        .stream_classify_partners(tokio_stream::iter([request(0, partner.clone())]))
        .await
        .unwrap()
        .into_inner();
    let r = responses.message().await.unwrap().unwrap();
    assert!(responses.message().await.unwrap().is_none());
    let Some(Outcome::Classification(c)) = r.outcome else {
        panic!("{r:?}");
    };
    assert_eq!(c.partner_id, partner.partner_id);
    assert_ne!(c.stage, proto::Stage::Unspecified as i32);
    let counts = metrics
        .wait_until("the stream to close", |c| c.open == 0)
        .await;
    assert_eq!(
        counts,
        support::stream_metrics::StreamCounts {
            open: 0,
            items: 1,
            results: 1,
            backpressure_waits: 0,
        }
    );
    app.stop().await;
}
