//! The domain's pyramid report, partial aggregate and thresholds as
//! protobuf messages.

use crate::{
    domain::{
        ModelATier, Stage,
        pyramid::{
            GroupKey, GroupReport, LayerReport, PyramidPartial, PyramidReport, PyramidThresholds,
            RejectedPartner,
            aggregate::{Aggregate, TIER_ROWS, row_tier},
            exact_sum::ExactSum,
            findings::Finding,
            layer_totals::LayerTotals,
            shape::LayerPair,
        },
        scoring::warnings::WarningCode,
    },
    proto,
    wire::enums::WireEnum,
};

/// Converts a report for the wire.
pub fn report_to_proto(r: &PyramidReport) -> proto::PyramidReport {
    proto::PyramidReport {
        model_version: r.model_version.clone(),
        group_by: r.group_by.clone(),
        currency_code: currency(r.currency),
        partners_analysed: r.partners_analysed,
        partners_rejected: r.partners_rejected,
        rejected_partners: r.rejected.iter().map(rejected).collect(),
        overall: Some(group_report(Vec::new(), &r.overall)),
        groups: r
            .groups
            .iter()
            .map(|(key, g)| group_report(group_labels(&r.group_by, key), g))
            .collect(),
    }
}

/// Converts a partial for the wire.
pub fn partial_to_proto(p: &PyramidPartial) -> proto::PyramidPartial {
    proto::PyramidPartial {
        model_version: p.model_version.clone(),
        group_by: p.group_by.keys().to_vec(),
        currency_code: currency(p.currency),
        overall: Some(aggregate(&p.overall)),
        groups: p
            .groups
            .iter()
            .map(|(key, a)| proto::PartialGroup {
                labels: group_labels(p.group_by.keys(), key),
                aggregate: Some(aggregate(a)),
            })
            .collect(),
        partners_rejected: p.rejected.count,
        rejected_partners: p.rejected.listed.iter().map(rejected).collect(),
    }
}

/// Converts the pyramid thresholds of the model for the wire.
pub fn thresholds_to_proto(t: &PyramidThresholds) -> proto::PyramidThresholds {
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

fn currency(c: Option<crate::domain::partner::currency_code::CurrencyCode>) -> String {
    c.map(|c| c.as_str().to_owned()).unwrap_or_default()
}

fn group_labels(keys: &[String], key: &GroupKey) -> Vec<proto::GroupLabel> {
    keys.iter()
        .zip(&key.0)
        .map(|(k, v)| proto::GroupLabel {
            key: k.clone(),
            value: v.clone(),
        })
        .collect()
}

fn rejected(r: &RejectedPartner) -> proto::RejectedPartner {
    proto::RejectedPartner {
        partner_id: r.partner_id.clone(),
        fields: r.fields.clone(),
        reason: r.reason.clone(),
    }
}

fn pair(&(lower, upper): &LayerPair) -> proto::LayerPair {
    proto::LayerPair {
        lower: lower.to_wire(),
        upper: upper.to_wire(),
    }
}

fn group_report(labels: Vec<proto::GroupLabel>, g: &GroupReport) -> proto::PyramidGroupReport {
    let a = &g.effort_allocation;
    let b = &g.effort_balance;
    let j = &g.journey;
    proto::PyramidGroupReport {
        labels,
        partners: g.partners,
        layers: g.layers.iter().map(layer).collect(),
        shape: Some(proto::PyramidShapeDiagnosis {
            shape: g.shape.shape.to_wire(),
            flatness: g.shape.flatness,
            top_share: g.shape.top_share,
            breaks: g.shape.breaks.iter().map(pair).collect(),
        }),
        effort_allocation: Some(proto::EffortAllocation {
            effort_points: a.effort_points,
            warranted_points: a.warranted_points,
            sales_focus_hours: a.sales_focus_hours,
            base_effort_share: a.base_effort_share,
            base_warranted_share: a.base_warranted_share,
            base_sales_focus_share: a.base_sales_focus_share,
            base_absorbs_attention: a.base_absorbs_attention,
        }),
        effort_balance: Some(proto::EffortBalance {
            wasted: b.wasted,
            partners_wasted: b.partners_wasted,
            missing: b.missing,
            partners_missing: b.partners_missing,
            wasted_share: b.wasted_share,
            missing_share: b.missing_share,
        }),
        cost_of_sale: Some(proto::CostOfSaleProgression {
            not_falling: g.cost_of_sale.not_falling.iter().map(pair).collect(),
        }),
        journey: Some(proto::PartnerJourney {
            transitions: j
                .transitions
                .iter()
                .map(|t| proto::JourneyTransition {
                    from_stage: t.from.to_wire(),
                    to_stage: t.to.to_wire(),
                    partners: t.partners,
                })
                .collect(),
            partners_below_intent: j.partners_below_intent,
            steps: j
                .steps
                .iter()
                .map(|s| proto::JourneyStep {
                    from_stage: s.from.to_wire(),
                    to_stage: s.to.to_wire(),
                    partners_crossing: s.partners_crossing,
                    revenue_per_partner_from: s.revenue_per_partner_from,
                    revenue_per_partner_to: s.revenue_per_partner_to,
                    revenue_gain_per_partner: s.revenue_gain_per_partner,
                    cost_of_sale_ratio_from: s.cost_of_sale_ratio_from,
                    cost_of_sale_ratio_to: s.cost_of_sale_ratio_to,
                })
                .collect(),
            potential_revenue_gain: j.potential_revenue_gain,
        }),
        model_a_vs_model_b: (0..TIER_ROWS)
            .flat_map(|row| {
                Stage::ALL.map(|s| proto::TierStageCount {
                    tier: ModelATier::to_wire_or_unspecified(row_tier(row)),
                    stage: s.to_wire(),
                    partners: g.model_a_vs_b[row][s.index()],
                })
            })
            .collect(),
        health: Some(proto::PyramidHealth {
            score: g.health.score,
            status: g.health.status.to_wire(),
            findings: g.health.findings.iter().map(finding).collect(),
        }),
    }
}

fn layer(l: &LayerReport) -> proto::PyramidLayer {
    proto::PyramidLayer {
        stage: l.stage.to_wire(),
        partners: l.partners,
        partner_share: l.partner_share,
        revenue: l.revenue,
        partners_with_revenue: l.partners_with_revenue,
        revenue_share: l.revenue_share,
        revenue_per_partner: l.revenue_per_partner,
        cost_of_sale: l.cost_of_sale,
        partners_with_cost_of_sale: l.partners_with_cost_of_sale,
        cost_of_sale_ratio: l.cost_of_sale_ratio,
        effort: l.effort,
        partners_with_effort: l.partners_with_effort,
        effort_share: l.effort_share,
        warranted_effort_share: l.warranted_effort_share,
        sales_focus_hours: l.sales_focus_hours,
        sales_focus_share: l.sales_focus_share,
        effort_wasted: l.effort_wasted,
        partners_effort_wasted: l.partners_effort_wasted,
        effort_missing: l.effort_missing,
        partners_effort_missing: l.partners_effort_missing,
        mean_commitment: l.mean_commitment,
        partners_with_commitment: l.partners_with_commitment,
        mean_quality: l.mean_quality,
        partners_with_quality: l.partners_with_quality,
        warning_counts: WarningCode::ALL
            .iter()
            .zip(l.warnings)
            .map(|(code, partners)| proto::WarningCount {
                code: code.to_wire(),
                partners,
            })
            .collect(),
    }
}

fn finding(f: &Finding) -> proto::PyramidFinding {
    proto::PyramidFinding {
        code: f.code.to_wire(),
        severity: f.severity.to_wire(),
        message: f.message.clone(),
        stages: f.stages.iter().map(|s| s.to_wire()).collect(),
        value: f.value,
        threshold: f.threshold,
    }
}

fn exact(s: ExactSum) -> Option<proto::ExactSum> {
    Some(proto::ExactSum {
        count: s.count,
        micros: s.micros.to_string(),
    })
}

fn aggregate(a: &Aggregate) -> proto::PartialAggregate {
    let mut journeys = Vec::new();
    for from in Stage::ALL {
        for to in Stage::ALL {
            let partners = a.journeys[from.index()][to.index()];
            if partners > 0 {
                journeys.push(proto::JourneyTransition {
                    from_stage: from.to_wire(),
                    to_stage: to.to_wire(),
                    partners,
                });
            }
        }
    }
    let mut cells = Vec::new();
    for row in 0..TIER_ROWS {
        for s in Stage::ALL {
            let partners = a.model_a_vs_b[row][s.index()];
            if partners > 0 {
                cells.push(proto::TierStageCount {
                    tier: ModelATier::to_wire_or_unspecified(row_tier(row)),
                    stage: s.to_wire(),
                    partners,
                });
            }
        }
    }
    proto::PartialAggregate {
        layers: Stage::ALL
            .iter()
            .map(|s| partial_layer(*s, &a.layers[s.index()]))
            .collect(),
        journeys,
        model_a_vs_model_b: cells,
    }
}

fn partial_layer(s: Stage, l: &LayerTotals) -> proto::PartialLayer {
    proto::PartialLayer {
        stage: s.to_wire(),
        partners: l.partners,
        revenue: exact(l.revenue),
        cost_of_sale: exact(l.cost_of_sale),
        ratio_revenue: exact(l.ratio_revenue),
        ratio_cost_of_sale_micros: l.ratio_cost_of_sale.to_string(),
        effort: exact(l.effort),
        warranted_effort_micros: l.warranted_effort.to_string(),
        effort_wasted: exact(l.effort_wasted),
        effort_missing: exact(l.effort_missing),
        sales_focus_hours: exact(l.sales_focus_hours),
        commitment: exact(l.commitment),
        quality: exact(l.quality),
        warning_counts: WarningCode::ALL
            .iter()
            .zip(l.warnings)
            .filter(|(_, n)| *n > 0)
            .map(|(code, partners)| proto::WarningCount {
                code: code.to_wire(),
                partners,
            })
            .collect(),
    }
}
