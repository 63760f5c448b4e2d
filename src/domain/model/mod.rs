//! The scoring model: every weight, threshold and band, validated. A
//! [`ScoringModel`] can only be built from [`ModelSettings`] that pass
//! validation ([`ScoringModel::from_settings`], in `validation.rs`), so the
//! scoring code trusts every number it reads.

mod problems;
mod pyramid_thresholds;
mod settings;
mod validation;

use std::sync::Arc;

pub use problems::{Problem, Problems};
pub use pyramid_thresholds::{HealthSettings, PyramidSettings, PyramidThresholds};
pub use settings::{
    BaseStageSettings, ConfidenceSettings, CostOfSaleSettings, EffortBandSettings, EffortSettings,
    IndexSettings, ModelASettings, ModelSettings, PerStage, QualityGateSettings, QualitySettings,
    StagesSettings, TierSettings, UpperStageSettings, WarningSettings, WeightSettings,
};

use super::{
    partner::{currency_code::CurrencyCode, indicators::Indicator},
    stage::{ModelATier, Stage},
};

/// One indicator's place in a weighted mean.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightedIndicator {
    /// The indicator.
    pub indicator: Indicator,
    /// Its weight, finite and non-negative.
    pub weight: f64,
    /// The value at which it counts fully, finite and above zero.
    pub full_at: f64,
}

impl WeightedIndicator {
    /// Normalises a value as read by the model to 0..1.
    pub fn normalize(&self, read_value: f64) -> f64 {
        (read_value / self.full_at).clamp(0.0, 1.0)
    }
}

/// A relationship-quality gate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QualityGate {
    /// Minimum composite quality.
    pub min_composite: f64,
    /// Minimum of every supplied dimension.
    pub min_each: f64,
    /// Minimum share of quality weight supplied.
    pub min_support: f64,
}

impl QualityGate {
    /// The gate that lets everything through (the Transactional base).
    pub const OPEN: QualityGate = QualityGate {
        min_composite: 0.0,
        min_each: 0.0,
        min_support: 0.0,
    };
}

/// How one stage is reached.
#[derive(Debug, Clone, PartialEq)]
pub struct StageRule {
    /// The stage.
    pub stage: Stage,
    /// Hallmarks read as evidence.
    pub hallmarks: Vec<WeightedIndicator>,
    /// Minimum evidence score (0 for the base).
    pub evidence_threshold: f64,
    /// Minimum share of hallmark weight supplied (0 for the base).
    pub min_support: f64,
    /// Quality gate ([`QualityGate::OPEN`] for the base).
    pub quality_gate: QualityGate,
}

/// How an index is computed.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRule {
    /// Indicators of the index.
    pub indicators: Vec<WeightedIndicator>,
    /// Minimum share of weight supplied for the index to be known.
    pub min_support: f64,
}

/// Cut-offs of one Model A tier.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TierCutoff {
    /// The tier.
    pub tier: ModelATier,
    /// Minimum revenue in the rule's currency.
    pub min_revenue: f64,
    /// Minimum certifications.
    pub min_certifications: u32,
}

/// How the Model A tier is computed.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelARule {
    /// Currency of the revenue cut-offs.
    pub currency: CurrencyCode,
    /// Silver, Gold and Platinum cut-offs, in that order.
    pub tiers: [TierCutoff; 3],
}

/// Warning thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WarningThresholds {
    /// Effort/commitment gap from which commitment is one-sided.
    pub one_sided_commitment_gap: f64,
    /// Gap in levels from which Model A and Model B disagree.
    pub model_divergence_min_gap: u8,
    /// Coverage below which low-confidence evidence is critically
    /// insufficient.
    pub min_coverage: f64,
    /// Confidence below which evidence is insufficient.
    pub min_confidence: f64,
    /// Salespeople's hours on one Transactional partner from which its sales
    /// focus is flagged.
    pub transactional_sales_focus_hours: f64,
}

/// A validated scoring model. Cheap to clone (shared).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoringModel(Arc<ModelParts>);

/// The parts of a validated model. Read through [`ScoringModel`]'s `Deref`.
#[derive(Debug, PartialEq)]
pub struct ModelParts {
    /// Version string.
    pub version: Arc<str>,
    /// Rules of the four stages, from the base up.
    pub stage_rules: [StageRule; 4],
    /// Weights of the quality dimensions (`full_at` = 1).
    pub quality_weights: Vec<WeightedIndicator>,
    /// Host effort index.
    pub effort: IndexRule,
    /// Effort index at which Enhanced, Collaborative and Partnership effort
    /// start.
    pub effort_bands: [(Stage, f64); 3],
    /// Partner commitment index.
    pub commitment: IndexRule,
    /// Model A tiers.
    pub model_a: ModelARule,
    /// Highest expected cost-of-sale ratio per stage, from the base up.
    pub cost_of_sale_max_ratio: [f64; 4],
    /// Warning thresholds.
    pub warnings: WarningThresholds,
    /// Distance from a threshold at which a decision counts as clear.
    pub confidence_margin_scale: f64,
    /// Pyramid shape and finding thresholds.
    pub pyramid: PyramidThresholds,
}

impl std::ops::Deref for ScoringModel {
    type Target = ModelParts;

    fn deref(&self) -> &ModelParts {
        &self.0
    }
}

impl ScoringModel {
    /// The rule of `stage`.
    pub fn rule(&self, stage: Stage) -> &StageRule {
        &self.stage_rules[stage.index()]
    }

    /// The effort level a given effort index corresponds to.
    pub fn effort_level(&self, effort_index: f64) -> Stage {
        self.effort_bands
            .iter()
            .rev()
            .find(|(_, start)| effort_index >= *start)
            .map_or(Stage::Transactional, |(stage, _)| *stage)
    }
}
