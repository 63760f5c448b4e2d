//! Parsing `PyramidOptions` into the domain's [`PyramidOptions`].

use crate::{
    domain::{
        partner::currency_code::CurrencyCode,
        pyramid::{GroupBy, GroupByError, PyramidOptions},
    },
    proto,
    wire::field_violations::{FieldViolations, Reason},
};

/// Parses options; `None` (with the violations recorded, their paths
/// relative to the options) when invalid. Unset options are the defaults.
/// Returns the options and whether the partial was asked for.
pub fn parse_pyramid_options(
    msg: Option<proto::PyramidOptions>,
    violations: &mut FieldViolations,
) -> Option<(PyramidOptions, bool)> {
    let msg = msg.unwrap_or_default();
    let before = violations.len();
    let group_by = match GroupBy::parse(msg.group_by) {
        Ok(g) => Some(g),
        Err(e) => {
            let (field, reason) = match e {
                GroupByError::TooMany { .. } => ("group_by".to_owned(), Reason::OutOfRange),
                GroupByError::InvalidKey { index } => {
                    (format!("group_by[{index}]"), Reason::InvalidFormat)
                }
                GroupByError::Duplicate { index } => {
                    (format!("group_by[{index}]"), Reason::Inconsistent)
                }
            };
            violations.push(field, reason, e.to_string());
            None
        }
    };
    let currency = CurrencyCode::parse_optional(&msg.currency_code).unwrap_or_else(|e| {
        violations.push("currency_code", Reason::InvalidFormat, e.to_string());
        None
    });
    if violations.len() > before {
        return None;
    }
    Some((
        PyramidOptions {
            group_by: group_by?,
            currency,
        },
        msg.include_partial,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_options_are_the_defaults() {
        let mut v = FieldViolations::default();
        let (o, partial) = parse_pyramid_options(None, &mut v).unwrap();
        assert_eq!(o, PyramidOptions::default());
        assert!(!partial);
    }

    #[test]
    fn bad_keys_and_currency_are_reported() {
        let mut v = FieldViolations::default();
        let msg = proto::PyramidOptions {
            group_by: vec!["region".into(), "region".into()],
            currency_code: "XYZ".into(),
            include_partial: true,
        };
        assert!(
            v.nested("options", |v| parse_pyramid_options(Some(msg), v))
                .is_none()
        );
        let got: Vec<(&str, &str)> = v
            .as_slice()
            .iter()
            .map(|f| (f.field.as_str(), f.reason.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("options.group_by[1]", "INCONSISTENT"),
                ("options.currency_code", "INVALID_FORMAT")
            ]
        );
    }
}
