//! The JSON routes share the gRPC calls-in-flight budget: with it used up
//! (here by an open gRPC stream, budget 1), a JSON call is shed at once:
//! 429, `RESOURCE_EXHAUSTED` (code 8) in the JSON error body and a
//! `Retry-After` header; once the stream ends, JSON calls are served again.

use crate::{
    client::{assert_error, post_json},
    support,
};

use serde_json::json;
use stage_scorer::proto::{PartnerIndicators, StreamClassifyPartnersRequest};
use tokio_stream::wrappers::ReceiverStream;

#[tokio::test]
async fn a_json_call_over_the_calls_budget_is_shed_with_429() {
    let app = support::spawn_app_with(|c| c.settings.admission.max_calls_in_flight = 1).await;
    let body = json!({"partner": {"partnerId": "p-1"}});

    // An open stream holds the only permit.
    let (items, rx) = tokio::sync::mpsc::channel(1);
    let mut stream = app
        .client
        .clone()
        .stream_classify_partners(ReceiverStream::new(rx))
        .await
        .expect("the stream is admitted")
        .into_inner();
    items
        .send(StreamClassifyPartnersRequest {
            partner: Some(PartnerIndicators {
                partner_id: "streamed".into(),
                ..Default::default()
            }),
            correlation_id: "1".into(),
        })
        .await
        .unwrap();
    stream
        .message()
        .await
        .expect("an answer")
        .expect("one result");

    let answer = post_json(app.address, "/v1/partners:classify", &body).await;
    let error = assert_error(&answer, 429);
    assert_eq!(error["code"], 8, "{error}");
    assert!(answer.header("retry-after").is_some());

    drop(items);
    while stream
        .message()
        .await
        .expect("the stream ends cleanly")
        .is_some()
    {}
    // The permit is released with the response body; give it a moment.
    let mut served = None;
    for _ in 0..50 {
        let answer = post_json(app.address, "/v1/partners:classify", &body).await;
        if answer.status.as_u16() == 200 {
            served = Some(answer);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(served.is_some(), "served again once the stream has ended");
    app.stop().await;
}
