//! The domain's [`PyramidReport`] as a protobuf `PyramidReport`.

use super::{
    group_window::GroupWindow,
    portfolio_fields::{currency, group_labels, rejected},
};
use crate::{
    domain::{
        ModelATier, Stage,
        pyramid::{
            GroupReport, LayerReport, PyramidReport,
            aggregate::{TIER_ROWS, row_tier},
            findings::Finding,
            shape::LayerPair,
        },
        scoring::warnings::WarningCode,
    },
    proto,
    wire::enums::WireEnum,
};

/// Converts a report for the wire, every group included.
pub fn report_to_proto(r: &PyramidReport) -> proto::PyramidReport {
    report_to_proto_in(r, GroupWindow::ALL)
}

/// Converts a report for the wire with the groups of `window` only; the
/// report counts the groups and those left out.
pub fn report_to_proto_in(r: &PyramidReport, window: GroupWindow) -> proto::PyramidReport {
    let total = r.groups.len();
    let range = window.range(total);
    let returned = range.len();
    proto::PyramidReport {
        groups_total: total as u64,
        groups_not_returned: (total - returned) as u64,
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
            .skip(range.start)
            .take(returned)
            .map(|(key, g)| group_report(group_labels(&r.group_by, key), g))
            .collect(),
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

#[cfg(test)]
mod window_tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::{
            PartnerIndicators,
            partner::{labels::Labels, partner_id::PartnerId},
            pyramid::{GroupBy, PyramidAccumulator, PyramidOptions},
        },
    };

    // The issue: a report takes about 1.3 KB per group, so above roughly
    // 3 000 groups it exceeds the 4 MiB default receive limit of standard
    // gRPC clients. Callers page through the groups and are told the rest.
    #[test]
    fn a_page_of_groups_counts_the_rest() {
        let model = builtin().model;
        let options = PyramidOptions {
            group_by: GroupBy::parse(vec!["region".into()]).unwrap(),
            currency: None,
        };
        let mut acc = PyramidAccumulator::new(&model, options);
        for i in 0..7 {
            let mut p = PartnerIndicators::new(PartnerId::parse(format!("p-{i}")).unwrap());
            p.labels = Labels::parse([("region".to_owned(), format!("r{i}"))]).unwrap();
            acc.classify_and_add(&p).unwrap();
        }
        let report = acc.report();
        let full = report_to_proto(&report);
        assert_eq!(
            (
                full.groups.len(),
                full.groups_total,
                full.groups_not_returned
            ),
            (7, 7, 0)
        );
        let page = report_to_proto_in(&report, GroupWindow { offset: 2, max: 3 });
        assert_eq!(
            (
                page.groups.len(),
                page.groups_total,
                page.groups_not_returned
            ),
            (3, 7, 4)
        );
        assert_eq!(page.groups[0], full.groups[2]);
        assert_eq!(page.overall, full.overall);
        let past = report_to_proto_in(&report, GroupWindow { offset: 9, max: 3 });
        assert_eq!((past.groups.len(), past.groups_not_returned), (0, 7));
    }
}
