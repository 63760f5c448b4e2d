//! Cost of sale by stage. It should go down as partners go up the pyramid;
//! few companies know it per stage. A layer's ratio is the cost of sale of
//! its partners divided by their revenue, over the partners where both are
//! known and revenue is above zero. Layers without a ratio are skipped:
//! each layer with one is compared with the next layer up that has one.

use super::{exact_sum::share, layer_totals::LayerTotals, shape::LayerPair};
use crate::domain::Stage;

/// The cost-of-sale ratio of one layer, when known.
pub fn ratio(layer: &LayerTotals) -> Option<f64> {
    (layer.ratio_revenue.micros > 0)
        .then(|| share(layer.ratio_cost_of_sale, layer.ratio_revenue.micros))
}

/// Cost of sale from the base up.
#[derive(Debug, Clone, PartialEq)]
pub struct CostOfSaleProgression {
    /// Ratio per layer, base first.
    pub ratios: [Option<f64>; 4],
    /// Pairs of layers (lower, upper) where the ratio does not fall going
    /// up: the upper ratio is at least the lower one.
    pub not_falling: Vec<LayerPair>,
}

/// The progression of cost of sale over `layers` (base first).
pub fn progression(layers: &[LayerTotals; 4]) -> CostOfSaleProgression {
    let ratios = Stage::ALL.map(|s| ratio(&layers[s.index()]));
    let known: Vec<(Stage, f64)> = Stage::ALL
        .iter()
        .filter_map(|s| ratios[s.index()].map(|r| (*s, r)))
        .collect();
    let not_falling = known
        .windows(2)
        .filter(|w| w[1].1 >= w[0].1)
        .map(|w| (w[0].0, w[1].0))
        .collect();
    CostOfSaleProgression {
        ratios,
        not_falling,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pyramid::exact_sum::{ExactSum, to_micros};
    use Stage::*;

    fn layer(revenue: f64, cost: f64) -> LayerTotals {
        LayerTotals {
            partners: 1,
            ratio_revenue: ExactSum::of(revenue),
            ratio_cost_of_sale: to_micros(cost),
            ..Default::default()
        }
    }

    #[test]
    fn falling_cost_of_sale_raises_nothing() {
        let p = progression(&[
            layer(100.0, 25.0),
            layer(100.0, 18.0),
            layer(100.0, 12.0),
            layer(100.0, 8.0),
        ]);
        assert_eq!(p.ratios, [Some(0.25), Some(0.18), Some(0.12), Some(0.08)]);
        assert!(p.not_falling.is_empty());
    }

    #[test]
    fn rising_cost_of_sale_names_each_pair() {
        let p = progression(&[
            layer(100.0, 10.0),
            layer(100.0, 15.0),
            layer(100.0, 20.0),
            layer(100.0, 30.0),
        ]);
        assert_eq!(
            p.not_falling,
            vec![
                (Transactional, Enhanced),
                (Enhanced, Collaborative),
                (Collaborative, Partnership)
            ]
        );
    }

    #[test]
    fn layers_without_a_ratio_are_skipped() {
        let p = progression(&[
            layer(100.0, 10.0),
            LayerTotals::default(),
            layer(100.0, 12.0),
            layer(0.0, 0.0),
        ]);
        assert_eq!(p.ratios[1], None);
        assert_eq!(p.ratios[3], None);
        assert_eq!(p.not_falling, vec![(Transactional, Collaborative)]);
    }
}
