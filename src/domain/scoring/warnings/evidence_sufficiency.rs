//! INSUFFICIENT_EVIDENCE: confidence below the model's minimum, or a stage
//! held back because relationship quality is unknown. The warning never
//! contradicts the confidence figure: it speaks of too little evidence to
//! classify with confidence only when `confidence` is below the minimum, and
//! it lists the fields whose supply would raise confidence most.

use super::{Severity, Warning, WarningCode};
use crate::domain::{
    model::WeightedIndicator,
    partner::indicators::{Indicator, IndicatorGroup},
    scoring::assessment::Assessment,
    stage::Stage,
};

/// How many fields the warning names at most (besides the quality
/// dimensions a held-back stage needs).
const MAX_FIELDS: usize = 5;

/// Low confidence, or a stage held back by unknown quality.
pub(super) fn decide(a: &Assessment<'_>) -> Option<Warning> {
    let thresholds = a.model.warnings;
    let held_back_by_unknown_quality = Stage::UPPER.into_iter().rev().find(|s| {
        let gate = &a.gates[s.index()];
        *s > a.stage && a.evidence[s.index()].met && !gate.support_ok && !gate.fails_on_quality()
    });
    let low_confidence = a.confidence < thresholds.min_confidence;
    if !low_confidence && held_back_by_unknown_quality.is_none() {
        return None;
    }
    let mut fields: Vec<&'static str> = Vec::new();
    if held_back_by_unknown_quality.is_some() {
        fields.extend(
            Indicator::ALL
                .into_iter()
                .filter(|i| {
                    i.group() == IndicatorGroup::Quality && i.read_value(a.partner).is_none()
                })
                .map(Indicator::path),
        );
    }
    let cap = fields.len().max(MAX_FIELDS);
    for field in most_confidence_per_field(a) {
        if fields.len() >= cap {
            break;
        }
        if !fields.contains(&field) {
            fields.push(field);
        }
    }
    let mut sentences = Vec::new();
    if low_confidence {
        let mut reason = format!(
            "Too little evidence to classify with confidence: confidence is {:.2}, below {:.2}",
            a.confidence, thresholds.min_confidence
        );
        if a.coverage < thresholds.min_coverage {
            reason.push_str(&format!(
                ", and only {:.0}% of the indicators were supplied",
                a.coverage * 100.0
            ));
        }
        sentences.push(format!("{reason}."));
    }
    if let Some(stage) = held_back_by_unknown_quality {
        sentences.push(format!(
            "The hallmarks point to {stage} but too little relationship quality is known to \
             confirm it."
        ));
    }
    sentences.push(format!("Classified {} for now.", a.stage));
    if !fields.is_empty() {
        sentences.push(format!(
            "Supplying {} would raise confidence most.",
            fields.join(", ")
        ));
    }
    let severity = if low_confidence && a.coverage < thresholds.min_coverage {
        Severity::Critical
    } else {
        Severity::Warning
    };
    Some(Warning {
        code: WarningCode::InsufficientEvidence,
        severity,
        message: sentences.join(" "),
        fields,
    })
}

/// The fields not supplied that confidence reads (hallmarks of the stages
/// above the base, quality dimensions), the ones whose supply would raise
/// confidence most first: each raises the support of its group by its share
/// of the group's weight. Ties keep catalogue order.
fn most_confidence_per_field(a: &Assessment<'_>) -> Vec<&'static str> {
    let groups: Vec<&[WeightedIndicator]> = Stage::UPPER
        .into_iter()
        .map(|s| a.model.rule(s).hallmarks.as_slice())
        .chain(std::iter::once(a.model.quality_weights.as_slice()))
        .collect();
    let mut gains: Vec<(Indicator, f64)> = Vec::new();
    for group in groups {
        let total: f64 = group.iter().map(|w| w.weight).sum();
        if total <= 0.0 {
            continue;
        }
        for w in group {
            if w.weight > 0.0 && w.indicator.read_value(a.partner).is_none() {
                gains.push((w.indicator, w.weight / total));
            }
        }
    }
    gains.sort_by_key(|(i, _)| Indicator::ALL.iter().position(|x| x == i));
    gains.sort_by(|x, y| y.1.total_cmp(&x.1));
    gains.into_iter().map(|(i, _)| i.path()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::{
            partner::units::{Count, Fraction},
            scoring::warnings::test_support::*,
        },
    };

    #[test]
    fn an_id_alone_is_insufficient() {
        let model = builtin().model;
        let p = bare();
        let a = Assessment::new(&model, &p);
        let w = decide(&a).unwrap();
        assert_eq!(w.code, WarningCode::InsufficientEvidence);
        assert_eq!(w.severity, Severity::Critical);
        assert_eq!(w.fields.len(), MAX_FIELDS);
        // The heaviest share of a group first: each partnership hallmark is
        // half of its stage's weight.
        assert_eq!(
            &w.fields[..2],
            [
                "partnership.joint_new_market_initiatives",
                "partnership.shared_risk_reward"
            ]
        );
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
        assert!(w.fields.contains(&"quality.trust"));
    }

    #[test]
    fn a_well_described_partner_is_not() {
        let model = builtin().model;
        let p = with_effort(with_quality(partnership_hallmarks(bare()), 0.9), 1.0);
        assert_eq!(decide(&Assessment::new(&model, &p)), None);
    }

    // The issue: a partner known only by its top-stage hallmarks and quality
    // (coverage 0.23) read confidence 1.00 next to a critical
    // "Too little evidence to classify with confidence" with no fields.
    #[test]
    fn the_warning_agrees_with_confidence_and_names_what_would_raise_it() {
        let model = builtin().model;
        let mut p = with_quality(bare(), 0.95);
        p.partnership.joint_new_market_initiatives = Some(Count::parse(3).unwrap());
        p.partnership.shared_risk_reward = Some(true);
        let a = Assessment::new(&model, &p);
        assert!(a.coverage < 0.3, "{}", a.coverage);
        assert!(
            a.confidence < model.warnings.min_confidence,
            "{}",
            a.confidence
        );
        let w = decide(&a).unwrap();
        assert!(
            w.message.contains(&format!("{:.2}", a.confidence)),
            "{}",
            w.message
        );
        assert_eq!(w.fields[0], "collaboration.successful_joint_projects");
        assert!(w.fields.iter().any(|f| f.starts_with("value_add.")));
        assert!(!w.fields.iter().any(|f| f.starts_with("partnership.")));
    }

    #[test]
    fn low_coverage_with_a_confident_decision_is_not_insufficient() {
        let model = builtin().model;
        // Enhanced and Collaborative hallmarks only, clearly short of
        // Collaborative: few indicators, but the decision is clear-cut.
        let mut p = bare();
        p.value_add.industry_expertise = Some(Fraction::parse(0.9).unwrap());
        p.value_add.key_account_knowledge = Some(Fraction::parse(0.9).unwrap());
        p.value_add.accelerators_built = Some(Count::parse(4).unwrap());
        p.value_add.services_attach_rate = Some(Fraction::parse(0.6).unwrap());
        p.collaboration.successful_joint_projects = Some(Count::parse(0).unwrap());
        p.collaboration.joint_strategy = Some(false);
        let a = Assessment::new(&model, &p);
        assert!(a.coverage < model.warnings.min_coverage, "{}", a.coverage);
        assert!(
            a.confidence >= model.warnings.min_confidence,
            "{}",
            a.confidence
        );
        assert_eq!(decide(&a), None);
    }
}
