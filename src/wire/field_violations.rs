//! Field violations collected while parsing a request, and their mapping to
//! an `INVALID_ARGUMENT` status carrying `google.rpc.BadRequest`.

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, FieldViolation, StatusExt};

use crate::domain::partner::units::RangeError;

/// Machine-readable reason of a violation (`FieldViolation.reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A required field is missing or empty.
    Required,
    /// NaN or infinity.
    NotFinite,
    /// Outside the documented range.
    OutOfRange,
    /// Too long.
    TooLong,
    /// Not of the documented form.
    InvalidFormat,
    /// An enum number the contract does not define.
    UnknownEnumValue,
    /// Money in another currency than the rest of the request.
    CurrencyMismatch,
    /// Contradicts another field or message of the request.
    Inconsistent,
    /// A partner id already used by an earlier item of the same batch.
    DuplicatePartnerId,
}

impl Reason {
    /// The SCREAMING_SNAKE_CASE identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Required => "REQUIRED",
            Reason::NotFinite => "NOT_FINITE",
            Reason::OutOfRange => "OUT_OF_RANGE",
            Reason::TooLong => "TOO_LONG",
            Reason::InvalidFormat => "INVALID_FORMAT",
            Reason::UnknownEnumValue => "UNKNOWN_ENUM_VALUE",
            Reason::CurrencyMismatch => "CURRENCY_MISMATCH",
            Reason::Inconsistent => "INCONSISTENT",
            Reason::DuplicatePartnerId => "DUPLICATE_PARTNER_ID",
        }
    }
}

impl From<RangeError> for Reason {
    fn from(e: RangeError) -> Self {
        match e {
            RangeError::NotFinite => Reason::NotFinite,
            RangeError::BelowMin { .. } | RangeError::AboveMax { .. } => Reason::OutOfRange,
        }
    }
}

/// Every violation found in one request (or one item of a batch).
#[derive(Debug, Clone, Default)]
pub struct FieldViolations(Vec<FieldViolation>);

impl FieldViolations {
    /// Records that `field` is invalid.
    pub fn push(
        &mut self,
        field: impl Into<String>,
        reason: Reason,
        description: impl Into<String>,
    ) {
        let mut violation = FieldViolation::new(field, description);
        violation.reason = reason.as_str().to_owned();
        self.0.push(violation);
    }

    /// Number of violations so far.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no violation was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The violations.
    pub fn as_slice(&self) -> &[FieldViolation] {
        &self.0
    }

    /// An `INVALID_ARGUMENT` status with every violation as a
    /// `google.rpc.BadRequest` detail. The message lists the fields.
    pub fn into_status(self) -> Status {
        let fields: Vec<&str> = self.0.iter().map(|v| v.field.as_str()).collect();
        let message = format!(
            "invalid request: {} invalid field(s): {}",
            fields.len(),
            fields.join(", ")
        );
        Status::with_error_details(
            Code::InvalidArgument,
            message,
            ErrorDetails::with_bad_request(self.0),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_carries_every_violation() {
        let mut v = FieldViolations::default();
        v.push("partner.partner_id", Reason::Required, "is required");
        v.push("partner.quality.trust", Reason::NotFinite, "must be finite");
        let status = v.into_status();
        assert_eq!(status.code(), Code::InvalidArgument);
        assert!(status.message().contains("partner.quality.trust"));
        let bad = status.get_details_bad_request().unwrap();
        assert_eq!(bad.field_violations.len(), 2);
        assert_eq!(bad.field_violations[1].reason, "NOT_FINITE");
    }
}
