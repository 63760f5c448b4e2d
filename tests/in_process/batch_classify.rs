//! `BatchClassifyPartners` through the real server: results in order, one
//! per item, per-item errors with indexed field paths, the size limit and
//! duplicate ids.

use crate::support;

use stage_scorer::proto::{
    self, BatchClassifyPartnersRequest, PartnerIndicators, batch_classify_partners_result::Outcome,
};
use tonic::Code;
use tonic_types::{RpcStatusExt, StatusExt};

fn partner(id: &str) -> PartnerIndicators {
    PartnerIndicators {
        partner_id: id.into(),
        ..Default::default()
    }
}

fn with_trust(id: &str, trust: f64) -> PartnerIndicators {
    PartnerIndicators {
        quality: Some(proto::RelationshipQuality {
            trust: Some(trust),
            ..Default::default()
        }),
        ..partner(id)
    }
}

/// (field, reason) of every violation of an error outcome.
fn violations(outcome: &Outcome) -> Vec<(String, String)> {
    let Outcome::Error(status) = outcome else {
        panic!("expected an error, got {outcome:?}");
    };
    assert_eq!(status.code, Code::InvalidArgument as i32);
    status
        .get_details_bad_request()
        .expect("a BadRequest detail")
        .field_violations
        .into_iter()
        .map(|v| (v.field, v.reason))
        .collect()
}

#[tokio::test]
async fn a_mixed_batch_answers_every_item_in_order() {
    let mut app = support::spawn_app().await;
    let partners = vec![
        with_trust("p-0", 0.8),
        with_trust("p-1", 1.5),
        partner("p-2"),
        partner(""),
        PartnerIndicators {
            economics: Some(proto::Economics {
                cost_of_sale: Some(f64::NAN),
            }),
            ..partner("p-4")
        },
        with_trust("p-5", 0.2),
    ];
    let response = app
        .client
        .batch_classify_partners(BatchClassifyPartnersRequest { partners })
        .await
        .expect("the call succeeds although items are invalid")
        .into_inner();

    assert_eq!(response.model_version, "tecp-default-2026.11");
    assert_eq!(response.results.len(), 6);
    assert_eq!((response.classified_count, response.error_count), (3, 3));
    for (i, result) in response.results.iter().enumerate() {
        assert_eq!(result.index as usize, i);
        assert_eq!(result.model_version, "tecp-default-2026.11");
    }
    let ids: Vec<&str> = response
        .results
        .iter()
        .map(|r| r.partner_id.as_str())
        .collect();
    assert_eq!(ids, ["p-0", "p-1", "p-2", "", "p-4", "p-5"]);

    for i in [0, 2, 5] {
        let Some(Outcome::Classification(c)) = &response.results[i].outcome else {
            panic!("item {i} should be classified: {:?}", response.results[i]);
        };
        assert_eq!(c.partner_id, ids[i]);
        assert_eq!(c.model_version, "tecp-default-2026.11");
    }
    let outcome = |i: usize| response.results[i].outcome.as_ref().unwrap();
    assert_eq!(
        violations(outcome(1)),
        [(
            "partners[1].quality.trust".to_owned(),
            "OUT_OF_RANGE".to_owned()
        )]
    );
    assert_eq!(
        violations(outcome(3)),
        [("partners[3].partner_id".to_owned(), "REQUIRED".to_owned())]
    );
    let v4 = violations(outcome(4));
    assert!(
        v4.contains(&(
            "partners[4].economics.cost_of_sale".into(),
            "NOT_FINITE".into()
        )),
        "{v4:?}"
    );
    assert!(
        v4.contains(&("partners[4].currency_code".into(), "REQUIRED".into())),
        "{v4:?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn an_empty_batch_gives_an_empty_answer() {
    let mut app = support::spawn_app().await;
    let response = app
        .client
        .batch_classify_partners(BatchClassifyPartnersRequest { partners: vec![] })
        .await
        .unwrap()
        .into_inner();
    assert!(response.results.is_empty());
    assert_eq!(response.model_version, "tecp-default-2026.11");
    app.stop().await;
}

#[tokio::test]
async fn a_batch_over_the_limit_is_refused_whole_naming_limit_and_count() {
    let mut app = support::spawn_app_with(|c| c.settings.limits.batch_max_partners = 5).await;
    let at_limit: Vec<_> = (0..5).map(|i| partner(&format!("p-{i}"))).collect();
    let response = app
        .client
        .batch_classify_partners(BatchClassifyPartnersRequest { partners: at_limit })
        .await
        .expect("a batch at the limit is accepted")
        .into_inner();
    assert_eq!(response.classified_count, 5);

    // Every item is invalid too: the size is checked before any item is read.
    let over: Vec<_> = (0..6).map(|_| partner("")).collect();
    let status = app
        .client
        .batch_classify_partners(BatchClassifyPartnersRequest { partners: over })
        .await
        .expect_err("a batch over the limit is refused");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert!(
        status.message().contains("6 partners sent"),
        "{}",
        status.message()
    );
    assert!(
        status.message().contains("at most 5"),
        "{}",
        status.message()
    );
    assert!(
        status.message().contains("limits.batch_max_partners"),
        "{}",
        status.message()
    );
    let bad = status
        .get_details_bad_request()
        .expect("a BadRequest detail");
    assert_eq!(bad.field_violations.len(), 1);
    assert_eq!(bad.field_violations[0].field, "partners");
    app.stop().await;
}

#[tokio::test]
async fn duplicate_ids_are_reported_on_every_later_item() {
    let mut app = support::spawn_app().await;
    let partners = vec![
        partner("a"),
        partner("b"),
        with_trust("a", 0.9),
        partner("b"),
        partner("a"),
    ];
    let response = app
        .client
        .batch_classify_partners(BatchClassifyPartnersRequest { partners })
        .await
        .unwrap()
        .into_inner();
    assert_eq!((response.classified_count, response.error_count), (2, 3));
    assert!(matches!(
        response.results[0].outcome,
        Some(Outcome::Classification(_))
    ));
    assert!(matches!(
        response.results[1].outcome,
        Some(Outcome::Classification(_))
    ));
    for (i, first) in [(2, 0), (3, 1), (4, 0)] {
        let result = &response.results[i];
        let Some(Outcome::Error(status)) = &result.outcome else {
            panic!("item {i} should be an error: {result:?}");
        };
        let bad = status.get_details_bad_request().unwrap();
        assert_eq!(bad.field_violations.len(), 1);
        let v = &bad.field_violations[0];
        assert_eq!(v.field, format!("partners[{i}].partner_id"));
        assert_eq!(v.reason, "DUPLICATE_PARTNER_ID");
        assert!(
            v.description.contains(&format!("partners[{first}]")),
            "{}",
            v.description
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn reflection_describes_the_error_details_of_item_errors() {
    use tokio_stream::StreamExt;
    use tonic_reflection::pb::v1::{
        ServerReflectionRequest, server_reflection_client::ServerReflectionClient,
        server_reflection_request::MessageRequest, server_reflection_response::MessageResponse,
    };
    let app = support::spawn_app().await;
    let mut reflection = ServerReflectionClient::new(app.channel.clone());
    // Clients printing an item error must resolve the `Any` in its details.
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::FileContainingSymbol(
            "google.rpc.BadRequest".into(),
        )),
    };
    let response = reflection
        .server_reflection_info(tokio_stream::iter([request]))
        .await
        .unwrap()
        .into_inner()
        .next()
        .await
        .unwrap()
        .unwrap();
    assert!(
        matches!(
            response.message_response,
            Some(MessageResponse::FileDescriptorResponse(ref files))
                if !files.file_descriptor_proto.is_empty()
        ),
        "{response:?}"
    );
    app.stop().await;
}
