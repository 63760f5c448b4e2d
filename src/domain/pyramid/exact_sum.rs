//! Exact, order-independent sums. Every value is rounded once, for each
//! partner, to an integer number of millionths of its unit ("micros") and
//! summed as an integer, so that any split of a portfolio and any merge order
//! give bit-identical totals (floating-point addition would not).

/// Millionths per unit.
pub const MICROS_PER_UNIT: f64 = 1e6;

/// What a sum adds up, which bounds what one partner can contribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SumKind {
    /// Money in major currency units, at most 1e15 per partner.
    Money,
    /// Hours, at most 1e6 per partner.
    Hours,
    /// Index points (an effort, commitment or quality index), at most 1 per
    /// partner.
    Points,
}

impl SumKind {
    /// The most micros one partner can contribute.
    pub fn max_micros_per_partner(self) -> u128 {
        match self {
            SumKind::Money => 1_000_000_000_000_000_000_000,
            SumKind::Hours => 1_000_000_000_000,
            SumKind::Points => 1_000_000,
        }
    }
}

/// Rounds a value to micros (half away from zero). Zero for anything not a
/// finite positive number; saturates at `u128::MAX`.
pub fn to_micros(value: f64) -> u128 {
    if value.is_finite() && value > 0.0 {
        // `as` saturates; values reaching this are bounded far below.
        (value * MICROS_PER_UNIT).round() as u128
    } else {
        0
    }
}

/// Micros back to units.
pub fn from_micros(micros: u128) -> f64 {
    micros as f64 / MICROS_PER_UNIT
}

/// Sum of micros, saturating (sums of validated aggregates never reach it).
pub fn sum_micros(values: impl IntoIterator<Item = u128>) -> u128 {
    values.into_iter().fold(0, u128::saturating_add)
}

/// Sum of counts, saturating (sums of validated aggregates never reach it).
pub fn sum_counts(values: impl IntoIterator<Item = u64>) -> u64 {
    values.into_iter().fold(0, u64::saturating_add)
}

/// `part / whole` as a share, 0 when `whole` is 0.
pub fn share(part: u128, whole: u128) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// A sum over the partners for whom a value was known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ExactSum {
    /// Partners whose value was known and added.
    pub count: u64,
    /// Sum of their values, in micros.
    pub micros: u128,
}

impl ExactSum {
    /// The sum of one known value.
    pub fn of(value: f64) -> Self {
        Self {
            count: 1,
            micros: to_micros(value),
        }
    }

    /// The sum of one value, or the empty sum when it is unknown.
    pub fn of_known(value: Option<f64>) -> Self {
        value.map_or_else(Self::default, Self::of)
    }

    /// `self + other`, or `None` on overflow.
    pub fn checked_add(self, other: Self) -> Option<Self> {
        Some(Self {
            count: self.count.checked_add(other.count)?,
            micros: self.micros.checked_add(other.micros)?,
        })
    }

    /// The total in units.
    pub fn total(self) -> f64 {
        from_micros(self.micros)
    }

    /// The mean in units, when at least one value was known.
    pub fn mean(self) -> Option<f64> {
        (self.count > 0).then(|| self.total() / self.count as f64)
    }

    /// Whether the sum is what `count` partners of `kind` could add up to.
    pub fn is_possible(self, kind: SumKind) -> bool {
        u128::from(self.count)
            .checked_mul(kind.max_micros_per_partner())
            .is_none_or(|max| self.micros <= max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_to_micros() {
        assert_eq!(to_micros(1.0), 1_000_000);
        assert_eq!(to_micros(0.123_456_7), 123_457);
        assert_eq!(to_micros(-3.0), 0);
        assert_eq!(to_micros(f64::NAN), 0);
        assert_eq!(to_micros(1e15), 1_000_000_000_000_000_000_000);
        assert_eq!(from_micros(2_500_000), 2.5);
    }

    #[test]
    fn sums_are_exact_in_any_order() {
        let values = [0.1, 0.2, 0.3, 1e15, 7.000_001];
        let forward = values.iter().fold(ExactSum::default(), |s, v| {
            s.checked_add(ExactSum::of(*v)).unwrap()
        });
        let backward = values.iter().rev().fold(ExactSum::default(), |s, v| {
            s.checked_add(ExactSum::of(*v)).unwrap()
        });
        assert_eq!(forward, backward);
        assert_eq!(forward.count, 5);
        assert_eq!(ExactSum::of_known(None), ExactSum::default());
        assert_eq!(ExactSum::default().mean(), None);
        assert_eq!(ExactSum::of(0.5).mean(), Some(0.5));
    }

    #[test]
    fn overflow_and_impossible_sums_are_caught() {
        let huge = ExactSum {
            count: 1,
            micros: u128::MAX,
        };
        assert_eq!(huge.checked_add(ExactSum::of(1.0)), None);
        assert!(!huge.is_possible(SumKind::Money));
        assert!(ExactSum::of(1.0).is_possible(SumKind::Points));
        assert!(!ExactSum::of(2.0).is_possible(SumKind::Points));
        assert!(ExactSum::of(1e15).is_possible(SumKind::Money));
    }
}
