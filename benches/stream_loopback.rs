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

use std::{
    io::{BufRead, BufReader},
    net::SocketAddr,
    process::{Child, Command, Stdio},
    time::Instant,
};

use stage_scorer::{
    proto::{
        PartnerIndicators, StreamClassifyPartnersRequest,
        stage_scoring_service_client::StageScoringServiceClient,
        stream_classify_partners_response::Outcome,
    },
    synthetic::SyntheticPortfolio,
};

/// Distinct generated partners cycled through (with fresh ids), so that
/// generating them does not weigh on the client side of the measurement.
const POOL: usize = 10_000;

fn main() {
    let sizes: Vec<u64> = std::env::var("BENCH_STREAM_PARTNERS")
        .unwrap_or_else(|_| "100000,1000000".to_owned())
        .split(',')
        .map(|s| {
            s.trim()
                .parse()
                .expect("BENCH_STREAM_PARTNERS: a list of counts")
        })
        .collect();
    let (mut server, address) = spawn_server();
    let pid = server.id();
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
    server.kill().ok();
    server.wait().ok();
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

/// Starts the release binary on a free loopback port and waits for its
/// "serving" log line, which carries the address.
fn spawn_server() -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stage-scorer"))
        .arg("serve")
        .env("STAGE_SCORER__SERVER__ADDRESS", "127.0.0.1:0")
        .env("STAGE_SCORER__LOG__FORMAT", "json")
        .env("STAGE_SCORER__LOG__LEVEL", "info")
        .env_remove("RUST_LOG")
        .env_remove("STAGE_SCORER_CONFIG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server binary starts");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut address = None;
    for line in lines.by_ref().take(100) {
        let Ok(event) = serde_json::from_str::<serde_json::Value>(&line.unwrap()) else {
            continue;
        };
        // tracing's JSON puts an event's fields at the top level (or under
        // "fields", depending on the formatter's settings).
        let field = event["address"]
            .as_str()
            .or_else(|| event["fields"]["address"].as_str());
        if let Some(a) = field {
            address = Some(a.parse().expect("a socket address"));
            break;
        }
    }
    let Some(address) = address else {
        child.kill().ok();
        panic!("the server did not log its address");
    };
    // Keep draining the log so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, address)
}

/// Peak and current resident set of `pid`.
fn memory(pid: u32) -> String {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or_else(|| "?".to_owned(), |kb| format!("{:.1} MiB", kb / 1024.0))
    };
    format!(
        "server VmHWM (peak RSS) {}, VmRSS {}",
        field("VmHWM:"),
        field("VmRSS:")
    )
}
