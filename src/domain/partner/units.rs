//! Bounded numeric values. Each type can only hold a finite number inside its
//! documented range, so code that receives one never checks it again.

use std::fmt;

/// Why a number was refused.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RangeError {
    /// NaN or an infinity.
    NotFinite,
    /// Below the minimum.
    BelowMin {
        /// The smallest value accepted.
        min: f64,
    },
    /// Above the maximum.
    AboveMax {
        /// The largest value accepted.
        max: f64,
    },
}

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RangeError::NotFinite => f.write_str("must be a finite number (not NaN or infinity)"),
            RangeError::BelowMin { min } => write!(f, "must be at least {min}"),
            RangeError::AboveMax { max } => write!(f, "must be at most {max}"),
        }
    }
}

impl std::error::Error for RangeError {}

fn check(value: f64, min: f64, max: f64) -> Result<f64, RangeError> {
    if !value.is_finite() {
        Err(RangeError::NotFinite)
    } else if value < min {
        Err(RangeError::BelowMin { min })
    } else if value > max {
        Err(RangeError::AboveMax { max })
    } else {
        Ok(value)
    }
}

macro_rules! bounded_f64 {
    ($(#[$doc:meta])* $name:ident, $min:expr, $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
        pub struct $name(f64);

        impl $name {
            /// Smallest accepted value.
            pub const MIN: f64 = $min;
            /// Largest accepted value.
            pub const MAX: f64 = $max;

            /// Accepts `value` when it is finite and inside the range.
            pub fn parse(value: f64) -> Result<Self, RangeError> {
                // -0.0 is normalised so that equal values compare and print alike.
                check(value, Self::MIN, Self::MAX).map(|v| Self(v + 0.0))
            }

            /// The number held.
            pub fn get(self) -> f64 {
                self.0
            }
        }
    };
}

bounded_f64!(
    /// A score or share from 0 to 1.
    Fraction,
    0.0,
    1.0
);
bounded_f64!(
    /// A non-negative quantity such as hours or full-time equivalents, up to
    /// one million.
    Quantity,
    0.0,
    1e6
);
bounded_f64!(
    /// A non-negative money amount in major currency units, up to 1e15.
    Money,
    0.0,
    1e15
);

/// A count from 0 to one million.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Count(u32);

impl Count {
    /// Largest accepted count.
    pub const MAX: u32 = 1_000_000;

    /// Accepts `value` when it is at most [`Count::MAX`].
    pub fn parse(value: u32) -> Result<Self, RangeError> {
        if value > Self::MAX {
            Err(RangeError::AboveMax {
                max: f64::from(Self::MAX),
            })
        } else {
            Ok(Self(value))
        }
    }

    /// The count held.
    pub fn get(self) -> u32 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraction_accepts_its_range_only() {
        assert_eq!(Fraction::parse(0.0).unwrap().get(), 0.0);
        assert_eq!(Fraction::parse(1.0).unwrap().get(), 1.0);
        assert_eq!(Fraction::parse(f64::NAN), Err(RangeError::NotFinite));
        assert_eq!(Fraction::parse(f64::INFINITY), Err(RangeError::NotFinite));
        assert_eq!(
            Fraction::parse(-0.1),
            Err(RangeError::BelowMin { min: 0.0 })
        );
        assert_eq!(
            Fraction::parse(1.01),
            Err(RangeError::AboveMax { max: 1.0 })
        );
    }

    #[test]
    fn negative_zero_is_normalised() {
        assert!(Fraction::parse(-0.0).unwrap().get().is_sign_positive());
    }

    #[test]
    fn money_and_counts_have_upper_bounds() {
        assert!(Money::parse(1e15).is_ok());
        assert!(Money::parse(1.1e15).is_err());
        assert!(Quantity::parse(1e6).is_ok());
        assert!(Quantity::parse(-1.0).is_err());
        assert!(Count::parse(1_000_000).is_ok());
        assert!(Count::parse(1_000_001).is_err());
    }
}
