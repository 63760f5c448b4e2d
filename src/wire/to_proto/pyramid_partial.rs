//! The domain's [`PyramidPartial`] (mergeable exact sums) as a protobuf
//! `PyramidPartial`.

use super::portfolio_fields::{currency, group_labels, rejected};
use crate::{
    domain::{
        ModelATier, Stage,
        pyramid::{
            PyramidPartial,
            aggregate::{Aggregate, TIER_ROWS, row_tier},
            exact_sum::ExactSum,
            layer_totals::LayerTotals,
        },
        scoring::warnings::WarningCode,
    },
    proto,
    wire::enums::WireEnum,
};

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
