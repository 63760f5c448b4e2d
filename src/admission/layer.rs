//! The admission tower layer (see the [module documentation](super)).

use std::{
    future::Future,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use http::{Request, Response};
use tower::{Layer, Service};

use super::{
    budgets::{Budgets, CallPermits},
    method_policy::MethodPolicies,
    request_guard::RequestGuardBody,
    shed::{ShedReason, default_deadline_exceeded, shed},
};
use crate::{
    config::{AdmissionSettings, LimitSettings, ServerSettings},
    telemetry::rpc_catalog::RpcCatalog,
    transport::held_body::HeldBody,
};

/// The request header carrying the caller's deadline.
const GRPC_TIMEOUT: &str = "grpc-timeout";

/// Admission control around every route.
#[derive(Debug, Clone)]
pub struct AdmissionLayer {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    budgets: Budgets,
    policies: MethodPolicies,
    catalog: RpcCatalog,
    default_call_timeout: Duration,
    request_body_timeout: Duration,
}

impl AdmissionLayer {
    /// A layer with fresh budgets from `admission`, the per-method limits of
    /// `limits` and the timeouts of `server`.
    pub fn new(
        admission: &AdmissionSettings,
        limits: LimitSettings,
        server: &ServerSettings,
    ) -> Self {
        Self {
            shared: Arc::new(Shared {
                budgets: Budgets::new(admission),
                policies: MethodPolicies::new(limits),
                catalog: RpcCatalog::served(),
                default_call_timeout: server.default_call_timeout,
                request_body_timeout: server.request_body_timeout,
            }),
        }
    }

    /// The budgets (to read the calls in flight, e.g. at shutdown).
    pub fn budgets(&self) -> &Budgets {
        &self.shared.budgets
    }
}

impl<S> Layer<S> for AdmissionLayer {
    type Service = AdmissionService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        AdmissionService {
            inner,
            shared: self.shared.clone(),
        }
    }
}

/// The service of [`AdmissionLayer`].
#[derive(Debug, Clone)]
pub struct AdmissionService<S> {
    inner: S,
    shared: Arc<Shared>,
}

/// The response body: the inner one, holding the call's permits to its end.
pub type AdmittedBody<B> = HeldBody<B, Option<Arc<CallPermits>>>;

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for AdmissionService<S>
where
    ReqBody: http_body::Body<Data = bytes::Bytes> + Send + 'static,
    ReqBody::Error: Into<tonic::codegen::StdError>,
    S: Service<Request<tonic::body::Body>, Response = Response<ResBody>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    ResBody: Default + Send + 'static,
{
    type Response = Response<AdmittedBody<ResBody>>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        // Whatever the layers above made of the body (telemetry watches it),
        // the checks below read it as tonic's.
        let request = request.map(tonic::body::Body::new);
        let shared = &self.shared;
        let path = request.uri().path();
        let policy = shared.policies.for_path(path);
        let method = shared.catalog.resolve(path).method.clone();
        let budgets = &shared.budgets;
        let (budget, reason) = if policy.health {
            (&budgets.health, ShedReason::HealthInFlight)
        } else {
            (&budgets.calls, ShedReason::CallsInFlight)
        };
        let Ok(call) = budget.clone().try_acquire_owned() else {
            let status = shed(method, reason, budgets.retry_after);
            return Box::pin(std::future::ready(Ok(status
                .into_http::<ResBody>()
                .map(|b| HeldBody::new(b, None)))));
        };
        let permits = Arc::new(CallPermits::new(call));
        // A client stream's response comes after its last message, paced by
        // the client: the default deadline is for single-request calls.
        let default_deadline = (policy.single_request
            && !request.headers().contains_key(GRPC_TIMEOUT))
        .then_some(shared.default_call_timeout);
        let request = request.map(|body| {
            tonic::body::Body::new(RequestGuardBody::new(
                body,
                method,
                policy,
                budgets.clone(),
                permits.clone(),
                shared.request_body_timeout,
            ))
        });
        let response = self.inner.call(request);
        Box::pin(async move {
            let response = match default_deadline {
                None => response.await?,
                Some(timeout) => match tokio::time::timeout(timeout, response).await {
                    Ok(response) => response?,
                    // The call's work is dropped with its future.
                    Err(_) => default_deadline_exceeded(timeout).into_http::<ResBody>(),
                },
            };
            Ok(response.map(|body| HeldBody::new(body, Some(permits))))
        })
    }
}
