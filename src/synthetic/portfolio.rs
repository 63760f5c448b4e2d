//! [`SyntheticPortfolio`]: the iterator of synthetic partner payloads.

use rand::SeedableRng;

use super::{
    archetype::Archetype,
    sampling::{Rng, chance, count, fraction_near, log_normal, maybe, uniform, weighted_index},
};
use crate::{
    domain::{Stage, partner::currency_code::CurrencyCode},
    proto,
};

/// Regions partners are labelled with.
pub const REGIONS: [&str; 4] = ["emea", "amer", "apac", "latam"];
/// Industries partners are labelled with.
pub const INDUSTRIES: [&str; 5] = [
    "manufacturing",
    "financial_services",
    "healthcare",
    "public_sector",
    "retail",
];
/// The label keys every synthetic partner carries.
pub const LABEL_KEYS: [&str; 3] = ["region", "industry", "partner_type"];

/// Probability that any one indicator of an ordinary partner is missing.
const MISSING: f64 = 0.12;

/// Share of the partners carrying money whose money is in EUR rather than
/// USD, unless one currency is asked for
/// ([`SyntheticPortfolio::in_currency`]).
pub const EUR_SHARE: f64 = 0.03;

/// A deterministic, endless-or-bounded stream of synthetic partners.
///
/// By default money is in USD for most partners and in EUR for about 3 %
/// of them ([`EUR_SHARE`]), as in a real portfolio that mixes currencies
/// (a Model A tier counts revenue in the model's currency only). A pyramid
/// adds up money in one currency only: [`SyntheticPortfolio::in_currency`]
/// puts every partner's money in one currency, changing nothing else.
///
/// ```
/// use stage_scorer::{
///     domain::partner::currency_code::CurrencyCode, synthetic::SyntheticPortfolio,
/// };
/// let partners: Vec<_> = SyntheticPortfolio::new(42).take(3).collect();
/// assert_eq!(partners[0].partner_id, "P0000001");
/// let usd = CurrencyCode::parse("USD").unwrap();
/// let all_usd = SyntheticPortfolio::new(42).in_currency(usd).take(1000);
/// assert!(all_usd.into_iter().all(|p| p.currency_code.is_empty() || p.currency_code == "USD"));
/// ```
#[derive(Debug)]
pub struct SyntheticPortfolio {
    rng: Rng,
    next_index: u64,
    remaining: Option<u64>,
    currency: Option<CurrencyCode>,
}

impl SyntheticPortfolio {
    /// An endless portfolio for `seed`; bound it with [`Iterator::take`] or
    /// [`SyntheticPortfolio::with_count`].
    pub fn new(seed: u64) -> Self {
        Self {
            rng: Rng::seed_from_u64(seed),
            next_index: 0,
            remaining: None,
            currency: None,
        }
    }

    /// A portfolio of exactly `count` partners for `seed`.
    pub fn with_count(seed: u64, count: u64) -> Self {
        Self {
            remaining: Some(count),
            ..Self::new(seed)
        }
    }

    /// The same portfolio with every money amount in `currency`: the
    /// partners are those of the default mix, field for field, except for
    /// their `currency_code`.
    pub fn in_currency(mut self, currency: CurrencyCode) -> Self {
        self.currency = Some(currency);
        self
    }

    /// The next partner and the hidden profile it was drawn from.
    pub fn next_with_archetype(&mut self) -> Option<(Archetype, proto::PartnerIndicators)> {
        if let Some(remaining) = &mut self.remaining {
            if *remaining == 0 {
                return None;
            }
            *remaining -= 1;
        }
        self.next_index += 1;
        let archetype = Archetype::draw(&mut self.rng);
        let partner = draw_partner(&mut self.rng, self.next_index, &archetype, self.currency);
        Some((archetype, partner))
    }
}

impl Iterator for SyntheticPortfolio {
    type Item = proto::PartnerIndicators;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_with_archetype().map(|(_, partner)| partner)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self.remaining {
            Some(n) => {
                let n = usize::try_from(n).unwrap_or(usize::MAX);
                (n, Some(n))
            }
            None => (usize::MAX, None),
        }
    }
}

/// Typical values per true stage, from the base up.
struct StageProfile {
    revenue_median: f64,
    certifications: (u32, u32),
    deals: (u32, u32),
    quality: f64,
    /// Target effort index for a host effort at this stage.
    effort: f64,
    cost_of_sale_ratio: f64,
}

const PROFILES: [StageProfile; 4] = [
    StageProfile {
        revenue_median: 150_000.0,
        certifications: (0, 3),
        deals: (1, 25),
        quality: 0.4,
        effort: 0.12,
        cost_of_sale_ratio: 0.17,
    },
    StageProfile {
        revenue_median: 600_000.0,
        certifications: (2, 7),
        deals: (5, 40),
        quality: 0.55,
        effort: 0.37,
        cost_of_sale_ratio: 0.13,
    },
    StageProfile {
        revenue_median: 1_500_000.0,
        certifications: (4, 11),
        deals: (8, 60),
        quality: 0.72,
        effort: 0.62,
        cost_of_sale_ratio: 0.1,
    },
    StageProfile {
        revenue_median: 4_000_000.0,
        certifications: (8, 16),
        deals: (10, 80),
        quality: 0.86,
        effort: 0.88,
        cost_of_sale_ratio: 0.07,
    },
];

const PARTNER_TYPES: [&str; 4] = ["reseller", "value_added_reseller", "integrator", "alliance"];

fn draw_partner(
    rng: &mut Rng,
    index: u64,
    a: &Archetype,
    currency: Option<CurrencyCode>,
) -> proto::PartnerIndicators {
    let s = a.stage.index();
    let profile = &PROFILES[s];
    let missing = if a.sparse { 0.9 } else { MISSING };
    let at_least = |stage: Stage| a.stage >= stage;

    let mut labels = std::collections::HashMap::new();
    labels.insert(
        "region".to_owned(),
        REGIONS[weighted_index(rng, &[0.4, 0.3, 0.2, 0.1])].to_owned(),
    );
    labels.insert(
        "industry".to_owned(),
        INDUSTRIES[count(rng, 0, INDUSTRIES.len() as u32 - 1) as usize].to_owned(),
    );
    let type_index = if chance(rng, 0.1) {
        count(rng, 0, 3) as usize
    } else {
        s
    };
    labels.insert(
        "partner_type".to_owned(),
        PARTNER_TYPES[type_index].to_owned(),
    );

    // Money and loyalty.
    let (revenue, certifications) = if a.money_mismatch && s == 0 {
        (uniform(rng, 5.5e6, 2e7), count(rng, 10, 20))
    } else if a.money_mismatch && s == 3 {
        (uniform(rng, 20_000.0, 200_000.0), count(rng, 0, 1))
    } else {
        (
            log_normal(rng, profile.revenue_median, 0.8),
            count(rng, profile.certifications.0, profile.certifications.1),
        )
    };
    let revenue = revenue.round();
    let model_a = proto::ModelASignals {
        revenue: maybe(rng, missing, |_| revenue),
        certifications: maybe(rng, missing, |_| certifications),
        deal_count: maybe(rng, missing, |rng| {
            count(rng, profile.deals.0, profile.deals.1)
        }),
    };
    let resale = proto::ResaleHallmarks {
        resells_offering: maybe(rng, missing, |rng| chance(rng, 0.92)),
    };

    // Hallmarks.
    let (expertise, accelerators, attach) = if at_least(Stage::Enhanced) {
        (
            uniform(rng, 0.55, 1.0),
            count(rng, 1, 5),
            uniform(rng, 0.3, 0.8),
        )
    } else {
        (
            uniform(rng, 0.0, 0.45),
            count(rng, 0, 1),
            uniform(rng, 0.0, 0.2),
        )
    };
    let value_add = proto::ValueAddHallmarks {
        industry_expertise: maybe(rng, missing, |_| round2(expertise)),
        key_account_knowledge: maybe(rng, missing, |rng| {
            round2(fraction_near(rng, expertise, 0.15))
        }),
        accelerators_built: maybe(rng, missing, |_| accelerators),
        services_attach_rate: maybe(rng, missing, |_| round2(attach)),
    };
    let collaborative = at_least(Stage::Collaborative);
    let collaboration = proto::CollaborationHallmarks {
        successful_joint_projects: maybe(rng, missing, |rng| {
            if collaborative {
                count(rng, 2, 7)
            } else {
                count(rng, 0, 1)
            }
        }),
        joint_strategy: maybe(rng, missing, |rng| {
            chance(rng, if collaborative { 0.9 } else { 0.1 })
        }),
        governance_framework: maybe(rng, missing, |rng| {
            chance(rng, if collaborative { 0.85 } else { 0.05 })
        }),
        geographic_scope_agreed: maybe(rng, missing, |rng| {
            chance(rng, if collaborative { 0.8 } else { 0.2 })
        }),
    };
    let partnership_stage = at_least(Stage::Partnership);
    let partnership = proto::PartnershipHallmarks {
        joint_new_market_initiatives: maybe(rng, missing, |rng| {
            if partnership_stage {
                count(rng, 1, 4)
            } else {
                0
            }
        }),
        shared_risk_reward: maybe(rng, missing, |rng| {
            chance(rng, if partnership_stage { 0.9 } else { 0.03 })
        }),
    };

    // Relationship quality.
    let base = profile.quality;
    let (trust_base, communication_base) = if a.low_trust {
        (0.3, 0.35)
    } else {
        (base, base)
    };
    let quality_missing = if a.sparse || chance(rng, 0.08) {
        0.95
    } else {
        missing
    };
    let quality = proto::RelationshipQuality {
        interaction: maybe(rng, quality_missing, |rng| {
            round2(fraction_near(rng, base, 0.12))
        }),
        trust: maybe(rng, quality_missing, |rng| {
            round2(fraction_near(rng, trust_base, 0.1))
        }),
        communication: maybe(rng, quality_missing, |rng| {
            round2(fraction_near(rng, communication_base, 0.1))
        }),
        knowledge_exchange: maybe(rng, quality_missing, |rng| {
            round2(fraction_near(rng, base, 0.12))
        }),
        interoperation: maybe(rng, quality_missing, |rng| {
            round2(fraction_near(rng, base, 0.12))
        }),
    };

    // The host's effort, sized to the stage it corresponds to.
    let effort_target = PROFILES[a.effort_stage.index()].effort;
    let e = |rng: &mut Rng| (effort_target * uniform(rng, 0.8, 1.2)).min(1.0);
    let effort = proto::HostEffort {
        partner_manager_hours: maybe(rng, missing, |rng| (e(rng) * 800.0).round()),
        enablement_spend: maybe(rng, missing, |rng| (e(rng) * 0.05 * revenue).round()),
        executive_sponsor: maybe(rng, missing, |rng| chance(rng, effort_target)),
        joint_planning_sessions: maybe(rng, missing, |rng| (e(rng) * 12.0).round() as u32),
        // Salespeople's attention skews to the base whatever the stage.
        sales_focus_hours: maybe(rng, missing, |rng| {
            (uniform(rng, 0.5, 1.1) * (if s == 0 { 0.5 } else { effort_target }) * 400.0).round()
        }),
    };

    // The partner's commitment, usually in step with the host's effort.
    let commitment_target = if a.one_sided {
        if effort_target > 0.5 { 0.05 } else { 0.95 }
    } else {
        effort_target
    };
    let c = |rng: &mut Rng| (commitment_target * uniform(rng, 0.8, 1.2)).min(1.0);
    let commitment = proto::PartnerCommitment {
        dedicated_staff_fte: maybe(rng, missing, |rng| round2(c(rng) * 5.0)),
        certified_staff: maybe(rng, missing, |rng| (c(rng) * 10.0).round() as u32),
        co_investment: maybe(rng, missing, |rng| (c(rng) * 0.05 * revenue).round()),
    };

    let ratio =
        profile.cost_of_sale_ratio * uniform(rng, 0.6, 1.3) * if a.costly { 2.5 } else { 1.0 };
    let economics = proto::Economics {
        cost_of_sale: maybe(rng, missing, |_| (ratio * revenue).round()),
    };

    let stage_value = |stage: Stage| proto_stage(stage) as i32;
    let intent = proto::RelationshipIntent {
        host_intended_stage: maybe(rng, missing, |_| stage_value(a.host_intent)).unwrap_or(0),
        partner_desired_stage: maybe(rng, missing, |_| stage_value(a.partner_intent)).unwrap_or(0),
    };

    let mut partner = proto::PartnerIndicators {
        partner_id: format!("P{index:07}"),
        labels,
        currency_code: String::new(),
        model_a: Some(model_a),
        resale: Some(resale),
        value_add: Some(value_add),
        collaboration: Some(collaboration),
        partnership: Some(partnership),
        quality: Some(quality),
        effort: Some(effort),
        commitment: Some(commitment),
        economics: Some(economics),
        intent: Some(intent),
    };
    let any_money = partner.model_a.is_some_and(|m| m.revenue.is_some())
        || partner.effort.is_some_and(|e| e.enablement_spend.is_some())
        || partner
            .commitment
            .is_some_and(|c| c.co_investment.is_some())
        || partner.economics.is_some_and(|e| e.cost_of_sale.is_some());
    if any_money {
        // Drawn whatever the currency asked for, so that asking for one
        // changes no other field.
        let mixed = if chance(rng, EUR_SHARE) { "EUR" } else { "USD" };
        partner.currency_code = currency
            .as_ref()
            .map_or(mixed, CurrencyCode::as_str)
            .to_owned();
    }
    partner
}

fn proto_stage(stage: Stage) -> proto::Stage {
    match stage {
        Stage::Transactional => proto::Stage::Transactional,
        Stage::Enhanced => proto::Stage::Enhanced,
        Stage::Collaborative => proto::Stage::Collaborative,
        Stage::Partnership => proto::Stage::Partnership,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::{
        configuration,
        domain::{classify, scoring::warnings::WarningCode},
        wire::{field_violations::FieldViolations, parse::partner::parse_partner},
    };

    #[test]
    fn the_same_seed_gives_the_same_portfolio_and_shorter_is_a_prefix() {
        let a: Vec<_> = SyntheticPortfolio::with_count(7, 200).collect();
        let b: Vec<_> = SyntheticPortfolio::new(7).take(300).collect();
        assert_eq!(a.len(), 200);
        assert_eq!(a[..], b[..200]);
        let c: Vec<_> = SyntheticPortfolio::with_count(8, 200).collect();
        assert_ne!(a, c);
    }

    #[test]
    fn one_currency_changes_the_currency_codes_only() {
        let eur = CurrencyCode::parse("EUR").unwrap();
        let mixed: Vec<_> = SyntheticPortfolio::with_count(3, 2_000).collect();
        let single: Vec<_> = SyntheticPortfolio::with_count(3, 2_000)
            .in_currency(eur)
            .collect();
        let codes = |p: &[proto::PartnerIndicators]| -> BTreeSet<String> {
            p.iter().map(|p| p.currency_code.clone()).collect()
        };
        assert_eq!(
            codes(&mixed),
            BTreeSet::from(["".into(), "EUR".into(), "USD".into()])
        );
        assert_eq!(codes(&single), BTreeSet::from(["".into(), "EUR".into()]));
        for (mut m, s) in mixed.into_iter().zip(single) {
            if !m.currency_code.is_empty() {
                m.currency_code = "EUR".into();
            }
            assert_eq!(m, s);
        }
    }

    #[test]
    fn every_partner_is_valid_with_a_unique_id() {
        let mut ids = BTreeSet::new();
        for msg in SyntheticPortfolio::with_count(1, 5_000) {
            assert!(ids.insert(msg.partner_id.clone()));
            let mut v = FieldViolations::default();
            assert!(parse_partner(msg, &mut v).is_some(), "{:?}", v.as_slice());
        }
    }

    #[test]
    fn the_portfolio_is_a_pyramid_raising_every_warning() {
        let model = configuration::builtin().model;
        let mut stages: BTreeMap<Stage, usize> = BTreeMap::new();
        let mut warnings: BTreeSet<WarningCode> = BTreeSet::new();
        for msg in SyntheticPortfolio::with_count(42, 5_000) {
            let mut v = FieldViolations::default();
            let partner = parse_partner(msg, &mut v).unwrap();
            let c = classify(&model, &partner);
            *stages.entry(c.stage).or_default() += 1;
            warnings.extend(c.warnings.iter().map(|w| w.code));
        }
        let counts = Stage::ALL.map(|s| stages.get(&s).copied().unwrap_or(0));
        assert!(
            counts[0] > counts[1]
                && counts[1] > counts[2]
                && counts[2] > counts[3]
                && counts[3] > 0,
            "not a pyramid: {counts:?}"
        );
        let missing: Vec<_> = WarningCode::ALL
            .into_iter()
            .filter(|c| !warnings.contains(c))
            .collect();
        assert!(missing.is_empty(), "never raised: {missing:?}");
    }
}
