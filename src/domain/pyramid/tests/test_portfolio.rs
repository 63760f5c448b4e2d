//! Partners for the pyramid tests: hand-built partners that classify at a
//! chosen stage, and a small deterministic generator of varied portfolios.

use crate::domain::{
    PartnerIndicators, Stage,
    partner::{
        currency_code::CurrencyCode,
        labels::Labels,
        partner_id::PartnerId,
        units::{Count, Fraction, Money, Quantity},
    },
};

fn fraction(v: f64) -> Option<Fraction> {
    Some(Fraction::parse(v).unwrap())
}

fn count(v: u32) -> Option<Count> {
    Some(Count::parse(v).unwrap())
}

/// Sets every hallmark: strong for the stages up to `stage`, weak above, so
/// that the partner classifies at `stage` with confidence.
pub(super) fn hallmarks(mut p: PartnerIndicators, stage: Stage) -> PartnerIndicators {
    let up_to = |s: Stage| s <= stage;
    p.resale.resells_offering = Some(true);
    p.model_a.deal_count = count(10);
    let e = up_to(Stage::Enhanced);
    p.value_add.industry_expertise = fraction(if e { 0.9 } else { 0.1 });
    p.value_add.key_account_knowledge = fraction(if e { 0.9 } else { 0.1 });
    p.value_add.accelerators_built = count(if e { 4 } else { 0 });
    p.value_add.services_attach_rate = fraction(if e { 0.6 } else { 0.05 });
    let c = up_to(Stage::Collaborative);
    p.collaboration.successful_joint_projects = count(if c { 5 } else { 0 });
    p.collaboration.joint_strategy = Some(c);
    p.collaboration.governance_framework = Some(c);
    p.collaboration.geographic_scope_agreed = Some(c);
    let s = up_to(Stage::Partnership);
    p.partnership.joint_new_market_initiatives = count(if s { 3 } else { 0 });
    p.partnership.shared_risk_reward = Some(s);
    p
}

/// Sets all five quality dimensions to `v`.
pub(super) fn quality(mut p: PartnerIndicators, v: f64) -> PartnerIndicators {
    p.quality.interaction = fraction(v);
    p.quality.trust = fraction(v);
    p.quality.communication = fraction(v);
    p.quality.knowledge_exchange = fraction(v);
    p.quality.interoperation = fraction(v);
    p
}

/// Sets effort so that its index is close to `x` (0..1): partner-manager
/// hours, planning sessions and salespeople's hours; and a matching
/// commitment.
pub(super) fn effort(mut p: PartnerIndicators, x: f64) -> PartnerIndicators {
    p.effort.partner_manager_hours = Some(Quantity::parse(800.0 * x).unwrap());
    p.effort.joint_planning_sessions = count((12.0 * x).round() as u32);
    p.effort.sales_focus_hours = Some(Quantity::parse(400.0 * x).unwrap());
    p.commitment.dedicated_staff_fte = Some(Quantity::parse(5.0 * x).unwrap());
    p.commitment.certified_staff = count((10.0 * x).round() as u32);
    p
}

/// Sets revenue, cost of sale and certifications, in `currency`.
pub(super) fn money(
    mut p: PartnerIndicators,
    currency: &str,
    revenue: f64,
    cost: f64,
    certifications: u32,
) -> PartnerIndicators {
    p.currency = Some(CurrencyCode::parse(currency).unwrap());
    p.model_a.revenue = Some(Money::parse(revenue).unwrap());
    p.economics.cost_of_sale = Some(Money::parse(cost).unwrap());
    p.model_a.certifications = count(certifications);
    p
}

/// Sets both intents.
pub(super) fn intent(mut p: PartnerIndicators, host: Stage, partner: Stage) -> PartnerIndicators {
    p.intent.host_intended_stage = Some(host);
    p.intent.partner_desired_stage = Some(partner);
    p
}

/// Sets labels.
pub(super) fn labels(mut p: PartnerIndicators, entries: &[(&str, &str)]) -> PartnerIndicators {
    p.labels = Labels::parse(entries.iter().map(|(k, v)| (k.to_string(), v.to_string()))).unwrap();
    p
}

/// The middle of each stage's effort band in the default model.
pub(super) fn band_middle(stage: Stage) -> f64 {
    [0.125, 0.375, 0.625, 0.875][stage.index()]
}

/// A healthy partner at `stage`: hallmarks of the stage, good quality,
/// effort and commitment matched to the stage, both sides intending it,
/// Model A tier in line, and a cost of sale that falls going up.
pub(super) fn healthy(id: &str, stage: Stage) -> PartnerIndicators {
    let (revenue, ratio, certs) = [
        (100_000.0, 0.2, 1),
        (400_000.0, 0.15, 3),
        (2_000_000.0, 0.1, 6),
        (6_000_000.0, 0.08, 12),
    ][stage.index()];
    let p = PartnerIndicators::new(PartnerId::parse(id).unwrap());
    let p = quality(hallmarks(p, stage), 0.85);
    let p = effort(p, band_middle(stage));
    let p = money(p, "USD", revenue, revenue * ratio, certs);
    intent(p, stage, stage)
}

/// `counts[i]` healthy partners at each stage (base first), ids `p-00000`
/// onward.
pub(super) fn healthy_portfolio(counts: [usize; 4]) -> Vec<PartnerIndicators> {
    let mut out = Vec::new();
    for stage in Stage::ALL {
        for _ in 0..counts[stage.index()] {
            out.push(healthy(&format!("p-{:05}", out.len()), stage));
        }
    }
    out
}

/// A tiny deterministic random generator (xorshift64*).
#[derive(Debug, Clone)]
pub(super) struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub(super) fn new(seed: u64) -> Self {
        Self(seed ^ 0x9E37_79B9_7F4A_7C15 | 1)
    }

    /// The next number.
    pub(super) fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (n > 0).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A number in 0..1.
    pub(super) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// `Some(f())` with probability `p`.
    pub(super) fn maybe<T>(&mut self, p: f64, f: impl FnOnce(&mut Self) -> T) -> Option<T> {
        if self.unit() < p { Some(f(self)) } else { None }
    }
}

/// A varied portfolio of `n` partners: random stages, quality, effort,
/// money (USD), intents and `region` / `partner_type` labels (sometimes
/// missing). Deterministic in `seed`.
pub(super) fn generated(seed: u64, n: usize) -> Vec<PartnerIndicators> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|i| {
            let stage = Stage::ALL[[0, 0, 0, 0, 1, 1, 2, 3][rng.below(8) as usize]];
            let p = PartnerIndicators::new(PartnerId::parse(format!("g-{seed}-{i}")).unwrap());
            let mut p = hallmarks(p, stage);
            let q = 0.3 + 0.7 * rng.unit();
            p = quality(p, q);
            if let Some(x) = rng.maybe(0.8, Rng::unit) {
                p = effort(p, x);
            }
            if rng.unit() < 0.7 {
                let revenue = (rng.unit() * 5e6 * 100.0).round() / 100.0;
                let cost = (revenue * rng.unit() * 0.4 * 100.0).round() / 100.0;
                p = money(p, "USD", revenue, cost, rng.below(15) as u32);
            }
            p.intent.host_intended_stage = rng.maybe(0.7, |r| Stage::ALL[r.below(4) as usize]);
            p.intent.partner_desired_stage = rng.maybe(0.5, |r| Stage::ALL[r.below(4) as usize]);
            let region = ["emea", "amer", "apac"][rng.below(3) as usize];
            let kind = ["reseller", "integrator"][rng.below(2) as usize];
            let mut l = Vec::new();
            if rng.unit() < 0.9 {
                l.push(("region", region));
            }
            if rng.unit() < 0.8 {
                l.push(("partner_type", kind));
            }
            labels(p, &l)
        })
        .collect()
}
