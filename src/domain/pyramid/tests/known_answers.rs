//! Hand-built portfolios with known answers.

use super::test_portfolio::*;
use crate::domain::pyramid::{
    GroupBy, GroupKey, PyramidAccumulator, PyramidError, PyramidOptions, PyramidReport,
    RejectedPartner, findings::FindingCode, health::HealthStatus, shape::Shape,
};
use crate::{
    config::builtin,
    domain::{
        ModelATier, PartnerIndicators, ScoringModel, Stage, classify,
        partner::currency_code::CurrencyCode,
        scoring::warnings::{Severity, WarningCode},
    },
};
use Stage::*;

fn model() -> ScoringModel {
    builtin().model
}

fn analyse_with(options: PyramidOptions, partners: &[PartnerIndicators]) -> PyramidReport {
    let model = model();
    let mut acc = PyramidAccumulator::new(&model, options);
    for p in partners {
        acc.add(p, &classify(&model, p)).unwrap();
    }
    acc.report()
}

fn analyse(partners: &[PartnerIndicators]) -> PyramidReport {
    analyse_with(PyramidOptions::default(), partners)
}

fn codes(r: &PyramidReport) -> Vec<FindingCode> {
    r.overall.health.findings.iter().map(|f| f.code).collect()
}

fn counts(r: &PyramidReport) -> [u64; 4] {
    r.overall.layers.each_ref().map(|l| l.partners)
}

#[test]
fn healthy_partners_classify_at_their_stage_without_warnings() {
    let model = model();
    for stage in Stage::ALL {
        let c = classify(&model, &healthy("p", stage));
        assert_eq!(c.stage, stage);
        assert_eq!(c.effort.effort_level, Some(stage), "{stage}");
        assert_eq!(c.model_a_tier.map(|t| t.level()), Some(stage.level()));
        assert!(c.warnings.is_empty(), "{stage}: {:?}", c.warnings);
    }
}

#[test]
fn a_proper_pyramid_is_healthy() {
    let r = analyse(&healthy_portfolio([60, 25, 10, 5]));
    assert_eq!(r.partners_analysed, 100);
    assert_eq!(counts(&r), [60, 25, 10, 5]);
    let o = &r.overall;
    assert_eq!(o.shape.shape, Shape::Proper);
    assert_eq!(o.shape.flatness, 0.6);
    assert_eq!(o.shape.top_share, 0.15);
    assert!(o.shape.breaks.is_empty());
    assert_eq!(o.layers[0].partner_share, 0.6);
    assert_eq!(o.layers[0].revenue, 6_000_000.0);
    assert_eq!(o.layers[0].revenue_per_partner, Some(100_000.0));
    assert_eq!(o.layers[0].cost_of_sale, 1_200_000.0);
    assert_eq!(o.layers[0].cost_of_sale_ratio, Some(0.2));
    assert_eq!(o.layers[3].cost_of_sale_ratio, Some(0.08));
    assert_eq!(o.layers[2].mean_quality, Some(0.85));
    assert!(o.cost_of_sale.not_falling.is_empty());
    assert!(!o.effort_allocation.base_absorbs_attention);
    assert_eq!(o.effort_balance.wasted, 0.0);
    assert_eq!(o.effort_balance.missing, 0.0);
    assert_eq!(o.journey.partners_below_intent, 0);
    assert_eq!(o.model_a_vs_b[1], [60, 0, 0, 0]);
    assert_eq!(o.model_a_vs_b[4], [0, 0, 0, 5]);
    assert_eq!(o.health.score, 100);
    assert_eq!(o.health.status, HealthStatus::Healthy);
    assert!(o.health.findings.is_empty(), "{:?}", o.health.findings);
    assert_eq!(r.currency, Some(CurrencyCode::parse("USD").unwrap()));
    assert_eq!(r.model_version, "tecp-default-2026.11");
}

#[test]
fn hundreds_of_transactional_partners_make_it_too_flat() {
    let r = analyse(&healthy_portfolio([400, 6, 2, 0]));
    let o = &r.overall;
    assert_eq!(o.shape.shape, Shape::TooFlat);
    assert_eq!(o.shape.flatness, 400.0 / 408.0);
    assert_eq!(codes(&r), vec![FindingCode::TooFlat]);
    let f = &o.health.findings[0];
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.value, Some(400.0 / 408.0));
    assert_eq!(f.threshold, Some(0.85));
    assert!(
        f.message.contains("98% of partners (400 of 408)"),
        "{}",
        f.message
    );
    assert_eq!(o.health.score, 80);
    assert_eq!(o.health.status, HealthStatus::AtRisk);
}

#[test]
fn more_partners_at_the_top_than_the_base_is_inverted() {
    let r = analyse(&healthy_portfolio([2, 3, 10, 15]));
    let o = &r.overall;
    assert_eq!(o.shape.shape, Shape::Inverted);
    assert_eq!(
        o.shape.breaks,
        vec![
            (Transactional, Enhanced),
            (Enhanced, Collaborative),
            (Collaborative, Partnership)
        ]
    );
    assert_eq!(codes(&r), vec![FindingCode::Inverted]);
    assert_eq!(o.health.findings[0].severity, Severity::Critical);
    assert_eq!(o.health.score, 60);
}

#[test]
fn a_narrow_middle_makes_it_top_heavy() {
    let r = analyse(&healthy_portfolio([40, 20, 25, 15]));
    let o = &r.overall;
    assert_eq!(o.shape.shape, Shape::TopHeavy);
    assert_eq!(o.shape.breaks, vec![(Enhanced, Collaborative)]);
    assert_eq!(o.shape.top_share, 0.4);
    assert_eq!(codes(&r), vec![FindingCode::TopHeavy]);
    let f = &o.health.findings[0];
    assert!(
        f.message
            .contains("fewer Enhanced (20) than Collaborative (25) partners"),
        "{}",
        f.message
    );
    assert_eq!(f.stages, vec![Enhanced, Collaborative, Partnership]);
}

#[test]
fn an_empty_portfolio_has_no_data() {
    let r = analyse(&[]);
    assert_eq!(r.partners_analysed, 0);
    assert_eq!(r.overall.shape.shape, Shape::Empty);
    assert_eq!(r.overall.health.status, HealthStatus::NoData);
    assert_eq!(r.overall.health.score, 0);
    assert_eq!(codes(&r), vec![FindingCode::NoPartners]);
    assert_eq!(r.currency, None);
    assert!(r.groups.is_empty());
}

#[test]
fn effort_concentrated_on_the_base_is_flagged_and_measured() {
    // The base gets Partnership-level effort although the host intends a
    // transactional relationship; the upper stages get base-level effort.
    let partners: Vec<PartnerIndicators> = healthy_portfolio([60, 25, 10, 5])
        .into_iter()
        .map(|p| {
            let stage = p.intent.host_intended_stage.unwrap();
            effort(p, if stage == Transactional { 0.875 } else { 0.125 })
        })
        .collect();
    let r = analyse(&partners);
    let o = &r.overall;
    let model = model();
    let index = |p: &PartnerIndicators| classify(&model, p).effort.effort_index.unwrap();
    let (high, low) = (index(&partners[0]), index(&partners[99]));
    assert!(o.effort_allocation.base_absorbs_attention);
    assert_eq!(
        o.effort_allocation.base_effort_share,
        o.layers[0].effort_share
    );
    assert!(
        o.layers[0].effort_share > 0.7,
        "{}",
        o.layers[0].effort_share
    );
    assert!(o.layers[0].warranted_effort_share < 0.3);
    assert!(o.effort_allocation.base_sales_focus_share > 0.7);
    // Waste: every base partner, by its index above the top of the
    // Transactional band (0.25).
    assert_eq!(o.layers[0].partners_effort_wasted, 60);
    assert!((o.layers[0].effort_wasted - 60.0 * (high - 0.25)).abs() < 1e-4);
    // Missing: every partner above the base, by the start of its band.
    assert_eq!(o.effort_balance.partners_missing, 40);
    let expected_missing = 25.0 * (0.25 - low) + 10.0 * (0.5 - low) + 5.0 * (0.75 - low);
    assert!((o.effort_balance.missing - expected_missing).abs() < 1e-4);
    assert_eq!(
        codes(&r),
        vec![
            FindingCode::BaseAbsorbsAttention,
            FindingCode::EffortWasted,
            FindingCode::EffortMissing
        ]
    );
    assert_eq!(o.health.status, HealthStatus::Unhealthy);
    assert_eq!(
        o.layers[0].warnings
            [crate::domain::pyramid::layer_totals::warning_index(WarningCode::EffortAboveIntent)],
        60
    );
}

#[test]
fn cost_of_sale_rising_toward_the_top_is_flagged_per_pair() {
    let partners: Vec<PartnerIndicators> = healthy_portfolio([60, 25, 10, 5])
        .into_iter()
        .map(|p| {
            let stage = p.intent.host_intended_stage.unwrap();
            let ratio = [0.1, 0.15, 0.2, 0.3][stage.index()];
            let certs = p.model_a.certifications.unwrap().get();
            money(p, "USD", 1_000_000.0, 1_000_000.0 * ratio, certs)
        })
        .collect();
    let r = analyse(&partners);
    let o = &r.overall;
    assert_eq!(
        o.cost_of_sale.ratios,
        [Some(0.1), Some(0.15), Some(0.2), Some(0.3)]
    );
    assert_eq!(
        o.cost_of_sale.not_falling,
        vec![
            (Transactional, Enhanced),
            (Enhanced, Collaborative),
            (Collaborative, Partnership)
        ]
    );
    assert!(codes(&r).contains(&FindingCode::CostOfSaleNotFalling));
    let f = o
        .health
        .findings
        .iter()
        .find(|f| f.code == FindingCode::CostOfSaleNotFalling)
        .unwrap();
    assert!(
        f.message
            .contains("Partnership 30.0% against Collaborative 20.0%"),
        "{}",
        f.message
    );
}

#[test]
fn mixed_currencies_are_refused_and_change_nothing() {
    let model = model();
    let usd = healthy("usd", Transactional);
    let mut eur = healthy("eur", Transactional);
    eur.currency = Some(CurrencyCode::parse("EUR").unwrap());
    let mut acc = PyramidAccumulator::new(&model, PyramidOptions::default());
    acc.add(&usd, &classify(&model, &usd)).unwrap();
    let before = acc.partial().clone();
    let err = acc.add(&eur, &classify(&model, &eur)).unwrap_err();
    assert_eq!(
        err,
        PyramidError::CurrencyMismatch {
            expected: CurrencyCode::parse("USD").unwrap(),
            found: CurrencyCode::parse("EUR").unwrap()
        }
    );
    assert!(err.to_string().contains("money in EUR"), "{err}");
    assert_eq!(acc.partial(), &before);

    // A declared currency binds the first partner too; partners without
    // money are welcome whatever their currency.
    let declared = PyramidOptions {
        currency: Some(CurrencyCode::parse("EUR").unwrap()),
        ..Default::default()
    };
    let mut acc = PyramidAccumulator::new(&model, declared);
    assert!(acc.classify_and_add(&usd).is_err());
    assert!(acc.classify_and_add(&eur).is_ok());
    let mut no_money = PartnerIndicators::new(usd.partner_id.clone());
    no_money.currency = Some(CurrencyCode::parse("JPY").unwrap());
    assert!(acc.classify_and_add(&no_money).is_ok());
    assert_eq!(acc.report().partners_analysed, 2);
}

#[test]
fn bad_partners_are_counted_listed_in_order_and_do_not_stop_the_analysis() {
    let model = model();
    let mut acc = PyramidAccumulator::new(&model, PyramidOptions::default());
    for (i, p) in healthy_portfolio([20, 5, 2, 1]).iter().enumerate() {
        if i % 7 == 3 {
            let id = format!("bad-{}", 100 - i);
            acc.reject(RejectedPartner::new(
                &id,
                [("quality.trust", "must be at most 1")],
            ))
            .unwrap();
        } else {
            acc.classify_and_add(p).unwrap();
        }
    }
    let r = acc.report();
    assert_eq!(r.partners_analysed, 24);
    assert_eq!(r.partners_rejected, 4);
    let ids: Vec<&str> = r.rejected.iter().map(|x| x.partner_id.as_str()).collect();
    assert_eq!(ids, ["bad-76", "bad-83", "bad-90", "bad-97"]);
    assert_eq!(r.rejected[0].fields, vec!["quality.trust"]);
    assert_eq!(r.rejected[0].reason, "quality.trust: must be at most 1");
    let f = r
        .overall
        .health
        .findings
        .iter()
        .find(|f| f.code == FindingCode::PartnersRejected)
        .unwrap();
    assert_eq!(f.value, Some(4.0));
}

fn labelled(id: &str, stage: Stage, l: &[(&str, &str)]) -> PartnerIndicators {
    labels(healthy(id, stage), l)
}

#[test]
fn grouping_by_one_key_puts_unlabelled_partners_in_their_own_group() {
    let partners = [
        labelled("a", Transactional, &[("region", "emea")]),
        labelled("b", Enhanced, &[("region", "emea")]),
        labelled("c", Transactional, &[("region", "amer")]),
        labelled("d", Partnership, &[]),
    ];
    let options = PyramidOptions {
        group_by: GroupBy::parse(vec!["region".into()]).unwrap(),
        ..Default::default()
    };
    let r = analyse_with(options, &partners);
    assert_eq!(r.group_by, vec!["region"]);
    let keys: Vec<&GroupKey> = r.groups.iter().map(|(k, _)| k).collect();
    assert_eq!(
        keys,
        vec![
            &GroupKey(vec![None]),
            &GroupKey(vec![Some("amer".into())]),
            &GroupKey(vec![Some("emea".into())]),
        ]
    );
    let emea = &r.groups[2].1;
    assert_eq!(emea.partners, 2);
    assert_eq!(emea.layers.each_ref().map(|l| l.partners), [1, 1, 0, 0]);
    assert_eq!(r.groups[0].1.layers[3].partners, 1);
    assert_eq!(r.overall.partners, 4);
    // Each group is a pyramid of its own, with its own findings.
    assert!(
        emea.health
            .findings
            .iter()
            .any(|f| f.code == FindingCode::FewPartners)
    );
}

#[test]
fn grouping_by_two_keys_groups_by_their_combination() {
    let partners = [
        labelled(
            "a",
            Transactional,
            &[("region", "emea"), ("partner_type", "var")],
        ),
        labelled(
            "b",
            Transactional,
            &[("region", "emea"), ("partner_type", "var")],
        ),
        labelled(
            "c",
            Enhanced,
            &[("region", "emea"), ("partner_type", "msp")],
        ),
        labelled(
            "d",
            Collaborative,
            &[("region", "amer"), ("partner_type", "var")],
        ),
        labelled("e", Transactional, &[("partner_type", "var")]),
    ];
    let options = PyramidOptions {
        group_by: GroupBy::parse(vec!["region".into(), "partner_type".into()]).unwrap(),
        ..Default::default()
    };
    let r = analyse_with(options, &partners);
    let groups: Vec<(Vec<Option<&str>>, u64)> = r
        .groups
        .iter()
        .map(|(k, g)| (k.0.iter().map(|v| v.as_deref()).collect(), g.partners))
        .collect();
    assert_eq!(
        groups,
        vec![
            (vec![None, Some("var")], 1),
            (vec![Some("amer"), Some("var")], 1),
            (vec![Some("emea"), Some("msp")], 1),
            (vec![Some("emea"), Some("var")], 2),
        ]
    );
    let total: u64 = r.groups.iter().map(|(_, g)| g.partners).sum();
    assert_eq!(total, r.overall.partners);
}

#[test]
fn the_journey_counts_transitions_and_values_each_step() {
    let mut partners = healthy_portfolio([60, 25, 10, 5]);
    // Ten transactional partners where both sides want Enhanced, two where
    // both want Collaborative, one where only the partner wants more.
    for p in partners.iter_mut().take(10) {
        p.intent.host_intended_stage = Some(Enhanced);
        p.intent.partner_desired_stage = Some(Enhanced);
    }
    for p in partners.iter_mut().skip(10).take(2) {
        p.intent.host_intended_stage = Some(Collaborative);
        p.intent.partner_desired_stage = Some(Partnership);
    }
    partners[12].intent.partner_desired_stage = Some(Partnership);
    let r = analyse(&partners);
    let j = &r.overall.journey;
    assert_eq!(j.partners_below_intent, 12);
    assert_eq!(j.transitions.len(), 2);
    assert_eq!(
        (j.transitions[0].to, j.transitions[0].partners),
        (Enhanced, 10)
    );
    assert_eq!(
        (j.transitions[1].to, j.transitions[1].partners),
        (Collaborative, 2)
    );
    assert_eq!(j.steps[0].partners_crossing, 12);
    assert_eq!(j.steps[1].partners_crossing, 2);
    assert_eq!(j.steps[0].revenue_per_partner_from, Some(100_000.0));
    assert_eq!(j.steps[0].revenue_per_partner_to, Some(400_000.0));
    assert_eq!(j.steps[0].revenue_gain_per_partner, Some(300_000.0));
    assert_eq!(j.steps[0].cost_of_sale_ratio_from, Some(0.2));
    assert_eq!(j.steps[0].cost_of_sale_ratio_to, Some(0.15));
    assert_eq!(
        j.potential_revenue_gain,
        Some(10.0 * 300_000.0 + 2.0 * 1_900_000.0)
    );
    assert!(!codes(&r).contains(&FindingCode::JourneyValueNotShown));
}

// The issue: one step with a negative gain and another with no revenue
// known gave the value 1 and named only the first; the proto says "steps
// concerned".
#[test]
fn the_journey_finding_names_every_step_concerned() {
    let mut partners = healthy_portfolio([30, 10, 5, 0]);
    for p in partners.iter_mut().take(5) {
        p.intent.host_intended_stage = Some(Collaborative);
        p.intent.partner_desired_stage = Some(Collaborative);
    }
    for p in partners.iter_mut().skip(30).take(10) {
        let certs = p.model_a.certifications.unwrap().get();
        *p = money(p.clone(), "USD", 50_000.0, 5_000.0, certs);
    }
    for p in partners.iter_mut().skip(40) {
        p.model_a.revenue = None;
        p.economics.cost_of_sale = None;
    }
    let r = analyse(&partners);
    assert_eq!(counts(&r), [30, 10, 5, 0]);
    let f = r
        .overall
        .health
        .findings
        .iter()
        .find(|f| f.code == FindingCode::JourneyValueNotShown)
        .expect("journey finding");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.value, Some(2.0));
    assert_eq!(f.stages, vec![Transactional, Enhanced, Collaborative]);
    assert!(
        f.message.contains("from Transactional to Enhanced"),
        "{}",
        f.message
    );
    assert!(
        f.message.contains("(Enhanced to Collaborative)"),
        "{}",
        f.message
    );
}

#[test]
fn a_journey_without_a_revenue_gain_is_flagged() {
    let mut partners = healthy_portfolio([30, 10, 0, 0]);
    for p in partners.iter_mut().take(5) {
        p.intent.host_intended_stage = Some(Enhanced);
        p.intent.partner_desired_stage = Some(Enhanced);
    }
    for p in partners.iter_mut().skip(30) {
        let certs = p.model_a.certifications.unwrap().get();
        *p = money(p.clone(), "USD", 50_000.0, 5_000.0, certs);
    }
    let r = analyse(&partners);
    let f = r
        .overall
        .health
        .findings
        .iter()
        .find(|f| f.code == FindingCode::JourneyValueNotShown)
        .expect("journey finding");
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message
            .contains("5 partner(s) intend to move from Transactional to Enhanced")
    );
    assert!(
        f.message
            .contains("bring 50000 USD each against 100000 USD"),
        "{}",
        f.message
    );
}

#[test]
fn model_a_tiers_are_crossed_with_stages() {
    let mut partners = healthy_portfolio([3, 1, 0, 1]);
    // A platinum-revenue partner with a transactional relationship.
    partners[0] = money(partners[0].clone(), "USD", 9_000_000.0, 100_000.0, 20);
    partners[1].model_a.revenue = None;
    partners[1].model_a.certifications = None;
    let r = analyse(&partners);
    let t = &r.overall.model_a_vs_b;
    assert_eq!(t[0], [1, 0, 0, 0]); // tier unknown
    assert_eq!(t[1], [1, 0, 0, 0]); // Registered
    assert_eq!(t[2], [0, 1, 0, 0]); // Silver
    assert_eq!(
        t[crate::domain::pyramid::aggregate::tier_row(Some(ModelATier::Platinum))],
        [1, 0, 0, 1]
    );
    let divergence =
        crate::domain::pyramid::layer_totals::warning_index(WarningCode::ModelDivergence);
    assert_eq!(r.overall.layers[0].warnings[divergence], 1);
}

#[test]
fn grouping_is_capped_at_max_groups_without_changing_anything() {
    let model = model();
    let options = PyramidOptions {
        group_by: GroupBy::parse(vec!["owner".into()]).unwrap(),
        ..Default::default()
    };
    let mut acc = PyramidAccumulator::new(&model, options);
    let base =
        PartnerIndicators::new(crate::domain::partner::partner_id::PartnerId::parse("p").unwrap());
    let c = classify(&model, &base);
    for i in 0..crate::domain::pyramid::MAX_GROUPS {
        let p = labels(base.clone(), &[("owner", &format!("o{i}"))]);
        acc.add(&p, &c).unwrap();
    }
    let before = acc.partial().clone();
    let one_more = labels(base.clone(), &[("owner", "someone-new")]);
    assert_eq!(acc.add(&one_more, &c), Err(PyramidError::TooManyGroups));
    assert_eq!(acc.partial(), &before);
    // An existing group still takes partners.
    acc.add(&labels(base, &[("owner", "o1")]), &c).unwrap();
    assert_eq!(
        acc.partial().partners_analysed(),
        crate::domain::pyramid::MAX_GROUPS as u64 + 1
    );
}

// The issue: with a declared currency and no money, the report carried the
// currency while the contract said it is empty when no partner carried
// money. The contract now says what the code does: a declared currency is
// the report's currency; only undeclared and moneyless leaves it empty.
#[test]
fn a_declared_currency_is_the_reports_currency_even_without_money() {
    let mut partners = healthy_portfolio([3, 1, 0, 0]);
    for p in &mut partners {
        p.model_a.revenue = None;
        p.economics.cost_of_sale = None;
        p.effort.enablement_spend = None;
        p.commitment.co_investment = None;
    }
    let declared = PyramidOptions {
        currency: Some(CurrencyCode::parse("EUR").unwrap()),
        ..PyramidOptions::default()
    };
    assert_eq!(
        analyse_with(declared, &partners).currency,
        Some(CurrencyCode::parse("EUR").unwrap())
    );
    assert_eq!(analyse(&partners).currency, None);
}
