//! Tells each connection when it has a call in flight (see
//! [`super::guarded_io`]): a call counts from its request headers to the end
//! of its response body. Also puts the plain [`TcpConnectInfo`] back in the
//! request's extensions, for whatever reads the peer address.

use std::{
    future::Future,
    pin::Pin,
    task::{Context, Poll},
};

use http::{Request, Response};
use pin_project_lite::pin_project;
use tonic::transport::server::{TcpConnectInfo, TlsConnectInfo};
use tower::{Layer, Service};

use super::{
    guarded_io::{CallOnConnection, GuardedConnectInfo},
    held_body::HeldBody,
};

/// The layer (see the module documentation).
#[derive(Debug, Clone, Copy, Default)]
pub struct ConnectionActivityLayer;

impl<S> Layer<S> for ConnectionActivityLayer {
    type Service = ConnectionActivityService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ConnectionActivityService { inner }
    }
}

/// The service of [`ConnectionActivityLayer`].
#[derive(Debug, Clone)]
pub struct ConnectionActivityService<S> {
    inner: S,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for ConnectionActivityService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
{
    type Response = Response<HeldBody<ResBody, Option<CallOnConnection>>>;
    type Error = S::Error;
    type Future = ActivityFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        // A TLS connection carries it inside tonic's TlsConnectInfo.
        let info = request
            .extensions()
            .get::<GuardedConnectInfo>()
            .or_else(|| {
                request
                    .extensions()
                    .get::<TlsConnectInfo<GuardedConnectInfo>>()
                    .map(TlsConnectInfo::get_ref)
            })
            .cloned();
        let call = match info {
            Some(info) => {
                request.extensions_mut().insert::<TcpConnectInfo>(info.tcp);
                Some(info.activity.call_started())
            }
            None => None,
        };
        ActivityFuture {
            inner: self.inner.call(request),
            call,
        }
    }
}

pin_project! {
    /// The response future of [`ConnectionActivityService`].
    pub struct ActivityFuture<F> {
        #[pin]
        inner: F,
        call: Option<CallOnConnection>,
    }
}

impl<F, ResBody, E> Future for ActivityFuture<F>
where
    F: Future<Output = Result<Response<ResBody>, E>>,
{
    type Output = Result<Response<HeldBody<ResBody, Option<CallOnConnection>>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let response = std::task::ready!(this.inner.poll(cx))?;
        let call = this.call.take();
        Poll::Ready(Ok(response.map(|body| HeldBody::new(body, call))))
    }
}
