//! Bad input gets INVALID_ARGUMENT with a google.rpc.BadRequest naming every
//! bad field; the server keeps serving.

use crate::support;

use stage_scorer::proto::{
    ClassifyPartnerRequest, HostEffort, ModelASignals, PartnerIndicators, RelationshipIntent,
    RelationshipQuality, ValueAddHallmarks,
};
use tonic::Code;
use tonic_types::StatusExt;

/// Sends `partner` and returns the (field, reason) pairs of the violations.
async fn violations(
    app: &mut support::in_memory::InMemoryApp,
    partner: Option<PartnerIndicators>,
) -> Vec<(String, String)> {
    let status = app
        .client
        .classify_partner(ClassifyPartnerRequest { partner })
        .await
        .expect_err("invalid payload is refused");
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    let bad_request = status
        .get_details_bad_request()
        .expect("status carries google.rpc.BadRequest");
    for v in &bad_request.field_violations {
        assert!(!v.description.is_empty(), "{v:?}");
        assert!(status.message().contains(&v.field), "{}", status.message());
    }
    bad_request
        .field_violations
        .into_iter()
        .map(|v| (v.field, v.reason))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(f, r)| (f.to_string(), r.to_string()))
        .collect()
}

fn with_id(partner: PartnerIndicators) -> Option<PartnerIndicators> {
    Some(PartnerIndicators {
        partner_id: "p-1".into(),
        ..partner
    })
}

#[tokio::test]
async fn missing_partner_and_missing_id() {
    let mut app = support::in_memory::spawn_app().await;
    assert_eq!(
        violations(&mut app, None).await,
        pairs(&[("partner", "REQUIRED")])
    );
    assert_eq!(
        violations(&mut app, Some(PartnerIndicators::default())).await,
        pairs(&[("partner.partner_id", "REQUIRED")])
    );
    let blank = PartnerIndicators {
        partner_id: "   ".into(),
        ..Default::default()
    };
    assert_eq!(
        violations(&mut app, Some(blank)).await,
        pairs(&[("partner.partner_id", "REQUIRED")])
    );
    app.stop().await;
}

#[tokio::test]
async fn nan_and_infinity() {
    let mut app = support::in_memory::spawn_app().await;
    let nan = with_id(PartnerIndicators {
        quality: Some(RelationshipQuality {
            trust: Some(f64::NAN),
            ..Default::default()
        }),
        ..Default::default()
    });
    assert_eq!(
        violations(&mut app, nan).await,
        pairs(&[("partner.quality.trust", "NOT_FINITE")])
    );
    let infinite = with_id(PartnerIndicators {
        effort: Some(HostEffort {
            partner_manager_hours: Some(f64::INFINITY),
            ..Default::default()
        }),
        ..Default::default()
    });
    assert_eq!(
        violations(&mut app, infinite).await,
        pairs(&[("partner.effort.partner_manager_hours", "NOT_FINITE")])
    );
    app.stop().await;
}

#[tokio::test]
async fn negative_and_above_range() {
    let mut app = support::in_memory::spawn_app().await;
    let negative = with_id(PartnerIndicators {
        currency_code: "USD".into(),
        model_a: Some(ModelASignals {
            revenue: Some(-5.0),
            ..Default::default()
        }),
        ..Default::default()
    });
    assert_eq!(
        violations(&mut app, negative).await,
        pairs(&[("partner.model_a.revenue", "OUT_OF_RANGE")])
    );
    let above = with_id(PartnerIndicators {
        value_add: Some(ValueAddHallmarks {
            services_attach_rate: Some(1.2),
            accelerators_built: Some(5_000_000),
            ..Default::default()
        }),
        ..Default::default()
    });
    assert_eq!(
        violations(&mut app, above).await,
        pairs(&[
            ("partner.value_add.accelerators_built", "OUT_OF_RANGE"),
            ("partner.value_add.services_attach_rate", "OUT_OF_RANGE"),
        ])
    );
    app.stop().await;
}

#[tokio::test]
async fn unknown_enum_value() {
    let mut app = support::in_memory::spawn_app().await;
    let unknown = with_id(PartnerIndicators {
        intent: Some(RelationshipIntent {
            host_intended_stage: 2,
            partner_desired_stage: 42,
        }),
        ..Default::default()
    });
    assert_eq!(
        violations(&mut app, unknown).await,
        pairs(&[("partner.intent.partner_desired_stage", "UNKNOWN_ENUM_VALUE")])
    );
    app.stop().await;
}

#[tokio::test]
async fn over_long_id() {
    let mut app = support::in_memory::spawn_app().await;
    let long = PartnerIndicators {
        partner_id: "x".repeat(129),
        ..Default::default()
    };
    assert_eq!(
        violations(&mut app, Some(long)).await,
        pairs(&[("partner.partner_id", "TOO_LONG")])
    );
    app.stop().await;
}

#[tokio::test]
async fn several_bad_fields_are_all_reported() {
    let mut app = support::in_memory::spawn_app().await;
    let many = PartnerIndicators {
        partner_id: String::new(),
        labels: [("Region".to_owned(), "emea".to_owned())].into(),
        model_a: Some(ModelASignals {
            revenue: Some(1_000.0),
            ..Default::default()
        }),
        quality: Some(RelationshipQuality {
            trust: Some(f64::NAN),
            communication: Some(-0.1),
            interoperation: Some(f64::NEG_INFINITY),
            ..Default::default()
        }),
        effort: Some(HostEffort {
            sales_focus_hours: Some(2e6),
            ..Default::default()
        }),
        intent: Some(RelationshipIntent {
            host_intended_stage: -1,
            partner_desired_stage: 0,
        }),
        ..Default::default()
    };
    assert_eq!(
        violations(&mut app, Some(many)).await,
        pairs(&[
            ("partner.partner_id", "REQUIRED"),
            ("partner.labels[\"Region\"]", "INVALID_FORMAT"),
            ("partner.quality.trust", "NOT_FINITE"),
            ("partner.quality.communication", "OUT_OF_RANGE"),
            ("partner.quality.interoperation", "NOT_FINITE"),
            ("partner.effort.sales_focus_hours", "OUT_OF_RANGE"),
            ("partner.intent.host_intended_stage", "UNKNOWN_ENUM_VALUE"),
            ("partner.currency_code", "REQUIRED"),
        ])
    );
    // The server is still serving.
    let ok = app
        .client
        .classify_partner(ClassifyPartnerRequest {
            partner: Some(support::payloads::reseller()),
        })
        .await;
    assert!(ok.is_ok());
    app.stop().await;
}
