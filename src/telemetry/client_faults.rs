//! Telling the caller's faults from the server's, so that a client that
//! sends garbage or goes away does not show up as a server error in the
//! RPC metrics (and the availability SLO built on them) or as an error span.
//!
//! - A request body that fails (the client reset its stream or closed its
//!   connection mid-call) makes the call CANCELLED, whatever status the
//!   handler then produced for nobody: tonic reports such reads as UNKNOWN
//!   or INTERNAL.
//! - A request that does not decode (malformed protobuf, a bad
//!   compressed-flag, a body that does not decompress) is answered
//!   INVALID_ARGUMENT rather than tonic's INTERNAL: the caller must fix the
//!   request, and retrying it cannot help.
//! - A call cut by the client's own deadline (`grpc-timeout`) is dropped by
//!   tonic's timeout outside this layer, and ends as CANCELLED (see
//!   [`super::grpc_layer`]).

use std::{
    pin::Pin,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    task::{Context, Poll, ready},
};

use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

/// gRPC status codes used here (see `tonic::Code`).
const CANCELLED: i32 = 1;
const INVALID_ARGUMENT: i32 = 3;
const INTERNAL: i32 = 13;

/// Beginnings of the INTERNAL messages tonic gives to requests that do not
/// decode.
const UNDECODABLE: [&str; 3] = [
    "failed to decode Protobuf message",
    "protocol error: received message with",
    "Error decompressing:",
];

/// Set when the request body of a call failed: the client is gone.
#[derive(Debug, Clone, Default)]
pub(crate) struct ClientGone(Arc<AtomicBool>);

impl ClientGone {
    pub(crate) fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

pin_project! {
    /// A request body that notes in a [`ClientGone`] when it fails.
    pub struct WatchedBody<B> {
        #[pin]
        inner: B,
        gone: ClientGone,
    }
}

impl<B> WatchedBody<B> {
    pub(crate) fn new(inner: B, gone: ClientGone) -> Self {
        Self { inner, gone }
    }
}

impl<B: Body> Body for WatchedBody<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let this = self.project();
        let frame = ready!(this.inner.poll_frame(cx));
        if let Some(Err(_)) = &frame {
            this.gone.0.store(true, Ordering::Relaxed);
        }
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// The status a call is recorded with: `code` as sent, except CANCELLED
/// when the client went away mid-call.
pub(crate) fn recorded_code(code: i32, gone: &ClientGone) -> i32 {
    if gone.is_set() { CANCELLED } else { code }
}

/// Turns tonic's INTERNAL for an undecodable request into
/// INVALID_ARGUMENT, in the headers or trailers that carry the status;
/// returns the code they carry afterwards (`None`: no status there).
pub(crate) fn reclassify(headers: &mut http::HeaderMap) -> Option<i32> {
    let code: i32 = headers
        .get("grpc-status")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())?;
    if code != INTERNAL {
        return Some(code);
    }
    let undecodable = tonic::Status::from_header_map(headers)
        .is_some_and(|s| UNDECODABLE.iter().any(|p| s.message().starts_with(p)));
    if !undecodable {
        return Some(code);
    }
    headers.insert("grpc-status", http::HeaderValue::from(INVALID_ARGUMENT));
    Some(INVALID_ARGUMENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_headers(status: tonic::Status) -> http::HeaderMap {
        status.into_http::<tonic::body::Body>().headers().clone()
    }

    #[test]
    fn undecodable_requests_become_invalid_argument() {
        let mut headers = status_headers(tonic::Status::internal(
            "failed to decode Protobuf message: invalid wire type",
        ));
        assert_eq!(reclassify(&mut headers), Some(INVALID_ARGUMENT));
        let status = tonic::Status::from_header_map(&headers).unwrap();
        assert_eq!(status.code(), tonic::Code::InvalidArgument);
        assert!(status.message().starts_with("failed to decode"));
    }

    #[test]
    fn other_statuses_are_left_alone() {
        for status in [
            tonic::Status::internal("batch classification failed"),
            tonic::Status::invalid_argument("failed to decode Protobuf message"),
            tonic::Status::unknown("x"),
        ] {
            let code = status.code() as i32;
            let mut headers = status_headers(status);
            assert_eq!(reclassify(&mut headers), Some(code));
        }
        assert_eq!(reclassify(&mut http::HeaderMap::new()), None);
    }

    #[test]
    fn a_gone_client_makes_the_call_cancelled() {
        let gone = ClientGone::default();
        assert_eq!(recorded_code(2, &gone), 2);
        gone.0.store(true, Ordering::Relaxed);
        assert_eq!(recorded_code(2, &gone), CANCELLED);
        assert_eq!(recorded_code(0, &gone), CANCELLED);
    }
}
