//! `AnalyzePyramid` and `StreamAnalyzePyramid`: a portfolio in, its pyramid
//! report (and, on request, the partial aggregate) out.

use tokio_stream::{Stream, StreamExt};
use tonic::Status;
use tonic_types::StatusExt;

use crate::{
    domain::{ScoringModel, pyramid::PyramidAccumulator},
    proto,
    telemetry::metrics,
    wire::{
        field_violations::{FieldViolations, Reason},
        parse::pyramid_options::parse_pyramid_options,
        portfolio_feed::PortfolioFeed,
        to_proto::{
            group_window::GroupWindow, pyramid_partial::partial_to_proto,
            pyramid_report::report_to_proto_in,
        },
    },
};

/// INVALID_ARGUMENT for a portfolio of `count` partners, over
/// `max_partners` (`limits.pyramid_max_partners`; admission control sends
/// it before the partners are decoded).
pub fn pyramid_too_large(count: usize, max_partners: u32) -> Status {
    tracing::debug!(count, max_partners, "pyramid refused: too many partners");
    Status::with_error_details(
        tonic::Code::InvalidArgument,
        format!(
            "portfolio too large: {count} partners sent, at most {max_partners} allowed per \
             call (server setting limits.pyramid_max_partners); use StreamAnalyzePyramid"
        ),
        tonic_types::ErrorDetails::with_bad_request_violation(
            "partners",
            format!("must hold at most {max_partners} items (got {count})"),
        ),
    )
}

/// Analyses the portfolio of one request, of at most `max_partners`.
pub fn analyze_pyramid(
    model: &ScoringModel,
    max_partners: u32,
    request: proto::AnalyzePyramidRequest,
) -> Result<proto::AnalyzePyramidResponse, Status> {
    if request.partners.len() > max_partners as usize {
        return Err(pyramid_too_large(request.partners.len(), max_partners));
    }
    let mut violations = FieldViolations::default();
    let Some((options, include_partial, window)) =
        violations.nested("options", |v| parse_pyramid_options(request.options, v))
    else {
        return Err(violations.into_status());
    };
    let mut feed = PortfolioFeed::new(model, options, "options");
    for (i, partner) in request.partners.into_iter().enumerate() {
        feed.feed(partner, &format!("partners[{i}]"))?;
    }
    let accumulator = feed.into_accumulator();
    tracing::debug!(
        partners = accumulator.partial().partners_analysed(),
        rejected = accumulator.partial().rejected.count,
        "pyramid analysed"
    );
    record_analysis("AnalyzePyramid", &accumulator);
    Ok(proto::AnalyzePyramidResponse {
        report: Some(report_to_proto_in(&accumulator.report(), window)),
        partial: include_partial.then(|| partial_to_proto(accumulator.partial())),
    })
}

/// Analyses a client-streamed portfolio, one message at a time: memory
/// holds the aggregates (one per group), never the partners. Violations
/// name the message and the partner in it: `requests[12].partners[3]...`.
pub async fn stream_analyze_pyramid(
    model: &ScoringModel,
    mut stream: impl Stream<Item = Result<proto::StreamAnalyzePyramidRequest, Status>> + Unpin,
) -> Result<proto::StreamAnalyzePyramidResponse, Status> {
    let mut state: Option<(PortfolioFeed, bool, GroupWindow)> = None;
    let mut index = 0usize;
    while let Some(message) = stream.next().await {
        let message = message?;
        let (feed, _, _) = match &mut state {
            Some(s) => {
                if message.options.is_some() {
                    let mut v = FieldViolations::default();
                    v.push(
                        format!("requests[{index}].options"),
                        Reason::Inconsistent,
                        "must be set on the first message only",
                    );
                    return Err(v.into_status());
                }
                s
            }
            None => {
                let mut v = FieldViolations::default();
                let path = format!("requests[{index}].options");
                let Some((options, include, window)) =
                    v.nested(&path, |v| parse_pyramid_options(message.options, v))
                else {
                    return Err(v.into_status());
                };
                state.insert((PortfolioFeed::new(model, options, &path), include, window))
            }
        };
        for (j, partner) in message.partners.into_iter().enumerate() {
            feed.feed(partner, &format!("requests[{index}].partners[{j}]"))?;
        }
        index += 1;
    }
    let (feed, include_partial, window) = state.unwrap_or_else(|| {
        (
            PortfolioFeed::new(model, Default::default(), "options"),
            false,
            GroupWindow::ALL,
        )
    });
    let accumulator = feed.into_accumulator();
    tracing::debug!(
        messages = index,
        partners = accumulator.partial().partners_analysed(),
        rejected = accumulator.partial().rejected.count,
        "streamed pyramid analysed"
    );
    record_analysis("StreamAnalyzePyramid", &accumulator);
    Ok(proto::StreamAnalyzePyramidResponse {
        report: Some(report_to_proto_in(&accumulator.report(), window)),
        partial: include_partial.then(|| partial_to_proto(accumulator.partial())),
    })
}

/// Counts the analysis and the partners it carried (analysed and rejected).
fn record_analysis(method: &'static str, accumulator: &PyramidAccumulator) {
    let partial = accumulator.partial();
    metrics::record_pyramid_analysis();
    metrics::record_items(method, partial.partners_analysed() + partial.rejected.count);
}
