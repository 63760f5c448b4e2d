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
    /// The highest score the stage could still reach: the score if every
    /// hallmark not supplied counted fully, 0..1 (1 when none was supplied).
    pub ceiling: f64,
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
        let ceiling = (score * support + (1.0 - support)).clamp(0.0, 1.0);
        Self {
            stage: rule.stage,
            mean,
            score,
            support,
            met,
            ceiling,
        }
    }

    /// Whether the supplied hallmarks clearly fail the stage: even if every
    /// hallmark not supplied counted fully, the score would stay below the
    /// threshold. Unknown hallmarks are unknown, not zero, so a stage whose
    /// hallmarks were not supplied never clearly fails. Never true for the
    /// base.
    pub fn clearly_fails(&self, rule: &StageRule) -> bool {
        rule.stage != Stage::Transactional && self.ceiling < rule.evidence_threshold
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

    #[test]
    fn only_supplied_hallmarks_can_clearly_fail_a_stage() {
        let model = builtin().model;
        let rule = model.rule(Stage::Enhanced);
        let mut p = PartnerIndicators::new(PartnerId::parse("p").unwrap());
        // Nothing supplied: unknown, not failing.
        assert!(!StageEvidence::assess(rule, &p).clearly_fails(rule));
        // One hallmark at zero: the three unknown ones could still lift it.
        p.value_add.industry_expertise = Some(Fraction::parse(0.0).unwrap());
        let one = StageEvidence::assess(rule, &p);
        assert!((one.ceiling - 0.75).abs() < 1e-12);
        assert!(!one.clearly_fails(rule));
        // Three of four at zero: the last one cannot lift it to 0.5.
        p.value_add.key_account_knowledge = Some(Fraction::parse(0.0).unwrap());
        p.value_add.services_attach_rate = Some(Fraction::parse(0.0).unwrap());
        assert!(StageEvidence::assess(rule, &p).clearly_fails(rule));
        // The base never fails.
        let base = model.rule(Stage::Transactional);
        assert!(!StageEvidence::assess(base, &p).clearly_fails(base));
    }
}
