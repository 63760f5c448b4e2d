//! Properties the scoring model promises, checked over generated payloads:
//! determinism, monotonicity (more evidence or better quality never moves a
//! partner down a stage; supplying a missing indicator may, when the value it
//! reveals is weak), the ladder (no stage stands on a stage beneath it whose
//! supplied hallmarks clearly fail) and bounds (every score finite and in
//! range).

use std::sync::LazyLock;

use proptest::prelude::*;
use stage_scorer::{
    config,
    domain::{
        Classification, PartnerIndicators, ScoringModel, Stage, classify,
        partner::{
            currency_code::CurrencyCode,
            indicators::{Indicator, IndicatorGroup},
            partner_id::PartnerId,
            units::{Count, Fraction, Money, Quantity},
        },
    },
};

fn fraction() -> BoxedStrategy<Option<Fraction>> {
    prop::option::of(prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0f64,])
        .prop_map(|v| v.map(|v| Fraction::parse(v).unwrap()))
        .boxed()
}

fn count() -> BoxedStrategy<Option<Count>> {
    prop::option::of(prop_oneof![0u32..=20, Just(Count::MAX)])
        .prop_map(|v| v.map(|v| Count::parse(v).unwrap()))
        .boxed()
}

fn quantity() -> BoxedStrategy<Option<Quantity>> {
    prop::option::of(prop_oneof![
        Just(0.0),
        0.0..=5_000.0f64,
        Just(Quantity::MAX)
    ])
    .prop_map(|v| v.map(|v| Quantity::parse(v).unwrap()))
    .boxed()
}

fn money() -> BoxedStrategy<Option<Money>> {
    prop::option::of(prop_oneof![Just(0.0), 0.0..=1e7f64, Just(Money::MAX)])
        .prop_map(|v| v.map(|v| Money::parse(v).unwrap()))
        .boxed()
}

fn stage() -> BoxedStrategy<Option<Stage>> {
    prop::option::of(prop::sample::select(Stage::ALL.to_vec())).boxed()
}

fn flag() -> BoxedStrategy<Option<bool>> {
    prop::option::of(any::<bool>()).boxed()
}

prop_compose! {
    fn hallmarks()(
        resells in flag(), deals in count(),
        industry in fraction(), key_accounts in fraction(), accelerators in count(), attach in fraction(),
        projects in count(), strategy in flag(), governance in flag(), scope in flag(),
        initiatives in count(), shared in flag(),
    ) -> PartnerIndicators {
        {
            let mut p = PartnerIndicators::new(PartnerId::parse("prop-partner").unwrap());
            p.resale.resells_offering = resells;
            p.model_a.deal_count = deals;
            p.value_add.industry_expertise = industry;
            p.value_add.key_account_knowledge = key_accounts;
            p.value_add.accelerators_built = accelerators;
            p.value_add.services_attach_rate = attach;
            p.collaboration.successful_joint_projects = projects;
            p.collaboration.joint_strategy = strategy;
            p.collaboration.governance_framework = governance;
            p.collaboration.geographic_scope_agreed = scope;
            p.partnership.joint_new_market_initiatives = initiatives;
            p.partnership.shared_risk_reward = shared;
            p
        }
    }
}

prop_compose! {
    fn the_rest(base: PartnerIndicators)(
        quality in prop::array::uniform5(fraction()),
        hours in quantity(), spend in money(), sponsor in flag(), sessions in count(), sales in quantity(),
        fte in quantity(), certified in count(), co_investment in money(),
        revenue in money(), certifications in count(), cost in money(),
        host in stage(), wanted in stage(), currency in prop::sample::select(vec!["USD", "EUR"]),
    ) -> PartnerIndicators {
        {
            let mut p = base.clone();
            [
                p.quality.interaction,
                p.quality.trust,
                p.quality.communication,
                p.quality.knowledge_exchange,
                p.quality.interoperation,
            ] = quality;
            p.effort.partner_manager_hours = hours;
            p.effort.enablement_spend = spend;
            p.effort.executive_sponsor = sponsor;
            p.effort.joint_planning_sessions = sessions;
            p.effort.sales_focus_hours = sales;
            p.commitment.dedicated_staff_fte = fte;
            p.commitment.certified_staff = certified;
            p.commitment.co_investment = co_investment;
            p.model_a.revenue = revenue;
            p.model_a.certifications = certifications;
            p.economics.cost_of_sale = cost;
            p.intent.host_intended_stage = host;
            p.intent.partner_desired_stage = wanted;
            p.currency = Some(CurrencyCode::parse(currency).unwrap());
            p
        }
    }
}

fn partner() -> BoxedStrategy<PartnerIndicators> {
    hallmarks()
        .boxed()
        .prop_flat_map(|h| the_rest(h).boxed())
        .boxed()
}

/// Indicators that are evidence of a stage or of relationship quality.
fn evidence_indicators() -> Vec<Indicator> {
    Indicator::ALL
        .into_iter()
        .filter(|i| {
            matches!(
                i.group(),
                IndicatorGroup::Hallmark(_) | IndicatorGroup::Quality
            )
        })
        .collect()
}

/// Raises `indicator` by `step` (0..1 of its range): an unknown indicator
/// becomes known at the top of its range (more evidence), a known one moves
/// up (better evidence). Never lowers anything.
fn raise(p: &mut PartnerIndicators, indicator: Indicator, step: f64) {
    use Indicator::*;
    let up_f = |v: &mut Option<Fraction>| {
        *v = Some(Fraction::parse(v.map_or(1.0, |f| (f.get() + step).min(1.0))).unwrap());
    };
    let up_c = |v: &mut Option<Count>| {
        let add = (step * 10.0).ceil() as u32;
        *v = Some(Count::parse(v.map_or(Count::MAX, |c| (c.get() + add).min(Count::MAX))).unwrap());
    };
    let up_b = |v: &mut Option<bool>| *v = Some(true);
    match indicator {
        ResellsOffering => up_b(&mut p.resale.resells_offering),
        DealCount => up_c(&mut p.model_a.deal_count),
        IndustryExpertise => up_f(&mut p.value_add.industry_expertise),
        KeyAccountKnowledge => up_f(&mut p.value_add.key_account_knowledge),
        AcceleratorsBuilt => up_c(&mut p.value_add.accelerators_built),
        ServicesAttachRate => up_f(&mut p.value_add.services_attach_rate),
        SuccessfulJointProjects => up_c(&mut p.collaboration.successful_joint_projects),
        JointStrategy => up_b(&mut p.collaboration.joint_strategy),
        GovernanceFramework => up_b(&mut p.collaboration.governance_framework),
        GeographicScopeAgreed => up_b(&mut p.collaboration.geographic_scope_agreed),
        JointNewMarketInitiatives => up_c(&mut p.partnership.joint_new_market_initiatives),
        SharedRiskReward => up_b(&mut p.partnership.shared_risk_reward),
        Interaction => up_f(&mut p.quality.interaction),
        Trust => up_f(&mut p.quality.trust),
        Communication => up_f(&mut p.quality.communication),
        KnowledgeExchange => up_f(&mut p.quality.knowledge_exchange),
        Interoperation => up_f(&mut p.quality.interoperation),
        other => panic!("{other:?} is not evidence"),
    }
}

fn in_unit(x: f64) -> bool {
    x.is_finite() && (0.0..=1.0).contains(&x)
}

fn assert_bounded(c: &Classification) {
    assert!(in_unit(c.confidence), "confidence {}", c.confidence);
    assert!(in_unit(c.coverage), "coverage {}", c.coverage);
    assert!((1..=4).contains(&c.stage.top_down_number()));
    for s in &c.stage_scores {
        assert!(in_unit(s.score), "{s:?}");
        assert!(in_unit(s.evidence_score), "{s:?}");
        assert!(in_unit(s.support), "{s:?}");
    }
    for x in &c.explanation.contributions {
        assert!(in_unit(x.contribution) && in_unit(x.normalized), "{x:?}");
        assert!(x.weight.is_finite() && x.weight >= 0.0);
    }
    for r in &c.explanation.next_stage_requirements {
        assert!(r.target_value.is_finite());
        assert!(r.current_value.is_none_or(f64::is_finite));
    }
    assert!(c.quality.composite.is_none_or(in_unit));
    assert!(in_unit(c.quality.support));
    assert!(c.effort.effort_index.is_none_or(in_unit));
    assert!(c.effort.commitment_index.is_none_or(in_unit));
    assert!(in_unit(c.effort.effort_support) && in_unit(c.effort.commitment_support));
    assert!(
        c.cost_of_sale_ratio
            .is_none_or(|r| r.is_finite() && (0.0..=Money::MAX).contains(&r))
    );
    assert!(c.stage <= c.evidence_stage);
    assert!(c.warnings.windows(2).all(|w| w[0].code <= w[1].code));
}

static MODEL: LazyLock<ScoringModel> = LazyLock::new(|| config::builtin().model);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn classification_is_deterministic(p in partner()) {
        let first = classify(&MODEL, &p);
        // A model built again from the same configuration gives the same answer.
        let second = classify(&config::builtin().model, &p.clone());
        prop_assert_eq!(first, second);
    }

    #[test]
    fn every_score_is_finite_and_in_range(p in partner()) {
        assert_bounded(&classify(&MODEL, &p));
    }

    // The article: "both parties have to commit increasing amounts of time,
    // loyalty, and resources to reach each new stage".
    #[test]
    fn no_stage_stands_on_a_missing_stage_beneath_it(p in partner()) {
        let c = classify(&MODEL, &p);
        for s in c.stage_scores.iter().filter(|s| s.stage > Stage::Transactional && s.stage < c.stage) {
            // The best score the stage could still reach if every hallmark
            // not supplied counted fully.
            let ceiling = s.evidence_score * s.support + (1.0 - s.support);
            let threshold = MODEL.rule(s.stage).evidence_threshold;
            prop_assert!(
                ceiling >= threshold,
                "{} stands on {} whose hallmarks clearly fail ({ceiling} < {threshold})",
                c.stage, s.stage
            );
            prop_assert!(s.reached);
        }
    }

    // INSUFFICIENT_EVIDENCE never contradicts the confidence figure, and it
    // always names fields to supply.
    #[test]
    fn insufficient_evidence_agrees_with_confidence(p in partner()) {
        let c = classify(&MODEL, &p);
        let low = c.confidence < MODEL.warnings.min_confidence;
        let warning = c
            .warnings
            .iter()
            .find(|w| w.code == stage_scorer::domain::scoring::warnings::WarningCode::InsufficientEvidence);
        if low {
            prop_assert!(warning.is_some(), "confidence {} without the warning", c.confidence);
        }
        if let Some(w) = warning {
            prop_assert_eq!(w.message.contains("to classify with confidence"), low, "{}", w.message);
            prop_assert!(!w.fields.is_empty() || c.coverage == 1.0, "{}", w.message);
        }
    }

    #[test]
    fn more_evidence_or_better_quality_never_lowers_the_stage(
        p in partner(),
        raises in prop::collection::vec(
            (prop::sample::select(evidence_indicators()), 0.0..=1.0f64),
            1..6,
        ),
    ) {
        let model = &*MODEL;
        let before = classify(model, &p);
        let mut better = p.clone();
        for (indicator, step) in raises {
            raise(&mut better, indicator, step);
            let after = classify(model, &better);
            prop_assert!(
                after.stage >= before.stage,
                "raising {:?} moved {} down to {}", indicator, before.stage, after.stage
            );
            prop_assert!(after.evidence_stage >= before.evidence_stage);
        }
    }
}
