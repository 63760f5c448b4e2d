//! Domain enums to their protobuf numbers.

use crate::{
    domain::{
        Stage,
        scoring::{
            explanation::RequirementStatus,
            warnings::{Severity, WarningCode},
        },
        stage::ModelATier,
    },
    proto,
};

/// The protobuf value of a stage; `STAGE_UNSPECIFIED` for `None`.
pub fn stage(stage: Option<Stage>) -> i32 {
    let value = match stage {
        None => proto::Stage::Unspecified,
        Some(Stage::Transactional) => proto::Stage::Transactional,
        Some(Stage::Enhanced) => proto::Stage::Enhanced,
        Some(Stage::Collaborative) => proto::Stage::Collaborative,
        Some(Stage::Partnership) => proto::Stage::Partnership,
    };
    value.into()
}

/// The protobuf value of a Model A tier; unspecified for `None`.
pub fn model_a_tier(tier: Option<ModelATier>) -> i32 {
    let value = match tier {
        None => proto::ModelATier::Unspecified,
        Some(ModelATier::Registered) => proto::ModelATier::Registered,
        Some(ModelATier::Silver) => proto::ModelATier::Silver,
        Some(ModelATier::Gold) => proto::ModelATier::Gold,
        Some(ModelATier::Platinum) => proto::ModelATier::Platinum,
    };
    value.into()
}

/// The protobuf value of a warning code.
pub fn warning_code(code: WarningCode) -> i32 {
    let value = match code {
        WarningCode::EffortAboveIntent => proto::WarningCode::EffortAboveIntent,
        WarningCode::EffortBelowIntent => proto::WarningCode::EffortBelowIntent,
        WarningCode::IntentSkipsStage => proto::WarningCode::IntentSkipsStage,
        WarningCode::IntentMismatch => proto::WarningCode::IntentMismatch,
        WarningCode::OneSidedCommitment => proto::WarningCode::OneSidedCommitment,
        WarningCode::QualityBelowStage => proto::WarningCode::QualityBelowStage,
        WarningCode::ModelDivergence => proto::WarningCode::ModelDivergence,
        WarningCode::CostOfSaleOutOfLine => proto::WarningCode::CostOfSaleOutOfLine,
        WarningCode::InsufficientEvidence => proto::WarningCode::InsufficientEvidence,
    };
    value.into()
}

/// The protobuf value of a severity.
pub fn severity(severity: Severity) -> i32 {
    let value = match severity {
        Severity::Info => proto::Severity::Info,
        Severity::Warning => proto::Severity::Warning,
        Severity::Critical => proto::Severity::Critical,
    };
    value.into()
}

/// The protobuf value of a requirement status.
pub fn requirement_status(status: RequirementStatus) -> i32 {
    let value = match status {
        RequirementStatus::Missing => proto::RequirementStatus::Missing,
        RequirementStatus::BelowTarget => proto::RequirementStatus::BelowTarget,
    };
    value.into()
}
