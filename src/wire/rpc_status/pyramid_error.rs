//! [`PyramidError`]s as INVALID_ARGUMENT statuses naming the request field
//! at fault: what makes a whole portfolio, or a merge of partials, wrong.
//! An error that only a bug can cause is INTERNAL.

use tonic::Status;

use crate::{
    domain::pyramid::{MAX_GROUPS, PyramidError, PyramidPartial},
    wire::field_violations::{FieldViolations, Reason},
};

/// The status of `e`, met while feeding the partner found at `path` of a
/// request into a portfolio whose options are at `options_path`;
/// `declared_currency` tells whether the options named the currency.
pub fn feed_error(
    e: &PyramidError,
    path: &str,
    options_path: &str,
    declared_currency: bool,
) -> Status {
    let mut v = FieldViolations::default();
    match e {
        PyramidError::CurrencyMismatch { expected, found } => {
            let source = if declared_currency {
                format!("declared in {options_path}.currency_code")
            } else {
                "set by the first partner carrying money".to_owned()
            };
            v.push(
                format!("{path}.currency_code"),
                Reason::CurrencyMismatch,
                format!(
                    "is {found} but the portfolio's currency is {expected} ({source}); a \
                     pyramid adds up money in one currency only: convert the amounts or \
                     analyse each currency separately"
                ),
            );
        }
        PyramidError::TooManyGroups => v.push(
            format!("{options_path}.group_by"),
            Reason::OutOfRange,
            format!("yields more than {MAX_GROUPS} groups (reached at {path})"),
        ),
        PyramidError::Overflow => v.push(path, Reason::OutOfRange, e.to_string()),
        PyramidError::ModelVersionMismatch { .. } | PyramidError::GroupByMismatch { .. } => {
            return Status::internal(format!("pyramid: {e}"));
        }
    }
    v.into_status()
}

/// The status of `e`, met while merging the partial `partials[i]` into
/// those before it.
pub fn merge_error(e: &PyramidError, i: usize, partial: &PyramidPartial) -> Status {
    let mut v = FieldViolations::default();
    let path = format!("partials[{i}]");
    match e {
        PyramidError::CurrencyMismatch { expected, found } => v.push(
            format!("{path}.currency_code"),
            Reason::CurrencyMismatch,
            format!(
                "is {found} but the partials before it carry {expected}; a pyramid adds up \
                 money in one currency only"
            ),
        ),
        PyramidError::GroupByMismatch { expected, .. } => v.push(
            format!("{path}.group_by"),
            Reason::Inconsistent,
            format!(
                "is {:?} but the partials before it group by {expected:?}",
                partial.group_by.keys()
            ),
        ),
        PyramidError::ModelVersionMismatch { .. } => v.push(
            format!("{path}.model_version"),
            Reason::Inconsistent,
            e.to_string(),
        ),
        PyramidError::TooManyGroups => v.push(
            format!("{path}.groups"),
            Reason::OutOfRange,
            format!("the partials together hold more than {MAX_GROUPS} groups"),
        ),
        PyramidError::Overflow => v.push(path, Reason::OutOfRange, e.to_string()),
    }
    v.into_status()
}

#[cfg(test)]
mod tests {
    use tonic::Code;
    use tonic_types::StatusExt;

    use super::*;
    use crate::domain::{partner::currency_code::CurrencyCode, pyramid::GroupBy};

    fn violation(status: &Status) -> (String, String, String) {
        let bad = status.get_details_bad_request().unwrap();
        let v = &bad.field_violations[0];
        (v.field.clone(), v.reason.clone(), v.description.clone())
    }

    fn mismatch() -> PyramidError {
        PyramidError::CurrencyMismatch {
            expected: CurrencyCode::parse("USD").unwrap(),
            found: CurrencyCode::parse("EUR").unwrap(),
        }
    }

    #[test]
    fn a_currency_mismatch_names_the_partner_and_where_the_currency_came_from() {
        let status = feed_error(&mismatch(), "partners[4]", "options", true);
        assert_eq!(status.code(), Code::InvalidArgument);
        let (field, reason, description) = violation(&status);
        assert_eq!(field, "partners[4].currency_code");
        assert_eq!(reason, "CURRENCY_MISMATCH");
        assert!(
            description.contains("(declared in options.currency_code)"),
            "{description}"
        );
        let status = feed_error(&mismatch(), "partners[4]", "options", false);
        assert!(
            violation(&status)
                .2
                .contains("set by the first partner carrying money")
        );
    }

    #[test]
    fn too_many_groups_blames_the_grouping() {
        let status = feed_error(
            &PyramidError::TooManyGroups,
            "partners[9]",
            "options",
            false,
        );
        let (field, reason, description) = violation(&status);
        assert_eq!(
            (field.as_str(), reason.as_str()),
            ("options.group_by", "OUT_OF_RANGE")
        );
        assert!(
            description.ends_with("(reached at partners[9])"),
            "{description}"
        );
    }

    #[test]
    fn merge_errors_name_the_partial() {
        let partial = PyramidPartial::empty("v", GroupBy::default(), None);
        let status = merge_error(&mismatch(), 2, &partial);
        assert_eq!(violation(&status).0, "partials[2].currency_code");
        let status = merge_error(&PyramidError::TooManyGroups, 1, &partial);
        assert_eq!(violation(&status).0, "partials[1].groups");
    }
}
