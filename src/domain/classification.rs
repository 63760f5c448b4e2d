//! The classification of one partner, and [`classify`], which produces it.

use std::sync::Arc;

use super::{
    assessment::Assessment,
    evidence::ratio,
    explanation::Explanation,
    indicators::{Indicator, PartnerIndicators},
    model::ScoringModel,
    partner_id::PartnerId,
    recommendation::recommended_stage,
    stage::{ModelATier, Stage},
    warnings::{self, Warning},
};

/// One stage's score for one partner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StageScore {
    /// The stage.
    pub stage: Stage,
    /// Combined score, 0..1: evidence score × support fulfilment × quality
    /// fulfilment.
    pub score: f64,
    /// Weighted mean of the supplied hallmarks, 0..1.
    pub evidence_score: f64,
    /// Share of hallmark weight supplied, 0..1.
    pub support: f64,
    /// Whether the hallmarks reach the stage.
    pub evidence_met: bool,
    /// Whether quality passes the stage's gate.
    pub quality_gate_met: bool,
    /// Whether the stage is reached.
    pub reached: bool,
}

/// Composite relationship quality.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QualitySummary {
    /// Weighted mean of supplied dimensions, 0..1.
    pub composite: Option<f64>,
    /// Share of quality weight supplied, 0..1.
    pub support: f64,
    /// The lowest supplied dimension.
    pub weakest: Option<(Indicator, f64)>,
}

/// Effort against commitment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EffortSummary {
    /// The stage the effort corresponds to.
    pub effort_level: Option<Stage>,
    /// Effort index, 0..1.
    pub effort_index: Option<f64>,
    /// Share of effort weight supplied, 0..1.
    pub effort_support: f64,
    /// Commitment index, 0..1.
    pub commitment_index: Option<f64>,
    /// Share of commitment weight supplied, 0..1.
    pub commitment_support: f64,
}

/// Everything the model says about one partner.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// The partner.
    pub partner_id: PartnerId,
    /// Its relationship stage (Model B).
    pub stage: Stage,
    /// One score per stage, from the base up.
    pub stage_scores: [StageScore; 4],
    /// Confidence in `stage`, 0..1.
    pub confidence: f64,
    /// Share of indicators supplied, 0..1.
    pub coverage: f64,
    /// The stage the hallmarks alone point to.
    pub evidence_stage: Stage,
    /// Relationship quality.
    pub quality: QualitySummary,
    /// Effort against commitment.
    pub effort: EffortSummary,
    /// Model A tier.
    pub model_a_tier: Option<ModelATier>,
    /// Cost of sale / revenue.
    pub cost_of_sale_ratio: Option<f64>,
    /// Best-fit stage.
    pub recommended_stage: Stage,
    /// Next stage up, if any.
    pub next_stage: Option<Stage>,
    /// Why.
    pub explanation: Explanation,
    /// Warnings in catalogue order.
    pub warnings: Vec<Warning>,
    /// Version of the model that produced this.
    pub model_version: Arc<str>,
}

/// Classifies one partner. Deterministic: the same partner and model always
/// give the same classification.
pub fn classify(model: &ScoringModel, partner: &PartnerIndicators) -> Classification {
    let a = Assessment::new(model, partner);
    let stage_scores = Stage::ALL.map(|stage| {
        let evidence = &a.evidence[stage.index()];
        let gate = &a.gates[stage.index()];
        let rule = model.rule(stage);
        StageScore {
            stage,
            score: (evidence.score
                * ratio(evidence.support, rule.min_support)
                * gate.fulfilment(&a.quality))
            .clamp(0.0, 1.0),
            evidence_score: evidence.score,
            support: evidence.support,
            evidence_met: evidence.met,
            quality_gate_met: gate.passed(),
            reached: a.reached(stage),
        }
    });
    Classification {
        partner_id: partner.partner_id.clone(),
        stage: a.stage,
        stage_scores,
        confidence: a.confidence,
        coverage: a.coverage,
        evidence_stage: a.evidence_stage,
        quality: QualitySummary {
            composite: a.quality.composite(),
            support: a.quality.support(),
            weakest: a.quality.weakest,
        },
        effort: EffortSummary {
            effort_level: a.effort.effort_level,
            effort_index: a.effort.effort.index,
            effort_support: a.effort.effort.support(),
            commitment_index: a.effort.commitment.index,
            commitment_support: a.effort.commitment.support(),
        },
        model_a_tier: a.model_a_tier,
        cost_of_sale_ratio: a.cost_of_sale.ratio(),
        recommended_stage: recommended_stage(&partner.intent, a.stage),
        next_stage: a.stage.next_up(),
        explanation: Explanation::of(&a),
        warnings: warnings::decide(&a),
        model_version: model.version.clone(),
    }
}
