//! The unary path against the transport's ceiling.
//!
//!     cargo bench --bench unary_ceiling
//!     UNARY_CEILING_SECONDS=10 UNARY_CEILING_ROUNDS=3 cargo bench --bench unary_ceiling
//!
//! Starts the real release server and an *echo ceiling* (a bare tonic server
//! of this crate's own generated types answering the real server's
//! precomputed answer to the same request: identical bytes, no validation,
//! scoring, conversion or telemetry), each pinned to CPU 0 with `taskset`,
//! and drives both with h2load pinned to CPU 1, alternating the two servers
//! in every round so machine noise falls on both alike. Loads:
//! - `ClassifyPartner`, the repository's sample request
//!   (`examples/requests/classify-partner.json`), at 1 connection x 1 call in
//!   flight (latency) and 50 connections x 10 in flight (throughput, and the
//!   tail at 500 calls in flight);
//! - `BatchClassifyPartners` of 100 generated partners at the same loads
//!   (reported in partners/s too).
//!
//! Prints, per load, the median over rounds of calls/s, p50 and p99 for both
//! servers and the ratios. Needs h2load (`apt-get install nghttp2-client`)
//! and, for pinning, taskset (util-linux). Not a test: it prints figures.

#[path = "../support/mod.rs"]
mod support;

mod echo_server;
mod h2load;

use std::{
    path::Path,
    process::{Command, Stdio},
};

use h2load::{Figures, Load};
use prost::Message;
use stage_scorer::{
    proto::{
        BatchClassifyPartnersRequest, ClassifyPartnerRequest,
        stage_scoring_service_client::StageScoringServiceClient,
    },
    synthetic::SyntheticPortfolio,
};

const CLASSIFY: &str = "/stage_scoring.v1.StageScoringService/ClassifyPartner";
const BATCH: &str = "/stage_scoring.v1.StageScoringService/BatchClassifyPartners";
const BATCH_SIZE: u64 = 100;

/// A server under test (killed when dropped).
struct Target {
    name: &'static str,
    server: support::Server,
}

fn main() {
    if std::env::var_os(echo_server::CLASSIFY_RESPONSE_FILE).is_some() {
        echo_server::serve();
        return;
    }
    if !h2load::available("h2load") {
        eprintln!("unary_ceiling needs h2load: apt-get install -y nghttp2-client");
        std::process::exit(2);
    }
    let pin = h2load::available("taskset") && cpu_count() >= 2;
    let (server_cpus, client_cpus) = if pin {
        (Some("0"), Some("1"))
    } else {
        eprintln!("note: not pinning (taskset missing or a single CPU)");
        (None, None)
    };
    let seconds: u32 = env_number("UNARY_CEILING_SECONDS", 10);
    let rounds: u32 = env_number("UNARY_CEILING_ROUNDS", 3);
    let work = tempdir();

    let classify_request = sample_request();
    let batch_request = BatchClassifyPartnersRequest {
        partners: SyntheticPortfolio::with_count(7, BATCH_SIZE).collect(),
    };

    let real = Target {
        name: "stage-scorer",
        server: support::spawn_server_pinned(server_cpus),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (classify_answer, batch_answer) = runtime.block_on(async {
        let mut client =
            StageScoringServiceClient::connect(format!("http://{}", real.server.address))
                .await
                .expect("connects to the real server");
        let classify = client
            .classify_partner(classify_request.clone())
            .await
            .expect("the sample request is classified")
            .into_inner();
        let batch = client
            .batch_classify_partners(batch_request.clone())
            .await
            .expect("the batch is classified")
            .into_inner();
        (classify.encode_to_vec(), batch.encode_to_vec())
    });
    std::fs::write(work.join("classify.answer"), &classify_answer).unwrap();
    std::fs::write(work.join("batch.answer"), &batch_answer).unwrap();
    let echo = spawn_echo(&work, server_cpus);

    let classify_body = h2load::frame(&work, "classify.grpc", &classify_request.encode_to_vec());
    let batch_body = h2load::frame(&work, "batch.grpc", &batch_request.encode_to_vec());
    println!(
        "ClassifyPartner: {} bytes in, {} bytes out; BatchClassifyPartners of {BATCH_SIZE}: {} bytes in, {} bytes out",
        classify_request.encoded_len(),
        classify_answer.len(),
        batch_request.encoded_len(),
        batch_answer.len()
    );
    println!(
        "servers on CPU {}, h2load on CPU {}; {rounds} rounds of {seconds} s per server and load, alternating\n",
        server_cpus.unwrap_or("any"),
        client_cpus.unwrap_or("any")
    );

    let loads = [
        (
            "1 x 1",
            Load {
                connections: 1,
                in_flight_per_connection: 1,
            },
        ),
        (
            "50 x 10",
            Load {
                connections: 50,
                in_flight_per_connection: 10,
            },
        ),
    ];
    let cases = [
        (
            "ClassifyPartner",
            CLASSIFY,
            &classify_body,
            classify_answer.len(),
            1,
        ),
        (
            "BatchClassifyPartners(100)",
            BATCH,
            &batch_body,
            batch_answer.len(),
            BATCH_SIZE,
        ),
    ];
    println!(
        "| call | load | echo calls/s | echo p50 ms | echo p99 ms | server calls/s | server p50 ms | server p99 ms | throughput ratio | p50 ratio | p99 ratio | server p99/p50 |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (call, method, body, answer_len, partners_per_call) in cases {
        for (load_name, load) in loads {
            let mut echo_runs = Vec::new();
            let mut real_runs = Vec::new();
            for round in 0..rounds {
                // Alternate which server goes first in each round.
                let order: [&Target; 2] = if round % 2 == 0 {
                    [&echo, &real]
                } else {
                    [&real, &echo]
                };
                for target in order {
                    let log = work.join("requests.log");
                    // Warm-up run, discarded.
                    h2load::run(
                        target.server.address,
                        method,
                        body,
                        load,
                        2,
                        client_cpus,
                        &log,
                    );
                    let figures = h2load::run(
                        target.server.address,
                        method,
                        body,
                        load,
                        seconds,
                        client_cpus,
                        &log,
                    );
                    check(target.name, call, &figures, answer_len);
                    if target.name == "echo" {
                        echo_runs.push(figures);
                    } else {
                        real_runs.push(figures);
                    }
                }
            }
            let e = median(&echo_runs);
            let r = median(&real_runs);
            let per = |f: &Figures| {
                if partners_per_call > 1 {
                    format!(
                        "{:.0} ({:.0} partners/s)",
                        f.calls_per_second,
                        f.calls_per_second * partners_per_call as f64
                    )
                } else {
                    format!("{:.0}", f.calls_per_second)
                }
            };
            println!(
                "| {call} | {load_name} | {} | {:.3} | {:.3} | {} | {:.3} | {:.3} | {:.2} | {:.2} | {:.2} | {:.1} |",
                per(&e),
                e.p50_ms,
                e.p99_ms,
                per(&r),
                r.p50_ms,
                r.p99_ms,
                r.calls_per_second / e.calls_per_second,
                r.p50_ms / e.p50_ms,
                r.p99_ms / e.p99_ms,
                r.p99_ms / r.p50_ms,
            );
        }
    }
    println!(
        "\n(ratios: server / echo; throughput ratio target >= 0.90 at 50 x 10, latency ratios target <= 1.2 at 1 x 1)"
    );
    println!(
        "stage-scorer after the runs: {}",
        support::memory(real.server.pid())
    );
}

/// Every answer must have been an OK call with the full reply: trailers-only
/// gRPC errors carry no DATA and would make a server look fast.
fn check(server: &str, call: &str, figures: &Figures, answer_len: usize) {
    let expected = (answer_len + 5) as f64;
    assert!(
        figures.failures == 0 && (figures.data_bytes_per_answer - expected).abs() < 0.01 * expected,
        "{server} {call}: {figures:?}, expected {expected} DATA bytes per answer: calls failed"
    );
}

/// Median of each figure over the runs.
fn median(runs: &[Figures]) -> Figures {
    let pick = |f: fn(&Figures) -> f64| {
        let mut v: Vec<f64> = runs.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    Figures {
        calls_per_second: pick(|f| f.calls_per_second),
        p50_ms: pick(|f| f.p50_ms),
        p99_ms: pick(|f| f.p99_ms),
        data_bytes_per_answer: pick(|f| f.data_bytes_per_answer),
        failures: runs.iter().map(|f| f.failures).sum(),
    }
}

fn sample_request() -> ClassifyPartnerRequest {
    let json = include_str!("../../examples/requests/classify-partner.json");
    serde_json::from_str(json).expect("the sample request is canonical proto3 JSON")
}

fn spawn_echo(work: &Path, cpus: Option<&str>) -> Target {
    let exe = std::env::current_exe().unwrap();
    let mut command = match cpus {
        Some(cpus) => {
            let mut c = Command::new("taskset");
            c.args(["-c", cpus]).arg(exe);
            c
        }
        None => Command::new(exe),
    };
    let mut process = command
        .env(
            echo_server::CLASSIFY_RESPONSE_FILE,
            work.join("classify.answer"),
        )
        .env(echo_server::BATCH_RESPONSE_FILE, work.join("batch.answer"))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the echo server starts");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(process.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let address = line
        .trim()
        .strip_prefix("listening on ")
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("the echo server did not say where it listens: {line:?}"));
    Target {
        name: "echo",
        server: support::Server::from_child(process, address),
    }
}

fn cpu_count() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn env_number(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name}: a whole number"))
        })
        .unwrap_or(default)
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("unary_ceiling.{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
