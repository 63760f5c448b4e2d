//! `StreamClassifyPartners`: answers each request of a client stream with
//! one result, in order, under real flow control.
//!
//! One task per call reads requests and classifies them. Results travel to
//! the transport through a channel bounded at
//! `limits.stream_max_pending_results`. The task reserves room for a result
//! *before* it reads the next request, so when the client stops reading its
//! results (and HTTP/2 flow control stops the transport from taking more),
//! the channel fills, the task stops reading requests, and HTTP/2 in turn
//! stops the client from sending: memory per stream stays bounded however
//! long the stream runs. When the client cancels, the transport drops the
//! receiving end, the pending reservation or read fails at once, and the task
//! ends. When the shutdown drain times out, the task ends the stream with
//! UNAVAILABLE naming the last sequence number answered.

use std::pin::Pin;

use tokio::sync::mpsc::{self, error::TrySendError};
use tokio_stream::{Stream, wrappers::ReceiverStream};
use tonic::{Status, Streaming};

use crate::{
    domain::{ScoringModel, classify},
    grpc::drain_cut::DrainCut,
    proto::{
        StreamClassifyPartnersRequest, StreamClassifyPartnersResponse,
        stream_classify_partners_response::Outcome,
    },
    telemetry::metrics,
    wire::{
        field_violations::{FieldViolations, Reason},
        parse::partner::parse_partner_at,
        rpc_status::item_error::item_error,
        to_proto::classification::classification_to_proto,
    },
};

/// Longest accepted `correlation_id`, in characters.
pub const MAX_CORRELATION_ID_CHARS: usize = 256;

/// The response stream of one call.
pub type ResultStream =
    Pin<Box<dyn Stream<Item = Result<StreamClassifyPartnersResponse, Status>> + Send + 'static>>;

/// Starts the work of one call and returns its response stream.
pub fn stream_classify(
    model: ScoringModel,
    max_pending_results: u32,
    requests: Streaming<StreamClassifyPartnersRequest>,
    drain_cut: DrainCut,
) -> ResultStream {
    let (results, rx) = mpsc::channel(max_pending_results.max(1) as usize);
    tokio::spawn(run(model, requests, results, drain_cut));
    Box::pin(ReceiverStream::new(rx))
}

type Results = mpsc::Sender<Result<StreamClassifyPartnersResponse, Status>>;

/// How a stream's server-side work ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StreamEnd {
    /// The client closed its side and every result was handed over.
    Completed,
    /// The client went away first.
    Cancelled,
    /// The request stream failed (a transport or decoding error).
    Failed,
    /// The shutdown drain timed out: cut with UNAVAILABLE.
    Drained,
}

impl StreamEnd {
    /// A short lower-case name, for logs.
    fn as_str(self) -> &'static str {
        match self {
            StreamEnd::Completed => "completed",
            StreamEnd::Cancelled => "cancelled",
            StreamEnd::Failed => "failed",
            StreamEnd::Drained => "cut by the shutdown drain",
        }
    }
}

async fn run(
    model: ScoringModel,
    mut requests: Streaming<StreamClassifyPartnersRequest>,
    results: Results,
    mut drain_cut: DrainCut,
) {
    let stream = metrics::open_stream("StreamClassifyPartners");
    let model_version = model.version.to_string();
    let mut sequence_number = 0u64;
    let end = loop {
        // Room for the next result first: no request is read that could not
        // be answered right away.
        let permit = match results.try_reserve() {
            Ok(permit) => permit,
            Err(TrySendError::Closed(())) => break StreamEnd::Cancelled,
            Err(TrySendError::Full(())) => {
                stream.backpressure_wait();
                tokio::select! {
                    biased;
                    () = drain_cut.cut() => break StreamEnd::Drained,
                    permit = results.reserve() => match permit {
                        Ok(permit) => permit,
                        Err(_) => break StreamEnd::Cancelled,
                    },
                }
            }
        };
        let next = tokio::select! {
            biased;
            () = results.closed() => break StreamEnd::Cancelled,
            () = drain_cut.cut() => break StreamEnd::Drained,
            next = requests.message() => next,
        };
        match next {
            Ok(Some(request)) => {
                stream.item_received();
                permit.send(Ok(answer(&model, &model_version, sequence_number, request)));
                stream.result_sent();
                sequence_number += 1;
            }
            Ok(None) => break StreamEnd::Completed,
            Err(status) => {
                // A reset by the client surfaces here too; when the client is
                // still listening it learns why its stream failed.
                let end = if results.is_closed() || status.code() == tonic::Code::Cancelled {
                    StreamEnd::Cancelled
                } else {
                    StreamEnd::Failed
                };
                tracing::debug!(error = %status, "request stream failed");
                permit.send(Err(status));
                break end;
            }
        }
    };
    if end == StreamEnd::Drained {
        // The permit of the request not read was released: there is room,
        // unless the client stopped reading (then it would not see it).
        let _ = results.try_send(Err(drained_status(sequence_number)));
    }
    metrics::record_items("StreamClassifyPartners", sequence_number);
    tracing::debug!(
        requests = sequence_number,
        outcome = end.as_str(),
        "StreamClassifyPartners ended"
    );
}

/// UNAVAILABLE for a stream cut by the shutdown drain after `answered`
/// requests: where to resume.
fn drained_status(answered: u64) -> Status {
    let last = match answered {
        0 => "none (no request was answered)".to_owned(),
        n => (n - 1).to_string(),
    };
    Status::unavailable(format!(
        "server is draining (shutting down) and cut this stream; last sequence number \
         answered: {last}; resume with the requests after it on a new call"
    ))
}

/// The result for one request.
fn answer(
    model: &ScoringModel,
    model_version: &str,
    sequence_number: u64,
    request: StreamClassifyPartnersRequest,
) -> StreamClassifyPartnersResponse {
    let mut violations = FieldViolations::default();
    let correlation_ok = check_correlation_id(&request.correlation_id, &mut violations);
    let (partner_id, parsed) = match request.partner {
        Some(msg) => (
            msg.partner_id.clone(),
            parse_partner_at(msg, "partner", &mut violations),
        ),
        None => {
            violations.push("partner", Reason::Required, "is required");
            (String::new(), None)
        }
    };
    let outcome = match parsed {
        Some(partner) if violations.is_empty() => {
            let classification = classify(model, &partner);
            metrics::record_classification(&classification);
            Outcome::Classification(classification_to_proto(classification))
        }
        _ => Outcome::Error(item_error(
            &format!("request {sequence_number}"),
            &violations,
        )),
    };
    StreamClassifyPartnersResponse {
        sequence_number,
        correlation_id: if correlation_ok {
            request.correlation_id
        } else {
            String::new()
        },
        partner_id,
        model_version: model_version.to_owned(),
        outcome: Some(outcome),
    }
}

/// Checks the correlation id; records a violation and returns false when it
/// is too long or holds control characters.
fn check_correlation_id(value: &str, violations: &mut FieldViolations) -> bool {
    let chars = value.chars().count();
    if chars > MAX_CORRELATION_ID_CHARS {
        violations.push(
            "correlation_id",
            Reason::TooLong,
            format!("must be at most {MAX_CORRELATION_ID_CHARS} characters (got {chars})"),
        );
        false
    } else if value.chars().any(char::is_control) {
        violations.push(
            "correlation_id",
            Reason::InvalidFormat,
            "must not contain control characters",
        );
        false
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{config, proto};

    fn request(id: &str, correlation: &str) -> StreamClassifyPartnersRequest {
        StreamClassifyPartnersRequest {
            partner: Some(proto::PartnerIndicators {
                partner_id: id.into(),
                ..Default::default()
            }),
            correlation_id: correlation.into(),
        }
    }

    #[test]
    fn a_valid_request_is_classified_and_echoed() {
        let model = config::builtin().model;
        let r = answer(&model, "v", 7, request("p-1", "row-9"));
        assert_eq!(r.sequence_number, 7);
        assert_eq!(r.correlation_id, "row-9");
        assert_eq!(r.partner_id, "p-1");
        assert!(matches!(r.outcome, Some(Outcome::Classification(_))));
    }

    #[test]
    fn a_bad_correlation_id_is_an_error_and_not_echoed() {
        let model = config::builtin().model;
        let long = "x".repeat(MAX_CORRELATION_ID_CHARS + 1);
        let r = answer(&model, "v", 0, request("p-1", &long));
        assert_eq!(r.correlation_id, "");
        let Some(Outcome::Error(status)) = r.outcome else {
            panic!("expected an error");
        };
        assert!(
            status.message.contains("correlation_id"),
            "{}",
            status.message
        );
    }

    #[test]
    fn a_missing_partner_is_an_error() {
        let model = config::builtin().model;
        let r = answer(
            &model,
            "v",
            0,
            StreamClassifyPartnersRequest {
                partner: None,
                correlation_id: "c".into(),
            },
        );
        assert_eq!(r.correlation_id, "c");
        let Some(Outcome::Error(status)) = r.outcome else {
            panic!("expected an error");
        };
        assert!(status.message.contains("partner"), "{}", status.message);
    }
}
