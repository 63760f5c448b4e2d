//! The cells of a CSV portfolio's indicator columns: how a cell is parsed
//! into a value of its column's kind, and how a value is printed. The
//! columns are the indicators' field paths ([`Indicator::path`]); the kind
//! of each comes from the catalogue ([`indicator_fields::kind`]).
//!
//! [`Indicator::path`]: crate::domain::partner::indicators::Indicator::path
//! [`indicator_fields::kind`]: crate::wire::indicator_fields::kind

use crate::{
    proto,
    wire::indicator_fields::{Value, ValueKind},
};

/// Why a cell could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// SCREAMING_SNAKE_CASE reason.
    pub reason: &'static str,
    /// What is wrong.
    pub message: String,
}

/// Parses a non-empty cell as a value of `kind`.
pub fn parse(kind: ValueKind, cell: &str) -> Result<Value, ParseError> {
    let cell = cell.trim();
    match kind {
        ValueKind::Number => cell
            .parse::<f64>()
            .map(Value::Number)
            .map_err(|_| ParseError {
                reason: "UNPARSABLE_NUMBER",
                message: format!("{cell:?} is not a number"),
            }),
        ValueKind::Count => cell
            .parse::<u32>()
            .map(Value::Count)
            .map_err(|_| ParseError {
                reason: "UNPARSABLE_COUNT",
                message: format!("{cell:?} is not a whole number from 0 to {}", u32::MAX),
            }),
        ValueKind::Flag => match cell.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(Value::Flag(true)),
            "false" | "0" | "no" => Ok(Value::Flag(false)),
            _ => Err(ParseError {
                reason: "UNPARSABLE_FLAG",
                message: format!("{cell:?} is not true or false"),
            }),
        },
        ValueKind::Stage => parse_stage(cell)
            .map(Value::Stage)
            .ok_or_else(|| ParseError {
                reason: "UNPARSABLE_STAGE",
                message: format!(
                    "{cell:?} is not a stage (TRANSACTIONAL, ENHANCED, COLLABORATIVE, PARTNERSHIP \
                 or 1 to 4)"
                ),
            }),
    }
}

fn parse_stage(cell: &str) -> Option<i32> {
    if let Ok(n) = cell.parse::<i32>() {
        return Some(n);
    }
    let upper = cell.to_ascii_uppercase();
    let name = if upper.starts_with("STAGE_") {
        upper
    } else {
        format!("STAGE_{upper}")
    };
    proto::Stage::from_str_name(&name).map(|s| s as i32)
}

/// The value as a CSV cell.
pub fn format(value: Value) -> String {
    match value {
        Value::Number(x) => x.to_string(),
        Value::Count(n) => n.to_string(),
        Value::Flag(b) => b.to_string(),
        Value::Stage(n) => proto::Stage::try_from(n)
            .map(|s| s.as_str_name().trim_start_matches("STAGE_").to_owned())
            .unwrap_or_else(|_| n.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::{domain::partner::indicators::Indicator, wire::indicator_fields};

    fn sample(indicator: Indicator) -> Value {
        match indicator_fields::kind(indicator) {
            ValueKind::Number => Value::Number(0.25),
            ValueKind::Count => Value::Count(3),
            ValueKind::Flag => Value::Flag(true),
            ValueKind::Stage => Value::Stage(proto::Stage::Enhanced as i32),
        }
    }

    #[test]
    fn every_indicator_round_trips_through_format_and_parse() {
        for indicator in Indicator::ALL {
            let value = sample(indicator);
            let kind = indicator_fields::kind(indicator);
            assert_eq!(
                parse(kind, &format(value)),
                Ok(value),
                "{}",
                indicator.path()
            );
        }
    }

    #[test]
    fn cells_parse_leniently_but_never_guess() {
        assert_eq!(parse(ValueKind::Flag, " Yes "), Ok(Value::Flag(true)));
        assert_eq!(
            parse(ValueKind::Stage, "stage_partnership"),
            Ok(Value::Stage(4))
        );
        assert_eq!(
            parse(ValueKind::Stage, "collaborative"),
            Ok(Value::Stage(3))
        );
        assert_eq!(parse(ValueKind::Stage, "2"), Ok(Value::Stage(2)));
        assert_eq!(parse(ValueKind::Number, "1e3"), Ok(Value::Number(1000.0)));
        assert_eq!(
            parse(ValueKind::Number, "12,5").unwrap_err().reason,
            "UNPARSABLE_NUMBER"
        );
        assert_eq!(
            parse(ValueKind::Count, "-1").unwrap_err().reason,
            "UNPARSABLE_COUNT"
        );
        assert_eq!(
            parse(ValueKind::Count, "2.5").unwrap_err().reason,
            "UNPARSABLE_COUNT"
        );
        assert_eq!(
            parse(ValueKind::Flag, "maybe").unwrap_err().reason,
            "UNPARSABLE_FLAG"
        );
        assert_eq!(
            parse(ValueKind::Stage, "gold").unwrap_err().reason,
            "UNPARSABLE_STAGE"
        );
    }
}
