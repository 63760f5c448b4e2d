//! Spawns the real server on 127.0.0.1:0 and connects a generated tonic
//! client to it.

// Shared by several test or bench crates: each uses part of it, and its
// `pub` items are the helpers those crates call.
#![allow(dead_code, unreachable_pub)]

pub mod in_memory;
pub mod payloads;
pub mod prometheus_text;
pub mod stream_metrics;
pub mod test_certs;

use std::net::SocketAddr;

use stage_scorer::{
    config::{self, Configuration},
    proto::stage_scoring_service_client::StageScoringServiceClient,
    startup::Application,
};
use tokio::{sync::oneshot, task::JoinHandle};
use tonic::transport::Channel;

/// A running server and a client connected to it.
pub struct TestApp {
    /// Where the server listens.
    pub address: SocketAddr,
    /// Where the Prometheus endpoint listens, when enabled.
    pub metrics_address: Option<SocketAddr>,
    /// A channel to it, for other clients (health, reflection).
    pub channel: Channel,
    /// The scoring client.
    pub client: StageScoringServiceClient<Channel>,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

impl TestApp {
    /// Asks the server to stop and waits until it has.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("server task panicked");
        }
    }
}

/// Spawns the server with the built-in defaults.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// A running server no client is connected to yet (e.g. one serving TLS).
pub struct BareApp {
    /// Where the server listens.
    pub address: SocketAddr,
    /// Where the Prometheus endpoint listens, when enabled.
    pub metrics_address: Option<SocketAddr>,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

impl BareApp {
    /// Asks the server to stop and waits until it has.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("server task panicked");
        }
    }
}

/// Spawns the server with the built-in defaults changed by `configure`,
/// without connecting to it.
pub async fn spawn_bare_app_with(configure: impl FnOnce(&mut Configuration)) -> BareApp {
    let mut config = config::builtin();
    config.settings.server.address = "127.0.0.1:0".parse().unwrap();
    config.settings.telemetry.prometheus.address = "127.0.0.1:0".parse().unwrap();
    config.settings.server.shutdown_grace_delay = std::time::Duration::ZERO;
    configure(&mut config);
    let app = Application::build(config).await.expect("server starts");
    let address = app.local_addr();
    let metrics_address = app.metrics_addr();
    let (tx, rx) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        app.run_until(async {
            let _ = rx.await;
        })
        .await
        .expect("server runs");
    });
    BareApp {
        address,
        metrics_address,
        shutdown: Some(tx),
        server: Some(server),
    }
}

/// Spawns the server with the built-in defaults changed by `configure`.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Configuration)) -> TestApp {
    let bare = spawn_bare_app_with(configure).await;
    let channel = Channel::from_shared(format!("http://{}", bare.address))
        .unwrap()
        .connect()
        .await
        .expect("client connects");
    TestApp {
        address: bare.address,
        metrics_address: bare.metrics_address,
        client: StageScoringServiceClient::new(channel.clone()),
        channel,
        shutdown: bare.shutdown,
        server: bare.server,
    }
}
