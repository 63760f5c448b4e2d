//! Validation of [`ModelSettings`] into [`ModelParts`]. Every problem is
//! collected ([`Problems`]), each with the configuration key it concerns,
//! relative to the model's section.

use std::{collections::BTreeMap, sync::Arc};

use super::{
    IndexRule, ModelARule, ModelParts, PyramidThresholds, QualityGate, ScoringModel, StageRule,
    TierCutoff, WarningThresholds, WeightedIndicator,
    problems::Problems,
    settings::{ModelSettings, QualityGateSettings, UpperStageSettings, WeightSettings},
};
use crate::domain::{
    partner::{
        currency_code::CurrencyCode,
        indicators::{Indicator, IndicatorGroup},
    },
    stage::{ModelATier, Stage},
};

/// Largest weight accepted.
const MAX_WEIGHT: f64 = 1e6;
/// Largest `full_at` accepted.
const MAX_FULL_AT: f64 = 1e15;

/// Range checks of the model's numbers, on the shared [`Problems`].
trait NumberChecks {
    /// Checks `lo <= value <= hi` (or `lo < value` when `open_low`).
    fn range(&mut self, key: &str, value: f64, lo: f64, hi: f64, open_low: bool) -> f64;
    /// Checks `0 <= value <= 1`.
    fn fraction(&mut self, key: &str, value: f64) -> f64;
}

impl NumberChecks for Problems {
    fn range(&mut self, key: &str, value: f64, lo: f64, hi: f64, open_low: bool) -> f64 {
        let below = if open_low { value <= lo } else { value < lo };
        let low = if open_low { "above" } else { "at least" };
        self.check(
            key,
            value.is_finite() && !below && value <= hi,
            format!("must be a finite number {low} {lo} and at most {hi} (got {value})"),
        );
        value
    }

    fn fraction(&mut self, key: &str, value: f64) -> f64 {
        self.range(key, value, 0.0, 1.0, false)
    }
}

impl ScoringModel {
    /// Validates `settings` and builds the model, or lists every problem with
    /// its configuration key (relative to the model's section).
    pub fn from_settings(settings: &ModelSettings) -> Result<Self, Problems> {
        build(settings).map(|parts| Self(Arc::new(parts)))
    }
}

fn build(s: &ModelSettings) -> Result<ModelParts, Problems> {
    let mut c = Problems::new();

    let version = s.version.trim();
    if version.is_empty() || version.len() > 64 || version.chars().any(char::is_whitespace) {
        c.push(
            "version",
            "must be 1 to 64 characters without whitespace, e.g. \"tecp-2026.11\"",
        );
    }

    let base = StageRule {
        stage: Stage::Transactional,
        hallmarks: weights(
            &mut c,
            "stages.transactional.hallmarks",
            &s.stages.transactional.hallmarks,
            IndicatorGroup::Hallmark(Stage::Transactional),
        ),
        evidence_threshold: 0.0,
        min_support: 0.0,
        quality_gate: QualityGate::OPEN,
    };
    let stage_rules = [
        base,
        upper_stage(&mut c, Stage::Enhanced, &s.stages.enhanced),
        upper_stage(&mut c, Stage::Collaborative, &s.stages.collaborative),
        upper_stage(&mut c, Stage::Partnership, &s.stages.partnership),
    ];

    let quality_weights = {
        let as_weights: BTreeMap<String, WeightSettings> = s
            .quality
            .weights
            .iter()
            .map(|(k, w)| {
                (
                    k.clone(),
                    WeightSettings {
                        weight: *w,
                        full_at: 1.0,
                    },
                )
            })
            .collect();
        weights(
            &mut c,
            "quality.weights",
            &as_weights,
            IndicatorGroup::Quality,
        )
    };

    let effort = IndexRule {
        indicators: weights(
            &mut c,
            "effort.indicators",
            &s.effort.indicators,
            IndicatorGroup::Effort,
        ),
        min_support: c.fraction("effort.min_support", s.effort.min_support),
    };
    let bands = s.effort.bands;
    let effort_bands = [
        (Stage::Enhanced, bands.enhanced),
        (Stage::Collaborative, bands.collaborative),
        (Stage::Partnership, bands.partnership),
    ];
    for (stage, start) in effort_bands {
        c.range(
            &format!("effort.bands.{}", stage.key()),
            start,
            0.0,
            1.0,
            true,
        );
    }
    if !(bands.enhanced < bands.collaborative && bands.collaborative < bands.partnership) {
        c.push(
            "effort.bands",
            "must increase strictly: enhanced < collaborative < partnership",
        );
    }

    let commitment = IndexRule {
        indicators: weights(
            &mut c,
            "commitment.indicators",
            &s.commitment.indicators,
            IndicatorGroup::Commitment,
        ),
        min_support: c.fraction("commitment.min_support", s.commitment.min_support),
    };

    let currency = match CurrencyCode::parse(&s.model_a.currency_code) {
        Ok(code) => code,
        Err(e) => {
            c.push("model_a.currency_code", e.to_string());
            CurrencyCode::parse("XXX").expect("XXX is a valid code")
        }
    };
    let tiers = [
        (ModelATier::Silver, "silver", s.model_a.silver),
        (ModelATier::Gold, "gold", s.model_a.gold),
        (ModelATier::Platinum, "platinum", s.model_a.platinum),
    ]
    .map(|(tier, key, t)| TierCutoff {
        tier,
        min_revenue: c.range(
            &format!("model_a.{key}.min_revenue"),
            t.min_revenue,
            0.0,
            1e15,
            false,
        ),
        min_certifications: t.min_certifications,
    });
    if !tiers.windows(2).all(|w| {
        w[0].min_revenue <= w[1].min_revenue && w[0].min_certifications <= w[1].min_certifications
    }) {
        c.push(
            "model_a",
            "tier cut-offs must not decrease from silver to gold to platinum",
        );
    }

    let ratios = s.cost_of_sale.max_ratio;
    let cost_of_sale_max_ratio = [
        (Stage::Transactional, ratios.transactional),
        (Stage::Enhanced, ratios.enhanced),
        (Stage::Collaborative, ratios.collaborative),
        (Stage::Partnership, ratios.partnership),
    ]
    .map(|(stage, ratio)| {
        c.range(
            &format!("cost_of_sale.max_ratio.{}", stage.key()),
            ratio,
            0.0,
            1e6,
            true,
        )
    });

    let w = s.warnings;
    let warnings = WarningThresholds {
        one_sided_commitment_gap: c.range(
            "warnings.one_sided_commitment_gap",
            w.one_sided_commitment_gap,
            0.0,
            1.0,
            true,
        ),
        model_divergence_min_gap: w.model_divergence_min_gap,
        min_coverage: c.fraction("warnings.min_coverage", w.min_coverage),
        min_confidence: c.fraction("warnings.min_confidence", w.min_confidence),
        transactional_sales_focus_hours: c.range(
            "warnings.transactional_sales_focus_hours",
            w.transactional_sales_focus_hours,
            0.0,
            1e15,
            true,
        ),
    };
    if !(1..=3).contains(&w.model_divergence_min_gap) {
        c.push(
            "warnings.model_divergence_min_gap",
            format!(
                "must be 1, 2 or 3 levels (got {})",
                w.model_divergence_min_gap
            ),
        );
    }

    let confidence_margin_scale = c.range(
        "confidence.margin_scale",
        s.confidence.margin_scale,
        0.0,
        1.0,
        true,
    );

    let pyramid = PyramidThresholds::validate(&s.pyramid)
        .map_err(|problems| c.extend_under("pyramid", problems))
        .ok();

    let Some(pyramid) = pyramid.filter(|_| c.is_empty()) else {
        return Err(c);
    };
    Ok(ModelParts {
        version: Arc::from(version),
        stage_rules,
        quality_weights,
        effort,
        effort_bands,
        commitment,
        model_a: ModelARule { currency, tiers },
        cost_of_sale_max_ratio,
        warnings,
        confidence_margin_scale,
        pyramid,
    })
}

fn upper_stage(c: &mut Problems, stage: Stage, s: &UpperStageSettings) -> StageRule {
    let key = format!("stages.{}", stage.key());
    StageRule {
        stage,
        hallmarks: weights(
            c,
            &format!("{key}.hallmarks"),
            &s.hallmarks,
            IndicatorGroup::Hallmark(stage),
        ),
        evidence_threshold: c.range(
            &format!("{key}.evidence_threshold"),
            s.evidence_threshold,
            0.0,
            1.0,
            true,
        ),
        min_support: c.fraction(&format!("{key}.min_support"), s.min_support),
        quality_gate: gate(c, &format!("{key}.quality_gate"), s.quality_gate),
    }
}

fn gate(c: &mut Problems, key: &str, g: QualityGateSettings) -> QualityGate {
    QualityGate {
        min_composite: c.fraction(&format!("{key}.min_composite"), g.min_composite),
        min_each: c.fraction(&format!("{key}.min_each"), g.min_each),
        min_support: c.fraction(&format!("{key}.min_support"), g.min_support),
    }
}

/// Checks a table of indicator weights: known names of the right group,
/// finite non-negative weights, positive `full_at`, and some weight above 0.
fn weights(
    c: &mut Problems,
    key: &str,
    table: &BTreeMap<String, WeightSettings>,
    group: IndicatorGroup,
) -> Vec<WeightedIndicator> {
    let allowed: Vec<&str> = Indicator::ALL
        .into_iter()
        .filter(|i| i.group() == group)
        .map(Indicator::name)
        .collect();
    let mut out = Vec::with_capacity(table.len());
    for (name, w) in table {
        let entry = format!("{key}.{name}");
        let Some(indicator) = Indicator::from_name(name).filter(|i| i.group() == group) else {
            c.push(
                entry,
                format!(
                    "unknown indicator here; expected one of: {}",
                    allowed.join(", ")
                ),
            );
            continue;
        };
        let weight = c.range(&format!("{entry}.weight"), w.weight, 0.0, MAX_WEIGHT, false);
        let full_at = c.range(
            &format!("{entry}.full_at"),
            w.full_at,
            0.0,
            MAX_FULL_AT,
            true,
        );
        out.push(WeightedIndicator {
            indicator,
            weight,
            full_at,
        });
    }
    // Payload order, so explanations read in the order of the contract.
    out.sort_by_key(|w| w.indicator);
    if !out.iter().any(|w| w.weight > 0.0) {
        c.push(key, "needs at least one indicator with a weight above 0");
    }
    out
}
