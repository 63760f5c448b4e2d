//! Admission control of the HTTP/JSON routes: each call takes a permit of
//! the same calls-in-flight budget as gRPC calls
//! ([`Budgets::calls`](crate::admission::budgets::Budgets)), or is shed at
//! once: 429 with the JSON error body (`RESOURCE_EXHAUSTED` and a
//! `google.rpc.RetryInfo`) and a `Retry-After` header. gRPC-web calls go
//! through the gRPC routes and the admission layer there.

use std::sync::Arc;

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{HeaderValue, header};

use super::error_body::HttpError;
use crate::admission::{
    budgets::Budgets,
    shed::{ShedReason, shed},
};

/// Axum middleware (on matched routes only, so that the route's path
/// names the call in the shed metric, a bounded set): holds a call permit while the route
/// answers, or sheds the call.
pub async fn admit(State(budgets): State<Budgets>, request: Request, next: Next) -> Response {
    let Ok(_permit) = budgets.calls.clone().try_acquire_owned() else {
        // Only matched routes get here: the path is one of the routes.
        let route: Arc<str> = request.uri().path().into();
        let status = shed(route, ShedReason::CallsInFlight, budgets.retry_after);
        let mut response = HttpError::from_status(status).into_response();
        let seconds = budgets.retry_after.as_secs().max(1);
        if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return response;
    };
    next.run(request).await
}
