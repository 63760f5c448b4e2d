//! [`AuthLayer`]: names the caller of every request and, when bearer tokens
//! are configured, refuses requests without a valid one (UNAUTHENTICATED).
//! Health checks (`/grpc.health.v1.Health/`) always pass, so that probes
//! and load balancers need no credentials.

use std::{
    pin::Pin,
    task::{Context, Poll, ready},
};

use pin_project_lite::pin_project;
use tonic::transport::server::{TcpConnectInfo, TlsConnectInfo};
use tower::{Layer, Service};

use super::{Caller, SharedTokens};
use crate::{tls::peer_identity, transport::guarded_io::GuardedConnectInfo};

/// Path prefix of the health service, reachable without credentials.
const HEALTH_PREFIX: &str = "/grpc.health.v1.Health/";

/// Names callers and, with tokens, authenticates them.
#[derive(Debug, Clone, Default)]
pub struct AuthLayer {
    tokens: Option<SharedTokens>,
}

impl AuthLayer {
    /// A layer that requires one of `tokens` (`None`: no token is asked
    /// for; callers are named from their client certificate, if any).
    pub fn new(tokens: Option<SharedTokens>) -> Self {
        Self { tokens }
    }
}

impl<S> Layer<S> for AuthLayer {
    type Service = Auth<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Auth {
            inner,
            tokens: self.tokens.clone(),
        }
    }
}

/// The service [`AuthLayer`] wraps around its inner service.
#[derive(Debug, Clone)]
pub struct Auth<S> {
    inner: S,
    tokens: Option<SharedTokens>,
}

/// What the credentials of a request say.
enum Verdict {
    Caller(Caller),
    Refused(&'static str),
}

impl<S> Auth<S> {
    fn judge<B>(&self, request: &http::Request<B>) -> Verdict {
        match authenticate(self.tokens.as_ref(), request) {
            Ok(caller) => Verdict::Caller(caller),
            Err(why) => Verdict::Refused(why),
        }
    }
}

/// The caller of `request`: named by its bearer token when `tokens` are
/// configured (a missing, malformed or unknown token is refused, with the
/// reason), else by its client certificate, else anonymous. Health checks
/// always pass. The HTTP/JSON edge calls this too, so that both edges judge
/// alike.
pub fn authenticate<B>(
    tokens: Option<&SharedTokens>,
    request: &http::Request<B>,
) -> Result<Caller, &'static str> {
    let from_certificate = || {
        let extensions = request.extensions();
        extensions
            .get::<TlsConnectInfo<GuardedConnectInfo>>()
            .and_then(TlsConnectInfo::peer_certs)
            .or_else(|| {
                extensions
                    .get::<TlsConnectInfo<TcpConnectInfo>>()
                    .and_then(TlsConnectInfo::peer_certs)
            })
            .and_then(|certs| certs.first().and_then(|c| peer_identity::caller_name(c)))
    };
    if request.uri().path().starts_with(HEALTH_PREFIX) {
        return Ok(from_certificate().map_or_else(Caller::anonymous, Caller::new));
    }
    let Some(tokens) = tokens else {
        return Ok(from_certificate().map_or_else(Caller::anonymous, Caller::new));
    };
    let Some(value) = request.headers().get(http::header::AUTHORIZATION) else {
        return Err("missing bearer token (authorization metadata)");
    };
    let Some(token) = value.to_str().ok().and_then(bearer) else {
        return Err("authorization metadata is not `Bearer <token>`");
    };
    tokens
        .current()
        .caller(token)
        .map(Caller::new)
        .ok_or("unknown bearer token")
}

/// The token of a `Bearer <token>` header value (scheme case-insensitive).
fn bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

impl<S, ReqBody, ResBody> Service<http::Request<ReqBody>> for Auth<S>
where
    S: Service<http::Request<ReqBody>, Response = http::Response<ResBody>>,
    ResBody: Default,
{
    type Response = http::Response<ResBody>;
    type Error = S::Error;
    type Future = AuthFuture<S::Future, ResBody>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<ReqBody>) -> Self::Future {
        match self.judge(&request) {
            Verdict::Caller(caller) => {
                tracing::Span::current().record("caller", caller.name());
                request.extensions_mut().insert(caller.clone());
                AuthFuture {
                    inner: Some(self.inner.call(request)),
                    caller: Some(caller),
                    refused: None,
                }
            }
            Verdict::Refused(why) => {
                tracing::Span::current().record("caller", Caller::UNAUTHENTICATED);
                let mut response = tonic::Status::unauthenticated(why).into_http::<ResBody>();
                response
                    .extensions_mut()
                    .insert(Caller::new(Caller::UNAUTHENTICATED));
                AuthFuture {
                    inner: None,
                    caller: None,
                    refused: Some(response),
                }
            }
        }
    }
}

pin_project! {
    /// Future of [`Auth`]: the inner response with the caller in its
    /// extensions, or the refusal.
    pub struct AuthFuture<F, B> {
        #[pin]
        inner: Option<F>,
        caller: Option<Caller>,
        refused: Option<http::Response<B>>,
    }
}

impl<F, B, E> Future for AuthFuture<F, B>
where
    F: Future<Output = Result<http::Response<B>, E>>,
{
    type Output = Result<http::Response<B>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Some(refused) = this.refused.take() {
            return Poll::Ready(Ok(refused));
        }
        let inner = this
            .inner
            .as_pin_mut()
            .expect("AuthFuture polled after completion");
        let mut response = ready!(inner.poll(cx))?;
        if let Some(caller) = this.caller.take() {
            response.extensions_mut().insert(caller);
        }
        Poll::Ready(Ok(response))
    }
}

#[cfg(test)]
mod tests {
    use super::bearer;

    #[test]
    fn bearer_tokens_are_read_from_the_header_value() {
        assert_eq!(bearer("Bearer abc"), Some("abc"));
        assert_eq!(bearer("bearer   abc "), Some("abc"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer "), None);
        assert_eq!(bearer("abc"), None);
    }
}
