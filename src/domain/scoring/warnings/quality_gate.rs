//! QUALITY_BELOW_STAGE: the hallmarks point to a stage that relationship
//! quality does not support. Hallmarks of a partnership with poor trust do
//! not make a partnership. The warning names the gate that decided: the
//! lowest stage above the current one whose hallmarks are met but whose
//! quality gate fails.

use super::{Severity, Warning, WarningCode, paths};
use crate::domain::{
    partner::indicators::{Indicator, IndicatorGroup},
    scoring::{assessment::Assessment, quality::GateCheck},
    stage::Stage,
};

/// The stage held back by known-low quality whose gate decided, if any.
pub(super) fn decide(a: &Assessment<'_>) -> Option<Warning> {
    let held_back = |s: &Stage| {
        *s > a.stage && a.evidence[s.index()].met && a.gates[s.index()].fails_on_quality()
    };
    let deciding = Stage::UPPER.into_iter().find(held_back)?;
    let highest = Stage::UPPER.into_iter().rev().find(held_back)?;
    let gate = &a.gates[deciding.index()];
    let fields = if gate.failing.is_empty() {
        paths(
            Indicator::ALL
                .into_iter()
                .filter(|i| i.group() == IndicatorGroup::Quality),
        )
    } else {
        paths(gate.failing.iter().copied())
    };
    let points = if highest > deciding {
        format!("The hallmarks point to {highest}, but the {deciding} gate already fails")
    } else {
        format!("The hallmarks point to {deciding}, but its quality gate fails")
    };
    Some(Warning {
        code: WarningCode::QualityBelowStage,
        severity: Severity::Warning,
        message: format!(
            "{points}: {}. Classified {} until the relationship itself improves.",
            gate_reasons(a, gate),
            a.stage
        ),
        fields,
    })
}

/// Why `gate` fails, each reason with the gate's threshold, e.g.
/// "interoperation 0.20 is below the Collaborative gate's 0.30 for every
/// dimension".
pub(crate) fn gate_reasons(a: &Assessment<'_>, gate: &GateCheck) -> String {
    let mut reasons = Vec::new();
    if !gate.failing.is_empty() {
        let dims: Vec<String> = gate
            .failing
            .iter()
            .map(|i| {
                let v = i.read_value(a.partner).unwrap_or(0.0);
                format!("{} {v:.2}", i.name())
            })
            .collect();
        reasons.push(format!(
            "{} below the {} gate's {:.2} for every dimension",
            dims.join(", "),
            gate.stage,
            gate.gate.min_each
        ));
    }
    if !gate.composite_ok {
        reasons.push(format!(
            "composite quality {:.2} below the {} gate's {:.2}",
            a.quality.composite().unwrap_or(0.0),
            gate.stage,
            gate.gate.min_composite
        ));
    }
    reasons.join("; ")
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

    // The article: at the Partnership stage "the level of interaction,
    // trust, communication, knowledge exchange, and interoperation are very
    // high".
    #[test]
    fn trust_that_is_not_very_high_is_not_a_partnership() {
        let model = builtin().model;
        let mut p = with_quality(partnership_hallmarks(bare()), 0.95);
        p.quality.trust = Some(Fraction::parse(0.6).unwrap());
        let a = Assessment::new(&model, &p);
        assert_eq!(a.stage, Stage::Collaborative);
        let w = decide(&a).unwrap();
        assert_eq!(w.fields, vec!["quality.trust"]);
        assert!(
            w.message.contains("Partnership gate's 0.80"),
            "{}",
            w.message
        );
    }

    // The issue: interoperation 0.2 (all else 0.95) drops the partner to
    // Enhanced, but the warning cited the Partnership threshold while the
    // Collaborative gate decided.
    #[test]
    fn the_warning_names_the_gate_that_decided() {
        let model = builtin().model;
        let mut p = with_quality(partnership_hallmarks(bare()), 0.95);
        p.quality.interoperation = Some(Fraction::parse(0.2).unwrap());
        let a = Assessment::new(&model, &p);
        assert_eq!(a.stage, Stage::Enhanced);
        let w = decide(&a).unwrap();
        assert!(
            w.message
                .contains("interoperation 0.20 below the Collaborative gate's 0.30"),
            "{}",
            w.message
        );
        assert!(w.message.contains("point to Partnership"), "{}", w.message);
        assert!(!w.message.contains("0.80"), "{}", w.message);
    }

    // The article defines Enhanced by the value added ("Enhancement can come
    // in the form of key account knowledge particular industry sector
    // knowledge, using software accelerators"), not by intimacy.
    #[test]
    fn a_value_added_reseller_with_low_quality_stays_enhanced() {
        let model = builtin().model;
        let mut p = with_quality(bare(), 0.1);
        p.value_add.industry_expertise = Some(Fraction::parse(0.9).unwrap());
        p.value_add.key_account_knowledge = Some(Fraction::parse(0.9).unwrap());
        let a = Assessment::new(&model, &p);
        assert_eq!(a.stage, Stage::Enhanced);
        assert_eq!(decide(&a), None);
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
