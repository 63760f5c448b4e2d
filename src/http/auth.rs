//! Authentication of the HTTP/JSON routes: the same judgement as the gRPC
//! edge's [`AuthLayer`](crate::auth::AuthLayer) ([`authenticate`]), with a
//! refusal in the HTTP edge's JSON error form (401, `UNAUTHENTICATED`).
//! gRPC-web calls go through the gRPC routes, and the layer there.

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::error_body::HttpError;
use crate::auth::{SharedTokens, layer::authenticate};

/// The accepted tokens (re-read when their file changes); `None` when none
/// are configured.
pub type RouteTokens = Option<SharedTokens>;

/// Axum middleware: names the caller (in the request's extensions) or
/// answers 401.
pub async fn require_credentials(
    State(tokens): State<RouteTokens>,
    mut request: Request,
    next: Next,
) -> Response {
    match authenticate(tokens.as_ref(), &request) {
        Ok(caller) => {
            request.extensions_mut().insert(caller);
            next.run(request).await
        }
        Err(why) => HttpError::from_status(tonic::Status::unauthenticated(why)).into_response(),
    }
}
