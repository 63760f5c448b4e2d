//! Server wiring: binds the socket, mounts the scoring service with health
//! and reflection, and serves until a shutdown signal.

use std::{future::Future, net::SocketAddr};

use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::transport::Server;
use tonic_health::server::HealthReporter;

use crate::{
    configuration::Configuration,
    grpc::{service::StageScoring, stream_activity::StreamActivity},
    proto::{self, stage_scoring_service_server::StageScoringServiceServer},
};

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The socket could not be bound.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The configured address.
        address: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// Server reflection could not be built from the descriptors.
    #[error("cannot build server reflection: {0}")]
    Reflection(#[from] tonic_reflection::server::Error),
    /// The transport failed.
    #[error("server error: {0}")]
    Transport(#[from] tonic::transport::Error),
}

/// A bound, not yet serving, application.
pub struct Application {
    listener: TcpListener,
    local_addr: SocketAddr,
    configuration: Configuration,
    stream_activity: StreamActivity,
}

impl Application {
    /// Binds the configured address (port 0 picks a free port).
    pub async fn build(configuration: Configuration) -> Result<Self, StartupError> {
        let address = configuration.settings.server.address;
        let listener = TcpListener::bind(address)
            .await
            .map_err(|source| StartupError::Bind { address, source })?;
        let local_addr = listener
            .local_addr()
            .map_err(|source| StartupError::Bind { address, source })?;
        Ok(Self {
            listener,
            local_addr,
            configuration,
            stream_activity: StreamActivity::default(),
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Live counters of the server's `StreamClassifyPartners` calls.
    pub fn stream_activity(&self) -> StreamActivity {
        self.stream_activity.clone()
    }

    /// Serves until `shutdown` completes, then lets in-flight calls finish.
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) -> Result<(), StartupError> {
        let (health, health_service) = tonic_health::server::health_reporter();
        let reflection_v1 = reflection_builder().build_v1()?;
        let reflection_v1alpha = reflection_builder().build_v1alpha()?;
        let scoring = StageScoring::new(self.configuration.model.clone())
            .with_limits(self.configuration.settings.limits)
            .with_stream_activity(self.stream_activity.clone());

        // Configuration and model were validated before we got here.
        set_serving(&health).await;
        tracing::info!(
            address = %self.local_addr,
            model_version = %self.configuration.model.version,
            "serving stage_scoring.v1.StageScoringService"
        );

        Server::builder()
            .add_service(health_service)
            .add_service(reflection_v1)
            .add_service(reflection_v1alpha)
            .add_service(scoring.into_server())
            .serve_with_incoming_shutdown(TcpListenerStream::new(self.listener), async move {
                shutdown.await;
                tracing::info!("shutdown requested; finishing in-flight calls");
                health
                    .set_not_serving::<StageScoringServiceServer<StageScoring>>()
                    .await;
            })
            .await?;
        tracing::info!("server stopped");
        Ok(())
    }
}

async fn set_serving(health: &HealthReporter) {
    health
        .set_serving::<StageScoringServiceServer<StageScoring>>()
        .await;
}

fn reflection_builder() -> tonic_reflection::server::Builder<'static> {
    tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        // google.rpc.BadRequest and the other error details, so that clients
        // using reflection (buf curl, grpcurl) can print the per-item errors
        // of the batch and streaming RPCs (a `google.rpc.Status` whose
        // details are `Any`).
        .register_encoded_file_descriptor_set(tonic_types::pb::FILE_DESCRIPTOR_SET)
}

/// Completes on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("received SIGINT"),
        () = terminate => tracing::info!("received SIGTERM"),
    }
}
