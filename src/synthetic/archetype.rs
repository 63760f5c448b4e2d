//! The hidden profile a synthetic partner is drawn from: the stage its
//! relationship really has, and the quirks that make real portfolios messy.

use super::sampling::{Rng, chance, weighted_index};
use crate::domain::Stage;

/// Share of partners drawn at each true stage, from the base up: the
/// pyramid's shape (Transactional, Enhanced, Collaborative, Partnership).
pub const STAGE_MIX: [f64; 4] = [0.56, 0.26, 0.12, 0.06];

/// The hidden profile of one synthetic partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Archetype {
    /// The stage the relationship really has (the classifier sees it only
    /// through noisy, partly missing indicators).
    pub stage: Stage,
    /// The stage the host intends: usually `stage`, sometimes one up, now
    /// and then two up (a skipped step).
    pub host_intent: Stage,
    /// The stage the partner looks for: usually the host's intent.
    pub partner_intent: Stage,
    /// The stage the host's effort corresponds to: usually the intent,
    /// sometimes one off either way (waste or starvation).
    pub effort_stage: Stage,
    /// The partner commits far less, or far more, than the host invests.
    pub one_sided: bool,
    /// Upper-stage hallmarks but poor trust and communication.
    pub low_trust: bool,
    /// Big revenue and many certifications on a shallow relationship, or
    /// the reverse at the top.
    pub money_mismatch: bool,
    /// Cost of sale far above what the stage should cost.
    pub costly: bool,
    /// Only a handful of indicators known.
    pub sparse: bool,
}

impl Archetype {
    /// Draws a profile.
    pub fn draw(rng: &mut Rng) -> Self {
        let stage = Stage::ALL[weighted_index(rng, &STAGE_MIX)];
        let host_intent = if chance(rng, 0.05) {
            up(stage, 2)
        } else if chance(rng, 0.18) {
            up(stage, 1)
        } else {
            stage
        };
        let partner_intent = if chance(rng, 0.2) {
            if chance(rng, 0.5) {
                up(host_intent, 1)
            } else {
                down(host_intent, 1)
            }
        } else {
            host_intent
        };
        let effort_stage = if chance(rng, 0.15) {
            up(host_intent, 1)
        } else if chance(rng, 0.15) {
            down(host_intent, 1)
        } else {
            host_intent
        };
        Self {
            stage,
            host_intent,
            partner_intent,
            effort_stage,
            one_sided: chance(rng, 0.08),
            low_trust: stage >= Stage::Collaborative && chance(rng, 0.15),
            money_mismatch: chance(rng, 0.06),
            costly: chance(rng, 0.07),
            sparse: chance(rng, 0.04),
        }
    }
}

fn up(stage: Stage, steps: usize) -> Stage {
    Stage::ALL[(stage.index() + steps).min(3)]
}

fn down(stage: Stage, steps: usize) -> Stage {
    Stage::ALL[stage.index().saturating_sub(steps)]
}
