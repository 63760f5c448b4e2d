//! INTENT_SKIPS_STAGE and INTENT_MISMATCH: where the two sides want the
//! relationship to go, against where it is and against each other.

use super::{Severity, Warning, WarningCode};
use crate::domain::{
    partner::indicators::Indicator, scoring::assessment::Assessment, stage::Stage,
};

/// An intent more than one stage above the current stage.
pub(super) fn skipped_stage(a: &Assessment<'_>) -> Option<Warning> {
    let intent = a.partner.intent;
    let skipping: Vec<(Indicator, Stage)> = [
        (Indicator::HostIntendedStage, intent.host_intended_stage),
        (Indicator::PartnerDesiredStage, intent.partner_desired_stage),
    ]
    .into_iter()
    .filter_map(|(field, stage)| stage.map(|s| (field, s)))
    .filter(|(_, s)| a.stage.steps_to(*s) > 1)
    .collect();
    let target = skipping.iter().map(|(_, s)| *s).max()?;
    let skipped: Vec<String> = Stage::ALL
        .into_iter()
        .filter(|s| *s > a.stage && *s < target)
        .map(|s| s.to_string())
        .collect();
    let who = match skipping.as_slice() {
        [_, _] => "Both sides intend",
        [(Indicator::HostIntendedStage, _)] => "The host intends",
        _ => "The partner looks for",
    };
    Some(Warning {
        code: WarningCode::IntentSkipsStage,
        severity: Severity::Warning,
        message: format!(
            "{who} {target} relationship but it is {current}: the journey would skip {skipped}; \
             plan it one stage at a time, {next} next.",
            target = target.with_article(),
            current = a.stage,
            skipped = skipped.join(" and "),
            next = a.stage.next_up().unwrap_or(target),
        ),
        fields: skipping.iter().map(|(f, _)| f.path()).collect(),
    })
}

/// Host and partner intending different stages.
pub(super) fn mismatch(a: &Assessment<'_>) -> Option<Warning> {
    let host = a.partner.intent.host_intended_stage?;
    let partner = a.partner.intent.partner_desired_stage?;
    let gap = host.steps_to(partner).unsigned_abs();
    if gap == 0 {
        return None;
    }
    let severity = if gap >= 2 {
        Severity::Warning
    } else {
        Severity::Info
    };
    Some(Warning {
        code: WarningCode::IntentMismatch,
        severity,
        message: format!(
            "The host intends {} relationship but the partner looks for {partner}: agree \
             the intent before investing.",
            host.with_article()
        ),
        fields: vec![
            Indicator::HostIntendedStage.path(),
            Indicator::PartnerDesiredStage.path(),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{config::builtin, domain::scoring::warnings::test_support::*};

    #[test]
    fn partnership_intent_on_a_transactional_partner_skips_stages() {
        let model = builtin().model;
        let p = intending(bare(), Stage::Partnership);
        let w = skipped_stage(&Assessment::new(&model, &p)).unwrap();
        assert_eq!(w.code, WarningCode::IntentSkipsStage);
        assert_eq!(w.fields, vec!["intent.host_intended_stage"]);
        assert!(
            w.message.contains("Enhanced and Collaborative"),
            "{}",
            w.message
        );
    }

    #[test]
    fn one_step_up_is_not_a_skip() {
        let model = builtin().model;
        let mut p = intending(bare(), Stage::Enhanced);
        p.intent.partner_desired_stage = Some(Stage::Enhanced);
        assert_eq!(skipped_stage(&Assessment::new(&model, &p)), None);
    }

    #[test]
    fn disagreeing_intents_are_flagged_by_gap() {
        let model = builtin().model;
        let mut p = intending(bare(), Stage::Enhanced);
        p.intent.partner_desired_stage = Some(Stage::Collaborative);
        let near = mismatch(&Assessment::new(&model, &p)).unwrap();
        assert_eq!(near.severity, Severity::Info);
        p.intent.partner_desired_stage = Some(Stage::Partnership);
        let far = mismatch(&Assessment::new(&model, &p)).unwrap();
        assert_eq!(far.code, WarningCode::IntentMismatch);
        assert_eq!(far.severity, Severity::Warning);
        p.intent.partner_desired_stage = Some(Stage::Enhanced);
        assert_eq!(mismatch(&Assessment::new(&model, &p)), None);
    }

    // Intents two or more stages apart are more than informational.
    #[test]
    fn intents_far_apart_are_worth_acting_on() {
        let model = builtin().model;
        let mut p = intending(bare(), Stage::Transactional);
        p.intent.partner_desired_stage = Some(Stage::Partnership);
        let w = mismatch(&Assessment::new(&model, &p)).unwrap();
        assert!(w.severity > Severity::Info);
        assert!(
            w.message.starts_with("The host intends a Transactional"),
            "{}",
            w.message
        );
        let mut q = intending(bare(), Stage::Enhanced);
        q.intent.partner_desired_stage = Some(Stage::Partnership);
        let w = mismatch(&Assessment::new(&model, &q)).unwrap();
        assert!(
            w.message.starts_with("The host intends an Enhanced"),
            "{}",
            w.message
        );
        let skip = skipped_stage(&Assessment::new(&model, &q)).unwrap();
        assert!(skip.message.contains("Enhanced next"), "{}", skip.message);
    }
}
