//! The `StageScoringService` gRPC service: parses each request into domain
//! types, runs the scoring core, and converts the result back.

use tonic::{Request, Response, Status, Streaming, codec::CompressionEncoding};

use crate::{
    config::LimitSettings,
    domain::{ScoringModel, classify},
    grpc::{
        batch_classify::batch_classify,
        drain_cut::DrainCut,
        stream_classify::{ResultStream, stream_classify},
    },
    proto::{
        self, BatchClassifyPartnersRequest, BatchClassifyPartnersResponse, ClassifyPartnerRequest,
        ClassifyPartnerResponse, GetScoringModelRequest, GetScoringModelResponse,
        StreamClassifyPartnersRequest, stage_scoring_service_server::StageScoringServiceServer,
    },
    telemetry::metrics,
    wire::{
        field_violations::{FieldViolations, Reason},
        parse::partner::parse_partner_at,
        to_proto::classification::classification_to_proto,
        to_proto::scoring_model::scoring_model_to_proto,
    },
};

/// The service, holding the active scoring model and the size limits.
/// Stateless between calls.
#[derive(Debug, Clone)]
pub struct StageScoring {
    model: ScoringModel,
    limits: LimitSettings,
    drain_cut: DrainCut,
}

impl StageScoring {
    /// A service scoring with `model`, with the default limits.
    pub fn new(model: ScoringModel) -> Self {
        Self {
            model,
            limits: LimitSettings::default(),
            drain_cut: DrainCut::never(),
        }
    }

    /// The same service, whose streams end with UNAVAILABLE when
    /// `drain_cut` fires (the shutdown drain timed out).
    pub fn with_drain_cut(mut self, drain_cut: DrainCut) -> Self {
        self.drain_cut = drain_cut;
        self
    }

    /// The same service with these size limits.
    pub fn with_limits(mut self, limits: LimitSettings) -> Self {
        self.limits = limits;
        self
    }

    /// The tonic server wrapping this service. It accepts gzip- and
    /// zstd-compressed requests and compresses its answers with whichever of
    /// the two the client says it accepts (`grpc-accept-encoding`);
    /// uncompressed clients are unaffected.
    pub fn into_server(self) -> StageScoringServiceServer<Self> {
        StageScoringServiceServer::new(self)
            .accept_compressed(CompressionEncoding::Gzip)
            .accept_compressed(CompressionEncoding::Zstd)
            .send_compressed(CompressionEncoding::Gzip)
            .send_compressed(CompressionEncoding::Zstd)
    }
}

#[tonic::async_trait]
impl proto::stage_scoring_service_server::StageScoringService for StageScoring {
    #[tracing::instrument(name = "ClassifyPartner", skip_all)]
    async fn classify_partner(
        &self,
        request: Request<ClassifyPartnerRequest>,
    ) -> Result<Response<ClassifyPartnerResponse>, Status> {
        let mut violations = FieldViolations::default();
        let Some(msg) = request.into_inner().partner else {
            violations.push("partner", Reason::Required, "is required");
            return Err(violations.into_status());
        };
        let Some(partner) = parse_partner_at(msg, "partner", &mut violations) else {
            tracing::debug!(violations = violations.len(), "invalid partner");
            return Err(violations.into_status());
        };
        let classification = classify(&self.model, &partner);
        metrics::record_classification(&classification);
        Ok(Response::new(ClassifyPartnerResponse {
            classification: Some(classification_to_proto(classification)),
        }))
    }

    #[tracing::instrument(name = "BatchClassifyPartners", skip_all)]
    async fn batch_classify_partners(
        &self,
        request: Request<BatchClassifyPartnersRequest>,
    ) -> Result<Response<BatchClassifyPartnersResponse>, Status> {
        batch_classify(
            &self.model,
            self.limits.batch_max_partners,
            request.into_inner(),
        )
        .await
        .map(Response::new)
    }

    type StreamClassifyPartnersStream = ResultStream;

    #[tracing::instrument(name = "StreamClassifyPartners", skip_all)]
    async fn stream_classify_partners(
        &self,
        request: Request<Streaming<StreamClassifyPartnersRequest>>,
    ) -> Result<Response<Self::StreamClassifyPartnersStream>, Status> {
        Ok(Response::new(stream_classify(
            self.model.clone(),
            self.limits.stream_max_pending_results,
            request.into_inner(),
            self.drain_cut.clone(),
        )))
    }

    #[tracing::instrument(name = "GetScoringModel", skip_all)]
    async fn get_scoring_model(
        &self,
        _request: Request<GetScoringModelRequest>,
    ) -> Result<Response<GetScoringModelResponse>, Status> {
        Ok(Response::new(GetScoringModelResponse {
            model: Some(scoring_model_to_proto(&self.model)),
        }))
    }

    #[tracing::instrument(name = "AnalyzePyramid", skip_all)]
    async fn analyze_pyramid(
        &self,
        request: Request<proto::AnalyzePyramidRequest>,
    ) -> Result<Response<proto::AnalyzePyramidResponse>, Status> {
        crate::grpc::analyze_pyramid::analyze_pyramid(
            &self.model,
            self.limits.pyramid_max_partners,
            request.into_inner(),
        )
        .map(Response::new)
    }

    #[tracing::instrument(name = "StreamAnalyzePyramid", skip_all)]
    async fn stream_analyze_pyramid(
        &self,
        request: Request<Streaming<proto::StreamAnalyzePyramidRequest>>,
    ) -> Result<Response<proto::StreamAnalyzePyramidResponse>, Status> {
        crate::grpc::analyze_pyramid::stream_analyze_pyramid(&self.model, request.into_inner())
            .await
            .map(Response::new)
    }

    #[tracing::instrument(name = "MergePyramidPartials", skip_all)]
    async fn merge_pyramid_partials(
        &self,
        request: Request<proto::MergePyramidPartialsRequest>,
    ) -> Result<Response<proto::MergePyramidPartialsResponse>, Status> {
        crate::grpc::merge_pyramid_partials::merge_pyramid_partials(
            &self.model,
            request.into_inner(),
        )
        .map(Response::new)
    }
}
