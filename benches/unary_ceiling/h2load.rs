//! Drives a gRPC unary method with h2load (Debian package `nghttp2-client`):
//! a pre-framed request body POSTed on every stream, latencies read from
//! its per-request log.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    process::Command,
};

/// One load shape: connections and calls in flight per connection.
#[derive(Clone, Copy)]
pub(crate) struct Load {
    /// h2load `-c`.
    pub(crate) connections: u32,
    /// h2load `-m`.
    pub(crate) in_flight_per_connection: u32,
}

/// What one measured run gave.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Figures {
    /// Completed calls per second.
    pub(crate) calls_per_second: f64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 99th percentile latency, ms.
    pub p99_ms: f64,
    /// Response DATA bytes per 2xx answer (5 + the encoded reply for an OK
    /// call; less when gRPC errors came back as trailers only).
    pub(crate) data_bytes_per_answer: f64,
    /// Answers that were not HTTP 2xx, plus failed or errored requests.
    pub(crate) failures: u64,
}

/// Writes `message` as one gRPC frame (uncompressed) to a file in `dir`.
pub(crate) fn frame(dir: &Path, name: &str, message: &[u8]) -> PathBuf {
    let mut framed = Vec::with_capacity(message.len() + 5);
    framed.push(0);
    framed.extend_from_slice(&u32::try_from(message.len()).unwrap().to_be_bytes());
    framed.extend_from_slice(message);
    let path = dir.join(name);
    std::fs::write(&path, framed).unwrap();
    path
}

/// Whether the tools this bench needs are on the PATH.
pub(crate) fn available(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs h2load against `address`'s `method` with `body` for `seconds`,
/// pinned to `cpus` when given.
pub(crate) fn run(
    address: SocketAddr,
    method: &str,
    body: &Path,
    load: Load,
    seconds: u32,
    cpus: Option<&str>,
    log: &Path,
) -> Figures {
    let mut command = match cpus {
        Some(cpus) => {
            let mut c = Command::new("taskset");
            c.args(["-c", cpus, "h2load"]);
            c
        }
        None => Command::new("h2load"),
    };
    let _ = std::fs::remove_file(log);
    command
        .arg("-c")
        .arg(load.connections.to_string())
        .arg("-m")
        .arg(load.in_flight_per_connection.to_string())
        .args(["-t", "1", "-D"])
        .arg(seconds.to_string())
        .arg("-d")
        .arg(body)
        .args(["-H", "content-type: application/grpc", "-H", "te: trailers"])
        .arg("--log-file")
        .arg(log)
        .arg(format!("http://{address}{method}"));
    let output = command.output().expect("h2load runs");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "h2load failed:\n{out}");
    parse(&out, log)
}

fn parse(out: &str, log: &Path) -> Figures {
    let number_after = |prefix: &str, line_start: &str| -> f64 {
        out.lines()
            .find(|l| l.starts_with(line_start))
            .and_then(|l| l.split(prefix).nth(1))
            .and_then(|rest| {
                rest.trim_start()
                    .split(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .next()
            })
            .and_then(|n| n.parse().ok())
            .unwrap_or(f64::NAN)
    };
    let calls_per_second = out
        .lines()
        .find(|l| l.starts_with("finished in"))
        .and_then(|l| l.split(", ").nth(1))
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(f64::NAN);
    let ok_2xx = number_after("status codes:", "status codes:");
    let failed = number_after("succeeded,", "requests:");
    let errored = number_after("failed,", "requests:");
    let non_2xx: f64 = ["3xx", "4xx", "5xx"]
        .iter()
        .map(|class| {
            out.lines()
                .find(|l| l.starts_with("status codes:"))
                .and_then(|l| {
                    l.split(", ")
                        .find(|part| part.trim_end().ends_with(class))
                        .and_then(|part| part.split_whitespace().rev().nth(1))
                        .and_then(|n| n.parse::<f64>().ok())
                })
                .unwrap_or(0.0)
        })
        .sum();
    // "traffic: 1.23MB (1234567) total, ... 45.6KB (45678) data"
    let data_bytes = out
        .lines()
        .find(|l| l.starts_with("traffic:"))
        .and_then(|l| l.split(", ").find(|p| p.ends_with(" data")))
        .and_then(|p| p.split('(').nth(1))
        .and_then(|p| p.split(')').next())
        .and_then(|n| n.parse::<f64>().ok())
        .unwrap_or(f64::NAN);

    let mut latencies_us: Vec<u64> = std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| {
            let mut parts = line.split('\t');
            let _start = parts.next()?;
            let status: u16 = parts.next()?.parse().ok()?;
            let latency: u64 = parts.next()?.trim().parse().ok()?;
            (200..300).contains(&status).then_some(latency)
        })
        .collect();
    latencies_us.sort_unstable();
    let percentile = |p: f64| -> f64 {
        if latencies_us.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * latencies_us.len() as f64).ceil() as usize;
        latencies_us[rank.clamp(1, latencies_us.len()) - 1] as f64 / 1000.0
    };
    Figures {
        calls_per_second,
        p50_ms: percentile(50.0),
        p99_ms: percentile(99.0),
        data_bytes_per_answer: data_bytes / ok_2xx,
        failures: (non_2xx + failed.max(0.0) + errored.max(0.0)) as u64,
    }
}
