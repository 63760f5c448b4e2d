//! Per-item errors of the batch and streaming RPCs: the field violations of
//! one item as a `google.rpc.Status` message (INVALID_ARGUMENT with a
//! `google.rpc.BadRequest` detail), carried inside a successful response.

use prost::Message;
use tonic::Code;
use tonic_types::{BadRequest, pb};

use crate::wire::field_violations::FieldViolations;

/// An INVALID_ARGUMENT `google.rpc.Status` holding every violation of one
/// item as a `google.rpc.BadRequest` detail. `item` names the item in the
/// message, e.g. `partners[3]`.
pub fn item_error(item: &str, violations: &FieldViolations) -> pb::Status {
    let message = violations.summary(&format!("invalid {item}"));
    let bad_request = pb::BadRequest::from(BadRequest::new(violations.as_slice().to_vec()));
    pb::Status {
        code: Code::InvalidArgument as i32,
        message,
        details: vec![prost_types::Any {
            type_url: BadRequest::TYPE_URL.to_owned(),
            value: bad_request.encode_to_vec(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use tonic_types::RpcStatusExt;

    use super::*;
    use crate::wire::field_violations::Reason;

    #[test]
    fn the_status_carries_every_violation_as_bad_request() {
        let mut v = FieldViolations::default();
        v.push(
            "partners[3].quality.trust",
            Reason::OutOfRange,
            "must be at most 1",
        );
        v.push("partners[3].partner_id", Reason::DuplicatePartnerId, "dup");
        let status = item_error("partners[3]", &v);
        assert_eq!(status.code, Code::InvalidArgument as i32);
        assert!(status.message.contains("partners[3].quality.trust"));
        let bad = status.get_details_bad_request().unwrap();
        assert_eq!(bad.field_violations.len(), 2);
        assert_eq!(bad.field_violations[0].reason, "OUT_OF_RANGE");
        assert_eq!(bad.field_violations[1].reason, "DUPLICATE_PARTNER_ID");
    }
}
