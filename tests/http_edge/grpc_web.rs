//! gRPC-web as a browser sends it: an HTTP/1.1 POST with
//! `application/grpc-web+proto` framing, answered with the message frame
//! and a trailer frame carrying `grpc-status`.

use http::Method;
use prost::Message;
use stage_scorer::proto::{ClassifyPartnerRequest, ClassifyPartnerResponse, Stage};

use crate::{
    client::{Version, send},
    support::{self, payloads},
};

const CLASSIFY: &str = "/stage_scoring.v1.StageScoringService/ClassifyPartner";

/// One gRPC(-web) frame: flag byte, big-endian length, payload.
fn frame(flag: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![flag];
    out.extend_from_slice(&u32::try_from(payload.len()).unwrap().to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// The frames of a gRPC-web body: `(flag, payload)`.
fn frames(mut body: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut out = Vec::new();
    while !body.is_empty() {
        let flag = body[0];
        let len = u32::from_be_bytes(body[1..5].try_into().unwrap()) as usize;
        out.push((flag, body[5..5 + len].to_vec()));
        body = &body[5 + len..];
    }
    out
}

async fn grpc_web_call(
    version: Version,
    request: &ClassifyPartnerRequest,
) -> (u16, Option<String>, Vec<(u8, Vec<u8>)>) {
    let app = support::spawn_app().await;
    let answer = send(
        app.address,
        version,
        Method::POST,
        CLASSIFY,
        &[
            ("content-type", "application/grpc-web+proto"),
            ("x-grpc-web", "1"),
            ("accept", "application/grpc-web+proto"),
        ],
        frame(0, &request.encode_to_vec()),
    )
    .await;
    assert_eq!(
        answer.header("content-type"),
        Some("application/grpc-web+proto")
    );
    app.stop().await;
    (
        answer.status.as_u16(),
        answer.header("grpc-status").map(str::to_owned),
        frames(&answer.body),
    )
}

#[tokio::test]
async fn classify_over_grpc_web_on_http1() {
    let request = ClassifyPartnerRequest {
        partner: Some(payloads::reseller()),
    };
    for version in [Version::Http1, Version::H2c] {
        let (status, _, frames) = grpc_web_call(version, &request).await;
        assert_eq!(status, 200);
        assert_eq!(frames.len(), 2, "a message and the trailers");
        assert_eq!(frames[0].0, 0);
        let response = ClassifyPartnerResponse::decode(&*frames[0].1).unwrap();
        assert_eq!(
            response.classification.unwrap().stage(),
            Stage::Transactional
        );
        assert_eq!(frames[1].0, 0x80, "trailer frame");
        let trailers = String::from_utf8(frames[1].1.clone()).unwrap();
        assert!(trailers.contains("grpc-status:0"), "{trailers}");
    }
}

#[tokio::test]
async fn an_invalid_request_over_grpc_web_carries_invalid_argument() {
    let request = ClassifyPartnerRequest { partner: None };
    let (status, header_status, frames) = grpc_web_call(Version::Http1, &request).await;
    assert_eq!(status, 200, "gRPC-web reports errors in grpc-status");
    let trailers: String = frames
        .iter()
        .filter(|(flag, _)| flag & 0x80 != 0)
        .map(|(_, t)| String::from_utf8_lossy(t).into_owned())
        .collect();
    // A trailers-only answer carries the status in its headers; otherwise it
    // is in the trailer frame.
    assert!(
        header_status.as_deref() == Some("3") || trailers.contains("grpc-status:3"),
        "headers: {header_status:?}, trailers: {trailers}"
    );
}
