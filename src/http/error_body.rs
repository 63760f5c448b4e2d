//! The HTTP edge's error answer: an HTTP status (never 2xx) and the JSON
//! form of a `google.rpc.Status`, as Google's JSON APIs send it:
//! `{"code": <gRPC code>, "message": "...", "details": [...]}`.

use axum::{body::Body, response::IntoResponse};
use http::{HeaderValue, Response, StatusCode, header};
use tonic::Code;

use super::{rpc_status_json::tonic_status_json, status_code::http_status};

/// `application/json`.
pub const APPLICATION_JSON: HeaderValue = HeaderValue::from_static("application/json");

/// An error answered over HTTP.
#[derive(Debug)]
pub struct HttpError {
    http: StatusCode,
    status: tonic::Status,
}

impl HttpError {
    /// The answer to a call that failed with `status`, the HTTP status
    /// following the standard mapping.
    pub fn from_status(status: tonic::Status) -> Self {
        Self {
            http: http_status(status.code()),
            status,
        }
    }

    /// An error of the HTTP edge itself (route, method, content type, size,
    /// malformed JSON), with the gRPC code that best says the same.
    pub fn edge(http: StatusCode, code: Code, message: impl Into<String>) -> Self {
        Self {
            http,
            status: tonic::Status::new(code, message),
        }
    }

    /// The HTTP status answered.
    pub fn http_status(&self) -> StatusCode {
        self.http
    }
}

impl From<tonic::Status> for HttpError {
    fn from(status: tonic::Status) -> Self {
        Self::from_status(status)
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response<Body> {
        let body = tonic_status_json(&self.status).to_string();
        let mut response = Response::new(Body::from(body));
        *response.status_mut() = self.http;
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, APPLICATION_JSON);
        response
    }
}
