//! The host's effort and the partner's commitment, each as an index, and the
//! stage the host's effort corresponds to.

use super::weighted_mean::WeightedMean;
use crate::domain::{
    model::{IndexRule, ScoringModel},
    partner::indicators::PartnerIndicators,
    stage::Stage,
};

/// An index (effort or commitment) of one partner.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexReading {
    /// Weighted mean of the supplied indicators.
    pub mean: WeightedMean,
    /// The index, 0..1, when enough of it was supplied.
    pub index: Option<f64>,
}

impl IndexReading {
    /// Reads `rule` in `partner`.
    pub fn assess(rule: &IndexRule, partner: &PartnerIndicators) -> Self {
        let mean = WeightedMean::of(&rule.indicators, partner);
        let index = mean.value.filter(|_| mean.support >= rule.min_support);
        Self { mean, index }
    }

    /// Share of the index weight supplied, 0..1.
    pub fn support(&self) -> f64 {
        self.mean.support
    }
}

/// Effort against commitment.
#[derive(Debug, Clone, PartialEq)]
pub struct EffortProfile {
    /// The host's effort index.
    pub effort: IndexReading,
    /// The stage the effort corresponds to, when the index is known.
    pub effort_level: Option<Stage>,
    /// The partner's commitment index.
    pub commitment: IndexReading,
}

impl EffortProfile {
    /// Reads effort and commitment of `partner`.
    pub fn assess(model: &ScoringModel, partner: &PartnerIndicators) -> Self {
        let effort = IndexReading::assess(&model.effort, partner);
        let effort_level = effort.index.map(|i| model.effort_level(i));
        Self {
            effort,
            effort_level,
            commitment: IndexReading::assess(&model.commitment, partner),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::partner::{
            partner_id::PartnerId,
            units::{Count, Money, Quantity},
        },
    };

    #[test]
    fn effort_bands_map_the_index_to_stages() {
        let model = builtin().model;
        assert_eq!(model.effort_level(0.0), Stage::Transactional);
        assert_eq!(model.effort_level(0.25), Stage::Enhanced);
        assert_eq!(model.effort_level(0.6), Stage::Collaborative);
        assert_eq!(model.effort_level(1.0), Stage::Partnership);
    }

    #[test]
    fn effort_needs_support_to_be_known() {
        let model = builtin().model;
        let mut p = PartnerIndicators::new(PartnerId::parse("p").unwrap());
        p.effort.executive_sponsor = Some(true);
        let thin = EffortProfile::assess(&model, &p);
        assert_eq!(thin.effort.index, None);
        assert_eq!(thin.effort_level, None);

        p.effort.partner_manager_hours = Some(Quantity::parse(800.0).unwrap());
        p.effort.joint_planning_sessions = Some(Count::parse(12).unwrap());
        let full = EffortProfile::assess(&model, &p);
        assert_eq!(full.effort.index, Some(1.0));
        assert_eq!(full.effort_level, Some(Stage::Partnership));
    }

    #[test]
    fn co_investment_counts_only_with_revenue() {
        let model = builtin().model;
        let mut p = PartnerIndicators::new(PartnerId::parse("p").unwrap());
        p.commitment.co_investment = Some(Money::parse(10_000.0).unwrap());
        assert_eq!(EffortProfile::assess(&model, &p).commitment.index, None);
        p.model_a.revenue = Some(Money::parse(100_000.0).unwrap());
        assert_eq!(
            EffortProfile::assess(&model, &p).commitment.index,
            Some(1.0)
        );
    }
}
