//! What the loopback benches share: starting the real release binary on a
//! free loopback port, and reading a process's memory from `/proc`.

// Shared by several test or bench crates: each uses part of it, and its
// `pub` items are the helpers those crates call.
#![allow(dead_code, unreachable_pub)]

use std::{
    io::{BufRead, BufReader},
    net::SocketAddr,
    process::{Child, Command, Stdio},
};

/// A server process, killed when dropped (also when a bench panics).
pub struct Server {
    child: Child,
    /// Where it serves gRPC.
    pub address: SocketAddr,
}

impl Server {
    /// Takes over a started process serving at `address`.
    pub fn from_child(child: Child, address: SocketAddr) -> Self {
        Self { child, address }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// Starts the release binary (`stage-scorer serve`, default configuration)
/// with gRPC and the Prometheus endpoint on free loopback ports, and waits
/// for the log line saying it serves gRPC, which carries the address.
pub fn spawn_server() -> Server {
    spawn_server_pinned(None)
}

/// [`spawn_server`], run under `taskset -c CPUS` when `cpus` is given.
pub fn spawn_server_pinned(cpus: Option<&str>) -> Server {
    let binary = env!("CARGO_BIN_EXE_stage-scorer");
    let mut command = match cpus {
        Some(cpus) => {
            let mut c = Command::new("taskset");
            c.args(["-c", cpus, binary]);
            c
        }
        None => Command::new(binary),
    };
    let mut child = command
        .arg("serve")
        .env("STAGE_SCORER__SERVER__ADDRESS", "127.0.0.1:0")
        .env(
            "STAGE_SCORER__TELEMETRY__PROMETHEUS__ADDRESS",
            "127.0.0.1:0",
        )
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
        // The gRPC server's line, not the Prometheus endpoint's. tracing's
        // JSON puts an event's fields at the top level (or under "fields",
        // depending on the formatter's settings).
        let field = |name: &str| {
            event[name]
                .as_str()
                .or_else(|| event["fields"][name].as_str())
        };
        let serving_grpc = field("message")
            .is_some_and(|m| m.starts_with("serving stage_scoring.v1.StageScoringService"));
        let field = field("address").filter(|_| serving_grpc);
        if let Some(a) = field {
            address = Some(a.parse().expect("a socket address"));
            break;
        }
    }
    let Some(address) = address else {
        child.kill().ok();
        child.wait().ok();
        panic!("the server did not log its address");
    };
    // Keep draining the log so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, address }
}

/// Peak and current resident set of `pid`, e.g. `server VmHWM (peak RSS)
/// 11.4 MiB, VmRSS 10.8 MiB`.
pub fn memory(pid: u32) -> String {
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

/// Counts from the comma-separated environment variable `name`, or
/// `default`.
pub fn sizes(name: &str, default: &str) -> Vec<u64> {
    std::env::var(name)
        .unwrap_or_else(|_| default.to_owned())
        .split(',')
        .map(|s| {
            s.trim()
                .replace('_', "")
                .parse()
                .unwrap_or_else(|_| panic!("{name}: a comma-separated list of counts"))
        })
        .collect()
}
