//! EFFORT_ABOVE_INTENT and EFFORT_BELOW_INTENT: the host's effort against
//! the stage it intends for the relationship.

use super::{Severity, Warning, WarningCode, paths, severity_by_gap};
use crate::domain::{partner::indicators::Indicator, scoring::assessment::Assessment};

/// Compares the stage the effort corresponds to with the host's intent.
/// When the host declares no intent, the destination (best fit) stands in
/// for it: effort above it warns (one stage: info, two or more: warning),
/// and the message says the intent was inferred; effort below an inferred
/// intent is not called starvation.
pub(super) fn decide(a: &Assessment<'_>) -> Option<Warning> {
    let level = a.effort.effort_level?;
    let declared = a.partner.intent.host_intended_stage;
    let intent = declared.unwrap_or(a.destination);
    let gap = intent.steps_to(level);
    if gap == 0 || (declared.is_none() && gap < 0) {
        return None;
    }
    let mut fields = paths(a.effort.effort.mean.terms.iter().map(|p| p.indicator));
    fields.push(Indicator::HostIntendedStage.path());
    let index = a.effort.effort.index.unwrap_or(0.0);
    let (code, message) = if declared.is_none() {
        (
            WarningCode::EffortAboveIntent,
            format!(
                "Effort (index {index:.2}) is at {level} level but no host intent is declared; the \
                 intent was inferred, not declared, as the best fit ({intent}, {how}): resources \
                 above what it warrants are wasted. Declare the host's intent if more is meant.",
                how = if a.partner.intent.partner_desired_stage.is_some() {
                    "the stage the partner looks for"
                } else {
                    "the current stage"
                }
            ),
        )
    } else if gap > 0 {
        (
            WarningCode::EffortAboveIntent,
            format!(
                "Effort (index {index:.2}) is at {level} level but the host intends {} \
                 relationship: resources above what the intent warrants are wasted.",
                intent.with_article()
            ),
        )
    } else {
        (
            WarningCode::EffortBelowIntent,
            format!(
                "Effort (index {index:.2}) is only at {level} level but the host intends {} \
                 relationship: the relationship is starved of what it needs to grow.",
                intent.with_article()
            ),
        )
    };
    let severity = match (declared, gap.unsigned_abs()) {
        (Some(_), gap) => severity_by_gap(gap),
        (None, 1) => Severity::Info,
        (None, _) => Severity::Warning,
    };
    Some(Warning {
        code,
        severity,
        message,
        fields,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::{partner::units::Quantity, scoring::warnings::test_support::*, stage::Stage},
    };

    #[test]
    fn partnership_effort_on_a_transactional_intent_is_waste() {
        let model = builtin().model;
        let p = intending(with_effort(bare(), 1.0), Stage::Transactional);
        let w = decide(&Assessment::new(&model, &p)).unwrap();
        assert_eq!(w.code, WarningCode::EffortAboveIntent);
        assert_eq!(w.severity, Severity::Critical);
        assert!(w.fields.contains(&"intent.host_intended_stage"));
        assert!(w.fields.contains(&"effort.partner_manager_hours"));
    }

    #[test]
    fn transactional_effort_on_a_partnership_intent_starves() {
        let model = builtin().model;
        let p = intending(with_effort(bare(), 0.0), Stage::Partnership);
        let w = decide(&Assessment::new(&model, &p)).unwrap();
        assert_eq!(w.code, WarningCode::EffortBelowIntent);
        assert_eq!(w.severity, Severity::Critical);
    }

    #[test]
    fn matching_or_unknown_effort_raises_nothing() {
        let model = builtin().model;
        let matching = intending(with_effort(bare(), 1.0), Stage::Partnership);
        assert_eq!(decide(&Assessment::new(&model, &matching)), None);
        let unknown_effort = intending(bare(), Stage::Partnership);
        assert_eq!(decide(&Assessment::new(&model, &unknown_effort)), None);
    }

    // The article: "Matching the level to the intent of the relationship is
    // critical to avoid wasting resources."
    #[test]
    fn partnership_effort_on_a_reseller_without_declared_intent_is_waste() {
        let model = builtin().model;
        let mut p = with_effort(bare(), 1.0);
        p.resale.resells_offering = Some(true);
        let w = decide(&Assessment::new(&model, &p)).unwrap();
        assert_eq!(w.code, WarningCode::EffortAboveIntent);
        assert_eq!(w.severity, Severity::Warning);
        assert!(
            w.message.contains("inferred, not declared"),
            "{}",
            w.message
        );
        assert!(w.message.contains("Transactional"), "{}", w.message);
        assert!(w.fields.contains(&"intent.host_intended_stage"));
    }

    #[test]
    fn an_inferred_intent_warns_only_above_and_mildly_for_one_stage() {
        let model = builtin().model;
        // Enhanced-level effort on a reseller: one stage above, info.
        let mut p = bare();
        p.effort.partner_manager_hours = Some(Quantity::parse(400.0).unwrap());
        p.effort.executive_sponsor = Some(false);
        p.effort.joint_planning_sessions =
            Some(crate::domain::partner::units::Count::parse(4).unwrap());
        let a = Assessment::new(&model, &p);
        assert_eq!(a.effort.effort_level, Some(Stage::Enhanced));
        assert_eq!(decide(&a).unwrap().severity, Severity::Info);
        // A partner who looks for a Partnership: Partnership effort matches.
        let mut wanted = with_effort(bare(), 1.0);
        wanted.intent.partner_desired_stage = Some(Stage::Partnership);
        assert_eq!(decide(&Assessment::new(&model, &wanted)), None);
        // Low effort on an inferred intent is not starvation.
        let low = with_effort(partnership_hallmarks(with_quality(bare(), 0.9)), 0.0);
        assert_eq!(decide(&Assessment::new(&model, &low)), None);
    }
}
