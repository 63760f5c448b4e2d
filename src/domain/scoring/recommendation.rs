//! Where a relationship should go, and the next step toward it. Not every
//! relationship should become a partnership: the destination is what both
//! sides intend. The ladder is climbed one stage at a time, so the
//! recommendation is the next step toward the destination, never a leap.

use crate::domain::{partner::indicators::RelationshipIntent, stage::Stage};

/// The destination (best-fit stage): the stage both sides intend (the lower
/// of the two when they differ, since climbing needs both), the one intent
/// known, or the current stage when no intent is known.
pub fn destination_stage(intent: &RelationshipIntent, current: Stage) -> Stage {
    match (intent.host_intended_stage, intent.partner_desired_stage) {
        (Some(host), Some(partner)) => host.min(partner),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => current,
    }
}

/// The recommended stage: one stage up from `current` when the destination
/// lies higher, otherwise the destination itself (staying, or stepping
/// back to a lighter relationship).
pub fn recommended_stage(destination: Stage, current: Stage) -> Stage {
    if destination > current {
        current.next_up().unwrap_or(current)
    } else {
        destination
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intent(host: Option<Stage>, partner: Option<Stage>) -> RelationshipIntent {
        RelationshipIntent {
            host_intended_stage: host,
            partner_desired_stage: partner,
        }
    }

    #[test]
    fn the_destination_is_the_shared_intent() {
        use Stage::*;
        assert_eq!(destination_stage(&intent(None, None), Enhanced), Enhanced);
        assert_eq!(
            destination_stage(&intent(Some(Partnership), Some(Collaborative)), Enhanced),
            Collaborative
        );
        assert_eq!(
            destination_stage(&intent(None, Some(Partnership)), Transactional),
            Partnership
        );
        assert_eq!(
            destination_stage(&intent(Some(Transactional), None), Collaborative),
            Transactional
        );
    }

    // The issue: a pure reseller both sides want as a Partnership was
    // recommended "Partnership" next to "plan it one stage at a time".
    #[test]
    fn the_recommendation_is_the_next_step_toward_the_destination() {
        use Stage::*;
        assert_eq!(recommended_stage(Partnership, Transactional), Enhanced);
        assert_eq!(recommended_stage(Enhanced, Transactional), Enhanced);
        assert_eq!(
            recommended_stage(Collaborative, Collaborative),
            Collaborative
        );
        assert_eq!(
            recommended_stage(Transactional, Collaborative),
            Transactional
        );
    }
}
