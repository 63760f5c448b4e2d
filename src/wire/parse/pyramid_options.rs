//! Parsing `PyramidOptions` into the domain's [`PyramidOptions`].

use crate::{
    domain::{
        partner::currency_code::CurrencyCode,
        pyramid::{GroupBy, GroupByError, MAX_GROUPS, PyramidOptions},
    },
    proto,
    wire::{
        field_violations::{FieldViolations, Reason},
        to_proto::group_window::GroupWindow,
    },
};

/// Parses options; `None` (with the violations recorded, their paths
/// relative to the options) when invalid. Unset options are the defaults.
/// Returns the options, whether the partial was asked for, and the groups
/// to return.
pub fn parse_pyramid_options(
    msg: Option<proto::PyramidOptions>,
    violations: &mut FieldViolations,
) -> Option<(PyramidOptions, bool, GroupWindow)> {
    let msg = msg.unwrap_or_default();
    let before = violations.len();
    let window = parse_group_window(msg.max_groups, msg.groups_offset, violations);
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
        window,
    ))
}

/// The groups to return (`max_groups`: 0 to [`MAX_GROUPS`], 0 for every
/// group); a violation on `max_groups` when above.
pub fn parse_group_window(
    max_groups: u32,
    groups_offset: u32,
    violations: &mut FieldViolations,
) -> GroupWindow {
    if max_groups as usize > MAX_GROUPS {
        violations.push(
            "max_groups",
            Reason::OutOfRange,
            format!("must be 0 (every group) to {MAX_GROUPS} (got {max_groups})"),
        );
    }
    GroupWindow {
        offset: groups_offset,
        max: max_groups,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_options_are_the_defaults() {
        let mut v = FieldViolations::default();
        let (o, partial, window) = parse_pyramid_options(None, &mut v).unwrap();
        assert_eq!(o, PyramidOptions::default());
        assert!(!partial);
        assert_eq!(window, GroupWindow::ALL);
    }

    #[test]
    fn bad_keys_and_currency_are_reported() {
        let mut v = FieldViolations::default();
        let msg = proto::PyramidOptions {
            group_by: vec!["region".into(), "region".into()],
            currency_code: "XYZ".into(),
            include_partial: true,
            max_groups: 20_000,
            groups_offset: 0,
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
                ("options.max_groups", "OUT_OF_RANGE"),
                ("options.group_by[1]", "INCONSISTENT"),
                ("options.currency_code", "INVALID_FORMAT")
            ]
        );
    }
}
