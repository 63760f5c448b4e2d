//! Each HTTP/JSON route answers 200 with the canonical proto3 JSON of what
//! the same call over gRPC returns.

use http::Method;
use serde_json::{Value, json};
use stage_scorer::proto::{
    self, AnalyzePyramidRequest, ClassifyPartnerRequest, GetScoringModelRequest,
    MergePyramidPartialsRequest, PyramidOptions,
};

use crate::{
    client::{Version, post_json, send},
    support::{self, payloads},
};

fn partner_json(partner: proto::PartnerIndicators) -> Value {
    serde_json::to_value(&partner).unwrap()
}

#[tokio::test]
async fn classify_answers_what_grpc_answers() {
    let app = support::spawn_app().await;
    for partner in [
        payloads::reseller(),
        payloads::value_added_reseller(),
        payloads::partnership(),
    ] {
        let request = ClassifyPartnerRequest {
            partner: Some(partner),
        };
        let answer = post_json(
            app.address,
            "/v1/partners:classify",
            &serde_json::to_value(&request).unwrap(),
        )
        .await;
        assert_eq!(
            answer.status,
            200,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        assert_eq!(answer.header("content-type"), Some("application/json"));
        let over_grpc = app
            .client
            .clone()
            .classify_partner(request)
            .await
            .unwrap()
            .into_inner();
        assert_eq!(answer.json(), serde_json::to_value(&over_grpc).unwrap());
    }
    app.stop().await;
}

#[tokio::test]
async fn classify_over_h2c_too() {
    let app = support::spawn_app().await;
    let body = json!({"partner": partner_json(payloads::reseller())});
    let answer = send(
        app.address,
        Version::H2c,
        Method::POST,
        "/v1/partners:classify",
        &[("content-type", "application/json")],
        body.to_string(),
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json()["classification"]["stage"],
        "STAGE_TRANSACTIONAL"
    );
    app.stop().await;
}

#[tokio::test]
async fn batch_classify_gives_one_result_per_item_errors_as_status_json() {
    let app = support::spawn_app().await;
    let mut bad = payloads::reseller();
    bad.partner_id = "bad-1".into();
    bad.quality.get_or_insert_default().trust = Some(1.5);
    let body = json!({"partners": [partner_json(payloads::reseller()), partner_json(bad)]});
    let answer = post_json(app.address, "/v1/partners:batchClassify", &body).await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let body = answer.json();
    assert_eq!(body["classifiedCount"], 1);
    assert_eq!(body["errorCount"], 1);
    let results = body["results"].as_array().unwrap();
    assert_eq!(results[0]["classification"]["stage"], "STAGE_TRANSACTIONAL");
    let error = &results[1]["error"];
    assert_eq!(results[1]["index"], 1);
    assert_eq!(error["code"], 3);
    assert_eq!(
        error["details"][0]["@type"],
        "type.googleapis.com/google.rpc.BadRequest"
    );
    assert_eq!(
        error["details"][0]["fieldViolations"][0]["field"],
        "partners[1].quality.trust"
    );
    assert_eq!(
        error["details"][0]["fieldViolations"][0]["reason"],
        "OUT_OF_RANGE"
    );
    app.stop().await;
}

#[tokio::test]
async fn analyze_and_merge_pyramid_answer_what_grpc_answers() {
    let app = support::spawn_app().await;
    let partners: Vec<proto::PartnerIndicators> = vec![
        payloads::reseller(),
        payloads::value_added_reseller(),
        payloads::partnership(),
    ];
    let request = AnalyzePyramidRequest {
        partners,
        options: Some(PyramidOptions {
            include_partial: true,
            ..Default::default()
        }),
    };
    let answer = post_json(
        app.address,
        "/v1/pyramid:analyze",
        &serde_json::to_value(&request).unwrap(),
    )
    .await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let over_grpc = app
        .client
        .clone()
        .analyze_pyramid(request)
        .await
        .unwrap()
        .into_inner();
    let analysed = answer.json();
    assert_eq!(analysed, serde_json::to_value(&over_grpc).unwrap());
    assert_eq!(analysed["report"]["partnersAnalysed"], "3");

    // The partial, as JSON, merges back into the same report.
    let merge = json!({"partials": [analysed["partial"].clone()]});
    let answer = post_json(app.address, "/v1/pyramid:mergePartials", &merge).await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let merged = answer.json();
    let over_grpc = app
        .client
        .clone()
        .merge_pyramid_partials(MergePyramidPartialsRequest {
            partials: vec![over_grpc.partial.unwrap()],
            include_partial: false,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(merged, serde_json::to_value(&over_grpc).unwrap());
    assert_eq!(merged["report"], analysed["report"]);
    app.stop().await;
}

#[tokio::test]
async fn scoring_model_is_a_get() {
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
    let over_grpc = app
        .client
        .clone()
        .get_scoring_model(GetScoringModelRequest {})
        .await
        .unwrap()
        .into_inner();
    assert_eq!(answer.json(), serde_json::to_value(&over_grpc).unwrap());
    assert_eq!(answer.json()["model"]["version"], "tecp-default-2026.11");
    app.stop().await;
}

#[tokio::test]
async fn the_openapi_document_is_served() {
    let app = support::spawn_app().await;
    let answer = send(
        app.address,
        Version::Http1,
        Method::GET,
        "/openapi.json",
        &[],
        "",
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    let document = answer.json();
    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(document, stage_scorer::http::openapi::generate());
    app.stop().await;
}
