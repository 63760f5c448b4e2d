//! The server starts on a free port, answers health checks, lists its
//! services through reflection and returns its scoring model.

use crate::support;

use stage_scorer::proto::{self, GetScoringModelRequest};
use tokio_stream::StreamExt;
use tonic_health::pb::{
    HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient,
};
use tonic_reflection::pb::v1::{
    ServerReflectionRequest, server_reflection_client::ServerReflectionClient,
    server_reflection_request::MessageRequest, server_reflection_response::MessageResponse,
};

#[tokio::test]
async fn health_reports_serving_for_the_service_and_the_server() {
    let app = support::spawn_app().await;
    let mut health = HealthClient::new(app.channel.clone());
    for service in ["", "stage_scoring.v1.StageScoringService"] {
        let status = health
            .check(HealthCheckRequest {
                service: service.into(),
            })
            .await
            .unwrap()
            .into_inner()
            .status;
        assert_eq!(status, ServingStatus::Serving as i32, "service {service:?}");
    }
    app.stop().await;
}

#[tokio::test]
async fn reflection_lists_the_service() {
    let app = support::spawn_app().await;
    let mut reflection = ServerReflectionClient::new(app.channel.clone());
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut responses = reflection
        .server_reflection_info(tokio_stream::iter([request]))
        .await
        .unwrap()
        .into_inner();
    let response = responses.next().await.unwrap().unwrap();
    let Some(MessageResponse::ListServicesResponse(list)) = response.message_response else {
        panic!("unexpected reflection response: {response:?}");
    };
    let names: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
    assert!(
        names.contains(&"stage_scoring.v1.StageScoringService".to_owned()),
        "{names:?}"
    );
    assert!(
        names.contains(&"grpc.health.v1.Health".to_owned()),
        "{names:?}"
    );
    app.stop().await;
}

async fn scoring_model(app: &mut support::TestApp) -> proto::ScoringModel {
    app.client
        .get_scoring_model(GetScoringModelRequest {})
        .await
        .unwrap()
        .into_inner()
        .model
        .unwrap()
}

#[tokio::test]
async fn get_scoring_model_returns_the_active_model() {
    let mut app = support::spawn_app().await;
    let model = scoring_model(&mut app).await;
    assert_eq!(model.version, "tecp-default-2026.11");
    assert_eq!(
        model.stage_order,
        vec![
            proto::Stage::Transactional as i32,
            proto::Stage::Enhanced as i32,
            proto::Stage::Collaborative as i32,
            proto::Stage::Partnership as i32,
        ]
    );
    assert_eq!(model.stage_rules.len(), 4);
    let partnership = &model.stage_rules[3];
    assert_eq!(partnership.evidence_threshold, 0.6);
    // "very high" on every dimension (issue 11).
    assert_eq!(partnership.quality_gate.unwrap().min_each, 0.8);
    assert!(
        partnership
            .hallmarks
            .iter()
            .any(|h| h.field == "partnership.shared_risk_reward")
    );
    assert_eq!(model.effort_bands.len(), 3);
    assert_eq!(model.model_a.unwrap().tiers.len(), 3);
    assert_eq!(model.cost_of_sale_bands.len(), 4);
    let thresholds = model.warning_thresholds.unwrap();
    assert_eq!(thresholds.model_divergence_min_gap, 2);
    assert_eq!(thresholds.transactional_sales_focus_hours, 400.0);
    app.stop().await;
}

#[tokio::test]
async fn a_changed_model_is_served_with_its_version() {
    let mut app = support::spawn_app_with(|c| {
        let mut settings = c.settings.model.clone();
        settings.version = "custom-1".into();
        c.model = stage_scorer::domain::ScoringModel::from_settings(&settings).unwrap();
    })
    .await;
    let model = scoring_model(&mut app).await;
    assert_eq!(model.version, "custom-1");
    app.stop().await;
}

/// Regression guard for Nagle's algorithm on accepted sockets: without
/// `TCP_NODELAY` every unary answer on a warm connection waits ~40 ms for the
/// client's delayed ACK. 50 sequential calls on one connection must have a
/// median far below that (a functional bound, not a speed target: the work
/// itself takes well under a millisecond).
#[tokio::test]
async fn sequential_unary_calls_on_a_warm_connection_do_not_wait_for_nagle() {
    let app = support::spawn_app().await;
    let mut client = app.client.clone();
    let request = || proto::ClassifyPartnerRequest {
        partner: Some(support::payloads::value_added_reseller()),
    };
    // Warm the connection up.
    client.classify_partner(request()).await.unwrap();
    let mut elapsed = Vec::with_capacity(50);
    for _ in 0..50 {
        let start = std::time::Instant::now();
        client.classify_partner(request()).await.unwrap();
        elapsed.push(start.elapsed());
    }
    elapsed.sort();
    let median = elapsed[elapsed.len() / 2];
    assert!(
        median < std::time::Duration::from_millis(10),
        "median of 50 sequential calls {median:?}: Nagle's delay is back (TCP_NODELAY)"
    );
    app.stop().await;
}
