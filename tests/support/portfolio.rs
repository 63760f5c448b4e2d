//! A minimal deterministic generator of partner payloads for the pyramid
//! tests. Partner `i` depends on `i` alone, so portfolios can be generated
//! lazily, in any order, and split into shards that add up to the whole.

use stage_scorer::proto;

/// splitmix64: a good 64-bit mix of `x`.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Random numbers derived from one partner's index.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = mix(self.0);
        self.0
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Regions partners are labelled with (some partners carry no region).
pub const REGIONS: [&str; 3] = ["emea", "amer", "apac"];

/// Partner number `i` of portfolio `seed`: a pyramid-shaped mix of stages,
/// money in USD, effort, quality, intents and a `region` label (missing on
/// about one partner in ten). When `invalid_every` is not 0, every
/// `invalid_every`-th partner carries an out-of-range trust score.
pub fn partner(seed: u64, i: u64, invalid_every: u64) -> proto::PartnerIndicators {
    let mut d = Draw(mix(seed) ^ i);
    let level = [1, 1, 1, 1, 1, 2, 2, 3, 4, 4][d.below(10) as usize];
    let strong = |at: u32| level >= at;
    let q = 0.4 + 0.6 * d.unit();
    let x = d.unit();
    let revenue = (d.unit() * 3e6).round();
    let mut labels = std::collections::HashMap::new();
    if d.below(10) > 0 {
        labels.insert("region".to_owned(), REGIONS[d.below(3) as usize].to_owned());
    }
    let trust = if invalid_every > 0 && i % invalid_every == invalid_every - 1 {
        1.5
    } else {
        q
    };
    proto::PartnerIndicators {
        partner_id: format!("s{seed}-p{i:07}"),
        labels,
        currency_code: "USD".into(),
        model_a: Some(proto::ModelASignals {
            revenue: Some(revenue),
            certifications: Some(d.below(12) as u32),
            deal_count: Some(1 + d.below(20) as u32),
        }),
        resale: Some(proto::ResaleHallmarks {
            resells_offering: Some(true),
        }),
        value_add: Some(proto::ValueAddHallmarks {
            industry_expertise: Some(if strong(2) { 0.9 } else { 0.1 }),
            key_account_knowledge: Some(if strong(2) { 0.85 } else { 0.2 }),
            accelerators_built: Some(if strong(2) { 3 } else { 0 }),
            services_attach_rate: Some(if strong(2) { 0.5 } else { 0.05 }),
        }),
        collaboration: Some(proto::CollaborationHallmarks {
            successful_joint_projects: Some(if strong(3) { 4 } else { 0 }),
            joint_strategy: Some(strong(3)),
            governance_framework: Some(strong(3)),
            geographic_scope_agreed: Some(strong(3)),
        }),
        partnership: Some(proto::PartnershipHallmarks {
            joint_new_market_initiatives: Some(if strong(4) { 2 } else { 0 }),
            shared_risk_reward: Some(strong(4)),
        }),
        quality: Some(proto::RelationshipQuality {
            interaction: Some(q),
            trust: Some(trust),
            communication: Some(q),
            knowledge_exchange: Some(q),
            interoperation: Some(q),
        }),
        effort: Some(proto::HostEffort {
            partner_manager_hours: Some((800.0 * x).round()),
            enablement_spend: None,
            executive_sponsor: Some(x > 0.6),
            joint_planning_sessions: Some((12.0 * x) as u32),
            sales_focus_hours: Some((400.0 * d.unit()).round()),
        }),
        commitment: Some(proto::PartnerCommitment {
            dedicated_staff_fte: Some((5.0 * d.unit() * 10.0).round() / 10.0),
            certified_staff: Some(d.below(12) as u32),
            co_investment: None,
        }),
        economics: Some(proto::Economics {
            cost_of_sale: Some((revenue * (0.05 + 0.25 * d.unit())).round()),
        }),
        intent: Some(proto::RelationshipIntent {
            host_intended_stage: 1 + d.below(4) as i32,
            partner_desired_stage: d.below(5) as i32,
        }),
    }
}

/// Partners `range` of portfolio `seed`.
pub fn partners(
    seed: u64,
    range: std::ops::Range<u64>,
    invalid_every: u64,
) -> Vec<proto::PartnerIndicators> {
    range.map(|i| partner(seed, i, invalid_every)).collect()
}
