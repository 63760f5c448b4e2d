//! INSUFFICIENT_EVIDENCE: too little was supplied to classify with
//! confidence, or the stage was held back because quality is unknown.

use super::{Severity, Warning, WarningCode, paths};
use crate::domain::{
    partner::indicators::{Indicator, IndicatorGroup},
    scoring::assessment::Assessment,
    stage::Stage,
};

/// Low coverage, low confidence, or a stage held back by unknown quality.
pub(super) fn decide(a: &Assessment<'_>) -> Option<Warning> {
    let thresholds = a.model.warnings;
    let held_back_by_unknown_quality = Stage::UPPER.into_iter().rev().find(|s| {
        let gate = &a.gates[s.index()];
        *s > a.stage && a.evidence[s.index()].met && !gate.support_ok && !gate.fails_on_quality()
    });
    let low_coverage = a.coverage < thresholds.min_coverage;
    let low_confidence = a.confidence < thresholds.min_confidence;
    if !low_coverage && !low_confidence && held_back_by_unknown_quality.is_none() {
        return None;
    }
    let mut reasons = Vec::new();
    if low_coverage {
        reasons.push(format!(
            "only {:.0}% of the indicators were supplied",
            a.coverage * 100.0
        ));
    }
    if low_confidence {
        reasons.push(format!("confidence is {:.2}", a.confidence));
    }
    if let Some(stage) = held_back_by_unknown_quality {
        reasons.push(format!(
            "the hallmarks point to {stage} but too little relationship quality is known to \
             confirm it"
        ));
    }
    let target = held_back_by_unknown_quality
        .or(a.stage.next_up())
        .unwrap_or(a.stage);
    let missing = Indicator::ALL.into_iter().filter(|i| {
        let relevant =
            i.group() == IndicatorGroup::Hallmark(target) || i.group() == IndicatorGroup::Quality;
        relevant && i.supplied_value(a.partner).is_none()
    });
    let severity = if low_coverage {
        Severity::Critical
    } else {
        Severity::Warning
    };
    Some(Warning {
        code: WarningCode::InsufficientEvidence,
        severity,
        message: format!(
            "Too little evidence to classify with confidence: {}. Classified {} for now.",
            reasons.join("; "),
            a.stage
        ),
        fields: paths(missing),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{config::builtin, domain::scoring::warnings::test_support::*};

    #[test]
    fn an_id_alone_is_insufficient() {
        let model = builtin().model;
        let p = bare();
        let a = Assessment::new(&model, &p);
        let w = decide(&a).unwrap();
        assert_eq!(w.code, WarningCode::InsufficientEvidence);
        assert_eq!(w.severity, Severity::Critical);
        assert!(w.fields.contains(&"value_add.industry_expertise"));
        assert!(w.fields.contains(&"quality.trust"));
    }

    #[test]
    fn unknown_quality_holding_a_stage_back_is_insufficient() {
        let model = builtin().model;
        let p = with_effort(partnership_hallmarks(bare()), 0.5);
        let a = Assessment::new(&model, &p);
        assert_eq!(a.evidence_stage, Stage::Partnership);
        let w = decide(&a).unwrap();
        assert!(
            w.message.contains("too little relationship quality"),
            "{}",
            w.message
        );
    }

    #[test]
    fn a_well_described_partner_is_not() {
        let model = builtin().model;
        let p = with_effort(with_quality(partnership_hallmarks(bare()), 0.9), 1.0);
        assert_eq!(decide(&Assessment::new(&model, &p)), None);
    }
}
