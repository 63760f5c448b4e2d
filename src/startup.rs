//! Server wiring, in the order it happens: bind the gRPC and metrics
//! sockets ([`Application::build`]); build the tower stack (the telemetry
//! layer around health, reflection and the scoring service) and the
//! Prometheus endpoint; serve; on a signal, drain and stop
//! ([`Application::run_until`], whose steps are numbered in the code).
//!
//! Health (`grpc.health.v1`): the overall status `""` and
//! `stage_scoring.v1.StageScoringService` report SERVING once configuration
//! and model are loaded and validated, and NOT_SERVING from the moment a
//! shutdown is requested (readiness). [`LIVENESS_SERVICE`] reports SERVING as
//! long as the process serves, shutdown included (liveness).
//!
//! Shutdown: health turns NOT_SERVING at once; the listener keeps accepting
//! for `server.shutdown_grace_delay_ms` (load balancers notice), then closes
//! and existing connections get GOAWAY; calls and streams in flight get
//! `server.shutdown_drain_timeout_ms` to finish, after which the rest are
//! abandoned with a warning.

use std::{future::Future, net::SocketAddr, time::Duration};

use tokio::{net::TcpListener, sync::oneshot};
use tonic::transport::Server;
use tonic_health::{ServingStatus, server::HealthReporter};
use tower::ServiceBuilder;

use crate::{
    admission::{budgets::Budgets, layer::AdmissionLayer},
    auth::{AuthLayer, SharedTokens, TokenFileError, Tokens},
    config::Configuration,
    grpc::{
        drain_cut::{DrainCutTrigger, drain_cut},
        service::StageScoring,
    },
    http::HttpEdgeLayer,
    proto::{self, stage_scoring_service_server::StageScoringServiceServer},
    telemetry::{
        grpc_layer::RpcTelemetryLayer, metrics, prometheus_endpoint, rpc_catalog::RpcCatalog,
    },
    tls::{TlsError, TlsIncoming, reload::CurrentConfig, server_config::TlsFiles},
    transport::{
        guarded_io::IdleTimeouts, idle_layer::ConnectionActivityLayer, incoming::GuardedIncoming,
    },
};

/// Locally reset streams on one connection from which h2 sends GOAWAY
/// (h2's own default, which tonic 0.14 disables by passing `None`).
const MAX_LOCAL_ERROR_RESET_STREAMS: usize = 1024;

/// After the drain timeout, how long cut streams get to send their closing
/// status before the process stops serving.
const DRAIN_CUT_FLUSH: Duration = Duration::from_millis(500);

/// Health service name that stays SERVING until the process exits: what a
/// liveness probe checks (readiness checks `""`).
pub const LIVENESS_SERVICE: &str = "liveness";

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
    /// The metrics endpoint's socket could not be bound.
    #[error("cannot listen on {address} (telemetry.prometheus.address): {source}")]
    BindMetrics {
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
    /// The TLS files could not be used (`[tls]`).
    #[error("TLS: {0}")]
    Tls(#[from] TlsError),
    /// The tokens file could not be used (`[auth]`).
    #[error("{0}")]
    Auth(#[from] TokenFileError),
}

/// A bound, not yet serving, application.
pub struct Application {
    listener: TcpListener,
    local_addr: SocketAddr,
    metrics_listener: Option<(TcpListener, SocketAddr)>,
    configuration: Configuration,
    tls: Option<(CurrentConfig, TlsFiles)>,
    tokens: Option<Tokens>,
}

impl Application {
    /// Reads the TLS files and the tokens file when configured, binds the
    /// configured address, and the Prometheus endpoint's when it is enabled
    /// (port 0 picks a free port). Nothing is served yet.
    pub async fn build(configuration: Configuration) -> Result<Self, StartupError> {
        let tls_settings = &configuration.settings.tls;
        let tls = if tls_settings.enabled {
            Some(CurrentConfig::load(tls_settings)?)
        } else {
            None
        };
        let tokens = configuration
            .settings
            .auth
            .tokens_file()
            .map(Tokens::load)
            .transpose()?;
        let address = configuration.settings.server.address;
        let listener = TcpListener::bind(address)
            .await
            .map_err(|source| StartupError::Bind { address, source })?;
        let local_addr = listener
            .local_addr()
            .map_err(|source| StartupError::Bind { address, source })?;
        let prometheus = &configuration.settings.telemetry.prometheus;
        let metrics_listener = if prometheus.enabled {
            let address = prometheus.address;
            let bind_error = |source| StartupError::BindMetrics { address, source };
            let listener = TcpListener::bind(address).await.map_err(bind_error)?;
            let bound = listener.local_addr().map_err(bind_error)?;
            Some((listener, bound))
        } else {
            None
        };
        Ok(Self {
            listener,
            local_addr,
            metrics_listener,
            configuration,
            tls,
            tokens,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The address the Prometheus endpoint actually bound, when enabled.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_listener.as_ref().map(|(_, address)| *address)
    }

    /// Serves until `shutdown` completes, then shuts down gracefully: the
    /// steps below, in order (see also the module documentation).
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) -> Result<(), StartupError> {
        let Self {
            listener,
            local_addr,
            metrics_listener,
            configuration,
            tls,
            tokens,
        } = self;
        let model_version = configuration.model.version.clone();
        let server_settings = &configuration.settings.server;
        let grace_delay = server_settings.shutdown_grace_delay;
        let drain_timeout = server_settings.shutdown_drain_timeout;

        // 1. Health, NOT_SERVING until everything below is built
        //    (tonic-health starts the overall status at SERVING: not yet).
        let (health, health_service) = tonic_health::server::health_reporter();
        health
            .set_service_status("", ServingStatus::NotServing)
            .await;

        // 2. The services the stack routes to.
        let (reflection_v1, reflection_v1alpha) = if server_settings.reflection {
            (
                Some(reflection_builder().build_v1()?),
                Some(reflection_builder().build_v1alpha()?),
            )
        } else {
            (None, None)
        };
        let (cut_streams, drain_cut) = drain_cut();
        let scoring_service = StageScoring::new(configuration.model.clone())
            .with_limits(configuration.settings.limits)
            .with_drain_cut(drain_cut);
        //    Bearer tokens, re-read when their file changes.
        let shared_tokens = tokens.as_ref().map(|t| SharedTokens::new(t.clone()));
        let token_reload =
            shared_tokens
                .clone()
                .zip(configuration.settings.auth.tokens_file())
                .map(|(shared, path)| {
                    tokio::spawn(shared.reload_on_change(
                        path.to_owned(),
                        configuration.settings.auth.reload_interval,
                    ))
                });
        let admission = AdmissionLayer::new(
            &configuration.settings.admission,
            configuration.settings.limits,
            server_settings,
        );
        // The HTTP edge (HTTP/JSON routes, gRPC-web, CORS) calls the same
        // service for its JSON routes.
        let http_edge = HttpEdgeLayer::new(
            scoring_service.clone(),
            &configuration.settings.http,
            shared_tokens.clone(),
            admission.budgets().clone(),
        );
        let scoring = scoring_service.into_server();

        // 3. The Prometheus endpoint, on its own listener, until step 8.
        let (stop_metrics, metrics_stopped) = oneshot::channel::<()>();
        let metrics_server = metrics_listener.map(|(listener, address)| {
            let path = &configuration.settings.telemetry.prometheus.path;
            tracing::info!(address = %address, path = %path, "serving Prometheus metrics");
            let router = prometheus_endpoint::router(path, metrics::registry());
            tokio::spawn(prometheus_endpoint::serve(listener, router, async {
                let _ = metrics_stopped.await;
            }))
        });

        // 4. The gRPC tower stack. Layers wrap every route, outermost first.
        //    The HTTP/2 knobs of `[server]` bound what one connection may hold.
        let router = Server::builder()
            // HTTP/1.1 too: the HTTP/JSON routes and gRPC-web.
            .accept_http1(true)
            .max_concurrent_streams(server_settings.max_concurrent_streams)
            .http2_keepalive_interval(Some(server_settings.http2_keepalive_interval))
            .http2_keepalive_timeout(Some(server_settings.http2_keepalive_timeout))
            .max_connection_age(server_settings.max_connection_age)
            .max_connection_age_grace(server_settings.max_connection_age_grace)
            .http2_max_local_error_reset_streams(Some(MAX_LOCAL_ERROR_RESET_STREAMS))
            .layer(
                ServiceBuilder::new()
                    // Connection activity: a connection with no call in
                    // flight is closed after its idle timeout.
                    .layer(ConnectionActivityLayer)
                    // The HTTP edge: requests that are not `application/grpc*`
                    // go to the HTTP/JSON routes; gRPC-web is translated to
                    // gRPC; CORS when configured (see `crate::http`).
                    .layer(http_edge)
                    // Telemetry: for each RPC a server span (continuing the
                    // caller's W3C trace), the RPC metrics and one access log
                    // line; it ends with the response body, so a stream is
                    // measured to its last message.
                    .layer(RpcTelemetryLayer::new(
                        RpcCatalog::served(),
                        model_version.clone(),
                    ))
                    // Authentication: names the caller (bearer token, else
                    // client certificate) for the telemetry above and the
                    // handlers below; with tokens configured, refuses calls
                    // without a valid one (UNAUTHENTICATED). Health passes.
                    .layer(AuthLayer::new(shared_tokens.clone()))
                    // Admission control: budgets in flight (shed at once
                    // with RESOURCE_EXHAUSTED), per-method request limits
                    // checked before decoding, the default deadline.
                    .layer(admission.clone())
                    .into_inner(),
            )
            // Then the routes, chosen by the `/{service}/{method}` path (an
            // unknown service answers UNIMPLEMENTED):
            // - grpc.health.v1.Health: readiness ("" and the scoring
            //   service) and liveness;
            .add_service(health_service)
            // - server reflection, v1 and v1alpha (older clients), when
            //   `server.reflection` is on;
            .add_optional_service(reflection_v1)
            .add_optional_service(reflection_v1alpha)
            // - stage_scoring.v1.StageScoringService.
            .add_service(scoring);

        // 5. Configuration and model were loaded and validated before we got
        //    here, and everything that serves them is built: ready.
        set_status(&health, ServingStatus::Serving).await;
        health
            .set_service_status(LIVENESS_SERVICE, ServingStatus::Serving)
            .await;
        tracing::info!(
            address = %local_addr,
            model_version = %model_version,
            tls = tls.is_some(),
            mutual_tls = tls.is_some() && configuration.settings.tls.client_ca().is_some(),
            bearer_tokens = tokens.as_ref().map_or(0, Tokens::len),
            reflection = server_settings.reflection,
            "serving stage_scoring.v1.StageScoringService"
        );

        // 6. Serve connections accepted with TCP_NODELAY until the shutdown
        //    sequence has run; 7. then drain: calls in flight get at most the
        //    drain timeout.
        //    With TLS, the handshakes happen in our accept loop (which also
        //    reloads the certificate), and tonic serves the TLS streams.
        let (start_drain, drain_started) = oneshot::channel::<()>();
        let idle_timeouts = IdleTimeouts {
            first_call: server_settings.header_read_timeout,
            between_calls: server_settings.idle_connection_timeout,
        };
        let accepted = GuardedIncoming::new(listener, idle_timeouts);
        let signal = shutdown_sequence(
            shutdown,
            health.clone(),
            grace_delay,
            drain_timeout,
            start_drain,
        );
        let budgets = admission.budgets();
        let result = match tls {
            None => {
                let server = router.serve_with_incoming_shutdown(accepted, signal);
                drain(server, drain_started, drain_timeout, budgets, &cut_streams).await
            }
            Some((config, loaded)) => {
                let incoming =
                    TlsIncoming::new(accepted, &configuration.settings.tls, config, loaded);
                let server = router.serve_with_incoming_shutdown(incoming, signal);
                drain(server, drain_started, drain_timeout, budgets, &cut_streams).await
            }
        };

        if let Some(task) = token_reload {
            task.abort();
        }

        // 8. Stop the Prometheus endpoint last, so that the drain shows in it.
        let _ = stop_metrics.send(());
        if let Some(task) = metrics_server {
            match task.await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "metrics endpoint failed"),
                Err(e) => tracing::warn!(error = %e, "metrics endpoint panicked"),
            }
        }
        tracing::info!("server stopped");
        result
    }
}

/// The server's shutdown future: waits for `shutdown`, turns readiness
/// NOT_SERVING, keeps accepting for `grace_delay` (load balancers notice),
/// then lets the server close its listener and tells [`drain`] to start
/// (its timeout is `drain_timeout`).
async fn shutdown_sequence(
    shutdown: impl Future<Output = ()>,
    readiness: HealthReporter,
    grace_delay: Duration,
    drain_timeout: Duration,
    start_drain: oneshot::Sender<()>,
) {
    shutdown.await;
    set_status(&readiness, ServingStatus::NotServing).await;
    tracing::info!(
        grace_delay_ms = grace_delay.as_millis(),
        "shutdown requested: health is NOT_SERVING; accepting connections \
         for the grace delay"
    );
    tokio::time::sleep(grace_delay).await;
    tracing::info!(
        drain_timeout_ms = drain_timeout.as_millis(),
        "listener closed; draining calls in flight"
    );
    let _ = start_drain.send(());
}

/// Runs `server` to completion, but once `drain_started` fires gives it at
/// most `timeout` more.
async fn drain(
    server: impl Future<Output = Result<(), tonic::transport::Error>>,
    drain_started: oneshot::Receiver<()>,
    timeout: Duration,
    budgets: &Budgets,
    cut_streams: &DrainCutTrigger,
) -> Result<(), StartupError> {
    tokio::pin!(server);
    tokio::select! {
        biased;
        result = &mut server => return Ok(result?),
        _ = drain_started => {}
    }
    match tokio::time::timeout(timeout, &mut server).await {
        Ok(result) => {
            tracing::info!("calls in flight finished");
            Ok(result?)
        }
        Err(_) => {
            let abandoned = budgets.calls_in_flight();
            metrics::record_abandoned(abandoned as u64);
            tracing::warn!(
                drain_timeout_ms = timeout.as_millis(),
                abandoned_calls = abandoned,
                "drain timeout reached: abandoning calls still in flight"
            );
            // Streams end themselves with UNAVAILABLE and where they
            // stopped; give those last frames a moment to leave.
            cut_streams.cut();
            let _ = tokio::time::timeout(DRAIN_CUT_FLUSH, &mut server).await;
            Ok(())
        }
    }
}

/// Sets the overall status and the scoring service's: readiness.
async fn set_status(health: &HealthReporter, status: ServingStatus) {
    health.set_service_status("", status).await;
    match status {
        ServingStatus::Serving => {
            health
                .set_serving::<StageScoringServiceServer<StageScoring>>()
                .await
        }
        _ => {
            health
                .set_not_serving::<StageScoringServiceServer<StageScoring>>()
                .await
        }
    }
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
