//! Runs the real `stage-scorer` binary on free ports and reads its JSON
//! logs: the addresses it bound, and what it said.

// Shared by several test or bench crates: each uses part of it, and its
// `pub` items are the helpers those crates call.
#![allow(dead_code, unreachable_pub)]

use std::{
    net::SocketAddr,
    process::Stdio,
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::{
    io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader},
    net::TcpStream,
    process::{Child, Command},
    sync::mpsc,
};
use tonic::transport::Channel;

/// A spawned `stage-scorer` and what it logged.
pub struct Running {
    pub child: Child,
    pub grpc: SocketAddr,
    pub metrics: SocketAddr,
    pub logs: Arc<Mutex<Vec<String>>>,
    log_reader: Option<tokio::task::JoinHandle<()>>,
}

/// The address logged on the line containing `message` (JSON logs).
fn logged_address(line: &str, message: &str) -> Option<SocketAddr> {
    if !line.contains(message) {
        return None;
    }
    let start = line.find("\"address\":\"")? + "\"address\":\"".len();
    let end = start + line[start..].find('"')?;
    line[start..end].parse().ok()
}

/// Spawns the binary on free ports with `env` and waits until it serves.
pub async fn spawn_server(env: &[(&str, &str)]) -> Running {
    let mut command = Command::new(env!("CARGO_BIN_EXE_stage-scorer"));
    command
        .env_remove("RUST_LOG")
        .env_remove("STAGE_SCORER_CONFIG")
        .env("STAGE_SCORER__SERVER__ADDRESS", "127.0.0.1:0")
        .env(
            "STAGE_SCORER__TELEMETRY__PROMETHEUS__ADDRESS",
            "127.0.0.1:0",
        )
        .env("STAGE_SCORER__LOG__FORMAT", "json")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = command.spawn().expect("the binary starts");
    let stderr = child.stderr.take().unwrap();
    let logs = Arc::new(Mutex::new(Vec::new()));
    let (addresses_tx, mut addresses_rx) = mpsc::unbounded_channel();
    let collected = logs.clone();
    let log_reader = tokio::spawn(async move {
        let mut lines = BufReader::new(stderr).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(a) = logged_address(&line, "serving stage_scoring.v1.StageScoringService") {
                let _ = addresses_tx.send(("grpc", a));
            }
            if let Some(a) = logged_address(&line, "serving Prometheus metrics") {
                let _ = addresses_tx.send(("metrics", a));
            }
            collected.lock().unwrap().push(line);
        }
    });
    let (mut grpc, mut metrics) = (None, None);
    while grpc.is_none() || metrics.is_none() {
        match tokio::time::timeout(Duration::from_secs(60), addresses_rx.recv()).await {
            Ok(Some(("grpc", a))) => grpc = Some(a),
            Ok(Some((_, a))) => metrics = Some(a),
            _ => panic!(
                "the server did not log its addresses: {:?}",
                logs.lock().unwrap()
            ),
        }
    }
    Running {
        child,
        grpc: grpc.unwrap(),
        metrics: metrics.unwrap(),
        logs,
        log_reader: Some(log_reader),
    }
}

impl Running {
    #[allow(unsafe_code)]
    pub fn sigterm(&self) {
        let pid = self.child.id().expect("still running") as libc::pid_t;
        // SAFETY: sends a signal to the child we spawned; no memory involved.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    }

    /// Waits for the process to exit, and for every line it logged to be
    /// collected, and returns its exit code.
    pub async fn exit_code(&mut self) -> Option<i32> {
        let code = tokio::time::timeout(Duration::from_secs(60), self.child.wait())
            .await
            .expect("the process exits")
            .unwrap()
            .code();
        if let Some(reader) = self.log_reader.take() {
            tokio::time::timeout(Duration::from_secs(60), reader)
                .await
                .expect("stderr closes once the process has exited")
                .expect("the log reader does not panic");
        }
        code
    }

    pub fn logged(&self, message: &str) -> bool {
        self.logs
            .lock()
            .unwrap()
            .iter()
            .any(|line| line.contains(message))
    }

    pub async fn channel(&self) -> Channel {
        Channel::from_shared(format!("http://{}", self.grpc))
            .unwrap()
            .connect()
            .await
            .expect("connects")
    }

    /// Scrapes the metrics page and returns the value of the
    /// `rpc_server_active_requests` sample for ClassifyPartner.
    pub async fn active_classify_calls(&self) -> Option<f64> {
        let mut stream = TcpStream::connect(self.metrics).await.ok()?;
        let request = "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        stream.write_all(request.as_bytes()).await.ok()?;
        let mut page = String::new();
        stream.read_to_string(&mut page).await.ok()?;
        page.lines()
            .find(|l| {
                l.starts_with("rpc_server_active_requests{")
                    && l.contains(r#"rpc_method="ClassifyPartner""#)
            })
            .and_then(|l| l.rsplit_once(' '))
            .and_then(|(_, v)| v.parse().ok())
    }
}

/// Polls `probe` every 50 ms until it is true, for up to 60 s.
pub async fn eventually<F: Future<Output = bool>>(what: &str, mut probe: impl FnMut() -> F) {
    for _ in 0..1200 {
        if probe().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}
