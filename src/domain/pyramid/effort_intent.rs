//! What effort an intent warrants, and how far a partner's effort is from it.
//!
//! The unit is the **effort point**: one point is the full effort index (1.0)
//! of one partner, the most effort the model measures. The model's effort
//! bands split the index into one band per stage (Transactional from 0 up to
//! the Enhanced band, ..., Partnership up to 1). An intended stage warrants
//! the middle of its band. Effort above the band of the host's intended stage
//! is **wasted** (by the points above the band's top), effort below it is
//! **missing** (by the points up to the band's start). These fire exactly
//! when a partner gets the `EFFORT_ABOVE_INTENT` or `EFFORT_BELOW_INTENT`
//! warning.

use crate::domain::{ScoringModel, Stage};

/// The effort index range of `stage`'s band: `[start, end)`, the
/// Partnership band ending at 1.
pub fn band(model: &ScoringModel, stage: Stage) -> (f64, f64) {
    let start = |s: Stage| {
        model
            .effort_bands
            .iter()
            .find(|(band, _)| *band == s)
            .map_or(0.0, |(_, start)| *start)
    };
    let end = stage.next_up().map_or(1.0, start);
    (start(stage), end)
}

/// Effort points an intended `stage` warrants: the middle of its band.
pub fn warranted(model: &ScoringModel, stage: Stage) -> f64 {
    let (start, end) = band(model, stage);
    (start + end) / 2.0
}

/// How a partner's effort compares with the host's intent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EffortGap {
    /// Effort is at the intended level (or either is unknown).
    Matched,
    /// Effort above the intended band, by this many points (>= 0).
    Wasted(f64),
    /// Effort below the intended band, by this many points (> 0).
    Missing(f64),
}

/// Compares an effort index and the level it corresponds to with the
/// host's intended stage.
pub fn gap(
    model: &ScoringModel,
    effort_index: Option<f64>,
    effort_level: Option<Stage>,
    intent: Option<Stage>,
) -> EffortGap {
    let (Some(index), Some(level), Some(intent)) = (effort_index, effort_level, intent) else {
        return EffortGap::Matched;
    };
    let (start, end) = band(model, intent);
    if level > intent {
        EffortGap::Wasted((index - end).max(0.0))
    } else if level < intent {
        EffortGap::Missing((start - index).max(0.0))
    } else {
        EffortGap::Matched
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::builtin;

    #[test]
    fn bands_follow_the_model() {
        let model = builtin().model;
        assert_eq!(band(&model, Stage::Transactional), (0.0, 0.25));
        assert_eq!(band(&model, Stage::Enhanced), (0.25, 0.5));
        assert_eq!(band(&model, Stage::Partnership), (0.75, 1.0));
        assert_eq!(warranted(&model, Stage::Transactional), 0.125);
        assert_eq!(warranted(&model, Stage::Collaborative), 0.625);
    }

    #[test]
    fn waste_and_missing_are_measured_from_the_intended_band() {
        let model = builtin().model;
        let g = |index: f64, intent| {
            gap(
                &model,
                Some(index),
                Some(model.effort_level(index)),
                Some(intent),
            )
        };
        assert_eq!(g(0.9, Stage::Transactional), EffortGap::Wasted(0.65));
        assert_eq!(g(0.1, Stage::Collaborative), EffortGap::Missing(0.4));
        assert_eq!(g(0.6, Stage::Collaborative), EffortGap::Matched);
        assert_eq!(
            gap(&model, None, None, Some(Stage::Partnership)),
            EffortGap::Matched
        );
    }
}
