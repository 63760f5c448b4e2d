//! Overload benchmark (issue 12; a measurement, not a test).
//!
//! Starts the release binary pinned to one core (`taskset -c CPU`), measures
//! its saturation throughput on `BatchClassifyPartners` calls of BATCH
//! partners (closed loop, 64 callers, 5 s), then drives FACTOR times that
//! rate open-loop for SECONDS: every call is sent on schedule whatever the
//! server does, with a 10 s client deadline. Meanwhile a health check is
//! sent every 250 ms on its own connection with a 1 s deadline, and the
//! server's RSS is sampled every 100 ms. Prints calls served and shed, p50
//! and p99 of served calls, peak RSS (VmHWM) and health probes answered
//! within 1 s.
//!
//! ```text
//! cargo build --release --bin stage-scorer
//! cargo run --release --example overload -- [SECONDS] [FACTOR] [BATCH] [CPU]
//! ```
//!
//! The load generator runs on the other cores (the machine may be shared:
//! note that next to the figures).

use std::{
    process::Stdio,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use stage_scorer::proto::{
    BatchClassifyPartnersRequest, PartnerIndicators, ValueAddHallmarks,
    stage_scoring_service_client::StageScoringServiceClient,
};
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::Command,
};
use tonic::{Code, transport::Channel};
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

const CONNECTIONS: usize = 8;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: &str| args.get(i).cloned().unwrap_or_else(|| default.into());
    let seconds: u64 = arg(0, "30").parse().expect("SECONDS");
    let factor: f64 = arg(1, "2.0").parse().expect("FACTOR");
    let batch: usize = arg(2, "100").parse().expect("BATCH");
    let cpu = arg(3, "0");

    let mut child = Command::new("taskset")
        .args(["-c", &cpu, "target/release/stage-scorer"])
        .env("STAGE_SCORER__SERVER__ADDRESS", "127.0.0.1:0")
        .env(
            "STAGE_SCORER__TELEMETRY__PROMETHEUS__ADDRESS",
            "127.0.0.1:0",
        )
        .env("STAGE_SCORER__LOG__FORMAT", "json")
        .env(
            "STAGE_SCORER__LOG__LEVEL",
            "warn,stage_scorer::startup=info",
        )
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("taskset and target/release/stage-scorer");
    let pid = child.id().expect("running");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let address = loop {
        let line = lines
            .next_line()
            .await
            .unwrap()
            .expect("server logs its address");
        if line.contains("serving stage_scoring.v1.StageScoringService") {
            let start = line.find("\"address\":\"").unwrap() + 11;
            let end = start + line[start..].find('"').unwrap();
            break line[start..end].to_owned();
        }
    };
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    let rss_before = memory(pid, "VmRSS:");

    let mut channels = Vec::new();
    for _ in 0..CONNECTIONS {
        channels.push(
            Channel::from_shared(format!("http://{address}"))
                .unwrap()
                .connect()
                .await
                .unwrap(),
        );
    }
    let request = BatchClassifyPartnersRequest {
        partners: (0..batch).map(partner).collect(),
    };

    // 1. Saturation, closed loop.
    let served = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut callers = Vec::new();
    for i in 0..64 {
        let mut client = StageScoringServiceClient::new(channels[i % CONNECTIONS].clone());
        let (served, stop, request) = (served.clone(), stop.clone(), request.clone());
        callers.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                if client
                    .batch_classify_partners(request.clone())
                    .await
                    .is_ok()
                {
                    served.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(5)).await;
    stop.store(true, Ordering::Relaxed);
    for c in callers {
        let _ = c.await;
    }
    let saturation = served.load(Ordering::Relaxed) as f64 / 5.0;
    let rate = saturation * factor;
    println!(
        "saturation (closed loop, 64 callers, batch {batch}): {saturation:.0} calls/s; \
         driving {rate:.0} calls/s open-loop for {seconds} s"
    );

    // 2. Open loop at `rate`, with health probes and RSS samples.
    let latencies = Arc::new(Mutex::new(Vec::<Duration>::new()));
    let shed = Arc::new(AtomicU64::new(0));
    let deadline_exceeded = Arc::new(AtomicU64::new(0));
    let other = Arc::new(AtomicU64::new(0));
    let peak_rss = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak_rss, done) = (peak_rss.clone(), done.clone());
        tokio::spawn(async move {
            while !done.load(Ordering::Relaxed) {
                peak_rss.fetch_max(memory(pid, "VmRSS:"), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
    };
    let health_channel = Channel::from_shared(format!("http://{address}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let prober = {
        let done = done.clone();
        tokio::spawn(async move {
            let (mut sent, mut within) = (0u64, 0u64);
            let mut health = HealthClient::new(health_channel);
            while !done.load(Ordering::Relaxed) {
                sent += 1;
                let mut request = tonic::Request::new(HealthCheckRequest::default());
                request.set_timeout(Duration::from_secs(1));
                let start = Instant::now();
                let answer = tokio::time::timeout(Duration::from_secs(1), health.check(request));
                if let Ok(Ok(_)) = answer.await
                    && start.elapsed() <= Duration::from_secs(1)
                {
                    within += 1;
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            (sent, within)
        })
    };
    let interval = Duration::from_secs_f64(1.0 / rate);
    let start = Instant::now();
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut calls = Vec::new();
    let mut sent = 0u64;
    while start.elapsed() < Duration::from_secs(seconds) {
        ticker.tick().await;
        sent += 1;
        let mut client =
            StageScoringServiceClient::new(channels[sent as usize % CONNECTIONS].clone());
        let mut request = tonic::Request::new(request.clone());
        request.set_timeout(Duration::from_secs(10));
        let (latencies, shed, deadline_exceeded, other) = (
            latencies.clone(),
            shed.clone(),
            deadline_exceeded.clone(),
            other.clone(),
        );
        calls.push(tokio::spawn(async move {
            let t = Instant::now();
            match client.batch_classify_partners(request).await {
                Ok(_) => latencies.lock().unwrap().push(t.elapsed()),
                Err(s) if s.code() == Code::ResourceExhausted => {
                    shed.fetch_add(1, Ordering::Relaxed);
                }
                Err(s) if s.code() == Code::DeadlineExceeded => {
                    deadline_exceeded.fetch_add(1, Ordering::Relaxed);
                }
                Err(_) => {
                    other.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for call in calls {
        let _ = call.await;
    }
    done.store(true, Ordering::Relaxed);
    let _ = sampler.await;
    let (probes, probes_within) = prober.await.unwrap();
    let peak_hwm = memory(pid, "VmHWM:");
    let _ = child.kill().await;

    let mut latencies = latencies.lock().unwrap().clone();
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    println!("calls sent:               {sent}");
    println!("calls served:             {}", latencies.len());
    println!("calls shed:               {}", shed.load(Ordering::Relaxed));
    println!(
        "deadline exceeded (10 s): {}",
        deadline_exceeded.load(Ordering::Relaxed)
    );
    println!(
        "other errors:             {}",
        other.load(Ordering::Relaxed)
    );
    println!(
        "served p50 / p99:         {:.1} ms / {:.1} ms",
        pct(0.5).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3
    );
    println!(
        "RSS before / peak sampled / VmHWM: {} / {} / {} MiB",
        rss_before >> 20,
        peak_rss.load(Ordering::Relaxed) >> 20,
        peak_hwm >> 20
    );
    println!("health probes within 1 s: {probes_within} of {probes}");
}

/// A `/proc/<pid>/status` memory line, in bytes.
fn memory(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .unwrap_or(0)
        * 1024
}

/// A value-added reseller with some variety.
fn partner(i: usize) -> PartnerIndicators {
    PartnerIndicators {
        partner_id: format!("partner-{i}"),
        value_add: Some(ValueAddHallmarks {
            industry_expertise: Some((i % 10) as f64 / 10.0),
            key_account_knowledge: Some(0.8),
            accelerators_built: Some((i % 4) as u32),
            services_attach_rate: Some(0.55),
        }),
        ..Default::default()
    }
}
