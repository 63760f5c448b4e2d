//! LADDER_GAP: the hallmarks of a higher stage over a lower stage whose
//! hallmarks were supplied and clearly fail. The article: "both parties have
//! to commit increasing amounts of time, loyalty, and resources to reach each
//! new stage", so a stage rests on the one beneath it.

use super::{Severity, Warning, WarningCode};
use crate::domain::{
    partner::indicators::{Indicator, IndicatorGroup},
    scoring::assessment::Assessment,
    stage::Stage,
};

/// A stage whose own hallmarks and quality pass, held back by a missing
/// step beneath it.
pub(super) fn decide(a: &Assessment<'_>) -> Option<Warning> {
    let (above, broken) = a.ladder_gap.as_ref()?;
    let first = *broken.first()?;
    let steps: Vec<String> = broken
        .iter()
        .map(|s| {
            let e = &a.evidence[s.index()];
            let threshold = a.model.rule(*s).evidence_threshold;
            if e.support >= 1.0 {
                format!(
                    "{s} (its hallmarks score {:.2}, below {threshold:.2})",
                    e.score
                )
            } else {
                format!(
                    "{s} (its hallmarks score {:.2}, at most {:.2} even with the ones not \
                     supplied at full, below {threshold:.2})",
                    e.score, e.ceiling
                )
            }
        })
        .collect();
    let fields = Indicator::ALL
        .into_iter()
        .filter(|i| {
            broken
                .iter()
                .any(|s| i.group() == IndicatorGroup::Hallmark(*s))
                && i.supplied_value(a.partner).is_some()
        })
        .map(Indicator::path)
        .collect();
    Some(Warning {
        code: WarningCode::LadderGap,
        severity: Severity::Warning,
        message: format!(
            "The hallmarks point to {above} but the ladder beneath it is broken: {}. A stage \
             rests on the one beneath it, so the partner stays {}; build {first} first.",
            steps.join("; "),
            a.stage,
        ),
        fields,
    })
}

/// The stages missing beneath `stage`, lowest first, when it is the stage
/// held back by the ladder.
pub(crate) fn missing_beneath(a: &Assessment<'_>) -> Option<(Stage, Stage)> {
    let (above, broken) = a.ladder_gap.as_ref()?;
    broken.first().map(|first| (*above, *first))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::{
            partner::units::{Count, Fraction},
            scoring::{classification::classify, warnings::test_support::*},
        },
    };

    /// The reseller: value-add explicitly nil, no collaboration
    /// history, but joint new-market initiatives, shared risk/reward and
    /// very high quality.
    fn reseller_with_partnership_deals() -> crate::domain::partner::indicators::PartnerIndicators {
        let mut p = with_quality(bare(), 0.95);
        p.resale.resells_offering = Some(true);
        p.value_add.industry_expertise = Some(Fraction::parse(0.0).unwrap());
        p.value_add.key_account_knowledge = Some(Fraction::parse(0.0).unwrap());
        p.value_add.accelerators_built = Some(Count::parse(0).unwrap());
        p.value_add.services_attach_rate = Some(Fraction::parse(0.0).unwrap());
        p.collaboration.successful_joint_projects = Some(Count::parse(0).unwrap());
        p.collaboration.joint_strategy = Some(false);
        p.collaboration.governance_framework = Some(false);
        p.collaboration.geographic_scope_agreed = Some(false);
        p.partnership.joint_new_market_initiatives = Some(Count::parse(3).unwrap());
        p.partnership.shared_risk_reward = Some(true);
        p
    }

    // The article: "both parties have to commit increasing amounts of time,
    // loyalty, and resources to reach each new stage".
    #[test]
    fn partnership_hallmarks_over_a_missing_ladder_stay_at_the_base() {
        let model = builtin().model;
        let p = reseller_with_partnership_deals();
        let c = classify(&model, &p);
        assert_eq!(c.stage, Stage::Transactional);
        let w = c
            .warnings
            .iter()
            .find(|w| w.code == WarningCode::LadderGap)
            .expect("a LADDER_GAP warning");
        assert!(w.message.contains("build Enhanced first"), "{}", w.message);
        assert!(w.message.contains("Collaborative"), "{}", w.message);
        assert!(w.fields.contains(&"value_add.industry_expertise"));
        assert!(w.fields.contains(&"collaboration.joint_strategy"));
        assert!(
            c.explanation.summary.contains("build Enhanced first"),
            "{}",
            c.explanation.summary
        );
        assert!(!c.explanation.summary.contains("top of the pyramid"));
    }

    #[test]
    fn a_broken_middle_step_stops_the_partner_beneath_it() {
        let model = builtin().model;
        let mut p = reseller_with_partnership_deals();
        p.value_add.industry_expertise = Some(Fraction::parse(0.9).unwrap());
        p.value_add.key_account_knowledge = Some(Fraction::parse(0.9).unwrap());
        let c = classify(&model, &p);
        assert_eq!(c.stage, Stage::Enhanced);
        let w = c
            .warnings
            .iter()
            .find(|w| w.code == WarningCode::LadderGap)
            .unwrap();
        assert!(
            w.message.contains("build Collaborative first"),
            "{}",
            w.message
        );
        assert!(!w.fields.contains(&"value_add.industry_expertise"));
    }

    // "a missing indicator is unknown, never zero": unknown lower stages are
    // taken on trust, with a lower confidence.
    #[test]
    fn unknown_lower_stages_are_taken_on_trust_with_less_confidence() {
        let model = builtin().model;
        let mut p = with_quality(bare(), 0.95);
        p.partnership.joint_new_market_initiatives = Some(Count::parse(3).unwrap());
        p.partnership.shared_risk_reward = Some(true);
        let c = classify(&model, &p);
        assert_eq!(c.stage, Stage::Partnership);
        assert!(c.warnings.iter().all(|w| w.code != WarningCode::LadderGap));
        let full = classify(&model, &with_quality(partnership_hallmarks(bare()), 0.95));
        assert!(
            c.confidence < full.confidence - 0.3,
            "{} vs {}",
            c.confidence,
            full.confidence
        );
    }
}
