//! The `StageScoringService` gRPC service: parses each request into domain
//! types, runs the scoring core, and converts the result back.

use tonic::{Request, Response, Status};

use crate::{
    domain::{ScoringModel, classify},
    grpc::{
        classification_to_proto::classification_to_proto,
        field_violations::{FieldViolations, Reason},
        parse_partner::parse_partner,
        scoring_model_to_proto::scoring_model_to_proto,
    },
    proto::{
        self, ClassifyPartnerRequest, ClassifyPartnerResponse, GetScoringModelRequest,
        GetScoringModelResponse, stage_scoring_service_server::StageScoringServiceServer,
    },
};

/// The service, holding the active scoring model. Stateless between calls.
#[derive(Debug, Clone)]
pub struct StageScoring {
    model: ScoringModel,
}

impl StageScoring {
    /// A service scoring with `model`.
    pub fn new(model: ScoringModel) -> Self {
        Self { model }
    }

    /// The tonic server wrapping this service.
    pub fn into_server(self) -> StageScoringServiceServer<Self> {
        StageScoringServiceServer::new(self)
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
        let Some(partner) = parse_partner(msg, "partner", &mut violations) else {
            tracing::debug!(violations = violations.len(), "invalid partner");
            return Err(violations.into_status());
        };
        let classification = classify(&self.model, &partner);
        crate::telemetry::metrics::record_classification(&classification);
        tracing::debug!(stage = %classification.stage, "classified");
        Ok(Response::new(ClassifyPartnerResponse {
            classification: Some(classification_to_proto(classification)),
        }))
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
}
