//! Weighted means over the indicators a payload supplied. An unknown
//! indicator is left out of the mean (it lowers `support`, not the value).

use crate::domain::{
    model::WeightedIndicator,
    partner::indicators::{Indicator, PartnerIndicators},
};

/// One supplied indicator's term in a mean.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightedTerm {
    /// The indicator.
    pub indicator: Indicator,
    /// Its normalised value, 0..1.
    pub normalized: f64,
    /// Its weight.
    pub weight: f64,
    /// What it adds to the mean, 0..1; the terms sum to the mean.
    pub contribution: f64,
}

/// A weighted mean over supplied indicators.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightedMean {
    /// The mean, 0..1; `None` when no weighted indicator was supplied.
    pub value: Option<f64>,
    /// Share of the total weight supplied, 0..1.
    pub support: f64,
    /// The supplied indicators, in model order.
    pub terms: Vec<WeightedTerm>,
}

impl WeightedMean {
    /// Computes the mean of `weights` over what `partner` supplied.
    pub fn of(weights: &[WeightedIndicator], partner: &PartnerIndicators) -> Self {
        let total: f64 = weights.iter().map(|w| w.weight).sum();
        let mut terms: Vec<WeightedTerm> = weights
            .iter()
            .filter_map(|w| {
                w.indicator.read_value(partner).map(|read| WeightedTerm {
                    indicator: w.indicator,
                    normalized: w.normalize(read),
                    weight: w.weight,
                    contribution: 0.0,
                })
            })
            .collect();
        let supplied: f64 = terms.iter().map(|t| t.weight).sum();
        if supplied <= 0.0 || total <= 0.0 {
            return Self {
                value: None,
                support: 0.0,
                terms,
            };
        }
        for term in &mut terms {
            term.contribution = term.weight * term.normalized / supplied;
        }
        let value = terms
            .iter()
            .map(|p| p.contribution)
            .sum::<f64>()
            .clamp(0.0, 1.0);
        Self {
            value: Some(value),
            support: (supplied / total).clamp(0.0, 1.0),
            terms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::partner::{partner_id::PartnerId, units::Fraction};

    fn weights() -> Vec<WeightedIndicator> {
        vec![
            WeightedIndicator {
                indicator: Indicator::Trust,
                weight: 3.0,
                full_at: 1.0,
            },
            WeightedIndicator {
                indicator: Indicator::Communication,
                weight: 1.0,
                full_at: 0.5,
            },
        ]
    }

    #[test]
    fn unknown_indicators_lower_support_not_value() {
        let mut p = PartnerIndicators::new(PartnerId::parse("p").unwrap());
        let empty = WeightedMean::of(&weights(), &p);
        assert_eq!(empty.value, None);
        assert_eq!(empty.support, 0.0);

        p.quality.trust = Some(Fraction::parse(0.8).unwrap());
        let one = WeightedMean::of(&weights(), &p);
        assert!((one.value.unwrap() - 0.8).abs() < 1e-12);
        assert_eq!(one.support, 0.75);

        p.quality.communication = Some(Fraction::parse(0.25).unwrap());
        let both = WeightedMean::of(&weights(), &p);
        // (3 * 0.8 + 1 * 0.5) / 4
        assert!((both.value.unwrap() - 0.725).abs() < 1e-12);
        assert_eq!(both.support, 1.0);
        let sum: f64 = both.terms.iter().map(|p| p.contribution).sum();
        assert!((sum - both.value.unwrap()).abs() < 1e-12);
    }
}
