//! Every error class of the HTTP/JSON routes: an HTTP 4xx (never 2xx, never
//! 5xx) with the JSON form of a `google.rpc.Status`; invalid payloads with
//! the same field violations as over gRPC.

use http::Method;
use serde_json::json;
use stage_scorer::proto::ClassifyPartnerRequest;
use tonic_types::StatusExt;

use crate::{
    client::{Version, assert_error, field_violations, post_json, send},
    support::{self, payloads},
};

#[tokio::test]
async fn invalid_payload_is_400_with_the_grpc_field_violations() {
    let app = support::spawn_app().await;
    let mut partner = payloads::reseller();
    partner.partner_id = String::new();
    partner.quality.get_or_insert_default().trust = Some(1.5);
    partner.currency_code = "XYZ".into();
    let request = ClassifyPartnerRequest {
        partner: Some(partner),
    };
    let answer = post_json(
        app.address,
        "/v1/partners:classify",
        &serde_json::to_value(&request).unwrap(),
    )
    .await;
    let body = assert_error(&answer, 400);
    assert_eq!(body["code"], 3);
    let over_http = field_violations(&body);

    let status = app
        .client
        .clone()
        .classify_partner(request)
        .await
        .unwrap_err();
    let over_grpc: Vec<(String, String)> = status
        .get_details_bad_request()
        .unwrap()
        .field_violations
        .into_iter()
        .map(|v| (v.field, v.reason))
        .collect();
    assert_eq!(over_http, over_grpc);
    for field in [
        "partner.partner_id",
        "partner.quality.trust",
        "partner.currency_code",
    ] {
        assert!(
            over_http.iter().any(|(f, _)| f == field),
            "{field} in {over_http:?}"
        );
    }
    assert_eq!(body["message"], status.message());
    app.stop().await;
}

#[tokio::test]
async fn missing_partner_is_400_required() {
    let app = support::spawn_app().await;
    let answer = post_json(app.address, "/v1/partners:classify", &json!({})).await;
    let body = assert_error(&answer, 400);
    assert_eq!(
        field_violations(&body),
        [("partner".to_owned(), "REQUIRED".to_owned())]
    );
    app.stop().await;
}

#[tokio::test]
async fn malformed_json_is_400() {
    let app = support::spawn_app().await;
    for body in ["{\"partner\": ", "not json", "", "[1, 2]", "\"text\""] {
        let answer = send(
            app.address,
            Version::Http1,
            Method::POST,
            "/v1/partners:classify",
            &[("content-type", "application/json")],
            body,
        )
        .await;
        let error = assert_error(&answer, 400);
        assert_eq!(error["code"], 3, "{body:?}: {error}");
    }
    app.stop().await;
}

#[tokio::test]
async fn wrong_types_are_400_naming_the_field() {
    let app = support::spawn_app().await;
    let answer = post_json(
        app.address,
        "/v1/partners:classify",
        &json!({"partner": {"partnerId": "p", "quality": {"trust": "very high"}}}),
    )
    .await;
    let body = assert_error(&answer, 400);
    let violations = field_violations(&body);
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert!(violations[0].0.contains("trust"), "{violations:?}");
    app.stop().await;
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let app = support::spawn_app().await;
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let headers: Vec<(&str, &str)> = content_type
            .map(|c| vec![("content-type", c)])
            .unwrap_or_default();
        let answer = send(
            app.address,
            Version::Http1,
            Method::POST,
            "/v1/partners:classify",
            &headers,
            "{}",
        )
        .await;
        assert_error(&answer, 415);
    }
    app.stop().await;
}

#[tokio::test]
async fn unknown_route_is_404_and_wrong_method_405() {
    let app = support::spawn_app().await;
    for (method, path, status) in [
        (Method::GET, "/", 404),
        (Method::POST, "/v1/partners:promote", 404),
        (Method::GET, "/v2/scoringModel", 404),
        (Method::GET, "/v1/partners:classify", 405),
        (Method::DELETE, "/v1/scoringModel", 405),
        (Method::PUT, "/v1/pyramid:analyze", 405),
    ] {
        for version in [Version::Http1, Version::H2c] {
            let answer = send(
                app.address,
                version,
                method.clone(),
                path,
                &[("content-type", "application/json")],
                "{}",
            )
            .await;
            assert_error(&answer, status);
        }
    }
    let answer = send(
        app.address,
        Version::Http1,
        Method::GET,
        "/v1/partners:classify",
        &[],
        "",
    )
    .await;
    assert_eq!(answer.header("allow"), Some("POST"));
    app.stop().await;
}

#[tokio::test]
async fn body_over_the_limit_is_413() {
    let app = support::spawn_app_with(|c| c.settings.http.max_body_bytes = 1024).await;
    let mut partner = payloads::reseller();
    partner.labels.insert("note".into(), "x".repeat(2000));
    let big = json!({"partner": serde_json::to_value(&partner).unwrap()});
    // Declared length over the limit.
    let answer = post_json(app.address, "/v1/partners:classify", &big).await;
    let body = assert_error(&answer, 413);
    assert!(body["message"].as_str().unwrap().contains("1024"), "{body}");
    // No declared length (HTTP/2 without content-length is read up to the
    // limit, then refused).
    let answer = send(
        app.address,
        Version::H2c,
        Method::POST,
        "/v1/partners:classify",
        &[("content-type", "application/json")],
        big.to_string(),
    )
    .await;
    assert_error(&answer, 413);
    // Under the limit still works.
    let small = json!({"partner": {"partnerId": "p"}});
    let answer = post_json(app.address, "/v1/partners:classify", &small).await;
    assert_eq!(answer.status, 200);
    app.stop().await;
}

#[tokio::test]
async fn a_batch_over_the_limit_fails_as_a_whole_with_400() {
    let app = support::spawn_app_with(|c| c.settings.limits.batch_max_partners = 2).await;
    let p = serde_json::to_value(payloads::reseller()).unwrap();
    let answer = post_json(
        app.address,
        "/v1/partners:batchClassify",
        &json!({"partners": [p.clone(), p.clone(), p]}),
    )
    .await;
    let body = assert_error(&answer, 400);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("batch_max_partners"),
        "{body}"
    );
    app.stop().await;
}
