//! HTTP compression of the JSON routes: gzip and zstd request bodies, and
//! answers compressed as `Accept-Encoding` allows.

use std::io::{Read, Write};

use http::Method;
use serde_json::{Value, json};

use crate::{
    client::{Version, assert_error, send},
    support::{self, payloads},
};

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn request_body() -> String {
    json!({"partner": serde_json::to_value(payloads::reseller()).unwrap()}).to_string()
}

#[tokio::test]
async fn gzip_request_and_gzip_answer() {
    let app = support::spawn_app().await;
    for version in [Version::Http1, Version::H2c] {
        let answer = send(
            app.address,
            version,
            Method::POST,
            "/v1/partners:classify",
            &[
                ("content-type", "application/json"),
                ("content-encoding", "gzip"),
                ("accept-encoding", "gzip"),
            ],
            gzip(request_body().as_bytes()),
        )
        .await;
        assert_eq!(answer.status, 200, "{:?}", answer.body);
        assert_eq!(answer.header("content-encoding"), Some("gzip"));
        let body: Value = serde_json::from_slice(&gunzip(&answer.body)).unwrap();
        assert_eq!(body["classification"]["stage"], "STAGE_TRANSACTIONAL");
    }
    app.stop().await;
}

#[tokio::test]
async fn zstd_request_and_zstd_answer() {
    let app = support::spawn_app().await;
    let answer = send(
        app.address,
        Version::Http1,
        Method::POST,
        "/v1/partners:classify",
        &[
            ("content-type", "application/json"),
            ("content-encoding", "zstd"),
            ("accept-encoding", "zstd"),
        ],
        zstd::encode_all(request_body().as_bytes(), 3).unwrap(),
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-encoding"), Some("zstd"));
    let body: Value = serde_json::from_slice(&zstd::decode_all(&*answer.body).unwrap()).unwrap();
    assert_eq!(body["classification"]["stage"], "STAGE_TRANSACTIONAL");
    app.stop().await;
}

#[tokio::test]
async fn no_accept_encoding_no_compression() {
    let app = support::spawn_app().await;
    let answer = send(
        app.address,
        Version::Http1,
        Method::GET,
        "/v1/scoringModel",
        &[],
        "",
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-encoding"), None);
    assert!(answer.json()["model"].is_object());
    app.stop().await;
}

#[tokio::test]
async fn unknown_or_corrupt_encodings_are_refused() {
    let app = support::spawn_app().await;
    let answer = send(
        app.address,
        Version::Http1,
        Method::POST,
        "/v1/partners:classify",
        &[
            ("content-type", "application/json"),
            ("content-encoding", "br"),
        ],
        request_body(),
    )
    .await;
    assert_error(&answer, 415);
    let answer = send(
        app.address,
        Version::Http1,
        Method::POST,
        "/v1/partners:classify",
        &[
            ("content-type", "application/json"),
            ("content-encoding", "gzip"),
        ],
        "this is not gzip",
    )
    .await;
    assert_error(&answer, 400);
    app.stop().await;
}

#[tokio::test]
async fn the_limit_applies_after_decompression() {
    let app = support::spawn_app_with(|c| c.settings.http.max_body_bytes = 2048).await;
    // 10 kB of JSON that gzips to a few hundred bytes.
    let mut partner = payloads::reseller();
    partner.labels.insert("note".into(), "a".repeat(10_000));
    let body = json!({"partner": serde_json::to_value(&partner).unwrap()}).to_string();
    let compressed = gzip(body.as_bytes());
    assert!(compressed.len() < 2048);
    let answer = send(
        app.address,
        Version::Http1,
        Method::POST,
        "/v1/partners:classify",
        &[
            ("content-type", "application/json"),
            ("content-encoding", "gzip"),
        ],
        compressed,
    )
    .await;
    assert_error(&answer, 413);
    app.stop().await;
}
