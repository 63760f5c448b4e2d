//! TLS, mutual TLS, certificate reload, bearer tokens and the reflection
//! switch, against the real server (certificates generated per test).

use std::time::Duration;

use sha2::{Digest, Sha256};
use stage_scorer::proto::{
    ClassifyPartnerRequest, GetScoringModelRequest, PartnerIndicators,
    stage_scoring_service_client::StageScoringServiceClient,
};
use tonic::{
    Code,
    metadata::MetadataValue,
    transport::{Channel, ClientTlsConfig, Endpoint},
};
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

use crate::support::{
    self,
    test_certs::{Leaf, TestCa, temp_dir, tls_settings, write_server_files},
};

/// Connects over TLS to `address`, trusting `ca`, presenting `identity`.
async fn tls_channel(
    address: std::net::SocketAddr,
    ca: &TestCa,
    identity: Option<&Leaf>,
) -> Result<Channel, tonic::transport::Error> {
    let mut tls = ClientTlsConfig::new()
        .ca_certificate(ca.certificate())
        .domain_name("localhost");
    if let Some(leaf) = identity {
        tls = tls.identity(leaf.identity());
    }
    Endpoint::from_shared(format!("https://{address}"))
        .unwrap()
        .connect_timeout(Duration::from_secs(5))
        .tls_config(tls)
        .unwrap()
        .connect()
        .await
}

/// One ClassifyPartner call on `channel`.
async fn classify(channel: Channel) -> Result<(), tonic::Status> {
    StageScoringServiceClient::new(channel)
        .classify_partner(ClassifyPartnerRequest {
            partner: Some(PartnerIndicators {
                partner_id: "tls-partner".into(),
                ..Default::default()
            }),
        })
        .await
        .map(|_| ())
}

#[tokio::test]
async fn tls_serves_clients_that_trust_the_ca_and_refuses_plaintext() {
    let ca = TestCa::new("test CA");
    let dir = temp_dir("tls");
    write_server_files(&dir, &ca.server());
    let settings = tls_settings(&dir, None, true);
    let app = support::spawn_bare_app_with(|c| c.settings.tls = settings).await;

    let channel = tls_channel(app.address, &ca, None)
        .await
        .expect("TLS connects");
    classify(channel).await.expect("classifies over TLS");

    // A client that trusts another CA does not get through the handshake.
    let stranger = TestCa::new("other CA");
    let refused = match tls_channel(app.address, &stranger, None).await {
        Err(_) => true,
        Ok(channel) => classify(channel).await.is_err(),
    };
    assert!(
        refused,
        "a server certificate from an untrusted CA was accepted"
    );

    // Plaintext HTTP/2 is not served on a TLS port.
    let plaintext = Endpoint::from_shared(format!("http://{}", app.address))
        .unwrap()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(5))
        .connect()
        .await;
    if let Ok(channel) = plaintext {
        classify(channel)
            .await
            .expect_err("a plaintext call on the TLS port");
    }
    app.stop().await;
}

#[tokio::test]
async fn mutual_tls_requires_a_client_certificate_from_the_client_ca() {
    let server_ca = TestCa::new("server CA");
    let client_ca = TestCa::new("client CA");
    let dir = temp_dir("mtls");
    write_server_files(&dir, &server_ca.server());
    let settings = tls_settings(&dir, Some(&client_ca), true);
    let app = support::spawn_bare_app_with(|c| c.settings.tls = settings).await;

    let client = client_ca.client("billing.clients.test", "billing");
    let channel = tls_channel(app.address, &server_ca, Some(&client))
        .await
        .expect("mTLS connects");
    classify(channel).await.expect("classifies over mTLS");

    // Without a certificate, or with one from another CA: refused.
    let without = match tls_channel(app.address, &server_ca, None).await {
        Err(_) => true,
        Ok(channel) => classify(channel).await.is_err(),
    };
    assert!(without, "a client without a certificate got an answer");
    let forged = server_ca.client("billing.clients.test", "billing");
    let with_other_ca = match tls_channel(app.address, &server_ca, Some(&forged)).await {
        Err(_) => true,
        Ok(channel) => classify(channel).await.is_err(),
    };
    assert!(
        with_other_ca,
        "a client certificate from another CA got an answer"
    );
    app.stop().await;
}

#[tokio::test]
async fn an_optional_client_certificate_lets_clients_without_one_in() {
    let ca = TestCa::new("one CA");
    let dir = temp_dir("mtls-optional");
    write_server_files(&dir, &ca.server());
    let settings = tls_settings(&dir, Some(&ca), false);
    let app = support::spawn_bare_app_with(|c| c.settings.tls = settings).await;
    let anonymous = tls_channel(app.address, &ca, None).await.expect("connects");
    classify(anonymous).await.expect("no certificate needed");
    let named = tls_channel(app.address, &ca, Some(&ca.client("", "reporting")))
        .await
        .expect("connects");
    classify(named).await.expect("a certificate is fine too");
    app.stop().await;
}

#[tokio::test]
async fn a_rotated_certificate_is_served_without_a_restart() {
    let old_ca = TestCa::new("old CA");
    let new_ca = TestCa::new("new CA");
    let dir = temp_dir("reload");
    write_server_files(&dir, &old_ca.server());
    let settings = tls_settings(&dir, None, true);
    let app = support::spawn_bare_app_with(|c| c.settings.tls = settings).await;
    let before = tls_channel(app.address, &old_ca, None)
        .await
        .expect("connects");
    classify(before.clone())
        .await
        .expect("old certificate served");

    // A half-written rotation (new certificate, old key) is not used.
    std::fs::write(dir.join("tls.crt"), new_ca.server().cert_pem).unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    classify(
        tls_channel(app.address, &old_ca, None)
            .await
            .expect("still the old certificate"),
    )
    .await
    .expect("still served with the old certificate");

    write_server_files(&dir, &new_ca.server());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(channel) = tls_channel(app.address, &new_ca, None).await
            && classify(channel).await.is_ok()
        {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the new certificate was not served within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // New connections no longer get the old certificate ...
    let stale = match tls_channel(app.address, &old_ca, None).await {
        Err(_) => true,
        Ok(channel) => classify(channel).await.is_err(),
    };
    assert!(
        stale,
        "the old certificate is still served after the reload"
    );
    // ... while the connection made before the rotation keeps working.
    classify(before)
        .await
        .expect("an existing connection keeps its session");
    app.stop().await;
}

fn sha256_hex(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn with_token<T>(message: T, token: &str) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    request.metadata_mut().insert(
        "authorization",
        MetadataValue::try_from(format!("Bearer {token}")).unwrap(),
    );
    request
}

#[tokio::test]
async fn bearer_tokens_are_required_except_for_health() {
    let dir = temp_dir("tokens");
    let tokens = dir.join("tokens");
    std::fs::write(
        &tokens,
        format!("# test callers\nbilling {}\n", sha256_hex("billing-secret")),
    )
    .unwrap();
    let mut app = support::spawn_app_with(|c| c.settings.auth.tokens_file = tokens).await;

    let missing = app
        .client
        .get_scoring_model(GetScoringModelRequest {})
        .await
        .expect_err("no token");
    assert_eq!(missing.code(), Code::Unauthenticated, "{missing:?}");
    for bad in ["billing-secre", "billing-secret2", ""] {
        let refused = app
            .client
            .get_scoring_model(with_token(GetScoringModelRequest {}, bad))
            .await
            .expect_err("a wrong token");
        assert_eq!(
            refused.code(),
            Code::Unauthenticated,
            "{bad:?}: {refused:?}"
        );
    }
    app.client
        .get_scoring_model(with_token(GetScoringModelRequest {}, "billing-secret"))
        .await
        .expect("the right token");

    let status = HealthClient::new(app.channel.clone())
        .check(HealthCheckRequest {
            service: String::new(),
        })
        .await
        .expect("health needs no token");
    assert_eq!(status.into_inner().status, 1);
    app.stop().await;
}

#[tokio::test]
async fn a_rotated_tokens_file_takes_effect_without_a_restart() {
    let dir = temp_dir("tokens-reload");
    let tokens = dir.join("tokens");
    std::fs::write(&tokens, format!("old {}\n", sha256_hex("old-secret"))).unwrap();
    let path = tokens.clone();
    let mut app = support::spawn_app_with(|c| {
        c.settings.auth.tokens_file = path;
        c.settings.auth.reload_interval = Duration::from_millis(100);
    })
    .await;
    app.client
        .get_scoring_model(with_token(GetScoringModelRequest {}, "old-secret"))
        .await
        .expect("the old token works");

    // An unusable file keeps the tokens in force.
    std::fs::write(&tokens, "not a tokens file\n").unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    app.client
        .get_scoring_model(with_token(GetScoringModelRequest {}, "old-secret"))
        .await
        .expect("still the old token");

    // The rotation: the old token revoked, a new one issued.
    let staged = dir.join(".tokens.new");
    std::fs::write(&staged, format!("new {}\n", sha256_hex("new-secret"))).unwrap();
    std::fs::rename(&staged, &tokens).unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while app
        .client
        .get_scoring_model(with_token(GetScoringModelRequest {}, "new-secret"))
        .await
        .is_err()
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the new token was not accepted within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let revoked = app
        .client
        .get_scoring_model(with_token(GetScoringModelRequest {}, "old-secret"))
        .await
        .expect_err("the old token is revoked");
    assert_eq!(revoked.code(), Code::Unauthenticated);
    app.stop().await;
}

#[tokio::test]
async fn reflection_can_be_switched_off() {
    use tonic_reflection::pb::v1::{
        ServerReflectionRequest, server_reflection_client::ServerReflectionClient,
        server_reflection_request::MessageRequest,
    };
    let app = support::spawn_app_with(|c| c.settings.server.reflection = false).await;
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let error = ServerReflectionClient::new(app.channel.clone())
        .server_reflection_info(tokio_stream::iter([request]))
        .await
        .expect_err("reflection is off");
    assert_eq!(error.code(), Code::Unimplemented, "{error:?}");
    app.stop().await;
}
