//! The journey up the pyramid. Partners whose best-fit stage (what both
//! sides intend, the lower of the two intents when they differ) lies above
//! their current stage are counted by transition; and the value of moving
//! up is shown in the portfolio's own figures: revenue per partner and
//! cost-of-sale ratio of each stage against the stage above it.

use super::{aggregate::Aggregate, cost_progression::ratio, exact_sum::sum_counts};
use crate::domain::Stage;

/// Partners intending to move from one stage to a higher one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    /// Current stage.
    pub from: Stage,
    /// Best-fit stage, above `from`.
    pub to: Stage,
    /// Partners on this transition.
    pub partners: u64,
}

/// The value of one step up, in the portfolio's own figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JourneyStep {
    /// The lower stage.
    pub from: Stage,
    /// The stage above it.
    pub to: Stage,
    /// Partners whose intended journey crosses this step.
    pub partners_crossing: u64,
    /// Mean revenue of the lower stage's partners with known revenue.
    pub revenue_per_partner_from: Option<f64>,
    /// Mean revenue of the upper stage's partners with known revenue.
    pub revenue_per_partner_to: Option<f64>,
    /// `revenue_per_partner_to - revenue_per_partner_from`, when both known.
    pub revenue_gain_per_partner: Option<f64>,
    /// Cost-of-sale ratio of the lower stage.
    pub cost_of_sale_ratio_from: Option<f64>,
    /// Cost-of-sale ratio of the upper stage.
    pub cost_of_sale_ratio_to: Option<f64>,
}

/// The journey up the pyramid.
#[derive(Debug, Clone, PartialEq)]
pub struct Journey {
    /// Non-empty transitions, by current stage then best-fit stage.
    pub transitions: Vec<Transition>,
    /// Partners whose best-fit stage lies above their stage.
    pub partners_below_intent: u64,
    /// The three steps from the base up.
    pub steps: [JourneyStep; 3],
    /// Revenue the intended journeys would add at this portfolio's revenue
    /// per partner: the sum over transitions of partners × (revenue per
    /// partner at `to` − at `from`), over transitions where both are known.
    /// A rough indication, not a forecast. `None` when no transition has
    /// both figures.
    pub potential_revenue_gain: Option<f64>,
}

/// The journey of an aggregate.
pub fn journey(a: &Aggregate) -> Journey {
    let mut transitions = Vec::new();
    for from in Stage::ALL {
        for to in Stage::ALL.into_iter().filter(|to| *to > from) {
            let partners = a.journeys[from.index()][to.index()];
            if partners > 0 {
                transitions.push(Transition { from, to, partners });
            }
        }
    }
    let rpp = Stage::ALL.map(|s| a.layers[s.index()].revenue.mean());
    let steps = [0, 1, 2].map(|i| {
        let (from, to) = (Stage::ALL[i], Stage::ALL[i + 1]);
        JourneyStep {
            from,
            to,
            partners_crossing: sum_counts(
                transitions
                    .iter()
                    .filter(|t| t.from <= from && t.to >= to)
                    .map(|t| t.partners),
            ),
            revenue_per_partner_from: rpp[i],
            revenue_per_partner_to: rpp[i + 1],
            revenue_gain_per_partner: rpp[i].zip(rpp[i + 1]).map(|(f, t)| t - f),
            cost_of_sale_ratio_from: ratio(&a.layers[i]),
            cost_of_sale_ratio_to: ratio(&a.layers[i + 1]),
        }
    });
    let gains: Vec<f64> = transitions
        .iter()
        .filter_map(|t| {
            let (f, to) = (rpp[t.from.index()]?, rpp[t.to.index()]?);
            Some(t.partners as f64 * (to - f))
        })
        .collect();
    Journey {
        partners_below_intent: sum_counts(transitions.iter().map(|t| t.partners)),
        transitions,
        steps,
        potential_revenue_gain: (!gains.is_empty()).then(|| gains.iter().sum()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pyramid::exact_sum::ExactSum;
    use Stage::*;

    #[test]
    fn journeys_are_counted_by_transition_and_valued_per_step() {
        let mut a = Aggregate::default();
        a.journeys[0][1] = 5; // 5 transactional partners intend Enhanced
        a.journeys[0][2] = 2; // 2 intend Collaborative (a skipped step)
        a.journeys[1][3] = 1;
        for (i, (partners, revenue)) in [(50, 100.0), (20, 400.0), (5, 1000.0), (0, 0.0)]
            .into_iter()
            .enumerate()
        {
            a.layers[i].partners = partners;
            if partners > 0 {
                a.layers[i].revenue = ExactSum {
                    count: partners,
                    micros: (partners as u128) * (revenue as u128) * 1_000_000,
                };
            }
        }
        let j = journey(&a);
        assert_eq!(j.partners_below_intent, 8);
        assert_eq!(
            j.transitions,
            vec![
                Transition {
                    from: Transactional,
                    to: Enhanced,
                    partners: 5
                },
                Transition {
                    from: Transactional,
                    to: Collaborative,
                    partners: 2
                },
                Transition {
                    from: Enhanced,
                    to: Partnership,
                    partners: 1
                },
            ]
        );
        assert_eq!(j.steps[0].partners_crossing, 7);
        assert_eq!(j.steps[1].partners_crossing, 3);
        assert_eq!(j.steps[2].partners_crossing, 1);
        assert_eq!(j.steps[0].revenue_gain_per_partner, Some(300.0));
        assert_eq!(j.steps[2].revenue_per_partner_to, None);
        // 5 × 300 + 2 × 900; the Partnership journey has no figure.
        assert_eq!(j.potential_revenue_gain, Some(3300.0));
    }
}
