//! With bearer tokens configured, the JSON routes ask for one as gRPC
//! calls do: none or an unknown one is 401 with the JSON error body
//! (`UNAUTHENTICATED`, code 16), a valid one is served.

use crate::{
    client::{Version, assert_error, send},
    support,
};

use http::Method;
use sha2::{Digest, Sha256};

const SAMPLE: &str = r#"{"partner":{"partnerId":"p-1","quality":{"trust":0.7}}}"#;

async fn classify(
    address: std::net::SocketAddr,
    authorization: Option<&str>,
) -> crate::client::Answer {
    let mut headers = vec![("content-type", "application/json")];
    if let Some(value) = authorization {
        headers.push(("authorization", value));
    }
    send(
        address,
        Version::Http1,
        Method::POST,
        "/v1/partners:classify",
        &headers,
        SAMPLE,
    )
    .await
}

#[tokio::test]
async fn json_routes_need_a_valid_bearer_token_when_tokens_are_configured() {
    let dir = std::env::temp_dir().join(format!("stage-scorer-json-auth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tokens = dir.join("tokens");
    let digest: String = Sha256::digest(b"crm-secret")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    std::fs::write(&tokens, format!("crm {digest}\n")).unwrap();
    let app = support::spawn_app_with(|c| c.settings.auth.tokens_file = tokens).await;

    for authorization in [None, Some("Bearer wrong-secret"), Some("Basic Y3JtOng=")] {
        let answer = classify(app.address, authorization).await;
        let body = assert_error(&answer, 401);
        assert_eq!(body["code"], 16, "{authorization:?}: {body}");
    }
    let answer = classify(app.address, Some("Bearer crm-secret")).await;
    assert_eq!(
        answer.status.as_u16(),
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(answer.json()["classification"]["partnerId"], "p-1");
    app.stop().await;
}
