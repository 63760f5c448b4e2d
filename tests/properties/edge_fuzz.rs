//! Fuzzing the edge: arbitrary bytes as each request type, through decode
//! (tonic's gRPC framing and prost), parse and score, exactly as the
//! handlers run them. Whatever the bytes, nothing panics, the answer is a
//! result or a client error (never INTERNAL or UNKNOWN), and an error's
//! message stays small.
//!
//! Inputs are random bytes, and valid requests (from the generated
//! payloads) with bytes overwritten and cut, which get deeper into the
//! parsers. The CI budget is 256 inputs per request type; set
//! `FUZZ_CASES` for a longer run, e.g.
//! `FUZZ_CASES=20000 cargo test --release --test properties edge_fuzz`.

use std::{
    pin::Pin,
    sync::LazyLock,
    task::{Context, Poll},
};

use bytes::Bytes;
use http_body::Frame;
use proptest::prelude::*;
use prost::Message;
use stage_scorer::{
    config,
    domain::ScoringModel,
    grpc::{
        analyze_pyramid::stream_analyze_pyramid, drain_cut::DrainCut, service::StageScoring,
        stream_classify,
    },
    proto::{self, stage_scoring_service_server::StageScoringService},
};
use tokio_stream::StreamExt;
use tonic::{Code, Request, Status, codec::Codec};

use crate::edge_parsing_properties::payload;

static MODEL: LazyLock<ScoringModel> = LazyLock::new(|| config::builtin().model);
static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
});

/// Longest error message accepted (bytes): bounded whatever the input.
const MAX_MESSAGE_BYTES: usize = 2048;

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

fn service() -> StageScoring {
    StageScoring::new(MODEL.clone())
}

/// A status is acceptable when it blames the request, never the server,
/// and its message is bounded.
fn check_status(status: &Status) -> Result<(), TestCaseError> {
    prop_assert!(
        !matches!(status.code(), Code::Internal | Code::Unknown),
        "server fault: {:?}",
        status
    );
    prop_assert!(
        status.message().len() <= MAX_MESSAGE_BYTES,
        "message of {} bytes",
        status.message().len()
    );
    Ok(())
}

/// Random bytes, or `seed` with some bytes overwritten and possibly cut.
fn bytes_or_mutated(seed: BoxedStrategy<Vec<u8>>) -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..600),
        (
            seed,
            prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
            prop::option::of(any::<prop::sample::Index>()),
        )
            .prop_map(|(mut bytes, edits, cut)| {
                if !bytes.is_empty() {
                    for (at, value) in edits {
                        let i = at.index(bytes.len());
                        bytes[i] = value;
                    }
                    if let Some(cut) = cut {
                        bytes.truncate(cut.index(bytes.len() + 1));
                    }
                }
                bytes
            }),
    ]
    .boxed()
}

fn partners_seed(max: usize) -> BoxedStrategy<Vec<proto::PartnerIndicators>> {
    prop::collection::vec(payload(), 0..max).boxed()
}

fn classify_seed() -> BoxedStrategy<Vec<u8>> {
    payload()
        .prop_map(|p| proto::ClassifyPartnerRequest { partner: Some(p) }.encode_to_vec())
        .boxed()
}

fn batch_seed() -> BoxedStrategy<Vec<u8>> {
    partners_seed(4)
        .prop_map(|partners| proto::BatchClassifyPartnersRequest { partners }.encode_to_vec())
        .boxed()
}

fn options(include_partial: bool) -> proto::PyramidOptions {
    proto::PyramidOptions {
        include_partial,
        ..Default::default()
    }
}

fn pyramid_seed() -> BoxedStrategy<Vec<u8>> {
    partners_seed(4)
        .prop_map(|partners| {
            proto::AnalyzePyramidRequest {
                partners,
                options: Some(options(true)),
            }
            .encode_to_vec()
        })
        .boxed()
}

/// A valid merge request: the partial of a small analysed portfolio.
fn merge_seed() -> BoxedStrategy<Vec<u8>> {
    partners_seed(4)
        .prop_map(|partners| {
            let analysed = stage_scorer::grpc::analyze_pyramid::analyze_pyramid(
                &MODEL,
                u32::MAX,
                proto::AnalyzePyramidRequest {
                    partners,
                    options: Some(options(true)),
                },
            );
            let partials = analysed.ok().and_then(|r| r.partial).into_iter().collect();
            proto::MergePyramidPartialsRequest {
                partials,
                include_partial: true,
                ..Default::default()
            }
            .encode_to_vec()
        })
        .boxed()
}

/// Request messages as a client stream sends them: each framed (flag,
/// length, message), concatenated; arbitrary bytes are framed as one.
fn stream_body(messages: &[Vec<u8>], raw: bool) -> Bytes {
    let mut body = Vec::new();
    for message in messages {
        if raw {
            body.extend_from_slice(message);
            continue;
        }
        body.push(0);
        body.extend_from_slice(&(message.len() as u32).to_be_bytes());
        body.extend_from_slice(message);
    }
    Bytes::from(body)
}

/// A request body holding `bytes` in one frame.
struct OnceBody(Option<Bytes>);

impl http_body::Body for OnceBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Poll::Ready(self.0.take().map(|b| Ok(Frame::data(b))))
    }
}

fn streaming<T: Message + Default + Send + 'static>(body: Bytes) -> tonic::Streaming<T> {
    let mut codec = tonic_prost::ProstCodec::<T, T>::default();
    tonic::Streaming::new_request(
        codec.decoder(),
        OnceBody(Some(body)),
        None,
        Some(4 * 1024 * 1024),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn classify_partner_bytes(bytes in bytes_or_mutated(classify_seed())) {
        if let Ok(request) = proto::ClassifyPartnerRequest::decode(bytes.as_slice()) {
            let answer = RUNTIME.block_on(service().classify_partner(Request::new(request)));
            if let Err(status) = answer {
                check_status(&status)?;
            }
        }
    }

    #[test]
    fn batch_classify_partners_bytes(bytes in bytes_or_mutated(batch_seed())) {
        if let Ok(request) = proto::BatchClassifyPartnersRequest::decode(bytes.as_slice()) {
            let answer =
                RUNTIME.block_on(service().batch_classify_partners(Request::new(request)));
            match answer {
                Err(status) => check_status(&status)?,
                Ok(response) => for result in response.into_inner().results {
                    if let Some(proto::batch_classify_partners_result::Outcome::Error(e)) =
                        result.outcome
                    {
                        prop_assert!(e.message.len() <= MAX_MESSAGE_BYTES);
                    }
                },
            }
        }
    }

    #[test]
    fn analyze_pyramid_bytes(bytes in bytes_or_mutated(pyramid_seed())) {
        if let Ok(request) = proto::AnalyzePyramidRequest::decode(bytes.as_slice()) {
            let answer = RUNTIME.block_on(service().analyze_pyramid(Request::new(request)));
            if let Err(status) = answer {
                check_status(&status)?;
            }
        }
    }

    #[test]
    fn merge_pyramid_partials_bytes(bytes in bytes_or_mutated(merge_seed())) {
        if let Ok(request) = proto::MergePyramidPartialsRequest::decode(bytes.as_slice()) {
            let answer =
                RUNTIME.block_on(service().merge_pyramid_partials(Request::new(request)));
            if let Err(status) = answer {
                check_status(&status)?;
            }
        }
    }

    #[test]
    fn stream_classify_partners_bytes(
        messages in prop::collection::vec(bytes_or_mutated(classify_seed()), 0..4),
        raw in any::<bool>(),
    ) {
        // ClassifyPartnerRequest and StreamClassifyPartnersRequest share
        // field 1 (`partner`), so the seeds are valid stream items.
        let requests = streaming::<proto::StreamClassifyPartnersRequest>(
            stream_body(&messages, raw),
        );
        let answers: Vec<_> = RUNTIME.block_on(async {
            stream_classify::stream_classify(MODEL.clone(), 64, requests, DrainCut::never())
                .collect::<Vec<_>>()
                .await
        });
        for answer in answers {
            if let Err(status) = answer {
                // A body that does not decode is the client's fault, which
                // tonic reports as INTERNAL (answered INVALID_ARGUMENT by
                // the telemetry layer): only the message size is checked.
                prop_assert!(status.message().len() <= MAX_MESSAGE_BYTES);
            }
        }
    }

    #[test]
    fn stream_analyze_pyramid_bytes(
        messages in prop::collection::vec(bytes_or_mutated(pyramid_seed()), 0..4),
        raw in any::<bool>(),
    ) {
        // AnalyzePyramidRequest's fields (partners = 1, options = 2) are
        // not StreamAnalyzePyramidRequest's (options = 1, partners = 2):
        // the seeds land on the wrong fields, which is also worth trying.
        let requests = streaming::<proto::StreamAnalyzePyramidRequest>(
            stream_body(&messages, raw),
        );
        let answer = RUNTIME.block_on(stream_analyze_pyramid(&MODEL, requests));
        if let Err(status) = answer {
            prop_assert!(status.message().len() <= MAX_MESSAGE_BYTES);
        }
    }
}
