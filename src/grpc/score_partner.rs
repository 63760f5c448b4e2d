//! Scores one parsed partner for any classification RPC: runs the domain
//! core, counts the result in the business metrics, converts it for the wire.

use crate::{
    domain::{PartnerIndicators, ScoringModel, classify},
    proto,
    telemetry::metrics,
    wire::to_proto::classification::classification_to_proto,
};

/// Classifies `partner`, records the classification (stage, warnings) in
/// the metrics, and returns it as a protobuf message.
pub fn score_partner(
    model: &ScoringModel,
    partner: &PartnerIndicators,
) -> proto::PartnerClassification {
    let classification = classify(model, partner);
    metrics::record_classification(&classification);
    classification_to_proto(classification)
}
