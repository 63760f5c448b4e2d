//! Hallmark evidence for each stage: how strongly the supplied hallmarks
//! point to the stage, and whether enough of them were supplied.

use super::weighted_mean::WeightedMean;
use crate::domain::{model::StageRule, partner::indicators::PartnerIndicators, stage::Stage};

/// The hallmark evidence for one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StageEvidence {
    /// The stage.
    pub stage: Stage,
    /// Weighted mean of the supplied hallmarks.
    pub mean: WeightedMean,
    /// The evidence score, 0..1 (0 when no hallmark was supplied).
    pub score: f64,
    /// Share of the stage's hallmark weight supplied, 0..1.
    pub support: f64,
    /// Whether the score and support reach the stage's thresholds (always
    /// true for the base).
    pub met: bool,
}

impl StageEvidence {
    /// Reads the hallmarks of `rule` in `partner`.
    pub fn assess(rule: &StageRule, partner: &PartnerIndicators) -> Self {
        let mean = WeightedMean::of(&rule.hallmarks, partner);
        let score = mean.value.unwrap_or(0.0);
        let support = mean.support;
        let met = rule.stage == Stage::Transactional
            || (mean.value.is_some()
                && score >= rule.evidence_threshold
                && support >= rule.min_support);
        Self {
            stage: rule.stage,
            mean,
            score,
            support,
            met,
        }
    }

    /// How far the evidence is from the stage's needs, 0..1: 1 when both the
    /// score and the support reach their thresholds.
    pub fn fulfilment(&self, rule: &StageRule) -> f64 {
        ratio(self.score, rule.evidence_threshold) * ratio(self.support, rule.min_support)
    }
}

/// `value / needed` capped at 1; 1 when nothing is needed.
pub fn ratio(value: f64, needed: f64) -> f64 {
    if needed <= 0.0 {
        1.0
    } else {
        (value / needed).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::partner::{partner_id::PartnerId, units::Fraction},
    };

    #[test]
    fn the_base_is_always_met() {
        let model = builtin().model;
        let p = PartnerIndicators::new(PartnerId::parse("p").unwrap());
        let base = StageEvidence::assess(model.rule(Stage::Transactional), &p);
        assert!(base.met);
        assert_eq!(base.score, 0.0);
        let enhanced = StageEvidence::assess(model.rule(Stage::Enhanced), &p);
        assert!(!enhanced.met);
    }

    #[test]
    fn enhanced_needs_score_and_support() {
        let model = builtin().model;
        let rule = model.rule(Stage::Enhanced);
        let mut p = PartnerIndicators::new(PartnerId::parse("p").unwrap());
        p.value_add.industry_expertise = Some(Fraction::parse(0.8).unwrap());
        // Full score, but only a quarter of the weight supplied.
        let thin = StageEvidence::assess(rule, &p);
        assert_eq!(thin.score, 1.0);
        assert!(!thin.met);
        p.value_add.key_account_knowledge = Some(Fraction::parse(0.8).unwrap());
        assert!(StageEvidence::assess(rule, &p).met);
        p.value_add.key_account_knowledge = Some(Fraction::parse(0.0).unwrap());
        p.value_add.industry_expertise = Some(Fraction::parse(0.3).unwrap());
        let weak = StageEvidence::assess(rule, &p);
        assert!(!weak.met);
        assert!(weak.fulfilment(rule) < 1.0);
    }
}
