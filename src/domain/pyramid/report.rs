//! The pyramid report, computed from a partial aggregate. Every figure is
//! derived from the partial's integers alone, so equal partials give equal
//! reports, bit for bit.

use super::{
    aggregate::{Aggregate, TIER_ROWS},
    cost_progression::{self, CostOfSaleProgression},
    effort_allocation::{self, EffortAllocation, EffortBalance},
    exact_sum::{from_micros, share, sum_counts, sum_micros},
    findings::{self, PyramidMeasures},
    health::{self, Health},
    journey::{self, Journey},
    layer_totals::{LayerTotals, WARNING_CODES},
    options::GroupKey,
    partial::PyramidPartial,
    rejected::RejectedPartner,
    shape::{self, ShapeDiagnosis},
};
use crate::domain::{Stage, model::PyramidThresholds, partner::currency_code::CurrencyCode};

/// One layer (stage) of a pyramid.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerReport {
    /// The stage.
    pub stage: Stage,
    /// Partners in the layer.
    pub partners: u64,
    /// Their share of the group's partners, 0..1.
    pub partner_share: f64,
    /// Revenue, money, over `partners_with_revenue`.
    pub revenue: f64,
    /// Partners whose revenue is known.
    pub partners_with_revenue: u64,
    /// Share of the group's revenue, 0..1.
    pub revenue_share: f64,
    /// Mean revenue of the partners with known revenue.
    pub revenue_per_partner: Option<f64>,
    /// Cost of sale, money, over `partners_with_cost_of_sale`.
    pub cost_of_sale: f64,
    /// Partners whose cost of sale is known.
    pub partners_with_cost_of_sale: u64,
    /// Cost of sale / revenue over the partners where both are known and
    /// revenue is above 0.
    pub cost_of_sale_ratio: Option<f64>,
    /// Host effort, effort points, over `partners_with_effort`.
    pub effort: f64,
    /// Partners whose effort index is known.
    pub partners_with_effort: u64,
    /// Share of the group's effort points, 0..1.
    pub effort_share: f64,
    /// Share of the group's warranted effort points its partners' intents
    /// warrant, 0..1.
    pub warranted_effort_share: f64,
    /// Salespeople's active hours.
    pub sales_focus_hours: f64,
    /// Share of the group's salespeople's hours, 0..1.
    pub sales_focus_share: f64,
    /// Effort points above the host's intent.
    pub effort_wasted: f64,
    /// Partners getting effort above intent.
    pub partners_effort_wasted: u64,
    /// Effort points missing below the host's intent.
    pub effort_missing: f64,
    /// Partners getting effort below intent.
    pub partners_effort_missing: u64,
    /// Mean commitment index of the partners where it is known, 0..1.
    pub mean_commitment: Option<f64>,
    /// Partners whose commitment index is known.
    pub partners_with_commitment: u64,
    /// Mean composite relationship quality where known, 0..1.
    pub mean_quality: Option<f64>,
    /// Partners whose quality is known.
    pub partners_with_quality: u64,
    /// Partners carrying each warning code, in catalogue order.
    pub warnings: [u64; WARNING_CODES],
}

/// The report of one group (or of the whole portfolio).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupReport {
    /// Partners analysed in the group.
    pub partners: u64,
    /// Layers, base first.
    pub layers: [LayerReport; 4],
    /// Shape.
    pub shape: ShapeDiagnosis,
    /// Effort allocation.
    pub effort_allocation: EffortAllocation,
    /// Effort above and below intent.
    pub effort_balance: EffortBalance,
    /// Cost of sale by stage.
    pub cost_of_sale: CostOfSaleProgression,
    /// The journey up.
    pub journey: Journey,
    /// Partners by Model A tier row (unknown, Registered .. Platinum) and
    /// stage (base first).
    pub model_a_vs_b: [[u64; 4]; TIER_ROWS],
    /// Health score, status and findings.
    pub health: Health,
}

/// The pyramid report of a portfolio.
#[derive(Debug, Clone, PartialEq)]
pub struct PyramidReport {
    /// Version of the scoring model.
    pub model_version: String,
    /// Grouping keys.
    pub group_by: Vec<String>,
    /// Currency of the money figures; `None` when no partner carried money.
    pub currency: Option<CurrencyCode>,
    /// Partners analysed.
    pub partners_analysed: u64,
    /// Partners rejected.
    pub partners_rejected: u64,
    /// The first rejected partners by the documented order.
    pub rejected: Vec<RejectedPartner>,
    /// The whole portfolio.
    pub overall: GroupReport,
    /// Each group, in key order.
    pub groups: Vec<(GroupKey, GroupReport)>,
}

fn layer_report(stage: Stage, l: &LayerTotals, all: &[LayerTotals; 4]) -> LayerReport {
    let whole = |f: fn(&LayerTotals) -> u128| sum_micros(all.iter().map(f));
    LayerReport {
        stage,
        partners: l.partners,
        partner_share: share(
            u128::from(l.partners),
            u128::from(sum_counts(all.iter().map(|l| l.partners))),
        ),
        revenue: l.revenue.total(),
        partners_with_revenue: l.revenue.count,
        revenue_share: share(l.revenue.micros, whole(|l| l.revenue.micros)),
        revenue_per_partner: l.revenue.mean(),
        cost_of_sale: l.cost_of_sale.total(),
        partners_with_cost_of_sale: l.cost_of_sale.count,
        cost_of_sale_ratio: cost_progression::ratio(l),
        effort: l.effort.total(),
        partners_with_effort: l.effort.count,
        effort_share: share(l.effort.micros, whole(|l| l.effort.micros)),
        warranted_effort_share: share(l.warranted_effort, whole(|l| l.warranted_effort)),
        sales_focus_hours: l.sales_focus_hours.total(),
        sales_focus_share: share(
            l.sales_focus_hours.micros,
            whole(|l| l.sales_focus_hours.micros),
        ),
        effort_wasted: from_micros(l.effort_wasted.micros),
        partners_effort_wasted: l.effort_wasted.count,
        effort_missing: from_micros(l.effort_missing.micros),
        partners_effort_missing: l.effort_missing.count,
        mean_commitment: l.commitment.mean(),
        partners_with_commitment: l.commitment.count,
        mean_quality: l.quality.mean(),
        partners_with_quality: l.quality.count,
        warnings: l.warnings,
    }
}

impl GroupReport {
    /// The report of `a`. `rejected` is the count of rejected partners to
    /// report a finding on (0 for groups).
    pub fn of(
        a: &Aggregate,
        rejected: u64,
        currency: Option<CurrencyCode>,
        t: &PyramidThresholds,
    ) -> Self {
        let partners = a.partners();
        let shape = shape::diagnose(a.layers.map(|l| l.partners), t);
        let effort_allocation = effort_allocation::allocation(&a.layers, t);
        let effort_balance = effort_allocation::balance(&a.layers);
        let cost_of_sale = cost_progression::progression(&a.layers);
        let journey = journey::journey(a);
        let found = findings::find(
            &PyramidMeasures {
                partners,
                rejected,
                currency,
                layers: &a.layers,
                shape: &shape,
                allocation: &effort_allocation,
                balance: &effort_balance,
                cost_of_sale: &cost_of_sale,
                journey: &journey,
            },
            t,
        );
        Self {
            partners,
            layers: Stage::ALL.map(|s| layer_report(s, &a.layers[s.index()], &a.layers)),
            shape,
            effort_allocation,
            effort_balance,
            cost_of_sale,
            journey,
            model_a_vs_b: a.model_a_vs_b,
            health: health::health(partners, found, &t.health),
        }
    }
}

impl PyramidReport {
    /// The report of a partial, with thresholds `t`.
    pub fn of(p: &PyramidPartial, t: &PyramidThresholds) -> Self {
        Self {
            model_version: p.model_version.clone(),
            group_by: p.group_by.keys().to_vec(),
            currency: p.currency,
            partners_analysed: p.partners_analysed(),
            partners_rejected: p.rejected.count,
            rejected: p.rejected.listed.clone(),
            overall: GroupReport::of(&p.overall, p.rejected.count, p.currency, t),
            groups: p
                .groups
                .iter()
                .map(|(k, a)| (k.clone(), GroupReport::of(a, 0, p.currency, t)))
                .collect(),
        }
    }
}
