//! JSON as CRM platforms send it: enum short names and numbers, currency
//! codes in any case; and what stays refused: unknown fields, unknown enum
//! values, codes that are no currency (on the gRPC edge too).

use serde_json::json;
use stage_scorer::proto::{ClassifyPartnerRequest, PartnerIndicators};

use crate::{
    client::{assert_error, field_violations, post_json},
    support::{self, payloads},
};

#[tokio::test]
async fn enum_short_names_numbers_and_lower_case_currency_are_accepted() {
    let app = support::spawn_app().await;
    let mut canonical = serde_json::to_value(payloads::platinum_reseller()).unwrap();
    canonical["intent"] = json!({"hostIntendedStage": "STAGE_PARTNERSHIP",
                                 "partnerDesiredStage": "STAGE_ENHANCED"});
    canonical["currencyCode"] = json!("USD");
    let expected = post_json(
        app.address,
        "/v1/partners:classify",
        &json!({"partner": canonical}),
    )
    .await;
    assert_eq!(expected.status, 200);

    for (host, partner_stage, currency) in [
        (json!("PARTNERSHIP"), json!("enhanced"), "usd"),
        (json!(4), json!(2), "Usd"),
        (json!("stage_partnership"), json!("Enhanced"), "USD"),
    ] {
        let mut crm = canonical.clone();
        crm["intent"] = json!({"host_intended_stage": host, "partnerDesiredStage": partner_stage});
        crm["currencyCode"] = json!(currency);
        let answer = post_json(
            app.address,
            "/v1/partners:classify",
            &json!({"partner": crm}),
        )
        .await;
        assert_eq!(
            answer.status,
            200,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        assert_eq!(
            answer.json(),
            expected.json(),
            "{host} {partner_stage} {currency}"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn unknown_fields_are_refused_by_name() {
    let app = support::spawn_app().await;
    let answer = post_json(
        app.address,
        "/v1/partners:classify",
        &json!({"partner": {"partnerId": "p", "crmRecordId": "0015g000"}, "envelope": {}}),
    )
    .await;
    let body = assert_error(&answer, 400);
    let mut violations = field_violations(&body);
    violations.sort();
    assert_eq!(
        violations,
        [
            ("envelope".to_owned(), "UNKNOWN_FIELD".to_owned()),
            ("partner.crmRecordId".to_owned(), "UNKNOWN_FIELD".to_owned()),
        ]
    );
    app.stop().await;
}

#[tokio::test]
async fn unknown_enum_values_are_refused_listing_the_accepted_ones() {
    let app = support::spawn_app().await;
    for value in [json!("BEST_FRIENDS"), json!(42)] {
        let answer = post_json(
            app.address,
            "/v1/partners:classify",
            &json!({"partner": {"partnerId": "p", "intent": {"hostIntendedStage": value}}}),
        )
        .await;
        let body = assert_error(&answer, 400);
        assert_eq!(
            field_violations(&body),
            [(
                "partner.intent.host_intended_stage".to_owned(),
                "UNKNOWN_ENUM_VALUE".to_owned()
            )]
        );
        let description = body["details"][0]["fieldViolations"][0]["description"]
            .as_str()
            .unwrap();
        assert!(
            description.contains("STAGE_PARTNERSHIP (PARTNERSHIP, 4)"),
            "{description}"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn codes_that_are_no_currency_are_refused_on_both_edges() {
    let app = support::spawn_app().await;
    let partner = PartnerIndicators {
        currency_code: "XYZ".into(),
        ..payloads::platinum_reseller()
    };
    let answer = post_json(
        app.address,
        "/v1/partners:classify",
        &json!({"partner": serde_json::to_value(&partner).unwrap()}),
    )
    .await;
    let body = assert_error(&answer, 400);
    assert_eq!(
        field_violations(&body),
        [(
            "partner.currency_code".to_owned(),
            "INVALID_FORMAT".to_owned()
        )]
    );
    let status = app
        .client
        .clone()
        .classify_partner(ClassifyPartnerRequest {
            partner: Some(partner.clone()),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), tonic::Code::InvalidArgument);
    // And lower case is accepted over gRPC as well.
    let lower = PartnerIndicators {
        currency_code: "usd".into(),
        ..partner
    };
    app.client
        .clone()
        .classify_partner(ClassifyPartnerRequest {
            partner: Some(lower),
        })
        .await
        .unwrap();
    app.stop().await;
}
