//! The edge never panics, whatever the payload: every field of a protobuf
//! `PartnerIndicators` is filled with arbitrary values (NaN, infinities,
//! negatives, huge counts, unknown enum numbers, odd strings), and parsing
//! either yields a partner the core classifies, or field violations that
//! each name a field of that payload; and one bad number in an otherwise
//! valid payload is named by its exact path, alone.

use std::sync::LazyLock;

use proptest::prelude::*;
use stage_scorer::{
    config,
    domain::partner::indicators::Indicator,
    domain::{ScoringModel, classify},
    proto,
    wire::{
        field_violations::FieldViolations,
        indicator_fields::{self, Value, ValueKind},
        parse::partner::parse_partner_at as parse_partner,
    },
};

fn any_f64() -> BoxedStrategy<Option<f64>> {
    prop::option::of(prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(-0.0),
        Just(f64::MAX),
        -2.0..2.0f64,
        any::<f64>(),
    ])
    .boxed()
}

fn any_u32() -> BoxedStrategy<Option<u32>> {
    prop::option::of(prop_oneof![0u32..20, any::<u32>()]).boxed()
}

fn any_text() -> BoxedStrategy<String> {
    prop_oneof![
        Just(String::new()),
        "[a-z0-9-]{1,12}",
        "\\PC{0,140}",
        any::<String>(),
    ]
    .boxed()
}

prop_compose! {
    fn payload()(
        id in any_text(),
        labels in prop::collection::hash_map(any_text(), any_text(), 0..40),
        currency in prop_oneof![Just(String::new()), Just("USD".to_owned()), any_text()],
        f in prop::collection::vec(any_f64(), 17),
        u in prop::collection::vec(any_u32(), 7),
        b in prop::collection::vec(prop::option::of(any::<bool>()), 7),
        stages in (prop_oneof![0i32..5, any::<i32>()], prop_oneof![0i32..5, any::<i32>()]),
    ) -> proto::PartnerIndicators {
        proto::PartnerIndicators {
            partner_id: id,
            labels,
            currency_code: currency,
            model_a: Some(proto::ModelASignals { revenue: f[0], certifications: u[0], deal_count: u[1] }),
            resale: Some(proto::ResaleHallmarks { resells_offering: b[0] }),
            value_add: Some(proto::ValueAddHallmarks {
                industry_expertise: f[1],
                key_account_knowledge: f[2],
                accelerators_built: u[2],
                services_attach_rate: f[3],
            }),
            collaboration: Some(proto::CollaborationHallmarks {
                successful_joint_projects: u[3],
                joint_strategy: b[1],
                governance_framework: b[2],
                geographic_scope_agreed: b[3],
            }),
            partnership: Some(proto::PartnershipHallmarks {
                joint_new_market_initiatives: u[4],
                shared_risk_reward: b[4],
            }),
            quality: Some(proto::RelationshipQuality {
                interaction: f[4],
                trust: f[5],
                communication: f[6],
                knowledge_exchange: f[7],
                interoperation: f[8],
            }),
            effort: Some(proto::HostEffort {
                partner_manager_hours: f[9],
                enablement_spend: f[10],
                executive_sponsor: b[5],
                joint_planning_sessions: u[5],
                sales_focus_hours: f[11],
            }),
            commitment: Some(proto::PartnerCommitment {
                dedicated_staff_fte: f[12],
                certified_staff: u[6],
                co_investment: f[13],
            }),
            economics: Some(proto::Economics { cost_of_sale: f[14] }),
            intent: Some(proto::RelationshipIntent {
                host_intended_stage: stages.0,
                partner_desired_stage: stages.1,
            }),
        }
    }
}

static MODEL: LazyLock<ScoringModel> = LazyLock::new(|| config::builtin().model);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsing_never_panics_and_names_every_bad_field(msg in payload()) {
        let model = &*MODEL;
        let mut violations = FieldViolations::default();
        match parse_partner(msg, "partner", &mut violations) {
            Some(partner) => {
                prop_assert!(violations.is_empty());
                let c = classify(model, &partner);
                prop_assert!(c.confidence.is_finite() && (0.0..=1.0).contains(&c.confidence));
            }
            None => {
                prop_assert!(!violations.is_empty());
                for v in violations.as_slice() {
                    prop_assert!(v.field.starts_with("partner."), "{}", v.field);
                    prop_assert!(!v.reason.is_empty() && !v.description.is_empty());
                }
            }
        }
    }
}

/// Indicators carried as a `double`, each refusing non-finite and negative
/// values.
fn number_indicators() -> Vec<Indicator> {
    Indicator::ALL
        .into_iter()
        .filter(|&i| indicator_fields::kind(i) == ValueKind::Number)
        .collect()
}

/// A payload that parses: an id, the currency money amounts need, and
/// nothing else known.
fn minimal_payload() -> proto::PartnerIndicators {
    proto::PartnerIndicators {
        partner_id: "p-1".to_owned(),
        currency_code: "USD".to_owned(),
        ..Default::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// One bad number in an otherwise valid payload: the refusal names that
    /// field's path, and no other.
    #[test]
    fn one_bad_number_is_named_and_nothing_else_is(
        indicator in prop::sample::select(number_indicators()),
        bad in prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            -1e300..-1e-300f64,
        ],
    ) {
        let mut msg = minimal_payload();
        indicator_fields::set(&mut msg, indicator, Value::Number(bad));
        let mut violations = FieldViolations::default();
        let parsed = parse_partner(msg, "partner", &mut violations);
        prop_assert!(parsed.is_none());
        let fields: Vec<&str> = violations.as_slice().iter().map(|v| v.field.as_str()).collect();
        prop_assert_eq!(fields, vec![format!("partner.{}", indicator.path())]);
    }

    /// The same field holding zero parses, and the partner carries it.
    #[test]
    fn a_zero_number_parses(indicator in prop::sample::select(number_indicators())) {
        let mut msg = minimal_payload();
        indicator_fields::set(&mut msg, indicator, Value::Number(0.0));
        let mut violations = FieldViolations::default();
        let parsed = parse_partner(msg, "partner", &mut violations);
        prop_assert!(violations.is_empty(), "{:?}", violations.as_slice());
        prop_assert!(parsed.is_some());
    }
}
