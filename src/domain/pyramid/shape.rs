//! The shape of a pyramid. It has its shape for a reason: more Transactional
//! than Enhanced partners, more Enhanced than Collaborative, more
//! Collaborative than Partnership, Partnerships rarest of all.
//!
//! With `N` partners, `flatness` = base partners / N (the flatness measure)
//! and `top_share` = (Collaborative + Partnership) / N. A **break** is an
//! adjacent pair of layers where the lower holds fewer partners than the one
//! above it (equal counts do not break). The shape is the first that holds:
//! 1. **empty**: N = 0;
//! 2. **inverted**: `top_share >= inverted_top_share`;
//! 3. **top-heavy**: `top_share >= top_heavy_top_share`, or any break;
//! 4. **too flat**: `flatness >= too_flat_base_share`;
//! 5. **proper**: otherwise.

use strum::IntoStaticStr;

use crate::domain::Stage;
use crate::domain::model::PyramidSettings;

/// The shape of a pyramid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, IntoStaticStr)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum Shape {
    /// No partner.
    Empty,
    /// Each layer at least as wide as the one above, neither too flat nor
    /// heavy at the top.
    Proper,
    /// Nearly everyone sits on the Transactional base.
    TooFlat,
    /// Too many partners high up, or a layer narrower than the one above.
    TopHeavy,
    /// The upper layers outnumber the lower ones.
    Inverted,
}

impl Shape {
    /// Stable name, e.g. `TOO_FLAT`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A pair of adjacent layers, the lower first.
pub type LayerPair = (Stage, Stage);

/// The shape and the measures behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeDiagnosis {
    /// The shape.
    pub shape: Shape,
    /// Share of partners on the base, 0..1 (0 when empty).
    pub flatness: f64,
    /// Share of partners in Collaborative and Partnership, 0..1.
    pub top_share: f64,
    /// Adjacent pairs where the lower layer holds fewer partners than the
    /// upper, from the base up.
    pub breaks: Vec<LayerPair>,
}

/// Diagnoses the shape of layers holding `counts` partners (base first).
pub fn diagnose(counts: [u64; 4], t: &PyramidSettings) -> ShapeDiagnosis {
    let n: u128 = counts.iter().map(|c| u128::from(*c)).sum();
    let breaks: Vec<LayerPair> = Stage::ALL
        .windows(2)
        .filter(|w| counts[w[0].index()] < counts[w[1].index()])
        .map(|w| (w[0], w[1]))
        .collect();
    if n == 0 {
        return ShapeDiagnosis {
            shape: Shape::Empty,
            flatness: 0.0,
            top_share: 0.0,
            breaks,
        };
    }
    let flatness = counts[0] as f64 / n as f64;
    let top = u128::from(counts[2]) + u128::from(counts[3]);
    let top_share = top as f64 / n as f64;
    let shape = if top_share >= t.inverted_top_share {
        Shape::Inverted
    } else if top_share >= t.top_heavy_top_share || !breaks.is_empty() {
        Shape::TopHeavy
    } else if flatness >= t.too_flat_base_share {
        Shape::TooFlat
    } else {
        Shape::Proper
    };
    ShapeDiagnosis {
        shape,
        flatness,
        top_share,
        breaks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::builtin;
    use Stage::*;

    #[test]
    fn shapes_have_stable_names() {
        let shapes = [
            Shape::Empty,
            Shape::Proper,
            Shape::TooFlat,
            Shape::TopHeavy,
            Shape::Inverted,
        ];
        assert_eq!(
            shapes.map(Shape::as_str),
            ["EMPTY", "PROPER", "TOO_FLAT", "TOP_HEAVY", "INVERTED"]
        );
    }

    fn shape(counts: [u64; 4]) -> ShapeDiagnosis {
        diagnose(counts, &builtin().model.pyramid)
    }

    #[test]
    fn a_proper_pyramid_narrows_going_up() {
        let d = shape([60, 25, 10, 5]);
        assert_eq!(d.shape, Shape::Proper);
        assert_eq!(d.flatness, 0.6);
        assert_eq!(d.top_share, 0.15);
        assert!(d.breaks.is_empty());
    }

    #[test]
    fn hundreds_on_the_base_is_too_flat() {
        let d = shape([400, 6, 2, 0]);
        assert_eq!(d.shape, Shape::TooFlat);
        assert_eq!(d.flatness, 400.0 / 408.0);
        assert!(d.breaks.is_empty());
    }

    #[test]
    fn upper_layers_outnumbering_lower_ones_is_inverted() {
        let d = shape([2, 3, 10, 15]);
        assert_eq!(d.shape, Shape::Inverted);
        assert_eq!(
            d.breaks,
            vec![
                (Transactional, Enhanced),
                (Enhanced, Collaborative),
                (Collaborative, Partnership)
            ]
        );
    }

    #[test]
    fn a_break_or_a_heavy_top_is_top_heavy() {
        let d = shape([40, 20, 25, 15]);
        assert_eq!(d.shape, Shape::TopHeavy);
        assert_eq!(d.breaks, vec![(Enhanced, Collaborative)]);
        let more_partnerships = shape([60, 30, 4, 6]);
        assert_eq!(more_partnerships.shape, Shape::TopHeavy);
        assert_eq!(more_partnerships.breaks, vec![(Collaborative, Partnership)]);
    }

    #[test]
    fn no_partner_is_empty() {
        let d = shape([0; 4]);
        assert_eq!(d.shape, Shape::Empty);
        assert_eq!(d.flatness, 0.0);
    }
}
