//! Small sampling helpers over a seeded random number generator: the few
//! distributions the generator needs, written out so that the sequence for a
//! seed never depends on another crate's distribution code.

use rand::{RngExt, rngs::ChaCha8Rng};

/// The generator's random number source: ChaCha8, portable and
/// reproducible for a seed.
pub(super) type Rng = ChaCha8Rng;

/// Uniform in `[low, high)`.
pub(super) fn uniform(rng: &mut Rng, low: f64, high: f64) -> f64 {
    low + (high - low) * rng.random::<f64>()
}

/// True with probability `p`.
pub(super) fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.random::<f64>() < p
}

/// A standard normal sample (Box-Muller).
pub(super) fn standard_normal(rng: &mut Rng) -> f64 {
    let u1 = rng.random::<f64>().max(f64::MIN_POSITIVE);
    let u2 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// Log-normal with the given median and spread (sigma of the log).
pub(super) fn log_normal(rng: &mut Rng, median: f64, sigma: f64) -> f64 {
    (median.ln() + sigma * standard_normal(rng)).exp()
}

/// A whole number in `[low, high]`.
pub(super) fn count(rng: &mut Rng, low: u32, high: u32) -> u32 {
    rng.random_range(low..=high)
}

/// `value` plus uniform noise of `±spread`, kept inside 0..1.
pub(super) fn fraction_near(rng: &mut Rng, value: f64, spread: f64) -> f64 {
    (value + uniform(rng, -spread, spread)).clamp(0.0, 1.0)
}

/// Index drawn from `weights` (not necessarily summing to 1).
pub(super) fn weighted_index(rng: &mut Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut pick = uniform(rng, 0.0, total);
    for (i, w) in weights.iter().enumerate() {
        if pick < *w {
            return i;
        }
        pick -= w;
    }
    weights.len() - 1
}

/// The value `draw` makes, unless the indicator goes missing (probability
/// `missing`). The value is drawn either way, so that one indicator going
/// missing does not shift the random sequence of the others.
pub(super) fn maybe<T>(rng: &mut Rng, missing: f64, draw: impl FnOnce(&mut Rng) -> T) -> Option<T> {
    let value = draw(rng);
    if chance(rng, missing) {
        None
    } else {
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    #[test]
    fn samples_stay_in_their_ranges() {
        let mut rng = Rng::seed_from_u64(1);
        for _ in 0..10_000 {
            let u = uniform(&mut rng, 2.0, 3.0);
            assert!((2.0..3.0).contains(&u));
            let f = fraction_near(&mut rng, 0.95, 0.2);
            assert!((0.0..=1.0).contains(&f));
            assert!(log_normal(&mut rng, 1000.0, 1.0) > 0.0);
            assert!((1..=3).contains(&count(&mut rng, 1, 3)));
            assert!(weighted_index(&mut rng, &[1.0, 0.0, 2.0]) != 1);
        }
    }
}
