//! The edge in front of the gRPC routes: one port, three kinds of caller.
//!
//! - `application/grpc*` requests go to the gRPC routes; gRPC-web ones
//!   (`application/grpc-web*`, HTTP/1.1 or HTTP/2) are translated by
//!   tonic-web first. tonic-web sits on this branch only: it answers 400 to
//!   any other HTTP/1.1 request.
//! - Every other request goes to the HTTP/JSON routes ([`super::routes`]),
//!   with HTTP compression ([`super::compression`]).
//! - Around both, CORS when origins are configured ([`super::cors`]).
//!
//! [`HttpEdgeLayer`] is a tower layer: start-up puts it around the gRPC
//! routes and composes it with the other layers; it owns no listener.

use std::{
    fmt,
    future::{Future, poll_fn},
    pin::Pin,
    task::{Context, Poll},
};

use axum::Router;
use bytes::Bytes;
use http::{Request, Response, header};
use tonic::body::Body;
use tonic_web::{GrpcWebLayer, GrpcWebService};
use tower::{Layer, Service};
use tower_http::cors::{Cors, CorsLayer};

use super::{
    admission::admit,
    auth::{RouteTokens, require_credentials},
    compression::with_compression,
    cors::cors_layer,
    routes::{JsonApi, router},
};
use crate::{
    admission::budgets::Budgets, auth::SharedTokens, config::HttpSettings,
    grpc::service::StageScoring,
};

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// Puts the HTTP edge (HTTP/JSON routes, gRPC-web, CORS) in front of the
/// gRPC routes it wraps.
#[derive(Clone)]
pub struct HttpEdgeLayer {
    json: Router,
    cors: Option<CorsLayer>,
}

impl fmt::Debug for HttpEdgeLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpEdgeLayer")
            .field("cors", &self.cors.is_some())
            .finish_non_exhaustive()
    }
}

impl HttpEdgeLayer {
    /// The edge calling `service` for the JSON routes, configured by
    /// `settings`; with `tokens`, a JSON call needs one of them (as a gRPC
    /// call does), else it is answered 401; each JSON call takes a permit of
    /// `budgets`' calls in flight, else it is shed (429).
    pub fn new(
        service: StageScoring,
        settings: &HttpSettings,
        tokens: Option<SharedTokens>,
        budgets: Budgets,
    ) -> Self {
        let tokens: RouteTokens = tokens;
        // Layers run outermost last: credentials first, then admission.
        let routes = router(JsonApi::new(service, settings.max_body_bytes))
            .route_layer(axum::middleware::from_fn_with_state(budgets, admit))
            .layer(axum::middleware::from_fn_with_state(
                tokens,
                require_credentials,
            ));
        Self {
            json: with_compression(routes),
            cors: cors_layer(settings),
        }
    }
}

impl<S: Clone> Layer<S> for HttpEdgeLayer {
    type Service = HttpEdge<S>;

    fn layer(&self, grpc: S) -> Self::Service {
        let dispatch = Dispatch {
            grpc_web: GrpcWebLayer::new().layer(grpc.clone()),
            grpc,
            json: self.json.clone(),
        };
        HttpEdge {
            inner: match &self.cors {
                Some(cors) => Inner::Cors(Box::new(cors.layer(dispatch))),
                None => Inner::Plain(dispatch),
            },
        }
    }
}

/// The service [`HttpEdgeLayer`] makes.
#[derive(Clone)]
pub struct HttpEdge<S> {
    inner: Inner<S>,
}

#[derive(Clone)]
enum Inner<S> {
    Plain(Dispatch<S>),
    Cors(Box<Cors<Dispatch<S>>>),
}

impl<S, B> Service<Request<Body>> for HttpEdge<S>
where
    S: Service<Request<Body>, Response = Response<B>> + Clone + Send + 'static,
    S::Future: Send,
    S::Error: Into<BoxError>,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError> + fmt::Display,
{
    type Response = Response<Body>;
    type Error = BoxError;
    type Future = BoxFuture<Result<Response<Body>, BoxError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        // Each call readies its own clone of the branch it takes.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        match &self.inner {
            Inner::Plain(dispatch) => dispatch.clone().call(request),
            Inner::Cors(cors) => {
                let mut cors = (**cors).clone();
                Box::pin(async move {
                    poll_fn(|cx| cors.poll_ready(cx)).await?;
                    cors.call(request).await
                })
            }
        }
    }
}

/// Chooses the gRPC, gRPC-web or JSON branch by content type.
#[derive(Clone)]
struct Dispatch<S> {
    grpc: S,
    grpc_web: GrpcWebService<S>,
    json: Router,
}

/// Whether the content type starts with `prefix`, in any case.
fn content_type_starts_with<B>(request: &Request<B>, prefix: &str) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        })
}

/// Whether the request is gRPC or gRPC-web (`application/grpc*`).
fn is_grpc<B>(request: &Request<B>) -> bool {
    content_type_starts_with(request, "application/grpc")
}

/// Whether the request is gRPC-web (`application/grpc-web*`).
fn is_grpc_web<B>(request: &Request<B>) -> bool {
    content_type_starts_with(request, "application/grpc-web")
}

impl<S, B> Service<Request<Body>> for Dispatch<S>
where
    S: Service<Request<Body>, Response = Response<B>> + Clone + Send + 'static,
    S::Future: Send,
    S::Error: Into<BoxError>,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError> + fmt::Display,
{
    type Response = Response<Body>;
    type Error = BoxError;
    type Future = BoxFuture<Result<Response<Body>, BoxError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        if is_grpc_web(&request) {
            let mut grpc_web = self.grpc_web.clone();
            Box::pin(async move {
                poll_fn(|cx| Service::<Request<Body>>::poll_ready(&mut grpc_web, cx))
                    .await
                    .map_err(Into::into)?;
                grpc_web.call(request).await.map_err(Into::into)
            })
        } else if is_grpc(&request) {
            // Plain gRPC goes straight through: no tonic-web translation.
            let mut grpc = self.grpc.clone();
            Box::pin(async move {
                poll_fn(|cx| grpc.poll_ready(cx))
                    .await
                    .map_err(Into::into)?;
                let response = grpc.call(request).await.map_err(Into::into)?;
                Ok(response.map(Body::new))
            })
        } else {
            let mut json = self.json.clone();
            Box::pin(async move {
                let response = match json.call(request).await {
                    Ok(response) => response,
                    Err(never) => match never {},
                };
                Ok(response.map(Body::new))
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_content_types_take_the_grpc_branch() {
        for (content_type, grpc) in [
            ("application/grpc", true),
            ("application/grpc+proto", true),
            ("application/grpc-web", true),
            ("application/grpc-web+proto", true),
            ("Application/gRPC-Web-Text", true),
            ("application/json", false),
            ("text/plain", false),
            ("application/gr", false),
        ] {
            let request = Request::builder()
                .header(header::CONTENT_TYPE, content_type)
                .body(())
                .unwrap();
            assert_eq!(is_grpc(&request), grpc, "{content_type}");
        }
        assert!(!is_grpc(&Request::new(())));
        let web = |content_type| {
            is_grpc_web(
                &Request::builder()
                    .header(header::CONTENT_TYPE, content_type)
                    .body(())
                    .unwrap(),
            )
        };
        assert!(web("application/grpc-web+proto"));
        assert!(web("application/grpc-web-text"));
        assert!(!web("application/grpc"));
    }
}
