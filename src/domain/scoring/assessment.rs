//! Everything the model reads off one partner, before it is turned into a
//! classification: the evidence of each stage, quality and its gates, effort
//! and commitment, Model A tier, cost of sale, coverage and confidence. The
//! stage decision itself lives here.

use super::{
    commitment::EffortProfile,
    cost_of_sale::CostOfSale,
    evidence::StageEvidence,
    model_a_tier::model_a_tier,
    quality::{GateCheck, QualityProfile},
};
use crate::domain::{
    model::ScoringModel,
    partner::indicators::{Indicator, PartnerIndicators},
    stage::{ModelATier, Stage},
};

/// What the model read off one partner.
#[derive(Debug, Clone)]
pub struct Assessment<'a> {
    /// The partner.
    pub partner: &'a PartnerIndicators,
    /// The model.
    pub model: &'a ScoringModel,
    /// Hallmark evidence per stage, from the base up.
    pub evidence: [StageEvidence; 4],
    /// Relationship quality.
    pub quality: QualityProfile,
    /// Quality gate per stage, from the base up.
    pub gates: [GateCheck; 4],
    /// The stage: the highest stage whose evidence and gate both pass and
    /// whose ladder is unbroken (no stage beneath it clearly fails; see
    /// [`Assessment::step_holds`]).
    pub stage: Stage,
    /// A stage whose own evidence and gate pass but which is not reached
    /// because stages beneath it clearly fail: the highest such stage, with
    /// the broken stages beneath it (lowest first).
    pub ladder_gap: Option<(Stage, Vec<Stage>)>,
    /// The highest stage whose evidence passes, quality aside.
    pub evidence_stage: Stage,
    /// Effort against commitment.
    pub effort: EffortProfile,
    /// Model A tier.
    pub model_a_tier: Option<ModelATier>,
    /// Cost of sale.
    pub cost_of_sale: CostOfSale,
    /// Where the relationship should go (see
    /// [`destination_stage`](super::recommendation::destination_stage)).
    pub destination: Stage,
    /// Share of all indicators supplied, 0..1.
    pub coverage: f64,
    /// Confidence in `stage`, 0..1.
    pub confidence: f64,
}

impl<'a> Assessment<'a> {
    /// Reads `partner` with `model`.
    pub fn new(model: &'a ScoringModel, partner: &'a PartnerIndicators) -> Self {
        let evidence = Stage::ALL.map(|s| StageEvidence::assess(model.rule(s), partner));
        let quality = QualityProfile::assess(model, partner);
        let gates = Stage::ALL.map(|s| GateCheck::check(s, model.rule(s).quality_gate, &quality));
        let own = |s: Stage| evidence[s.index()].met && gates[s.index()].passed();
        let holds = |s: Stage| {
            !evidence[s.index()].clearly_fails(model.rule(s))
                && !gates[s.index()].fails_on_quality()
        };
        let broken_beneath = |s: Stage| -> Vec<Stage> {
            Stage::UPPER
                .into_iter()
                .filter(|t| *t < s && !holds(*t))
                .collect()
        };
        let stage = highest(|s| own(s) && broken_beneath(s).is_empty());
        let ladder_gap = Stage::UPPER
            .into_iter()
            .rev()
            .find(|s| *s > stage && own(*s) && !broken_beneath(*s).is_empty())
            .map(|s| {
                let broken = Stage::UPPER
                    .into_iter()
                    .filter(|t| *t < s && evidence[t.index()].clearly_fails(model.rule(*t)))
                    .collect();
                (s, broken)
            })
            .filter(|(_, broken): &(Stage, Vec<Stage>)| !broken.is_empty());
        let evidence_stage = highest(|s| evidence[s.index()].met);
        let supplied = Indicator::ALL
            .iter()
            .filter(|i| i.supplied_value(partner).is_some())
            .count();
        let coverage = supplied as f64 / Indicator::ALL.len() as f64;
        let mut assessment = Self {
            partner,
            model,
            evidence,
            quality,
            gates,
            stage,
            ladder_gap,
            evidence_stage,
            effort: EffortProfile::assess(model, partner),
            model_a_tier: model_a_tier(&model.model_a, partner),
            cost_of_sale: CostOfSale::assess(partner),
            destination: super::recommendation::destination_stage(&partner.intent, stage),
            coverage,
            confidence: 0.0,
        };
        assessment.confidence = assessment.compute_confidence();
        assessment
    }

    /// Whether the partner reaches `stage`: its evidence and quality gate
    /// pass, and its ladder is unbroken (the base is always reached).
    pub fn reached(&self, stage: Stage) -> bool {
        stage <= self.stage
    }

    /// Whether `stage`, as a step of the ladder, holds up the stages above
    /// it: its supplied hallmarks do not clearly fail it and quality does not
    /// fail its gate. A step whose hallmarks are unknown holds (taken on
    /// trust).
    pub fn step_holds(&self, stage: Stage) -> bool {
        !self.evidence[stage.index()].clearly_fails(self.model.rule(stage))
            && !self.gates[stage.index()].fails_on_quality()
    }

    /// Whether `stage` lies beneath the current stage without its own
    /// hallmarks reaching it: the ladder rests on it on trust.
    pub fn taken_on_trust(&self, stage: Stage) -> bool {
        stage != Stage::Transactional && stage < self.stage && !self.evidence[stage.index()].met
    }

    /// Confidence = decision coverage × (½ + ½ × margin). Every stage above
    /// the base takes part: the current stage and those above it decide
    /// where the partner stops, those beneath it are the ladder it stands
    /// on. Decision coverage is the mean support of their hallmarks and of
    /// quality; margin is how far, on average, their evidence scores sit
    /// from their thresholds (1 at `confidence.margin_scale` or more), 0 for
    /// a stage beneath taken on trust.
    fn compute_confidence(&self) -> f64 {
        let mut supports = vec![self.quality.support()];
        let mut margins = Vec::new();
        for stage in Stage::UPPER {
            let evidence = &self.evidence[stage.index()];
            let threshold = self.model.rule(stage).evidence_threshold;
            supports.push(evidence.support);
            margins.push(if self.taken_on_trust(stage) {
                0.0
            } else {
                ((evidence.score - threshold).abs() / self.model.confidence_margin_scale).min(1.0)
            });
        }
        let mean = |v: &[f64]| {
            if v.is_empty() {
                1.0
            } else {
                v.iter().sum::<f64>() / v.len() as f64
            }
        };
        (mean(&supports) * (0.5 + 0.5 * mean(&margins))).clamp(0.0, 1.0)
    }
}

/// The highest stage for which `reached` holds (the base when none does).
fn highest(reached: impl Fn(Stage) -> bool) -> Stage {
    Stage::UPPER
        .into_iter()
        .rev()
        .find(|s| reached(*s))
        .unwrap_or(Stage::Transactional)
}
