//! gRPC compression: a client that compresses its requests with gzip or
//! zstd, and asks for compressed answers, is served (tonic answers
//! UNIMPLEMENTED to a compressed request the server does not accept) and gets
//! its answer compressed with the encoding it asked for.

use crate::support::{self, payloads};

use stage_scorer::proto::{
    ClassifyPartnerRequest, GetScoringModelRequest, Stage,
    stage_scoring_service_client::StageScoringServiceClient,
};
use tonic::codec::CompressionEncoding;

async fn check_encoding(encoding: CompressionEncoding, name: &str) {
    let app = support::spawn_app().await;
    let mut client = StageScoringServiceClient::new(app.channel.clone())
        .send_compressed(encoding)
        .accept_compressed(encoding);

    let response = client
        .classify_partner(ClassifyPartnerRequest {
            partner: Some(payloads::reseller()),
        })
        .await
        .unwrap_or_else(|status| panic!("{name} request refused: {status:?}"));
    assert_eq!(
        response
            .metadata()
            .get("grpc-encoding")
            .map(|v| v.to_str().unwrap()),
        Some(name),
        "the answer is compressed with {name}"
    );
    let classification = response.into_inner().classification.unwrap();
    assert_eq!(classification.stage(), Stage::Transactional);

    // A larger answer, so that compression is not a no-op on tiny payloads.
    let model = client
        .get_scoring_model(GetScoringModelRequest {})
        .await
        .unwrap();
    assert_eq!(
        model
            .metadata()
            .get("grpc-encoding")
            .map(|v| v.to_str().unwrap()),
        Some(name)
    );
    assert!(!model.into_inner().model.unwrap().version.is_empty());
    app.stop().await;
}

#[tokio::test]
async fn gzip_client_is_served_and_answered_in_gzip() {
    check_encoding(CompressionEncoding::Gzip, "gzip").await;
}

#[tokio::test]
async fn zstd_client_is_served_and_answered_in_zstd() {
    check_encoding(CompressionEncoding::Zstd, "zstd").await;
}

#[tokio::test]
async fn uncompressed_client_gets_uncompressed_answers() {
    let app = support::spawn_app().await;
    let mut client = app.client.clone();
    let response = client
        .get_scoring_model(GetScoringModelRequest {})
        .await
        .unwrap();
    assert_eq!(response.metadata().get("grpc-encoding"), None);
    app.stop().await;
}
