//! The Model A tier: today's segmentation by money (revenue) and loyalty
//! (certifications and training bought).

use crate::domain::{model::ModelARule, partner::indicators::PartnerIndicators, stage::ModelATier};

/// The partner's Model A tier: the lower of its revenue tier and its
/// certification tier, or the one that is known. Revenue only counts when it
/// is in the rule's currency. `None` when neither is known.
pub fn model_a_tier(rule: &ModelARule, partner: &PartnerIndicators) -> Option<ModelATier> {
    let revenue = partner
        .model_a
        .revenue
        .filter(|_| partner.currency == Some(rule.currency))
        .map(|r| tier_reached(rule, |cut| r.get() >= cut.min_revenue));
    let certifications = partner
        .model_a
        .certifications
        .map(|c| tier_reached(rule, |cut| c.get() >= cut.min_certifications));
    match (revenue, certifications) {
        (Some(r), Some(c)) => Some(r.min(c)),
        (one, other) => one.or(other),
    }
}

fn tier_reached(
    rule: &ModelARule,
    meets: impl Fn(&crate::domain::model::TierCutoff) -> bool,
) -> ModelATier {
    rule.tiers
        .iter()
        .rev()
        .find(|cut| meets(cut))
        .map_or(ModelATier::Registered, |cut| cut.tier)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::partner::{
            currency_code::CurrencyCode,
            partner_id::PartnerId,
            units::{Count, Money},
        },
    };

    fn partner(revenue: Option<f64>, certs: Option<u32>, currency: &str) -> PartnerIndicators {
        let mut p = PartnerIndicators::new(PartnerId::parse("p").unwrap());
        p.currency = Some(CurrencyCode::parse(currency).unwrap());
        p.model_a.revenue = revenue.map(|r| Money::parse(r).unwrap());
        p.model_a.certifications = certs.map(|c| Count::parse(c).unwrap());
        p
    }

    #[test]
    fn tier_is_the_lower_of_revenue_and_certifications() {
        let rule = builtin().model.model_a.clone();
        let t = |r, c| model_a_tier(&rule, &partner(r, c, "USD"));
        assert_eq!(t(None, None), None);
        assert_eq!(t(Some(10e6), Some(20)), Some(ModelATier::Platinum));
        assert_eq!(t(Some(10e6), Some(5)), Some(ModelATier::Gold));
        assert_eq!(t(Some(300e3), None), Some(ModelATier::Silver));
        assert_eq!(t(None, Some(1)), Some(ModelATier::Registered));
    }

    #[test]
    fn revenue_in_another_currency_does_not_count() {
        let rule = builtin().model.model_a.clone();
        assert_eq!(model_a_tier(&rule, &partner(Some(10e6), None, "EUR")), None);
        assert_eq!(
            model_a_tier(&rule, &partner(Some(10e6), Some(12), "EUR")),
            Some(ModelATier::Platinum)
        );
    }
}
