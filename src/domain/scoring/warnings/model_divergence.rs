//! MODEL_DIVERGENCE: Model A (money and loyalty) against Model B (the
//! relationship).

use super::{Severity, Warning, WarningCode, ladder_gap, quality_gate::gate_reasons};
use crate::domain::{
    partner::indicators::Indicator, scoring::assessment::Assessment, stage::Stage,
};

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
             {stage}: big revenue, {why}",
            stage = a.stage,
            why = why_shallow(a)
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

/// What is known about why the relationship sits below the money: only what
/// the payload shows, never more.
fn why_shallow(a: &Assessment<'_>) -> String {
    let held_by_quality = Stage::UPPER.into_iter().find(|s| {
        *s > a.stage && a.evidence[s.index()].met && a.gates[s.index()].fails_on_quality()
    });
    if let Some(s) = held_by_quality {
        return format!(
            "and hallmarks of {s}, held back by relationship quality ({}). The revenue rests on a \
             relationship whose quality has to catch up.",
            gate_reasons(a, &a.gates[s.index()])
        );
    }
    if let Some((above, missing)) = ladder_gap::missing_beneath(a) {
        return format!(
            "and hallmarks of {above}, but {missing} beneath it is missing. Build the missing step \
             before reading the revenue as a deep relationship."
        );
    }
    if a.evidence_stage > a.stage {
        return format!(
            "and hallmarks of {}, but too little relationship quality is known to confirm it. \
             Supply relationship quality before reading this as a shallow relationship.",
            a.evidence_stage
        );
    }
    let next = a.stage.next_up().unwrap_or(a.stage);
    if a.evidence[next.index()].mean.value.is_none() {
        return format!(
            "but the hallmarks of {next} were not supplied: the relationship's depth is not \
             known. Supply them before reading this as a shallow relationship."
        );
    }
    match a.quality.composite() {
        Some(q)
            if q < a
                .model
                .rule(Stage::Collaborative)
                .quality_gate
                .min_composite =>
        {
            format!(
                "shallow relationship (its hallmarks fall short of {next}, composite quality {q:.2}). \
             The revenue rests on a relationship that has not been built."
            )
        }
        Some(q) => format!(
            "shallow relationship by its hallmarks, which fall short of {next} (composite \
             quality {q:.2}). The revenue rests on a relationship that has not been built."
        ),
        None => format!(
            "shallow relationship by its hallmarks, which fall short of {next} (relationship \
             quality not known). The revenue rests on a relationship that has not been built up \
             the chain."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::{
            partner::{
                currency_code::CurrencyCode,
                units::{Count, Fraction, Money},
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
        // Nothing is known of the relationship: its depth is unknown.
        let w = decide(&Assessment::new(&model, &p)).unwrap();
        assert_eq!(w.code, WarningCode::ModelDivergence);
        assert!(w.message.contains("is not known"), "{}", w.message);
        assert!(!w.message.contains("big revenue, shallow"), "{}", w.message);
        // Hallmarks known and weak: a shallow relationship.
        p.value_add.industry_expertise = Some(Fraction::parse(0.1).unwrap());
        p.value_add.key_account_knowledge = Some(Fraction::parse(0.0).unwrap());
        let w = decide(&Assessment::new(&model, &with_quality(p, 0.3))).unwrap();
        assert!(
            w.message.contains("big revenue, shallow relationship"),
            "{}",
            w.message
        );
    }

    // The issue: one low dimension with trust at 0.95 was told "a
    // relationship that has not been built".
    #[test]
    fn a_relationship_held_back_by_one_dimension_is_named_so() {
        let model = builtin().model;
        let mut p = with_quality(partnership_hallmarks(bare()), 0.95);
        p.quality.interoperation = Some(Fraction::parse(0.2).unwrap());
        p.currency = Some(CurrencyCode::parse("USD").unwrap());
        p.model_a.revenue = Some(Money::parse(20e6).unwrap());
        p.model_a.certifications = Some(Count::parse(30).unwrap());
        let w = decide(&Assessment::new(&model, &p)).unwrap();
        assert!(w.message.contains("interoperation 0.20"), "{}", w.message);
        assert!(!w.message.contains("has not been built"), "{}", w.message);
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
