//! Request text echoed in error texts is bounded: a 1 MiB label key comes
//! back cut to 64 characters and an ellipsis, in the field path, the
//! description and `grpc-message` alike (with the request-size limit raised
//! so that such a request is decoded at all).

use stage_scorer::proto::{ClassifyPartnerRequest, PartnerIndicators};
use tonic::Code;
use tonic_types::StatusExt;

use crate::support;

#[tokio::test]
async fn a_huge_label_key_is_echoed_truncated() {
    // The 1 MiB key must reach validation: raise the per-call size limit
    // (64 KiB by default, which would refuse it before decoding).
    let mut app = support::spawn_app_with(|c| {
        c.settings.limits.classify_max_request_bytes = 4 << 20;
    })
    .await;
    let key = "K".repeat(1 << 20);
    let error = app
        .client
        .classify_partner(ClassifyPartnerRequest {
            partner: Some(PartnerIndicators {
                partner_id: "echo-partner".into(),
                labels: [(key, "v".to_owned())].into(),
                ..Default::default()
            }),
        })
        .await
        .expect_err("an invalid label key");
    assert_eq!(error.code(), Code::InvalidArgument);
    let echoed = format!("partner.labels[\"{}…\"]", "K".repeat(64));
    assert!(
        error.message().contains(&echoed),
        "{}",
        &error.message()[..error.message().len().min(300)]
    );
    assert!(
        error.message().len() < 300,
        "{} bytes",
        error.message().len()
    );
    let bad = error.get_details_bad_request().expect("BadRequest detail");
    assert_eq!(bad.field_violations.len(), 1);
    assert_eq!(bad.field_violations[0].field, echoed);
    assert!(bad.field_violations[0].description.len() < 300);
    assert!(
        error.details().len() < 1024,
        "{} bytes",
        error.details().len()
    );
    app.stop().await;
}

#[tokio::test]
async fn the_status_message_names_at_most_ten_fields() {
    let mut app = support::spawn_app().await;
    // 32 labels (the most allowed), each with an invalid key.
    let labels = (0..32)
        .map(|i| (format!("Bad Key {i:02}"), "v".to_owned()))
        .collect();
    let error = app
        .client
        .classify_partner(ClassifyPartnerRequest {
            partner: Some(PartnerIndicators {
                partner_id: "echo-partner".into(),
                labels,
                ..Default::default()
            }),
        })
        .await
        .expect_err("invalid label keys");
    assert!(
        error
            .message()
            .starts_with("invalid request: 32 invalid field(s): "),
        "{}",
        error.message()
    );
    assert!(
        error.message().ends_with(" and 22 more"),
        "{}",
        error.message()
    );
    let bad = error.get_details_bad_request().expect("BadRequest detail");
    assert_eq!(
        bad.field_violations.len(),
        32,
        "the detail lists every field"
    );
    app.stop().await;
}
