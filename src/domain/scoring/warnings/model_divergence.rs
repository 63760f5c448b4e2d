//! MODEL_DIVERGENCE: Model A (money and loyalty) against Model B (the
//! relationship).

use super::{Severity, Warning, WarningCode};
use crate::domain::{partner::indicators::Indicator, scoring::assessment::Assessment};

/// Model A tier and Model B stage at least the model's gap apart.
pub(super) fn decide(a: &Assessment<'_>) -> Option<Warning> {
    let tier = a.model_a_tier?;
    let gap = i16::from(tier.level()) - i16::from(a.stage.level());
    if gap.unsigned_abs() < u16::from(a.model.warnings.model_divergence_min_gap) {
        return None;
    }
    let message = if gap > 0 {
        format!(
            "Model A puts this partner in {tier} (money and loyalty) but the relationship is only \
             {stage}: big revenue, shallow relationship. The revenue rests on a relationship that \
             has not been built.",
            stage = a.stage
        )
    } else {
        format!(
            "The relationship is {stage} but Model A puts this partner only in {tier}: a deep \
             relationship that today's money-and-loyalty tiering undervalues.",
            stage = a.stage
        )
    };
    Some(Warning {
        code: WarningCode::ModelDivergence,
        severity: Severity::Warning,
        message,
        fields: vec![Indicator::Revenue.path(), Indicator::Certifications.path()],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::{
            partner::{
                currency_code::CurrencyCode,
                units::{Count, Money},
            },
            scoring::warnings::test_support::*,
        },
    };

    #[test]
    fn platinum_revenue_on_a_transactional_relationship_diverges() {
        let model = builtin().model;
        let mut p = bare();
        p.currency = Some(CurrencyCode::parse("USD").unwrap());
        p.model_a.revenue = Some(Money::parse(20e6).unwrap());
        p.model_a.certifications = Some(Count::parse(30).unwrap());
        let w = decide(&Assessment::new(&model, &p)).unwrap();
        assert_eq!(w.code, WarningCode::ModelDivergence);
        assert!(w.message.contains("big revenue, shallow relationship"));
    }

    #[test]
    fn a_deep_relationship_with_little_revenue_diverges_the_other_way() {
        let model = builtin().model;
        let mut p = with_quality(partnership_hallmarks(bare()), 0.9);
        p.model_a.certifications = Some(Count::parse(0).unwrap());
        let w = decide(&Assessment::new(&model, &p)).unwrap();
        assert!(w.message.contains("undervalues"), "{}", w.message);
    }

    #[test]
    fn close_tiers_do_not_diverge() {
        let model = builtin().model;
        let mut p = bare();
        p.model_a.certifications = Some(Count::parse(2).unwrap());
        assert_eq!(decide(&Assessment::new(&model, &p)), None);
    }
}
