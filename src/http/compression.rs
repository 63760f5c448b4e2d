//! HTTP compression of the JSON routes: gzip and zstd request bodies
//! (`Content-Encoding`) are decompressed before they are measured against
//! `http.max_body_bytes`; answers are compressed with gzip or zstd when the
//! client's `Accept-Encoding` allows. Any other request encoding is refused
//! with 415 and the JSON error body. (gRPC compresses per message itself:
//! see `StageScoring::into_server`.)

use axum::{
    Router, extract::Request, middleware::Next, response::IntoResponse, response::Response,
};
use http::{StatusCode, header};
use tonic::Code;
use tower_http::{compression::CompressionLayer, decompression::RequestDecompressionLayer};

use super::error_body::HttpError;

/// Request encodings understood.
pub const ENCODINGS: &[&str] = &["gzip", "zstd", "identity"];

/// `router` with request decompression and response compression.
pub fn with_compression(router: Router) -> Router {
    router
        .layer(CompressionLayer::new().gzip(true).zstd(true))
        .layer(RequestDecompressionLayer::new().gzip(true).zstd(true))
        .layer(axum::middleware::from_fn(refuse_unknown_encodings))
}

async fn refuse_unknown_encodings(request: Request, next: Next) -> Response {
    let unknown = request
        .headers()
        .get_all(header::CONTENT_ENCODING)
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("?").split(','))
        .map(|e| e.trim().to_ascii_lowercase())
        .find(|e| !e.is_empty() && !ENCODINGS.contains(&e.as_str()));
    match unknown {
        None => next.run(request).await,
        Some(encoding) => HttpError::edge(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Code::InvalidArgument,
            format!(
                "unsupported Content-Encoding {encoding:?}; supported: {}",
                ENCODINGS.join(", ")
            ),
        )
        .into_response(),
    }
}
