//! `MergePyramidPartials`: partial aggregates in, the report of all of them
//! together out.

use tonic::Status;

use crate::{
    domain::{
        ScoringModel,
        pyramid::{MAX_GROUPS, PyramidError, PyramidPartial, PyramidReport},
    },
    proto,
    wire::{
        field_violations::{FieldViolations, Reason},
        parse::pyramid_partial::parse_pyramid_partial,
        to_proto::pyramid::{partial_to_proto, report_to_proto},
    },
};

/// Merges the partials of one request.
pub fn merge_pyramid_partials(
    model: &ScoringModel,
    request: proto::MergePyramidPartialsRequest,
) -> Result<proto::MergePyramidPartialsResponse, Status> {
    let mut violations = FieldViolations::default();
    if request.partials.is_empty() {
        violations.push("partials", Reason::Required, "needs at least one partial");
        return Err(violations.into_status());
    }
    let mut partials = Vec::with_capacity(request.partials.len());
    for (i, msg) in request.partials.into_iter().enumerate() {
        if let Some(p) = violations.nested(&format!("partials[{i}]"), |v| {
            parse_pyramid_partial(msg, model, v)
        }) {
            partials.push(p);
        }
    }
    if !violations.is_empty() {
        return Err(violations.into_status());
    }
    let mut partials = partials.into_iter().enumerate();
    let Some((_, mut merged)) = partials.next() else {
        return Err(Status::internal("no partial to merge"));
    };
    for (i, partial) in partials {
        merged = merged
            .merge(&partial)
            .map_err(|e| merge_error(e, i, &partial))?;
    }
    tracing::debug!(
        partners = merged.partners_analysed(),
        groups = merged.groups.len(),
        "pyramid partials merged"
    );
    crate::telemetry::metrics::record_pyramid_analysis();
    Ok(proto::MergePyramidPartialsResponse {
        report: Some(report_to_proto(&PyramidReport::of(&merged, &model.pyramid))),
        partial: request.include_partial.then(|| partial_to_proto(&merged)),
    })
}

fn merge_error(e: PyramidError, i: usize, partial: &PyramidPartial) -> Status {
    let mut v = FieldViolations::default();
    let path = format!("partials[{i}]");
    match &e {
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
