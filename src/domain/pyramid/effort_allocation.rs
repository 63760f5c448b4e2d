//! Where the host's effort goes. Effort should match the intent of each
//! relationship; the seed warns that the base (transactional partners) tends
//! to absorb the most attention, which deepens no relationship.
//!
//! Effort is counted in effort points (see `effort_intent.rs`) over the
//! partners whose effort index is known; salespeople's attention in their
//! active hours (`effort.sales_focus_hours`). The share each layer's intents
//! warrant is computed over the same partners as its effort share.

use super::{
    exact_sum::{from_micros, share, sum_counts, sum_micros},
    layer_totals::LayerTotals,
};
use crate::domain::model::PyramidSettings;

/// The base's share of effort and attention against what it warrants.
#[derive(Debug, Clone, PartialEq)]
pub struct EffortAllocation {
    /// Effort points spent on the partners whose effort is known.
    pub effort_points: f64,
    /// Effort points their intents warrant.
    pub warranted_points: f64,
    /// Salespeople's active hours.
    pub sales_focus_hours: f64,
    /// The base's share of effort points, 0..1.
    pub base_effort_share: f64,
    /// The base's share of warranted effort points, 0..1.
    pub base_warranted_share: f64,
    /// The base's share of salespeople's hours, 0..1.
    pub base_sales_focus_share: f64,
    /// Whether the base absorbs most of the attention: its share of effort
    /// or of salespeople's hours reaches `base_attention_max_share` and
    /// exceeds its warranted share by more than `attention_tolerance`.
    pub base_absorbs_attention: bool,
}

/// Effort above and below intent, in effort points.
#[derive(Debug, Clone, PartialEq)]
pub struct EffortBalance {
    /// Points spent above the host's intended stage.
    pub wasted: f64,
    /// Partners getting more effort than their intent warrants.
    pub partners_wasted: u64,
    /// Points missing to reach the host's intended stage.
    pub missing: f64,
    /// Partners getting less effort than their intent needs.
    pub partners_missing: u64,
    /// Wasted points as a share of all effort points, 0..1.
    pub wasted_share: f64,
    /// Missing points as a share of the warranted points, 0..1.
    pub missing_share: f64,
}

/// The allocation of effort over `layers` (base first).
pub fn allocation(layers: &[LayerTotals; 4], t: &PyramidSettings) -> EffortAllocation {
    let effort = sum_micros(layers.iter().map(|l| l.effort.micros));
    let warranted = sum_micros(layers.iter().map(|l| l.warranted_effort));
    let hours = sum_micros(layers.iter().map(|l| l.sales_focus_hours.micros));
    let base = &layers[0];
    let base_effort_share = share(base.effort.micros, effort);
    let base_warranted_share = share(base.warranted_effort, warranted);
    let base_sales_focus_share = share(base.sales_focus_hours.micros, hours);
    let attention = base_effort_share.max(base_sales_focus_share);
    EffortAllocation {
        effort_points: from_micros(effort),
        warranted_points: from_micros(warranted),
        sales_focus_hours: from_micros(hours),
        base_effort_share,
        base_warranted_share,
        base_sales_focus_share,
        base_absorbs_attention: attention >= t.base_attention_max_share
            && attention > base_warranted_share + t.attention_tolerance,
    }
}

/// Effort wasted and missing over `layers`.
pub fn balance(layers: &[LayerTotals; 4]) -> EffortBalance {
    let sum = |f: fn(&LayerTotals) -> u128| sum_micros(layers.iter().map(f));
    let count = |f: fn(&LayerTotals) -> u64| sum_counts(layers.iter().map(f));
    let wasted = sum(|l| l.effort_wasted.micros);
    let missing = sum(|l| l.effort_missing.micros);
    EffortBalance {
        wasted: from_micros(wasted),
        partners_wasted: count(|l| l.effort_wasted.count),
        missing: from_micros(missing),
        partners_missing: count(|l| l.effort_missing.count),
        wasted_share: share(wasted, sum(|l| l.effort.micros)),
        missing_share: share(missing, sum(|l| l.warranted_effort)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{config::builtin, domain::pyramid::exact_sum::ExactSum};

    fn layer(effort: f64, warranted: f64, hours: f64) -> LayerTotals {
        LayerTotals {
            partners: 1,
            effort: ExactSum::of(effort),
            warranted_effort: super::super::exact_sum::to_micros(warranted),
            sales_focus_hours: ExactSum::of(hours),
            ..Default::default()
        }
    }

    #[test]
    fn a_base_taking_effort_its_intents_do_not_warrant_absorbs_attention() {
        let t = builtin().model.pyramid;
        let layers = [
            layer(6.0, 2.0, 0.0),
            layer(2.0, 3.0, 0.0),
            layer(1.0, 3.0, 0.0),
            layer(1.0, 2.0, 0.0),
        ];
        let a = allocation(&layers, &t);
        assert_eq!(a.base_effort_share, 0.6);
        assert_eq!(a.base_warranted_share, 0.2);
        assert!(a.base_absorbs_attention);
    }

    #[test]
    fn a_base_that_warrants_its_effort_does_not() {
        let t = builtin().model.pyramid;
        let layers = [
            layer(6.0, 6.0, 0.0),
            layer(2.0, 2.0, 0.0),
            layer(1.0, 1.0, 0.0),
            layer(1.0, 1.0, 0.0),
        ];
        assert!(!allocation(&layers, &t).base_absorbs_attention);
    }

    #[test]
    fn salespeople_on_the_base_absorb_attention_too() {
        let t = builtin().model.pyramid;
        let layers = [
            layer(1.0, 1.0, 900.0),
            layer(1.0, 1.0, 50.0),
            layer(1.0, 1.0, 50.0),
            layer(1.0, 1.0, 0.0),
        ];
        let a = allocation(&layers, &t);
        assert_eq!(a.base_sales_focus_share, 0.9);
        assert!(a.base_absorbs_attention);
    }

    #[test]
    fn waste_and_missing_add_up_over_layers() {
        let mut layers = [LayerTotals::default(); 4];
        layers[0].effort = ExactSum::of(2.0);
        layers[0].warranted_effort = 1_000_000;
        layers[0].effort_wasted = ExactSum::of(0.5);
        layers[3].effort = ExactSum::of(2.0);
        layers[3].warranted_effort = 3_000_000;
        layers[3].effort_missing = ExactSum::of(1.0);
        let b = balance(&layers);
        assert_eq!(b.wasted, 0.5);
        assert_eq!(b.partners_wasted, 1);
        assert_eq!(b.missing, 1.0);
        assert_eq!(b.wasted_share, 0.125);
        assert_eq!(b.missing_share, 0.25);
    }
}
