//! The best-fit stage for a relationship. Not every relationship should
//! become a partnership: the best fit is what both sides intend.

use crate::domain::{partner::indicators::RelationshipIntent, stage::Stage};

/// The best-fit stage: the stage both sides intend (the lower of the two when
/// they differ, since climbing needs both), the one intent known, or the
/// current stage when no intent is known.
pub fn recommended_stage(intent: &RelationshipIntent, current: Stage) -> Stage {
    match (intent.host_intended_stage, intent.partner_desired_stage) {
        (Some(host), Some(partner)) => host.min(partner),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => current,
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
    fn best_fit_is_the_shared_intent() {
        use Stage::*;
        assert_eq!(recommended_stage(&intent(None, None), Enhanced), Enhanced);
        assert_eq!(
            recommended_stage(&intent(Some(Partnership), Some(Collaborative)), Enhanced),
            Collaborative
        );
        assert_eq!(
            recommended_stage(&intent(None, Some(Partnership)), Transactional),
            Partnership
        );
        assert_eq!(
            recommended_stage(&intent(Some(Transactional), None), Collaborative),
            Transactional
        );
    }
}
