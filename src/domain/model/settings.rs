//! The scoring model as written in configuration: plain data, deserialised by
//! serde and turned into a [`ScoringModel`](super::ScoringModel) only after
//! validation (see `validation.rs`). Field names are the configuration keys
//! under `model.`; `config/default.toml` documents each of them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The whole model.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSettings {
    /// Version string carried by every classification.
    pub version: String,
    /// How each stage is reached.
    pub stages: StagesSettings,
    /// Relationship-quality composite.
    pub quality: QualitySettings,
    /// Host effort index and its bands.
    pub effort: EffortSettings,
    /// Partner commitment index.
    pub commitment: IndexSettings,
    /// Model A tiers.
    pub model_a: ModelASettings,
    /// Expected cost of sale per stage.
    pub cost_of_sale: CostOfSaleSettings,
    /// Warning thresholds.
    pub warnings: WarningSettings,
    /// Confidence computation.
    pub confidence: ConfidenceSettings,
    /// Pyramid shape and finding thresholds.
    pub pyramid: super::PyramidSettings,
}

/// Rules of the four stages.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StagesSettings {
    /// The base: always reached; its hallmarks only describe resale.
    pub transactional: BaseStageSettings,
    /// Stage 3.
    pub enhanced: UpperStageSettings,
    /// Stage 2.
    pub collaborative: UpperStageSettings,
    /// Stage 1.
    pub partnership: UpperStageSettings,
}

/// The Transactional base.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BaseStageSettings {
    /// Hallmark weights, keyed by indicator name.
    pub hallmarks: BTreeMap<String, WeightSettings>,
}

/// A stage above the base.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UpperStageSettings {
    /// Minimum evidence score, 0 < t <= 1.
    pub evidence_threshold: f64,
    /// Minimum share of hallmark weight supplied, 0..1.
    pub min_support: f64,
    /// Relationship-quality gate.
    pub quality_gate: QualityGateSettings,
    /// Hallmark weights, keyed by indicator name.
    pub hallmarks: BTreeMap<String, WeightSettings>,
}

/// One indicator's weight and the value at which it counts fully.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WeightSettings {
    /// Weight in the mean, 0..1e6.
    pub weight: f64,
    /// Value (in the field's unit) at which the indicator counts fully.
    pub full_at: f64,
}

/// A relationship-quality gate.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QualityGateSettings {
    /// Minimum composite quality, 0..1.
    pub min_composite: f64,
    /// Minimum of every supplied dimension, 0..1.
    pub min_each: f64,
    /// Minimum share of quality weight supplied, 0..1.
    pub min_support: f64,
}

/// Relationship-quality composite.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QualitySettings {
    /// Weight of each dimension, keyed by dimension name.
    pub weights: BTreeMap<String, f64>,
}

/// An index computed from indicators.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IndexSettings {
    /// Minimum share of weight supplied for the index to be known.
    pub min_support: f64,
    /// Indicator weights, keyed by indicator name.
    pub indicators: BTreeMap<String, WeightSettings>,
}

/// Host effort index and bands.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EffortSettings {
    /// Minimum share of weight supplied for the index to be known.
    pub min_support: f64,
    /// Indicator weights, keyed by indicator name.
    pub indicators: BTreeMap<String, WeightSettings>,
    /// Effort index at which each upper stage's level of effort starts.
    pub bands: EffortBandSettings,
}

/// Effort bands, strictly increasing.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EffortBandSettings {
    /// Start of Enhanced-level effort.
    pub enhanced: f64,
    /// Start of Collaborative-level effort.
    pub collaborative: f64,
    /// Start of Partnership-level effort.
    pub partnership: f64,
}

/// Model A tiers.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelASettings {
    /// ISO 4217 currency of the revenue cut-offs.
    pub currency_code: String,
    /// Silver cut-offs.
    pub silver: TierSettings,
    /// Gold cut-offs.
    pub gold: TierSettings,
    /// Platinum cut-offs.
    pub platinum: TierSettings,
}

/// Cut-offs of one tier.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TierSettings {
    /// Minimum twelve-month revenue in the tier currency.
    pub min_revenue: f64,
    /// Minimum certifications and trainings bought.
    pub min_certifications: u32,
}

/// Highest expected cost-of-sale ratio per stage.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CostOfSaleSettings {
    /// Highest expected cost of sale / revenue, per stage.
    pub max_ratio: PerStage<f64>,
}

/// One value per stage.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PerStage<T> {
    /// Transactional.
    pub transactional: T,
    /// Enhanced.
    pub enhanced: T,
    /// Collaborative.
    pub collaborative: T,
    /// Partnership.
    pub partnership: T,
}

/// Warning thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WarningSettings {
    /// Effort/commitment gap from which commitment is one-sided, 0 < g <= 1.
    pub one_sided_commitment_gap: f64,
    /// Gap in levels (1..3) from which Model A and Model B disagree.
    pub model_divergence_min_gap: u8,
    /// Coverage below which low-confidence evidence is critically
    /// insufficient, 0..1.
    pub min_coverage: f64,
    /// Confidence below which evidence is insufficient, 0..1.
    pub min_confidence: f64,
    /// Salespeople's hours on one Transactional partner from which its sales
    /// focus is flagged, above 0.
    pub transactional_sales_focus_hours: f64,
}

/// Confidence computation.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConfidenceSettings {
    /// Distance of an evidence score from its threshold at which the
    /// decision counts as clear, 0 < m <= 1.
    pub margin_scale: f64,
}
