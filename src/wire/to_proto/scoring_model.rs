//! The active [`ScoringModel`] as a protobuf `ScoringModel`.

use crate::{
    domain::{
        ScoringModel, Stage,
        model::{IndexRule, QualityGate, WeightedIndicator},
        pyramid::PyramidThresholds,
    },
    proto,
    wire::enums::WireEnum,
};

/// Converts the model for the wire.
pub fn scoring_model_to_proto(m: &ScoringModel) -> proto::ScoringModel {
    proto::ScoringModel {
        version: m.version.to_string(),
        stage_order: Stage::ALL.iter().map(|s| s.to_wire()).collect(),
        stage_rules: m
            .stage_rules
            .iter()
            .map(|r| proto::StageRule {
                stage: r.stage.to_wire(),
                hallmarks: weights(&r.hallmarks),
                evidence_threshold: r.evidence_threshold,
                min_support: r.min_support,
                quality_gate: Some(gate(r.quality_gate)),
            })
            .collect(),
        quality_weights: weights(&m.quality_weights),
        effort: Some(index(&m.effort)),
        effort_bands: m
            .effort_bands
            .iter()
            .map(|(stage, start)| proto::EffortBand {
                stage: stage.to_wire(),
                min_effort_index: *start,
            })
            .collect(),
        commitment: Some(index(&m.commitment)),
        model_a: Some(proto::ModelARule {
            currency_code: m.model_a.currency.as_str().to_owned(),
            tiers: m
                .model_a
                .tiers
                .iter()
                .map(|t| proto::ModelATierCutoff {
                    tier: t.tier.to_wire(),
                    min_revenue: t.min_revenue,
                    min_certifications: t.min_certifications,
                })
                .collect(),
        }),
        cost_of_sale_bands: Stage::ALL
            .iter()
            .map(|s| proto::CostOfSaleBand {
                stage: s.to_wire(),
                max_ratio: m.cost_of_sale_max_ratio[s.index()],
            })
            .collect(),
        warning_thresholds: Some(proto::WarningThresholds {
            one_sided_commitment_gap: m.warnings.one_sided_commitment_gap,
            model_divergence_min_gap: i32::from(m.warnings.model_divergence_min_gap),
            min_coverage: m.warnings.min_coverage,
            min_confidence: m.warnings.min_confidence,
            transactional_sales_focus_hours: m.warnings.transactional_sales_focus_hours,
        }),
        pyramid: Some(pyramid_thresholds(&m.pyramid)),
    }
}

fn weights(w: &[WeightedIndicator]) -> Vec<proto::IndicatorWeight> {
    w.iter()
        .map(|w| proto::IndicatorWeight {
            field: w.indicator.path().to_owned(),
            weight: w.weight,
            full_at: w.full_at,
        })
        .collect()
}

fn gate(g: QualityGate) -> proto::QualityGate {
    proto::QualityGate {
        min_composite: g.min_composite,
        min_each: g.min_each,
        min_support: g.min_support,
    }
}

fn index(r: &IndexRule) -> proto::IndexRule {
    proto::IndexRule {
        indicators: weights(&r.indicators),
        min_support: r.min_support,
    }
}

fn pyramid_thresholds(t: &PyramidThresholds) -> proto::PyramidThresholds {
    proto::PyramidThresholds {
        min_partners: t.min_partners,
        too_flat_base_share: t.too_flat_base_share,
        top_heavy_top_share: t.top_heavy_top_share,
        inverted_top_share: t.inverted_top_share,
        base_attention_max_share: t.base_attention_max_share,
        attention_tolerance: t.attention_tolerance,
        effort_wasted_max_share: t.effort_wasted_max_share,
        effort_missing_max_share: t.effort_missing_max_share,
        model_divergence_max_share: t.model_divergence_max_share,
        quality_below_stage_max_share: t.quality_below_stage_max_share,
        insufficient_evidence_max_share: t.insufficient_evidence_max_share,
        critical_penalty: t.health.critical_penalty,
        warning_penalty: t.health.warning_penalty,
        info_penalty: t.health.info_penalty,
        healthy_min_score: t.health.healthy_min_score,
        at_risk_min_score: t.health.at_risk_min_score,
    }
}
