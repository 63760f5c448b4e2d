//! [`SyntheticPortfolio`]: the iterator of synthetic partner payloads.

use std::collections::HashMap;

use rand::SeedableRng;

use super::{
    archetype::Archetype,
    indicator_draw::IndicatorDraw,
    sampling::{Rng, chance, count, maybe, weighted_index},
};
use crate::{
    domain::partner::{
        currency_code::CurrencyCode,
        indicators::{Indicator, Unit},
    },
    proto,
    wire::indicator_fields,
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

const PARTNER_TYPES: [&str; 4] = ["reseller", "value_added_reseller", "integrator", "alliance"];

fn draw_partner(
    rng: &mut Rng,
    index: u64,
    a: &Archetype,
    currency: Option<CurrencyCode>,
) -> proto::PartnerIndicators {
    let mut partner = proto::PartnerIndicators {
        partner_id: format!("P{index:07}"),
        labels: draw_labels(rng, a),
        ..Default::default()
    };
    indicator_fields::add_every_section(&mut partner);
    let mut draw = IndicatorDraw::new(a);
    for indicator in Indicator::ALL {
        let missing = draw.missing(indicator, rng);
        if let Some(value) = maybe(rng, missing, |rng| draw.value(indicator, rng)) {
            indicator_fields::set(&mut partner, indicator, value);
        }
    }
    let any_money = Indicator::ALL
        .into_iter()
        .any(|i| i.unit() == Unit::Money && indicator_fields::get(&partner, i).is_some());
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

/// Region, industry and partner type; the type usually follows the true
/// stage.
fn draw_labels(rng: &mut Rng, a: &Archetype) -> HashMap<String, String> {
    let mut labels = HashMap::new();
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
        a.stage.index()
    };
    labels.insert(
        "partner_type".to_owned(),
        PARTNER_TYPES[type_index].to_owned(),
    );
    labels
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::{
        config,
        domain::{Stage, classify, scoring::warnings::WarningCode},
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
        let model = config::builtin().model;
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
