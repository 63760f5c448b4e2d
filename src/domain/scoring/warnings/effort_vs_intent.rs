//! EFFORT_ABOVE_INTENT and EFFORT_BELOW_INTENT: the host's effort against
//! the stage it intends for the relationship.

use super::{Warning, WarningCode, paths, severity_by_gap};
use crate::domain::{partner::indicators::Indicator, scoring::assessment::Assessment};

/// Compares the stage the effort corresponds to with the host's intent.
pub(super) fn decide(a: &Assessment<'_>) -> Option<Warning> {
    let level = a.effort.effort_level?;
    let intent = a.partner.intent.host_intended_stage?;
    let gap = intent.steps_to(level);
    if gap == 0 {
        return None;
    }
    let mut fields = paths(a.effort.effort.mean.terms.iter().map(|p| p.indicator));
    fields.push(Indicator::HostIntendedStage.path());
    let index = a.effort.effort.index.unwrap_or(0.0);
    let (code, message) = if gap > 0 {
        (
            WarningCode::EffortAboveIntent,
            format!(
                "Effort (index {index:.2}) is at {level} level but the host intends a {intent} \
                 relationship: resources above what the intent warrants are wasted."
            ),
        )
    } else {
        (
            WarningCode::EffortBelowIntent,
            format!(
                "Effort (index {index:.2}) is only at {level} level but the host intends a \
                 {intent} relationship: the relationship is starved of what it needs to grow."
            ),
        )
    };
    Some(Warning {
        code,
        severity: severity_by_gap(gap.unsigned_abs()),
        message,
        fields,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::{
            scoring::warnings::{Severity, test_support::*},
            stage::Stage,
        },
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
        let unknown_intent = with_effort(bare(), 1.0);
        assert_eq!(decide(&Assessment::new(&model, &unknown_intent)), None);
        let unknown_effort = intending(bare(), Stage::Partnership);
        assert_eq!(decide(&Assessment::new(&model, &unknown_effort)), None);
    }
}
