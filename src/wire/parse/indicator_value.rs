//! Parsing one indicator's protobuf field into its domain type: a number
//! must be finite and inside its unit's range, a stage one the contract
//! defines. Which type an indicator has comes from the catalogue.

use crate::{
    domain::{
        Stage,
        partner::units::{Count, Fraction, Money, Quantity, RangeError},
    },
    wire::{
        enums::{EnumValueError, WireEnum},
        field_violations::{FieldViolations, Reason},
    },
};

/// A domain type an indicator's protobuf field parses into.
pub trait ParseIndicator: Sized {
    /// The Rust type of the protobuf field.
    type Field;

    /// The value of `field`, `None` when unknown or invalid; an invalid one
    /// is recorded in `violations` at `path`.
    fn parse_indicator(
        field: Self::Field,
        path: &str,
        violations: &mut FieldViolations,
    ) -> Option<Self>;
}

/// Records a value refused by its unit's range.
fn out_of_range(e: RangeError, path: &str, violations: &mut FieldViolations) {
    violations.push(path, e.into(), e.to_string());
}

/// Bounded numbers carried as an optional `double`.
macro_rules! bounded_number_parser {
    ($($Type:ident),*) => {$(
        impl ParseIndicator for $Type {
            type Field = Option<f64>;

            fn parse_indicator(
                field: Option<f64>,
                path: &str,
                violations: &mut FieldViolations,
            ) -> Option<Self> {
                $Type::parse(field?)
                    .map_err(|e| out_of_range(e, path, violations))
                    .ok()
            }
        }
    )*};
}

bounded_number_parser!(Money, Fraction, Quantity);

impl ParseIndicator for Count {
    type Field = Option<u32>;

    fn parse_indicator(
        field: Option<u32>,
        path: &str,
        violations: &mut FieldViolations,
    ) -> Option<Self> {
        Count::parse(field?)
            .map_err(|e| out_of_range(e, path, violations))
            .ok()
    }
}

impl ParseIndicator for bool {
    type Field = Option<bool>;

    fn parse_indicator(field: Option<bool>, _: &str, _: &mut FieldViolations) -> Option<Self> {
        field
    }
}

/// A `Stage` enum number: 0 (`STAGE_UNSPECIFIED`) is unknown.
impl ParseIndicator for Stage {
    type Field = i32;

    fn parse_indicator(field: i32, path: &str, violations: &mut FieldViolations) -> Option<Self> {
        match Stage::from_wire(field) {
            Ok(stage) => Some(stage),
            Err(EnumValueError::Unspecified { .. }) => None,
            Err(EnumValueError::Unknown { .. }) => {
                violations.push(
                    path,
                    Reason::UnknownEnumValue,
                    format!("{field} is not a Stage value (0 to 4)"),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reasons(v: &FieldViolations) -> Vec<(&str, &str)> {
        v.as_slice()
            .iter()
            .map(|f| (f.field.as_str(), f.reason.as_str()))
            .collect()
    }

    #[test]
    fn unknown_values_are_none_without_a_violation() {
        let mut v = FieldViolations::default();
        assert_eq!(Money::parse_indicator(None, "m", &mut v), None);
        assert_eq!(Count::parse_indicator(None, "c", &mut v), None);
        assert_eq!(bool::parse_indicator(None, "b", &mut v), None);
        assert_eq!(Stage::parse_indicator(0, "s", &mut v), None);
        assert!(v.is_empty());
    }

    #[test]
    fn values_in_range_parse() {
        let mut v = FieldViolations::default();
        assert_eq!(
            Fraction::parse_indicator(Some(0.5), "f", &mut v).map(Fraction::get),
            Some(0.5)
        );
        assert_eq!(
            Count::parse_indicator(Some(3), "c", &mut v).map(Count::get),
            Some(3)
        );
        assert_eq!(bool::parse_indicator(Some(false), "b", &mut v), Some(false));
        assert_eq!(
            Stage::parse_indicator(4, "s", &mut v),
            Some(Stage::Partnership)
        );
        assert!(v.is_empty());
    }

    #[test]
    fn invalid_values_are_recorded_at_their_path() {
        let mut v = FieldViolations::default();
        assert_eq!(
            Quantity::parse_indicator(Some(-1.0), "effort.hours", &mut v),
            None
        );
        assert_eq!(
            Money::parse_indicator(Some(f64::NAN), "economics.cost", &mut v),
            None
        );
        assert_eq!(
            Count::parse_indicator(Some(2_000_000), "model_a.deals", &mut v),
            None
        );
        assert_eq!(Stage::parse_indicator(9, "intent.host", &mut v), None);
        assert_eq!(
            reasons(&v),
            [
                ("effort.hours", "OUT_OF_RANGE"),
                ("economics.cost", "NOT_FINITE"),
                ("model_a.deals", "OUT_OF_RANGE"),
                ("intent.host", "UNKNOWN_ENUM_VALUE"),
            ]
        );
        assert_eq!(
            v.as_slice()[3].description,
            "9 is not a Stage value (0 to 4)"
        );
    }
}
