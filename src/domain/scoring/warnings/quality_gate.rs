//! QUALITY_BELOW_STAGE: the hallmarks point to a stage that relationship
//! quality does not support. Hallmarks of a partnership with poor trust do
//! not make a partnership.

use super::{Severity, Warning, WarningCode, paths};
use crate::domain::{
    partner::indicators::{Indicator, IndicatorGroup},
    scoring::assessment::Assessment,
    stage::Stage,
};

/// The highest stage held back by known-low quality, if any.
pub(super) fn decide(a: &Assessment<'_>) -> Option<Warning> {
    let held_back = Stage::UPPER.into_iter().rev().find(|s| {
        *s > a.stage && a.evidence[s.index()].met && a.gates[s.index()].fails_on_quality()
    })?;
    let gate = &a.gates[held_back.index()];
    let composite = a.quality.composite().unwrap_or(0.0);
    let mut reasons = Vec::new();
    if !gate.composite_ok {
        reasons.push(format!(
            "composite quality {composite:.2} is below {:.2}",
            gate.gate.min_composite
        ));
    }
    if !gate.failing.is_empty() {
        let names: Vec<&str> = gate.failing.iter().map(|i| i.name()).collect();
        reasons.push(format!(
            "{} below {:.2}",
            names.join(", "),
            gate.gate.min_each
        ));
    }
    let fields = if gate.failing.is_empty() {
        paths(
            Indicator::ALL
                .into_iter()
                .filter(|i| i.group() == IndicatorGroup::Quality),
        )
    } else {
        paths(gate.failing.iter().copied())
    };
    Some(Warning {
        code: WarningCode::QualityBelowStage,
        severity: Severity::Warning,
        message: format!(
            "The hallmarks point to {held_back} but relationship quality does not support it \
             ({}); classified {} until the relationship itself improves.",
            reasons.join("; "),
            a.stage
        ),
        fields,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::{partner::units::Fraction, scoring::warnings::test_support::*},
    };

    #[test]
    fn partnership_hallmarks_with_poor_trust_are_held_back() {
        let model = builtin().model;
        let mut p = with_quality(partnership_hallmarks(bare()), 0.9);
        p.quality.trust = Some(Fraction::parse(0.2).unwrap());
        p.quality.communication = Some(Fraction::parse(0.2).unwrap());
        let a = Assessment::new(&model, &p);
        assert_eq!(a.evidence_stage, Stage::Partnership);
        assert!(a.stage < Stage::Partnership);
        let w = decide(&a).unwrap();
        assert_eq!(w.code, WarningCode::QualityBelowStage);
        assert_eq!(w.fields, vec!["quality.trust", "quality.communication"]);
        assert!(w.message.contains("Partnership"), "{}", w.message);
    }

    #[test]
    fn good_quality_or_unknown_quality_is_not_low_quality() {
        let model = builtin().model;
        let good = with_quality(partnership_hallmarks(bare()), 0.9);
        assert_eq!(decide(&Assessment::new(&model, &good)), None);
        let unknown = partnership_hallmarks(bare());
        assert_eq!(decide(&Assessment::new(&model, &unknown)), None);
    }
}
