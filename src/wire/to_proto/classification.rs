//! The domain's [`Classification`] as a protobuf `PartnerClassification`.

use crate::{
    domain::{
        Classification, ModelATier, Stage,
        scoring::{
            classification::StageScore,
            explanation::{Contribution, Explanation, Requirement},
            quality::GateCheck,
            warnings::Warning,
        },
    },
    proto,
    wire::enums::WireEnum,
};

/// Converts a classification for the wire.
// `seed_stage_number` is deprecated in the contract but still filled, so
// that older clients keep working.
#[allow(deprecated)]
pub fn classification_to_proto(c: Classification) -> proto::PartnerClassification {
    let top_down_stage_number = i32::from(c.stage.top_down_number());
    proto::PartnerClassification {
        partner_id: c.partner_id.as_str().to_owned(),
        stage: c.stage.to_wire(),
        seed_stage_number: top_down_stage_number,
        top_down_stage_number,
        stage_scores: c.stage_scores.iter().map(stage_score).collect(),
        confidence: c.confidence,
        coverage: c.coverage,
        evidence_stage: c.evidence_stage.to_wire(),
        quality: Some(proto::QualityAssessment {
            composite: c.quality.composite,
            support: c.quality.support,
            weakest: c.quality.weakest.map(|(_, v)| v),
            weakest_field: c
                .quality
                .weakest
                .map(|(i, _)| i.path().to_owned())
                .unwrap_or_default(),
        }),
        effort: Some(proto::EffortAssessment {
            effort_level: Stage::to_wire_or_unspecified(c.effort.effort_level),
            effort_index: c.effort.effort_index,
            effort_support: c.effort.effort_support,
            commitment_index: c.effort.commitment_index,
            commitment_support: c.effort.commitment_support,
        }),
        model_a_tier: ModelATier::to_wire_or_unspecified(c.model_a_tier),
        cost_of_sale_ratio: c.cost_of_sale_ratio,
        recommended_stage: c.recommended_stage.to_wire(),
        destination_stage: c.destination_stage.to_wire(),
        next_stage: Stage::to_wire_or_unspecified(c.next_stage),
        explanation: Some(explanation(c.explanation)),
        warnings: c.warnings.into_iter().map(warning).collect(),
        model_version: c.model_version.to_string(),
    }
}

fn stage_score(s: &StageScore) -> proto::StageScore {
    proto::StageScore {
        stage: s.stage.to_wire(),
        score: s.score,
        evidence_score: s.evidence_score,
        support: s.support,
        evidence_met: s.evidence_met,
        quality_gate_met: s.quality_gate_met,
        reached: s.reached,
    }
}

fn explanation(e: Explanation) -> proto::Explanation {
    proto::Explanation {
        summary: e.summary,
        contributions: e.contributions.iter().map(contribution).collect(),
        quality_gates: e.quality_gates.iter().map(gate).collect(),
        next_stage_requirements: e
            .next_stage_requirements
            .into_iter()
            .map(requirement)
            .collect(),
    }
}

fn contribution(c: &Contribution) -> proto::IndicatorContribution {
    proto::IndicatorContribution {
        field: c.indicator.path().to_owned(),
        stage: c.stage.to_wire(),
        normalized_value: c.normalized,
        weight: c.weight,
        contribution: c.contribution,
    }
}

fn gate(g: &GateCheck) -> proto::QualityGateCheck {
    proto::QualityGateCheck {
        stage: g.stage.to_wire(),
        passed: g.passed(),
        required_composite: g.gate.min_composite,
        required_each: g.gate.min_each,
        required_support: g.gate.min_support,
        failing_fields: g.failing.iter().map(|i| i.path().to_owned()).collect(),
    }
}

fn requirement(r: Requirement) -> proto::Requirement {
    proto::Requirement {
        field: r.field.to_owned(),
        status: r.status.to_wire(),
        description: r.description,
        current_value: r.current_value,
        target_value: r.target_value,
    }
}

fn warning(w: Warning) -> proto::Warning {
    proto::Warning {
        code: w.code.to_wire(),
        severity: w.severity.to_wire(),
        message: w.message,
        fields: w.fields.into_iter().map(str::to_owned).collect(),
    }
}
