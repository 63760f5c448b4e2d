//! The behaviours the default model must show, each its own test, over
//! gRPC against the scoring service (in memory: what the handlers answer
//! needs no socket).

use crate::support;

use stage_scorer::proto::{
    ClassifyPartnerRequest, PartnerClassification, PartnerIndicators, Stage, WarningCode,
    stage_scoring_service_client::StageScoringServiceClient,
};
use support::payloads;
use tonic::transport::Channel;

async fn classify(
    client: &mut StageScoringServiceClient<Channel>,
    partner: PartnerIndicators,
) -> PartnerClassification {
    client
        .classify_partner(ClassifyPartnerRequest {
            partner: Some(partner),
        })
        .await
        .expect("valid payload is classified")
        .into_inner()
        .classification
        .expect("response carries a classification")
}

fn codes(c: &PartnerClassification) -> Vec<WarningCode> {
    c.warnings.iter().map(|w| w.code()).collect()
}

/// Only resells, middling quality: Transactional.
#[tokio::test]
async fn a_pure_reseller_with_middling_quality_is_transactional() {
    let mut app = support::in_memory::spawn_app().await;
    let client = &mut app.client;
    let c = classify(client, payloads::reseller()).await;
    assert_eq!(c.stage(), Stage::Transactional);
    assert_eq!(c.top_down_stage_number, 4);
    assert_eq!(c.partner_id, "reseller-1");
    assert_eq!(c.model_version, "tecp-default-2026.11");
    assert!(!codes(&c).contains(&WarningCode::InsufficientEvidence));

    app.stop().await;
}

/// Value-added reseller: Enhanced.
#[tokio::test]
async fn a_value_added_reseller_is_enhanced() {
    let mut app = support::in_memory::spawn_app().await;
    let client = &mut app.client;
    let c = classify(client, payloads::value_added_reseller()).await;
    assert_eq!(c.stage(), Stage::Enhanced);
    assert_eq!(c.top_down_stage_number, 3);

    app.stop().await;
}

/// Joint projects, strategy, governance, scope, good quality: Collaborative.
#[tokio::test]
async fn joint_projects_strategy_governance_and_scope_make_a_collaborative_partner() {
    let mut app = support::in_memory::spawn_app().await;
    let client = &mut app.client;
    let c = classify(client, payloads::collaborator()).await;
    assert_eq!(c.stage(), Stage::Collaborative);
    assert_eq!(c.top_down_stage_number, 2);

    app.stop().await;
}

/// Joint new markets, shared risk/reward, very high quality: Partnership.
#[tokio::test]
async fn joint_new_markets_shared_risk_and_very_high_quality_make_a_partnership() {
    let mut app = support::in_memory::spawn_app().await;
    let client = &mut app.client;
    let c = classify(client, payloads::partnership()).await;
    assert_eq!(c.stage(), Stage::Partnership);
    assert_eq!(c.top_down_stage_number, 1);
    assert!(c.confidence > 0.8, "confidence {}", c.confidence);
    assert_eq!(c.next_stage(), Stage::Unspecified);

    app.stop().await;
}

/// Case 4 with poor trust and communication: not a Partnership, and why.
#[tokio::test]
async fn poor_trust_and_communication_keep_partnership_hallmarks_below_partnership_and_say_why() {
    let mut app = support::in_memory::spawn_app().await;
    let client = &mut app.client;
    let c = classify(client, payloads::partnership_with_poor_trust()).await;
    assert_ne!(c.stage(), Stage::Partnership);
    assert_eq!(c.evidence_stage(), Stage::Partnership);
    let warning = c
        .warnings
        .iter()
        .find(|w| w.code() == WarningCode::QualityBelowStage)
        .expect("a quality warning");
    assert!(warning.fields.contains(&"quality.trust".to_owned()));
    assert!(warning.fields.contains(&"quality.communication".to_owned()));
    let explanation = c.explanation.as_ref().unwrap();
    let partnership_gate = explanation
        .quality_gates
        .iter()
        .find(|g| g.stage() == Stage::Partnership)
        .unwrap();
    assert!(!partnership_gate.passed);
    assert_eq!(
        partnership_gate.failing_fields,
        vec!["quality.trust", "quality.communication"]
    );
    assert!(
        explanation.summary.contains("trust"),
        "{}",
        explanation.summary
    );

    app.stop().await;
}

/// Effort above intent (waste), and below intent (starvation).
#[tokio::test]
async fn effort_above_intent_and_below_intent_are_both_warned() {
    let mut app = support::in_memory::spawn_app().await;
    let client = &mut app.client;
    let c = classify(client, payloads::overserved_reseller()).await;
    assert_eq!(
        c.effort.as_ref().unwrap().effort_level(),
        Stage::Partnership
    );
    assert!(
        codes(&c).contains(&WarningCode::EffortAboveIntent),
        "{:?}",
        codes(&c)
    );
    let c = classify(client, payloads::starved_partnership()).await;
    assert_eq!(
        c.effort.as_ref().unwrap().effort_level(),
        Stage::Transactional
    );
    assert!(
        codes(&c).contains(&WarningCode::EffortBelowIntent),
        "{:?}",
        codes(&c)
    );

    app.stop().await;
}

/// Transactional partner intended for Partnership: a skipped step.
#[tokio::test]
async fn a_transactional_partner_intended_for_partnership_skips_a_stage() {
    let mut app = support::in_memory::spawn_app().await;
    let client = &mut app.client;
    let c = classify(client, payloads::reseller_aiming_at_partnership()).await;
    assert_eq!(c.stage(), Stage::Transactional);
    assert!(
        codes(&c).contains(&WarningCode::IntentSkipsStage),
        "{:?}",
        codes(&c)
    );
    // The destination is the shared intent; the recommendation is the next
    // step up ("plan it one stage at a time").
    assert_eq!(c.destination_stage(), Stage::Partnership);
    assert_eq!(c.recommended_stage(), Stage::Enhanced);

    app.stop().await;
}

/// Top Model A tier on a Transactional relationship: divergence.
#[tokio::test]
async fn a_top_model_a_tier_on_a_transactional_relationship_diverges() {
    let mut app = support::in_memory::spawn_app().await;
    let client = &mut app.client;
    let c = classify(client, payloads::platinum_reseller()).await;
    assert_eq!(c.model_a_tier(), stage_scorer::proto::ModelATier::Platinum);
    assert!(
        codes(&c).contains(&WarningCode::ModelDivergence),
        "{:?}",
        codes(&c)
    );

    app.stop().await;
}

/// Only an id: Transactional, low confidence, low coverage, insufficient evidence.
#[tokio::test]
async fn a_partner_known_only_by_its_id_has_insufficient_evidence() {
    let mut app = support::in_memory::spawn_app().await;
    let client = &mut app.client;
    let c = classify(client, payloads::id_only()).await;
    assert_eq!(c.stage(), Stage::Transactional);
    assert!(c.confidence < 0.35, "confidence {}", c.confidence);
    assert!(c.coverage < 0.3, "coverage {}", c.coverage);
    assert_eq!(codes(&c), vec![WarningCode::InsufficientEvidence]);

    app.stop().await;
}

#[tokio::test]
async fn every_classification_explains_and_scores_each_stage() {
    let mut app = support::in_memory::spawn_app().await;
    let c = classify(&mut app.client, payloads::value_added_reseller()).await;
    let stages: Vec<Stage> = c.stage_scores.iter().map(|s| s.stage()).collect();
    assert_eq!(
        stages,
        vec![
            Stage::Transactional,
            Stage::Enhanced,
            Stage::Collaborative,
            Stage::Partnership
        ]
    );
    assert!(c.stage_scores[1].reached && !c.stage_scores[2].reached);
    let explanation = c.explanation.clone().unwrap();
    assert!(
        explanation
            .contributions
            .iter()
            .any(|x| x.field == "value_add.industry_expertise" && x.stage() == Stage::Enhanced)
    );
    assert!(
        explanation
            .next_stage_requirements
            .iter()
            .any(|r| r.field == "collaboration.joint_strategy")
    );
    assert_eq!(c.next_stage(), Stage::Collaborative);
    app.stop().await;
}

/// `seed_stage_number` is deprecated in favour of `top_down_stage_number`,
/// but older clients still read it: both carry the same number.
#[tokio::test]
#[allow(deprecated)]
async fn the_deprecated_seed_stage_number_still_equals_the_top_down_number() {
    let mut app = support::in_memory::spawn_app().await;
    for (partner, number) in [
        (payloads::reseller(), 4),
        (payloads::value_added_reseller(), 3),
        (payloads::collaborator(), 2),
        (payloads::partnership(), 1),
    ] {
        let c = classify(&mut app.client, partner).await;
        assert_eq!(c.top_down_stage_number, number);
        assert_eq!(c.seed_stage_number, number);
    }
    app.stop().await;
}
