//! Streams generated portfolios through `StreamAnalyzePyramid` over loopback
//! to the real server binary, and reports partners per second and the
//! server's memory (peak and current resident set, from
//! `/proc/<pid>/status`).
//!
//!     cargo bench --bench pyramid_stream_loopback
//!     BENCH_PYRAMID_PARTNERS=100000,10000000 cargo bench --bench pyramid_stream_loopback
//!
//! Environment:
//! - `BENCH_PYRAMID_PARTNERS`: the portfolio sizes, one stream each, in
//!   order (default `100000,1000000`);
//! - `BENCH_PYRAMID_GROUP_BY`: the label keys to group by (default
//!   `region,partner_type`, 16 groups; empty for none);
//! - `BENCH_PYRAMID_CHUNK`: partners per stream message (default 1000).
//!
//! Each size runs against a fresh server process, so its peak resident set
//! (VmHWM) is that stream's own: a peak that stays the same from 100 000 to
//! 10 000 000 partners shows memory not growing with the partners. The
//! portfolio cycles through a pool of 10 000 generated partners (all in
//! USD) with fresh ids, so that generating them does not weigh on the
//! client. Not a test: it prints figures.

mod support;

use std::{net::SocketAddr, time::Instant};

use stage_scorer::{
    domain::partner::currency_code::CurrencyCode,
    proto::{
        PartnerIndicators, PyramidOptions, PyramidReport, StreamAnalyzePyramidRequest,
        stage_scoring_service_client::StageScoringServiceClient,
    },
    synthetic::SyntheticPortfolio,
};
use support::{memory, sizes, spawn_server};

/// Distinct generated partners cycled through.
const POOL: u64 = 10_000;

fn main() {
    let sizes = sizes("BENCH_PYRAMID_PARTNERS", "100000,1000000");
    let chunk = count_or("BENCH_PYRAMID_CHUNK", 1000);
    let group_by: Vec<String> = std::env::var("BENCH_PYRAMID_GROUP_BY")
        .unwrap_or_else(|_| "region,partner_type".to_owned())
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let usd = CurrencyCode::parse("USD").unwrap();
    let pool: Vec<PartnerIndicators> = SyntheticPortfolio::with_count(42, POOL)
        .in_currency(usd)
        .collect();

    println!("group by {group_by:?}, {chunk} partners per message");
    for n in sizes {
        let server = spawn_server();
        let (pid, address) = (server.pid(), server.address);
        let at_start = memory(pid);
        let (elapsed, report) =
            runtime.block_on(stream(address, &pool, n, chunk, group_by.clone()));
        assert_eq!(report.partners_analysed, n, "every partner analysed");
        assert_eq!(report.partners_rejected, 0);
        println!(
            "stream of {n:>9} partners: {:>7.2} s, {:>9.0} partners/s, {} groups; after start-up: \
             {at_start}; after the stream: {}",
            elapsed,
            n as f64 / elapsed,
            report.groups.len(),
            memory(pid)
        );
        drop(server);
    }
}

fn count_or(name: &str, default: u64) -> u64 {
    sizes(name, &default.to_string())[0]
}

async fn stream(
    address: SocketAddr,
    pool: &[PartnerIndicators],
    n: u64,
    chunk: u64,
    group_by: Vec<String>,
) -> (f64, PyramidReport) {
    let mut client = StageScoringServiceClient::connect(format!("http://{address}"))
        .await
        .expect("connects to the server");
    let pool = pool.to_vec();
    let mut options = Some(PyramidOptions {
        group_by,
        currency_code: "USD".to_owned(),
        include_partial: false,
        ..Default::default()
    });
    let mut next = 0u64;
    let requests = tokio_stream::iter(std::iter::from_fn(move || {
        if next >= n {
            return None;
        }
        let end = (next + chunk).min(n);
        let partners = (next..end)
            .map(|i| {
                let mut partner = pool[(i % POOL) as usize].clone();
                partner.partner_id = format!("B{i:010}");
                partner
            })
            .collect();
        next = end;
        Some(StreamAnalyzePyramidRequest {
            options: options.take(),
            partners,
        })
    }));
    let started = Instant::now();
    let report = client
        .stream_analyze_pyramid(requests)
        .await
        .expect("the stream is analysed")
        .into_inner()
        .report
        .expect("a report");
    (started.elapsed().as_secs_f64(), report)
}
