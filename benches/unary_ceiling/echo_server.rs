//! The echo ceiling: a bare tonic server built from this crate's own
//! generated types that decodes the request and answers a precomputed
//! response (the real server's answer to the same request, so the bytes on
//! the wire are identical), with no validation, scoring, conversion or
//! telemetry. What tonic itself costs for the same bytes.

use std::{net::SocketAddr, path::Path, pin::Pin};

use prost::Message;
use stage_scorer::proto::{
    AnalyzePyramidRequest, AnalyzePyramidResponse, BatchClassifyPartnersRequest,
    BatchClassifyPartnersResponse, ClassifyPartnerRequest, ClassifyPartnerResponse,
    GetScoringModelRequest, GetScoringModelResponse, MergePyramidPartialsRequest,
    MergePyramidPartialsResponse, StreamAnalyzePyramidRequest, StreamAnalyzePyramidResponse,
    StreamClassifyPartnersRequest, StreamClassifyPartnersResponse,
    stage_scoring_service_server::{StageScoringService, StageScoringServiceServer},
};
use tokio_stream::Stream;
use tonic::{
    Request, Response, Status, Streaming,
    transport::{Server, server::TcpIncoming},
};

/// Environment variable naming the file of the encoded `ClassifyPartnerResponse`
/// to answer; its presence makes the bench binary act as the echo server.
pub(crate) const CLASSIFY_RESPONSE_FILE: &str = "UNARY_CEILING_ECHO_CLASSIFY_RESPONSE";
/// Environment variable naming the file of the encoded
/// `BatchClassifyPartnersResponse` to answer.
pub(crate) const BATCH_RESPONSE_FILE: &str = "UNARY_CEILING_ECHO_BATCH_RESPONSE";

struct Echo {
    classify: ClassifyPartnerResponse,
    batch: BatchClassifyPartnersResponse,
}

type ResultStream =
    Pin<Box<dyn Stream<Item = Result<StreamClassifyPartnersResponse, Status>> + Send>>;

#[tonic::async_trait]
impl StageScoringService for Echo {
    async fn classify_partner(
        &self,
        _request: Request<ClassifyPartnerRequest>,
    ) -> Result<Response<ClassifyPartnerResponse>, Status> {
        Ok(Response::new(self.classify.clone()))
    }

    async fn batch_classify_partners(
        &self,
        _request: Request<BatchClassifyPartnersRequest>,
    ) -> Result<Response<BatchClassifyPartnersResponse>, Status> {
        Ok(Response::new(self.batch.clone()))
    }

    async fn get_scoring_model(
        &self,
        _request: Request<GetScoringModelRequest>,
    ) -> Result<Response<GetScoringModelResponse>, Status> {
        Err(Status::unimplemented("echo ceiling"))
    }

    async fn analyze_pyramid(
        &self,
        _request: Request<AnalyzePyramidRequest>,
    ) -> Result<Response<AnalyzePyramidResponse>, Status> {
        Err(Status::unimplemented("echo ceiling"))
    }

    async fn stream_analyze_pyramid(
        &self,
        _request: Request<Streaming<StreamAnalyzePyramidRequest>>,
    ) -> Result<Response<StreamAnalyzePyramidResponse>, Status> {
        Err(Status::unimplemented("echo ceiling"))
    }

    async fn merge_pyramid_partials(
        &self,
        _request: Request<MergePyramidPartialsRequest>,
    ) -> Result<Response<MergePyramidPartialsResponse>, Status> {
        Err(Status::unimplemented("echo ceiling"))
    }

    type StreamClassifyPartnersStream = ResultStream;

    async fn stream_classify_partners(
        &self,
        _request: Request<Streaming<StreamClassifyPartnersRequest>>,
    ) -> Result<Response<Self::StreamClassifyPartnersStream>, Status> {
        Err(Status::unimplemented("echo ceiling"))
    }
}

fn decode<M: Message + Default>(variable: &str) -> M {
    let path = std::env::var(variable).unwrap_or_else(|_| panic!("{variable} is not set"));
    let bytes = std::fs::read(Path::new(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    M::decode(bytes.as_slice()).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Serves the echo ceiling on a free loopback port until killed; prints
/// `listening on ADDRESS` on stdout once bound.
pub(crate) fn serve() {
    let echo = Echo {
        classify: decode(CLASSIFY_RESPONSE_FILE),
        batch: decode(BATCH_RESPONSE_FILE),
    };
    // The same runtime the real server uses (tokio's multi-threaded default,
    // one worker per CPU it may run on).
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("binds a loopback port");
        println!("listening on {}", listener.local_addr().unwrap());
        Server::builder()
            .add_service(StageScoringServiceServer::new(echo))
            .serve_with_incoming(TcpIncoming::from(listener).with_nodelay(Some(true)))
            .await
            .expect("the echo server runs");
    });
}
