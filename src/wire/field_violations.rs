//! Field violations collected while parsing a request, and their mapping to
//! an `INVALID_ARGUMENT` status carrying `google.rpc.BadRequest`.
//!
//! A parser records paths relative to the message it parses (`partner_id`,
//! `quality.trust`); a caller that parses a message nested in a larger one
//! runs the parser under [`FieldViolations::nested`], which prefixes every
//! path recorded meanwhile (`partners[17].quality.trust`). Nobody strips a
//! prefix.

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, FieldViolation, StatusExt};

use super::echo;
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
    /// A field the message does not have (HTTP/JSON requests only: protobuf
    /// keeps unknown fields silently).
    UnknownField,
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
            Reason::UnknownField => "UNKNOWN_FIELD",
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

/// Fields a status message names at most (the `BadRequest` detail lists
/// them all).
pub const SUMMARY_MAX_FIELDS: usize = 10;

/// Every violation found in one request (or one item of a batch).
#[derive(Debug, Clone, Default)]
pub struct FieldViolations {
    violations: Vec<FieldViolation>,
    /// Path of the message being parsed, each segment followed by a dot
    /// (`partners[17].`); empty at the root of the request.
    prefix: String,
}

impl FieldViolations {
    /// Records that `field` is invalid. `field` is relative to the message
    /// being parsed (see [`FieldViolations::nested`]); an empty `field`
    /// names that message itself.
    pub fn push(
        &mut self,
        field: impl Into<String>,
        reason: Reason,
        description: impl Into<String>,
    ) {
        let field = field.into();
        let path = if self.prefix.is_empty() {
            field
        } else if field.is_empty() {
            self.prefix.trim_end_matches('.').to_owned()
        } else {
            format!("{}{field}", self.prefix)
        };
        // Request text is echoed through `echo::quoted` where it is
        // formatted; this bounds whatever else slipped through.
        let mut violation =
            FieldViolation::new(echo::bounded(path), echo::bounded(description.into()));
        violation.reason = reason.as_str().to_owned();
        self.violations.push(violation);
    }

    /// Runs `parse` on the message found at `path` (e.g. `partner`,
    /// `partials[2]`) of the message being parsed: every violation it
    /// records is prefixed with `path.`. Nests to any depth.
    pub fn nested<T>(&mut self, path: &str, parse: impl FnOnce(&mut Self) -> T) -> T {
        let outer = self.prefix.len();
        self.prefix.push_str(path);
        self.prefix.push('.');
        let parsed = parse(self);
        self.prefix.truncate(outer);
        parsed
    }

    /// Number of violations so far.
    pub fn len(&self) -> usize {
        self.violations.len()
    }

    /// Whether no violation was found.
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// The violations.
    pub fn as_slice(&self) -> &[FieldViolation] {
        &self.violations
    }

    /// `"{what}: N invalid field(s): a, b, ..."`, naming the first
    /// [`SUMMARY_MAX_FIELDS`] fields (then how many more): the status
    /// message, bounded however many violations there are.
    pub fn summary(&self, what: &str) -> String {
        let shown: Vec<&str> = self
            .violations
            .iter()
            .take(SUMMARY_MAX_FIELDS)
            .map(|v| v.field.as_str())
            .collect();
        let mut message = format!(
            "{what}: {} invalid field(s): {}",
            self.violations.len(),
            shown.join(", ")
        );
        let more = self.violations.len().saturating_sub(SUMMARY_MAX_FIELDS);
        if more > 0 {
            message.push_str(&format!(" and {more} more"));
        }
        message
    }

    /// An `INVALID_ARGUMENT` status with every violation as a
    /// `google.rpc.BadRequest` detail. The message lists the fields.
    pub fn into_status(self) -> Status {
        let message = self.summary("invalid request");
        Status::with_error_details(
            Code::InvalidArgument,
            message,
            ErrorDetails::with_bad_request(self.violations),
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

    fn fields(v: &FieldViolations) -> Vec<&str> {
        v.as_slice().iter().map(|f| f.field.as_str()).collect()
    }

    #[test]
    fn nested_paths_are_prefixed_by_the_caller_only() {
        let mut v = FieldViolations::default();
        v.push("partials", Reason::Required, "top level");
        let answer = v.nested("partials[2]", |v| {
            v.push("overall.layers", Reason::Inconsistent, "in the partial");
            v.nested("groups[0]", |v| {
                v.push("aggregate", Reason::Required, "deeper");
                v.push("", Reason::Inconsistent, "the group itself");
            });
            v.push("model_version", Reason::Inconsistent, "back one level");
            42
        });
        v.push("options.group_by", Reason::OutOfRange, "root again");
        assert_eq!(answer, 42);
        assert_eq!(
            fields(&v),
            [
                "partials",
                "partials[2].overall.layers",
                "partials[2].groups[0].aggregate",
                "partials[2].groups[0]",
                "partials[2].model_version",
                "options.group_by",
            ]
        );
    }
}
