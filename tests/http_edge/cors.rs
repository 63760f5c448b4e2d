//! CORS: off by default (no browser page of another origin may call);
//! with `http.cors_allowed_origins`, exactly the listed origins may, for
//! gRPC-web and JSON alike.

use http::Method;

use crate::{
    client::{Version, send},
    support,
};

async fn preflight(address: std::net::SocketAddr, origin: &str) -> crate::client::Answer {
    send(
        address,
        Version::Http1,
        Method::OPTIONS,
        "/stage_scoring.v1.StageScoringService/ClassifyPartner",
        &[
            ("origin", origin),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "content-type,x-grpc-web"),
        ],
        "",
    )
    .await
}

#[tokio::test]
async fn cors_is_off_by_default() {
    let app = support::spawn_app().await;
    let answer = preflight(app.address, "https://dashboard.example.com").await;
    assert_eq!(answer.header("access-control-allow-origin"), None);
    assert!(!answer.status.is_success(), "{}", answer.status);
    let answer = send(
        app.address,
        Version::Http1,
        Method::GET,
        "/v1/scoringModel",
        &[("origin", "https://dashboard.example.com")],
        "",
    )
    .await;
    assert_eq!(answer.header("access-control-allow-origin"), None);
    app.stop().await;
}

#[tokio::test]
async fn listed_origins_only() {
    let app = support::spawn_app_with(|c| {
        c.settings.http.cors_allowed_origins = vec!["https://dashboard.example.com".into()];
    })
    .await;
    let answer = preflight(app.address, "https://dashboard.example.com").await;
    assert!(answer.status.is_success(), "{}", answer.status);
    assert_eq!(
        answer.header("access-control-allow-origin"),
        Some("https://dashboard.example.com")
    );
    let allowed_headers = answer.header("access-control-allow-headers").unwrap();
    assert!(allowed_headers.contains("x-grpc-web"), "{allowed_headers}");

    let answer = preflight(app.address, "https://evil.example.com").await;
    assert_eq!(answer.header("access-control-allow-origin"), None);

    let answer = send(
        app.address,
        Version::Http1,
        Method::GET,
        "/v1/scoringModel",
        &[("origin", "https://dashboard.example.com")],
        "",
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.header("access-control-allow-origin"),
        Some("https://dashboard.example.com")
    );
    app.stop().await;
}
