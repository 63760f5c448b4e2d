//! The classification of one partner, and [`classify`], which produces it.

use std::sync::Arc;

use super::{
    assessment::Assessment,
    evidence::ratio,
    explanation::Explanation,
    recommendation::recommended_stage,
    warnings::{self, Warning},
};
use crate::domain::{
    model::ScoringModel,
    partner::{
        indicators::{Indicator, PartnerIndicators},
        partner_id::PartnerId,
    },
    stage::{ModelATier, Stage},
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
    /// Where the relationship should go: the stage both sides intend, or the
    /// current stage when no intent is known.
    pub destination_stage: Stage,
    /// The recommended next step: one stage up toward the destination, or
    /// the destination when it is not above the current stage.
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
        destination_stage: a.destination,
        recommended_stage: recommended_stage(a.destination, a.stage),
        next_stage: a.stage.next_up(),
        explanation: Explanation::of(&a),
        warnings: warnings::decide(&a),
        model_version: model.version.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::{
            partner::units::{Count, Fraction},
            scoring::warnings::{WarningCode, test_support::*},
        },
    };

    fn reseller() -> PartnerIndicators {
        let mut p = with_quality(bare(), 0.5);
        p.resale.resells_offering = Some(true);
        p.model_a.deal_count = Some(Count::parse(12).unwrap());
        p
    }

    fn value_added_reseller() -> PartnerIndicators {
        let mut p = reseller();
        p.value_add.industry_expertise = Some(Fraction::parse(0.85).unwrap());
        p.value_add.key_account_knowledge = Some(Fraction::parse(0.8).unwrap());
        p.value_add.accelerators_built = Some(Count::parse(3).unwrap());
        p.value_add.services_attach_rate = Some(Fraction::parse(0.5).unwrap());
        p.collaboration.successful_joint_projects = Some(Count::parse(0).unwrap());
        p.collaboration.joint_strategy = Some(false);
        p
    }

    fn collaborator() -> PartnerIndicators {
        let mut p = with_quality(value_added_reseller(), 0.7);
        p.collaboration.successful_joint_projects = Some(Count::parse(4).unwrap());
        p.collaboration.joint_strategy = Some(true);
        p.collaboration.governance_framework = Some(true);
        p.collaboration.geographic_scope_agreed = Some(true);
        p
    }

    fn partner() -> PartnerIndicators {
        let mut p = with_quality(collaborator(), 0.9);
        p.partnership.joint_new_market_initiatives = Some(Count::parse(2).unwrap());
        p.partnership.shared_risk_reward = Some(true);
        p
    }

    fn stage_of(p: &PartnerIndicators) -> Stage {
        classify(&builtin().model, p).stage
    }

    #[test]
    fn each_stage_is_reached_by_its_hallmarks() {
        assert_eq!(stage_of(&reseller()), Stage::Transactional);
        assert_eq!(stage_of(&value_added_reseller()), Stage::Enhanced);
        assert_eq!(stage_of(&collaborator()), Stage::Collaborative);
        assert_eq!(stage_of(&partner()), Stage::Partnership);
    }

    #[test]
    fn a_partnership_with_poor_trust_is_not_a_partnership() {
        let mut p = partner();
        p.quality.trust = Some(Fraction::parse(0.2).unwrap());
        p.quality.communication = Some(Fraction::parse(0.25).unwrap());
        let c = classify(&builtin().model, &p);
        assert_eq!(c.stage, Stage::Enhanced);
        assert_eq!(c.evidence_stage, Stage::Partnership);
        assert!(
            c.warnings
                .iter()
                .any(|w| w.code == WarningCode::QualityBelowStage)
        );
        assert!(
            c.explanation.summary.contains("trust"),
            "{}",
            c.explanation.summary
        );
        assert!(
            c.explanation
                .next_stage_requirements
                .iter()
                .any(|r| r.field == "quality.trust")
        );
    }

    #[test]
    fn an_id_alone_is_transactional_with_low_confidence() {
        let c = classify(&builtin().model, &bare());
        assert_eq!(c.stage, Stage::Transactional);
        assert_eq!(c.coverage, 0.0);
        assert_eq!(c.confidence, 0.0);
        assert_eq!(c.warnings.len(), 1);
        assert_eq!(c.warnings[0].code, WarningCode::InsufficientEvidence);
        assert_eq!(c.recommended_stage, Stage::Transactional);
        assert_eq!(c.next_stage, Some(Stage::Enhanced));
    }

    #[test]
    fn a_well_described_partner_scores_high_and_explains_itself() {
        let c = classify(&builtin().model, &partner());
        assert!(c.confidence > 0.8, "{}", c.confidence);
        assert!(c.stage_scores.iter().all(|s| s.reached));
        assert_eq!(c.stage_scores[3].score, 1.0);
        assert_eq!(c.next_stage, None);
        assert!(c.explanation.next_stage_requirements.is_empty());
        assert!(c.explanation.summary.contains("top of the pyramid"));
        // Contributions of one stage sum to its evidence score.
        for score in &c.stage_scores {
            let sum: f64 = c
                .explanation
                .contributions
                .iter()
                .filter(|x| x.stage == score.stage)
                .map(|x| x.contribution)
                .sum();
            assert!((sum - score.evidence_score).abs() < 1e-9);
        }
        assert_eq!(&*c.model_version, "tecp-default-2026.11");
    }

    #[test]
    fn missing_requirements_name_the_next_stage_hallmarks() {
        let c = classify(&builtin().model, &value_added_reseller());
        let fields: Vec<&str> = c
            .explanation
            .next_stage_requirements
            .iter()
            .map(|r| r.field)
            .collect();
        assert!(fields.contains(&"collaboration.successful_joint_projects"));
        assert!(fields.contains(&"collaboration.governance_framework"));
    }
}
