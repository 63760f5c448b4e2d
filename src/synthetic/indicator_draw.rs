//! How each indicator of a synthetic partner is drawn from its hidden
//! profile ([`Archetype`]): one distribution per indicator of the
//! catalogue, typical values per true stage, and the quirks that make a
//! portfolio messy.
//!
//! Values that several indicators share (revenue, the value-add level, the
//! cost-of-sale ratio, how patchy the quality data is) are drawn once, at
//! the first indicator that needs them: the random sequence is the same
//! whatever indicator goes missing.

use super::{
    archetype::Archetype,
    sampling::{Rng, chance, count, fraction_near, log_normal, uniform},
};
use crate::{
    domain::{Stage, partner::indicators::Indicator},
    wire::{enums::WireEnum, indicator_fields::Value},
};

/// Probability that any one indicator of an ordinary partner is missing.
const MISSING: f64 = 0.12;

/// Typical values per true stage, from the base up.
struct StageProfile {
    revenue_median: f64,
    certifications: (u32, u32),
    deals: (u32, u32),
    quality: f64,
    /// Target effort index for a host effort at this stage.
    effort: f64,
    cost_of_sale_ratio: f64,
}

const PROFILES: [StageProfile; 4] = [
    StageProfile {
        revenue_median: 150_000.0,
        certifications: (0, 3),
        deals: (1, 25),
        quality: 0.4,
        effort: 0.12,
        cost_of_sale_ratio: 0.17,
    },
    StageProfile {
        revenue_median: 600_000.0,
        certifications: (2, 7),
        deals: (5, 40),
        quality: 0.55,
        effort: 0.37,
        cost_of_sale_ratio: 0.13,
    },
    StageProfile {
        revenue_median: 1_500_000.0,
        certifications: (4, 11),
        deals: (8, 60),
        quality: 0.72,
        effort: 0.62,
        cost_of_sale_ratio: 0.1,
    },
    StageProfile {
        revenue_median: 4_000_000.0,
        certifications: (8, 16),
        deals: (10, 80),
        // "very high": every dimension 0.8 to 1.
        quality: 0.92,
        effort: 0.88,
        cost_of_sale_ratio: 0.07,
    },
];

/// Money and loyalty, drawn together.
#[derive(Clone, Copy)]
struct ModelADraw {
    revenue: f64,
    certifications: u32,
}

/// The value-add hallmarks' common level, drawn together.
#[derive(Clone, Copy)]
struct ValueAddDraw {
    expertise: f64,
    accelerators: u32,
    attach: f64,
}

/// The indicators of one synthetic partner, drawn one at a time in
/// catalogue order.
pub(super) struct IndicatorDraw<'a> {
    archetype: &'a Archetype,
    profile: &'static StageProfile,
    /// Probability that an indicator goes missing.
    missing: f64,
    model_a: Option<ModelADraw>,
    value_add: Option<ValueAddDraw>,
    quality_missing: Option<f64>,
    cost_of_sale_ratio: Option<f64>,
}

impl<'a> IndicatorDraw<'a> {
    /// Draws for a partner of profile `archetype`.
    pub(super) fn new(archetype: &'a Archetype) -> Self {
        Self {
            archetype,
            profile: &PROFILES[archetype.stage.index()],
            missing: if archetype.sparse { 0.9 } else { MISSING },
            model_a: None,
            value_add: None,
            quality_missing: None,
            cost_of_sale_ratio: None,
        }
    }

    /// Probability that `indicator` goes missing. Relationship quality is
    /// often not surveyed at all.
    pub(super) fn missing(&mut self, indicator: Indicator, rng: &mut Rng) -> f64 {
        match indicator {
            Indicator::Interaction
            | Indicator::Trust
            | Indicator::Communication
            | Indicator::KnowledgeExchange
            | Indicator::Interoperation => {
                let (sparse, missing) = (self.archetype.sparse, self.missing);
                *self.quality_missing.get_or_insert_with(|| {
                    if sparse || chance(rng, 0.08) {
                        0.95
                    } else {
                        missing
                    }
                })
            }
            _ => self.missing,
        }
    }

    /// A value of `indicator`, drawn from its distribution.
    pub(super) fn value(&mut self, indicator: Indicator, rng: &mut Rng) -> Value {
        use Indicator::*;
        use Value::{Count as C, Flag as F, Number as N};
        let a = self.archetype;
        let at_least = |stage: Stage| a.stage >= stage;
        let collaborative = at_least(Stage::Collaborative);
        let partnership = at_least(Stage::Partnership);
        let quality = self.profile.quality;
        let (trust_base, communication_base) = if a.low_trust {
            (0.3, 0.35)
        } else {
            (quality, quality)
        };
        // The host's effort, sized to the stage it corresponds to.
        let effort_target = PROFILES[a.effort_stage.index()].effort;
        let effort = |rng: &mut Rng| (effort_target * uniform(rng, 0.8, 1.2)).min(1.0);
        // The partner's commitment, usually in step with the host's effort.
        let commitment_target = if a.one_sided {
            if effort_target > 0.5 { 0.05 } else { 0.95 }
        } else {
            effort_target
        };
        let commitment = |rng: &mut Rng| (commitment_target * uniform(rng, 0.8, 1.2)).min(1.0);
        match indicator {
            Revenue => N(self.model_a(rng).revenue),
            Certifications => C(self.model_a(rng).certifications),
            DealCount => C(count(rng, self.profile.deals.0, self.profile.deals.1)),
            ResellsOffering => F(chance(rng, 0.92)),
            IndustryExpertise => N(round2(self.value_add(rng).expertise)),
            KeyAccountKnowledge => {
                let expertise = self.value_add(rng).expertise;
                N(round2(fraction_near(rng, expertise, 0.15)))
            }
            AcceleratorsBuilt => C(self.value_add(rng).accelerators),
            ServicesAttachRate => N(round2(self.value_add(rng).attach)),
            SuccessfulJointProjects => C(if collaborative {
                count(rng, 2, 7)
            } else {
                count(rng, 0, 1)
            }),
            JointStrategy => F(chance(rng, if collaborative { 0.9 } else { 0.1 })),
            GovernanceFramework => F(chance(rng, if collaborative { 0.85 } else { 0.05 })),
            GeographicScopeAgreed => F(chance(rng, if collaborative { 0.8 } else { 0.2 })),
            JointNewMarketInitiatives => C(if partnership { count(rng, 1, 4) } else { 0 }),
            SharedRiskReward => F(chance(rng, if partnership { 0.9 } else { 0.03 })),
            Interaction | KnowledgeExchange | Interoperation => {
                N(round2(fraction_near(rng, quality, 0.12)))
            }
            Trust => N(round2(fraction_near(rng, trust_base, 0.1))),
            Communication => N(round2(fraction_near(rng, communication_base, 0.1))),
            PartnerManagerHours => N((effort(rng) * 800.0).round()),
            EnablementSpend => {
                let revenue = self.model_a(rng).revenue;
                N((effort(rng) * 0.05 * revenue).round())
            }
            ExecutiveSponsor => F(chance(rng, effort_target)),
            JointPlanningSessions => C((effort(rng) * 12.0).round() as u32),
            // Salespeople's attention skews to the base whatever the stage
            // ("Transactional partners gain the most active focus from
            // salespeople"): 200 to 440 hours, the top of it flagged.
            SalesFocusHours => {
                let base_or_effort = if a.stage == Stage::Transactional {
                    1.0
                } else {
                    effort_target
                };
                N((uniform(rng, 0.5, 1.1) * base_or_effort * 400.0).round())
            }
            DedicatedStaffFte => N(round2(commitment(rng) * 5.0)),
            CertifiedStaff => C((commitment(rng) * 10.0).round() as u32),
            CoInvestment => {
                let revenue = self.model_a(rng).revenue;
                N((commitment(rng) * 0.05 * revenue).round())
            }
            CostOfSale => {
                let revenue = self.model_a(rng).revenue;
                N((self.cost_of_sale_ratio(rng) * revenue).round())
            }
            HostIntendedStage => Value::Stage(a.host_intent.to_wire()),
            PartnerDesiredStage => Value::Stage(a.partner_intent.to_wire()),
        }
    }

    /// Revenue and certifications: typical of the stage, or the reverse of
    /// it for a partner whose money and relationship disagree.
    fn model_a(&mut self, rng: &mut Rng) -> ModelADraw {
        let (a, profile) = (self.archetype, self.profile);
        *self.model_a.get_or_insert_with(|| {
            let (revenue, certifications) = match a.stage {
                Stage::Transactional if a.money_mismatch => {
                    (uniform(rng, 5.5e6, 2e7), count(rng, 10, 20))
                }
                Stage::Partnership if a.money_mismatch => {
                    (uniform(rng, 20_000.0, 200_000.0), count(rng, 0, 1))
                }
                _ => (
                    log_normal(rng, profile.revenue_median, 0.8),
                    count(rng, profile.certifications.0, profile.certifications.1),
                ),
            };
            ModelADraw {
                revenue: revenue.round(),
                certifications,
            }
        })
    }

    /// The value-add level: high from Enhanced up, low below.
    fn value_add(&mut self, rng: &mut Rng) -> ValueAddDraw {
        let enhanced = self.archetype.stage >= Stage::Enhanced;
        *self.value_add.get_or_insert_with(|| {
            if enhanced {
                ValueAddDraw {
                    expertise: uniform(rng, 0.55, 1.0),
                    accelerators: count(rng, 1, 5),
                    attach: uniform(rng, 0.3, 0.8),
                }
            } else {
                ValueAddDraw {
                    expertise: uniform(rng, 0.0, 0.45),
                    accelerators: count(rng, 0, 1),
                    attach: uniform(rng, 0.0, 0.2),
                }
            }
        })
    }

    /// Cost of sale over revenue: typical of the stage, far above it for a
    /// costly partner.
    fn cost_of_sale_ratio(&mut self, rng: &mut Rng) -> f64 {
        let (typical, costly) = (self.profile.cost_of_sale_ratio, self.archetype.costly);
        *self.cost_of_sale_ratio.get_or_insert_with(|| {
            typical * uniform(rng, 0.6, 1.3) * if costly { 2.5 } else { 1.0 }
        })
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
