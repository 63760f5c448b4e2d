//! The HTTP/JSON routes: one per `google.api.http` annotation of the
//! contract (a test holds the two lists equal), each calling the same
//! service method as gRPC does, so both edges parse, validate and answer
//! alike. Unknown paths answer 404 and known paths with another method 405,
//! with the JSON error body.

use axum::{
    Router,
    body::Body,
    extract::{Request, State},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use http::{Method, StatusCode, header};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use tonic::Code;

use super::{
    batch_json::batch_response_json,
    error_body::{APPLICATION_JSON, HttpError},
    json_request::read_message,
    openapi,
};
use crate::{
    grpc::service::StageScoring,
    proto::{self, stage_scoring_service_server::StageScoringService},
};

/// One HTTP/JSON route and the RPC it calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// HTTP method.
    pub method: Method,
    /// URL path (no template variables: AIP-136 custom methods).
    pub path: &'static str,
    /// The RPC of `stage_scoring.v1.StageScoringService` it calls.
    pub rpc: &'static str,
}

/// Every HTTP/JSON route of the service.
pub const ROUTES: &[Route] = &[
    Route {
        method: Method::POST,
        path: "/v1/partners:classify",
        rpc: "ClassifyPartner",
    },
    Route {
        method: Method::POST,
        path: "/v1/partners:batchClassify",
        rpc: "BatchClassifyPartners",
    },
    Route {
        method: Method::POST,
        path: "/v1/pyramid:analyze",
        rpc: "AnalyzePyramid",
    },
    Route {
        method: Method::POST,
        path: "/v1/pyramid:mergePartials",
        rpc: "MergePyramidPartials",
    },
    Route {
        method: Method::GET,
        path: "/v1/scoringModel",
        rpc: "GetScoringModel",
    },
];

/// What the JSON handlers share.
#[derive(Debug, Clone)]
pub struct JsonApi {
    service: StageScoring,
    max_body_bytes: u64,
}

impl JsonApi {
    /// Handlers calling `service`, refusing bodies over `max_body_bytes`.
    pub fn new(service: StageScoring, max_body_bytes: u64) -> Self {
        Self {
            service,
            max_body_bytes,
        }
    }
}

/// The JSON routes, the OpenAPI document, and the JSON 404/405 answers.
pub fn router(api: JsonApi) -> Router {
    Router::new()
        .route("/v1/partners:classify", post(classify_partner))
        .route("/v1/partners:batchClassify", post(batch_classify_partners))
        .route("/v1/pyramid:analyze", post(analyze_pyramid))
        .route("/v1/pyramid:mergePartials", post(merge_pyramid_partials))
        .route("/v1/scoringModel", get(get_scoring_model))
        .route(openapi::PATH, get(openapi::serve))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(api)
}

async fn classify_partner(State(api): State<JsonApi>, request: Request) -> Response {
    let result = async {
        let message: proto::ClassifyPartnerRequest =
            read(&api, request, ".stage_scoring.v1.ClassifyPartnerRequest").await?;
        let response = api
            .service
            .classify_partner(tonic::Request::new(message))
            .await?;
        json(response.get_ref())
    };
    respond(result.await)
}

async fn batch_classify_partners(State(api): State<JsonApi>, request: Request) -> Response {
    let result = async {
        let message: proto::BatchClassifyPartnersRequest = read(
            &api,
            request,
            ".stage_scoring.v1.BatchClassifyPartnersRequest",
        )
        .await?;
        let response = api
            .service
            .batch_classify_partners(tonic::Request::new(message))
            .await?;
        batch_response_json(response.get_ref()).map_err(serialisation_error)
    };
    respond(result.await)
}

async fn analyze_pyramid(State(api): State<JsonApi>, request: Request) -> Response {
    let result = async {
        let message: proto::AnalyzePyramidRequest =
            read(&api, request, ".stage_scoring.v1.AnalyzePyramidRequest").await?;
        let response = api
            .service
            .analyze_pyramid(tonic::Request::new(message))
            .await?;
        json(response.get_ref())
    };
    respond(result.await)
}

async fn merge_pyramid_partials(State(api): State<JsonApi>, request: Request) -> Response {
    let result = async {
        let message: proto::MergePyramidPartialsRequest = read(
            &api,
            request,
            ".stage_scoring.v1.MergePyramidPartialsRequest",
        )
        .await?;
        let response = api
            .service
            .merge_pyramid_partials(tonic::Request::new(message))
            .await?;
        json(response.get_ref())
    };
    respond(result.await)
}

/// `GET`: no body, no parameters (`GetScoringModelRequest` is empty).
async fn get_scoring_model(State(api): State<JsonApi>) -> Response {
    let result = async {
        let response = api
            .service
            .get_scoring_model(tonic::Request::new(proto::GetScoringModelRequest {}))
            .await?;
        json(response.get_ref())
    };
    respond(result.await)
}

async fn read<M: DeserializeOwned>(
    api: &JsonApi,
    request: Request,
    message_name: &str,
) -> Result<M, HttpError> {
    let (parts, body) = request.into_parts();
    read_message(&parts.headers, body, api.max_body_bytes, message_name).await
}

fn json<T: Serialize>(message: &T) -> Result<Value, HttpError> {
    serde_json::to_value(message).map_err(serialisation_error)
}

fn serialisation_error(e: serde_json::Error) -> HttpError {
    tracing::error!(error = %e, "cannot write a response as JSON");
    HttpError::edge(
        StatusCode::INTERNAL_SERVER_ERROR,
        Code::Internal,
        "cannot write the response as JSON",
    )
}

fn respond(result: Result<Value, HttpError>) -> Response {
    match result {
        Ok(value) => {
            let mut response = Response::new(Body::from(value.to_string()));
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, APPLICATION_JSON);
            response
        }
        Err(e) => e.into_response(),
    }
}

async fn not_found(method: Method, uri: http::Uri) -> Response {
    HttpError::edge(
        StatusCode::NOT_FOUND,
        Code::NotFound,
        format!("no route {method} {}; routes: {}", uri.path(), route_list()),
    )
    .into_response()
}

async fn method_not_allowed(method: Method, uri: http::Uri) -> Response {
    let allowed: Vec<&str> = ROUTES
        .iter()
        .filter(|r| r.path == uri.path())
        .map(|r| r.method.as_str())
        .chain((uri.path() == openapi::PATH).then_some("GET"))
        .collect();
    let mut response = HttpError::edge(
        StatusCode::METHOD_NOT_ALLOWED,
        Code::Unimplemented,
        format!(
            "method {method} not allowed on {}; allowed: {}",
            uri.path(),
            allowed.join(", ")
        ),
    )
    .into_response();
    if let Ok(value) = allowed.join(", ").parse() {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

fn route_list() -> String {
    ROUTES
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect::<Vec<_>>()
        .join(", ")
}
