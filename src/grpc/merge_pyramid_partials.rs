//! `MergePyramidPartials`: partial aggregates in, the report of all of them
//! together out.

use tonic::Status;

use crate::{
    domain::{ScoringModel, pyramid::PyramidReport},
    proto,
    wire::{
        field_violations::{FieldViolations, Reason},
        parse::{pyramid_options::parse_group_window, pyramid_partial::parse_pyramid_partial},
        rpc_status::pyramid_error::merge_error,
        to_proto::{pyramid_partial::partial_to_proto, pyramid_report::report_to_proto_in},
    },
};

/// Merges the partials of one request.
pub fn merge_pyramid_partials(
    model: &ScoringModel,
    request: proto::MergePyramidPartialsRequest,
) -> Result<proto::MergePyramidPartialsResponse, Status> {
    let mut violations = FieldViolations::default();
    let window = parse_group_window(request.max_groups, request.groups_offset, &mut violations);
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
            .map_err(|e| merge_error(&e, i, &partial))?;
    }
    tracing::debug!(
        partners = merged.partners_analysed(),
        groups = merged.groups.len(),
        "pyramid partials merged"
    );
    crate::telemetry::metrics::record_pyramid_analysis();
    Ok(proto::MergePyramidPartialsResponse {
        report: Some(report_to_proto_in(
            &PyramidReport::of(&merged, &model.pyramid),
            window,
        )),
        partial: request.include_partial.then(|| partial_to_proto(&merged)),
    })
}
