//! `BatchClassifyPartners`: one result per item, in order; a bad item gets
//! its own error and never fails the batch; duplicate ids are reported on
//! every later item; a batch over the configured size is refused whole.

use std::collections::{HashMap, hash_map::Entry};

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, FieldViolation, StatusExt};

use crate::{
    domain::{ScoringModel, classify, partner::partner_id::PartnerId},
    proto::{
        self, BatchClassifyPartnersRequest, BatchClassifyPartnersResponse,
        BatchClassifyPartnersResult, batch_classify_partners_result::Outcome,
    },
    telemetry::metrics,
    wire::{
        field_violations::{FieldViolations, Reason},
        parse::partner::parse_partner_at,
        rpc_status::item_error::item_error,
        to_proto::classification::classification_to_proto,
    },
};

/// Handles one call. Refuses a batch longer than `max_partners` before
/// reading any item; otherwise classifies every item on the blocking pool
/// (a large batch is milliseconds of CPU) and answers in order.
pub async fn batch_classify(
    model: &ScoringModel,
    max_partners: u32,
    request: BatchClassifyPartnersRequest,
) -> Result<BatchClassifyPartnersResponse, Status> {
    check_size(request.partners.len(), max_partners)?;
    crate::telemetry::metrics::record_items("BatchClassifyPartners", request.partners.len() as u64);
    let model = model.clone();
    tokio::task::spawn_blocking(move || classify_batch(&model, request.partners))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "batch classification task failed");
            Status::internal("batch classification failed")
        })
}

/// INVALID_ARGUMENT naming the limit and the count when `count` is over it.
fn check_size(count: usize, max_partners: u32) -> Result<(), Status> {
    if count <= max_partners as usize {
        return Ok(());
    }
    Err(batch_too_large(count, max_partners))
}

/// INVALID_ARGUMENT for a batch of `count` partners, over `max_partners`
/// (also sent by admission control, which counts the items before they are
/// decoded).
pub fn batch_too_large(count: usize, max_partners: u32) -> Status {
    let message = format!(
        "batch too large: {count} partners sent, at most {max_partners} allowed per call \
         (server setting limits.batch_max_partners); split the batch or use \
         StreamClassifyPartners"
    );
    tracing::debug!(count, max_partners, "batch refused: too large");
    let mut violation = FieldViolation::new(
        "partners",
        format!("must hold at most {max_partners} items (got {count})"),
    );
    violation.reason = Reason::OutOfRange.as_str().to_owned();
    Status::with_error_details(
        Code::InvalidArgument,
        message,
        ErrorDetails::with_bad_request(vec![violation]),
    )
}

/// Classifies every item; pure and synchronous.
pub fn classify_batch(
    model: &ScoringModel,
    partners: Vec<proto::PartnerIndicators>,
) -> BatchClassifyPartnersResponse {
    let model_version = model.version.to_string();
    // Index of the first valid item carrying each id: an invalid item does
    // not claim its id, so a later valid item with it is classified.
    let mut first_with_id: HashMap<String, usize> = HashMap::with_capacity(partners.len());
    let mut results = Vec::with_capacity(partners.len());
    let mut error_count = 0u32;
    for (index, msg) in partners.into_iter().enumerate() {
        let path = format!("partners[{index}]");
        let partner_id = msg.partner_id.clone();
        let mut violations = FieldViolations::default();
        let parsed = parse_partner_at(msg, &path, &mut violations);
        if PartnerId::parse(partner_id.as_str()).is_ok() {
            let valid = parsed.is_some() && violations.is_empty();
            match first_with_id.entry(partner_id.clone()) {
                Entry::Vacant(e) => {
                    if valid {
                        e.insert(index);
                    }
                }
                Entry::Occupied(e) => violations.push(
                    format!("{path}.partner_id"),
                    Reason::DuplicatePartnerId,
                    format!(
                        "duplicates partners[{}].partner_id {partner_id:?}: a partner may \
                         appear once per batch (the first valid occurrence is the one \
                         classified)",
                        e.get()
                    ),
                ),
            }
        }
        let outcome = match parsed {
            Some(partner) if violations.is_empty() => {
                let classification = classify(model, &partner);
                metrics::record_classification(&classification);
                Outcome::Classification(classification_to_proto(classification))
            }
            _ => {
                error_count += 1;
                Outcome::Error(item_error(&path, &violations))
            }
        };
        results.push(BatchClassifyPartnersResult {
            index: index as u32,
            partner_id,
            model_version: model_version.clone(),
            outcome: Some(outcome),
        });
    }
    let classified_count = results.len() as u32 - error_count;
    BatchClassifyPartnersResponse {
        results,
        model_version,
        classified_count,
        error_count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config;

    fn partner(id: &str) -> proto::PartnerIndicators {
        proto::PartnerIndicators {
            partner_id: id.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_batch_at_the_limit_passes_and_one_over_is_refused() {
        assert!(check_size(3, 3).is_ok());
        let status = check_size(4, 3).unwrap_err();
        assert_eq!(status.code(), Code::InvalidArgument);
        // The refusal's violation carries a machine-readable reason.
        let bad = status.get_details_bad_request().unwrap();
        assert_eq!(bad.field_violations[0].field, "partners");
        assert_eq!(bad.field_violations[0].reason, "OUT_OF_RANGE");
        assert!(
            status.message().contains("4 partners sent"),
            "{}",
            status.message()
        );
        assert!(
            status.message().contains("at most 3"),
            "{}",
            status.message()
        );
    }

    #[test]
    fn later_duplicates_are_errors_naming_the_first() {
        let model = config::builtin().model;
        let response = classify_batch(&model, vec![partner("a"), partner("b"), partner("a")]);
        assert_eq!((response.classified_count, response.error_count), (2, 1));
        let Some(Outcome::Error(status)) = &response.results[2].outcome else {
            panic!("expected an error: {:?}", response.results[2]);
        };
        assert!(status.message.contains("partners[2].partner_id"));
        use tonic_types::RpcStatusExt;
        let bad = status.get_details_bad_request().unwrap();
        assert_eq!(bad.field_violations[0].reason, "DUPLICATE_PARTNER_ID");
        assert!(bad.field_violations[0].description.contains("partners[0]"));
    }

    // The issue: a duplicate whose first occurrence is invalid made both
    // items fail, while the text said the first occurrence is classified.
    #[test]
    fn the_first_valid_occurrence_is_classified() {
        let model = config::builtin().model;
        let mut invalid = partner("a");
        invalid.currency_code = "not a currency".into();
        let response = classify_batch(&model, vec![invalid, partner("a"), partner("a")]);
        assert_eq!((response.classified_count, response.error_count), (1, 2));
        assert!(matches!(
            response.results[0].outcome,
            Some(Outcome::Error(_))
        ));
        assert!(matches!(
            response.results[1].outcome,
            Some(Outcome::Classification(_))
        ));
        let Some(Outcome::Error(status)) = &response.results[2].outcome else {
            panic!("expected an error: {:?}", response.results[2]);
        };
        use tonic_types::RpcStatusExt;
        let bad = status.get_details_bad_request().unwrap();
        assert!(
            bad.field_violations[0].description.contains("partners[1]"),
            "{}",
            bad.field_violations[0].description
        );
        assert!(
            bad.field_violations[0]
                .description
                .contains("first valid occurrence")
        );
    }
}
