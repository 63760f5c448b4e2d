//! Streams generated portfolios through `StreamClassifyPartners` over
//! loopback to the real server binary, and reports partners per second and
//! the server's memory (peak and current resident set, from
//! `/proc/<pid>/status`).
//!
//!     cargo bench --bench stream_loopback
//!     BENCH_STREAM_PARTNERS=100000,1000000,3000000 cargo bench --bench stream_loopback
//!
//! Each size in `BENCH_STREAM_PARTNERS` (default `100000,1000000`) is one
//! stream, run in that order against the same server process, so a peak
//! (VmHWM) that does not grow from one size to the next shows memory staying
//! flat however long the stream. Not a test: it prints figures.

mod support;

use std::{net::SocketAddr, time::Instant};

use stage_scorer::{
    proto::{
        PartnerIndicators, StreamClassifyPartnersRequest,
        stage_scoring_service_client::StageScoringServiceClient,
        stream_classify_partners_response::Outcome,
    },
    synthetic::SyntheticPortfolio,
};
use support::{memory, sizes, spawn_server};

/// Distinct generated partners cycled through (with fresh ids), so that
/// generating them does not weigh on the client side of the measurement.
const POOL: usize = 10_000;

fn main() {
    let sizes = sizes("BENCH_STREAM_PARTNERS", "100000,1000000");
    let server = spawn_server();
    let (pid, address) = (server.pid(), server.address);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let pool: Vec<PartnerIndicators> = SyntheticPortfolio::with_count(42, POOL as u64).collect();

    println!("server pid {pid} at {address}");
    println!("after start-up:        {}", memory(pid));
    for n in sizes {
        let (elapsed, errors) = runtime.block_on(stream(address, &pool, n));
        println!(
            "stream of {n:>9} partners: {:>7.2} s, {:>9.0} partners/s, {errors} error results; {}",
            elapsed,
            n as f64 / elapsed,
            memory(pid)
        );
    }
}

async fn stream(address: SocketAddr, pool: &[PartnerIndicators], n: u64) -> (f64, u64) {
    let mut client = StageScoringServiceClient::connect(format!("http://{address}"))
        .await
        .expect("connects to the server");
    let pool = pool.to_vec();
    let requests = tokio_stream::iter((0..n).map(move |i| {
        let mut partner = pool[(i % POOL as u64) as usize].clone();
        partner.partner_id = format!("B{i:010}");
        StreamClassifyPartnersRequest {
            partner: Some(partner),
            correlation_id: String::new(),
        }
    }));
    let started = Instant::now();
    let mut responses = client
        .stream_classify_partners(requests)
        .await
        .expect("the stream starts")
        .into_inner();
    let mut seen = 0u64;
    let mut errors = 0u64;
    while let Some(r) = responses.message().await.expect("the stream runs") {
        assert_eq!(r.sequence_number, seen, "results in order");
        if matches!(r.outcome, Some(Outcome::Error(_))) {
            errors += 1;
        }
        seen += 1;
    }
    assert_eq!(seen, n, "one result per partner");
    (started.elapsed().as_secs_f64(), errors)
}
