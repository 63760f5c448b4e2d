//! Relationship quality: the composite of the five dimensions, and the gate
//! each upper stage puts on it. Quality is the pre-eminent factor: hallmarks
//! of a stage do not reach it when quality does not pass its gate.

use super::{evidence::ratio, weighted_mean::WeightedMean};
use crate::domain::{
    model::{QualityGate, ScoringModel},
    partner::indicators::{Indicator, PartnerIndicators},
    stage::Stage,
};

/// A partner's relationship quality.
#[derive(Debug, Clone, PartialEq)]
pub struct QualityProfile {
    /// Weighted mean of the supplied dimensions.
    pub mean: WeightedMean,
    /// The lowest supplied dimension and its value.
    pub weakest: Option<(Indicator, f64)>,
}

impl QualityProfile {
    /// Reads the quality dimensions of `partner`.
    pub fn assess(model: &ScoringModel, partner: &PartnerIndicators) -> Self {
        let mean = WeightedMean::of(&model.quality_weights, partner);
        let weakest = mean
            .terms
            .iter()
            .map(|p| (p.indicator, p.normalized))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        Self { mean, weakest }
    }

    /// The composite quality, 0..1, if any dimension was supplied.
    pub fn composite(&self) -> Option<f64> {
        self.mean.value
    }

    /// Share of the quality weight supplied, 0..1.
    pub fn support(&self) -> f64 {
        self.mean.support
    }
}

/// The outcome of one stage's quality gate.
#[derive(Debug, Clone, PartialEq)]
pub struct GateCheck {
    /// The stage gated.
    pub stage: Stage,
    /// The gate.
    pub gate: QualityGate,
    /// Whether the composite is high enough (true when unknown: unknown
    /// quality is caught by the support check, not counted as low).
    pub composite_ok: bool,
    /// Dimensions supplied below `min_each`.
    pub failing: Vec<Indicator>,
    /// Whether enough quality weight was supplied.
    pub support_ok: bool,
}

impl GateCheck {
    /// Checks `profile` against the gate of `stage`.
    pub fn check(stage: Stage, gate: QualityGate, profile: &QualityProfile) -> Self {
        let composite_ok = profile.composite().is_none_or(|c| c >= gate.min_composite);
        let failing = profile
            .mean
            .terms
            .iter()
            .filter(|p| p.normalized < gate.min_each)
            .map(|p| p.indicator)
            .collect();
        Self {
            stage,
            gate,
            composite_ok,
            failing,
            support_ok: profile.support() >= gate.min_support,
        }
    }

    /// Whether the gate passes.
    pub fn passed(&self) -> bool {
        self.composite_ok && self.failing.is_empty() && self.support_ok
    }

    /// Whether the gate fails because quality is known to be too low (as
    /// opposed to not known well enough).
    pub fn fails_on_quality(&self) -> bool {
        !self.composite_ok || !self.failing.is_empty()
    }

    /// How far quality is from the gate's needs, 0..1: 1 when it passes.
    pub fn fulfilment(&self, profile: &QualityProfile) -> f64 {
        let composite = profile
            .composite()
            .map_or(1.0, |c| ratio(c, self.gate.min_composite));
        let weakest = profile
            .weakest
            .map_or(1.0, |(_, v)| ratio(v, self.gate.min_each));
        let support = ratio(profile.support(), self.gate.min_support);
        composite.min(weakest).min(support)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::partner::{partner_id::PartnerId, units::Fraction},
    };

    fn partner(values: [Option<f64>; 5]) -> PartnerIndicators {
        let mut p = PartnerIndicators::new(PartnerId::parse("p").unwrap());
        let f = |v: Option<f64>| v.map(|v| Fraction::parse(v).unwrap());
        p.quality.interaction = f(values[0]);
        p.quality.trust = f(values[1]);
        p.quality.communication = f(values[2]);
        p.quality.knowledge_exchange = f(values[3]);
        p.quality.interoperation = f(values[4]);
        p
    }

    #[test]
    fn poor_trust_fails_the_partnership_gate() {
        let model = builtin().model;
        let gate = model.rule(Stage::Partnership).quality_gate;
        let good = QualityProfile::assess(&model, &partner([Some(0.9); 5]));
        assert!(GateCheck::check(Stage::Partnership, gate, &good).passed());

        let poor = QualityProfile::assess(
            &model,
            &partner([Some(0.9), Some(0.2), Some(0.2), Some(0.9), Some(0.9)]),
        );
        let check = GateCheck::check(Stage::Partnership, gate, &poor);
        assert!(!check.passed());
        assert!(check.fails_on_quality());
        assert_eq!(
            check.failing,
            vec![Indicator::Trust, Indicator::Communication]
        );
        assert_eq!(poor.weakest.unwrap().0, Indicator::Trust);
        assert!(check.fulfilment(&poor) < 1.0);
    }

    #[test]
    fn unknown_quality_fails_on_support_only() {
        let model = builtin().model;
        let gate = model.rule(Stage::Collaborative).quality_gate;
        let unknown = QualityProfile::assess(&model, &partner([None; 5]));
        let check = GateCheck::check(Stage::Collaborative, gate, &unknown);
        assert!(!check.passed());
        assert!(!check.fails_on_quality());
        // The Enhanced gate needs no quality data.
        let enhanced = GateCheck::check(
            Stage::Enhanced,
            model.rule(Stage::Enhanced).quality_gate,
            &unknown,
        );
        assert!(enhanced.passed());
    }
}
