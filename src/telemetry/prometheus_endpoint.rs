//! The Prometheus text endpoint: a small HTTP/1.1 server (axum, already
//! linked by tonic) answering `GET {path}` with the registry's metrics.

use std::future::Future;

use axum::{
    Router,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
    serve::ListenerExt,
};
use prometheus::{Encoder, TextEncoder};
use tokio::net::TcpListener;

/// The router serving `registry` at `path`.
pub fn router(path: &str, registry: prometheus::Registry) -> Router {
    Router::new().route(
        path,
        get(move || {
            let registry = registry.clone();
            async move { render(&registry) }
        }),
    )
}

/// Serves `router` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // TCP_NODELAY: a scrape's answer must not wait for the scraper's
    // delayed ACK (Nagle).
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "cannot set TCP_NODELAY on a metrics connection");
        }
    });
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}

fn render(registry: &prometheus::Registry) -> Response {
    let encoder = TextEncoder::new();
    match encoder.encode_to_string(&registry.gather()) {
        Ok(body) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, encoder.format_type().to_owned())],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "cannot encode metrics");
            (StatusCode::INTERNAL_SERVER_ERROR, "cannot encode metrics\n").into_response()
        }
    }
}
