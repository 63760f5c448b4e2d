//! The mergeable aggregate of a set of partners (a whole portfolio or one
//! group): layer totals, the journeys partners intend, and Model A tier
//! against Model B stage.

use super::layer_totals::LayerTotals;
use crate::domain::{ModelATier, Stage};

/// Rows of the Model A × Model B table: unknown tier first, then the tiers
/// from Registered up.
pub const TIER_ROWS: usize = 5;

/// Row of `tier` in the Model A × Model B table (0 = unknown).
pub fn tier_row(tier: Option<ModelATier>) -> usize {
    tier.map_or(0, |t| usize::from(t.level()))
}

/// The tier of a row of the Model A × Model B table.
pub fn row_tier(row: usize) -> Option<ModelATier> {
    row.checked_sub(1)
        .and_then(|i| ModelATier::ALL.get(i).copied())
}

/// What a set of partners adds up to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Aggregate {
    /// Totals per stage, from the base up.
    pub layers: [LayerTotals; 4],
    /// Partners whose best-fit stage (both sides' intent) lies above their
    /// stage: `journeys[from][to]`, non-zero only where `to > from`.
    pub journeys: [[u64; 4]; 4],
    /// Partners by Model A tier row (see [`tier_row`]) and stage index.
    pub model_a_vs_b: [[u64; 4]; TIER_ROWS],
}

/// One partner, ready to be added to aggregates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartnerEntry {
    /// The partner's stage.
    pub stage: Stage,
    /// Its layer totals.
    pub totals: LayerTotals,
    /// Its best-fit stage, when above `stage`.
    pub journey_to: Option<Stage>,
    /// Its Model A tier.
    pub tier: Option<ModelATier>,
}

impl Aggregate {
    /// Partners in the aggregate.
    /// Saturates at `u64::MAX` (a validated aggregate never does).
    pub fn partners(&self) -> u64 {
        self.layers
            .iter()
            .fold(0u64, |sum, l| sum.saturating_add(l.partners))
    }

    /// Adds one partner in place; `false` (and nothing changed) on overflow.
    pub fn add(&mut self, e: &PartnerEntry) -> bool {
        let i = e.stage.index();
        let Some(layer) = self.layers[i].checked_add(&e.totals) else {
            return false;
        };
        let journey = match e.journey_to {
            Some(to) => match self.journeys[i][to.index()].checked_add(1) {
                Some(v) => Some((to.index(), v)),
                None => return false,
            },
            None => None,
        };
        let row = tier_row(e.tier);
        let Some(tier) = self.model_a_vs_b[row][i].checked_add(1) else {
            return false;
        };
        self.layers[i] = layer;
        if let Some((to, v)) = journey {
            self.journeys[i][to] = v;
        }
        self.model_a_vs_b[row][i] = tier;
        true
    }

    /// `self + other`, or `None` on overflow.
    pub fn checked_add(&self, o: &Self) -> Option<Self> {
        let mut out = Self::default();
        for i in 0..4 {
            out.layers[i] = self.layers[i].checked_add(&o.layers[i])?;
            for j in 0..4 {
                out.journeys[i][j] = self.journeys[i][j].checked_add(o.journeys[i][j])?;
            }
            for row in 0..TIER_ROWS {
                out.model_a_vs_b[row][i] =
                    self.model_a_vs_b[row][i].checked_add(o.model_a_vs_b[row][i])?;
            }
        }
        Some(out)
    }

    /// Every way this aggregate could not come from real partners, as
    /// `(field path, problem)` with field names of the wire format (e.g.
    /// `layers[2].quality`).
    pub fn inconsistencies(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let total: u128 = self.layers.iter().map(|l| u128::from(l.partners)).sum();
        if total > u128::from(u64::MAX) {
            out.push((
                "layers".to_owned(),
                "hold more partners than a 64-bit count".to_owned(),
            ));
        }
        for (i, layer) in self.layers.iter().enumerate() {
            for (field, problem) in layer.inconsistencies() {
                out.push((format!("layers[{i}].{field}"), problem));
            }
        }
        for from in Stage::ALL {
            let row = &self.journeys[from.index()];
            let mut sum: u128 = 0;
            for to in Stage::ALL {
                let n = row[to.index()];
                if n > 0 && to <= from {
                    out.push((
                        "journeys".to_owned(),
                        format!("a journey from {from} to {to} does not go up"),
                    ));
                }
                sum += u128::from(n);
            }
            let partners = self.layers[from.index()].partners;
            if sum > u128::from(partners) {
                out.push((
                    "journeys".to_owned(),
                    format!("{sum} journeys start from {from}, which holds {partners} partners"),
                ));
            }
        }
        for stage in Stage::ALL {
            let sum: u128 = self
                .model_a_vs_b
                .iter()
                .map(|row| u128::from(row[stage.index()]))
                .sum();
            let partners = self.layers[stage.index()].partners;
            if sum != u128::from(partners) {
                out.push((
                    "model_a_vs_model_b".to_owned(),
                    format!("counts {sum} {stage} partners, the layer holds {partners}"),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(stage: Stage, journey_to: Option<Stage>, tier: Option<ModelATier>) -> PartnerEntry {
        PartnerEntry {
            stage,
            totals: LayerTotals {
                partners: 1,
                ..Default::default()
            },
            journey_to,
            tier,
        }
    }

    #[test]
    fn partners_land_in_their_layer_journey_and_tier() {
        let mut a = Aggregate::default();
        assert!(a.add(&entry(
            Stage::Enhanced,
            Some(Stage::Partnership),
            Some(ModelATier::Gold)
        )));
        assert!(a.add(&entry(Stage::Transactional, None, None)));
        assert_eq!(a.partners(), 2);
        assert_eq!(a.journeys[1][3], 1);
        assert_eq!(a.model_a_vs_b[3][1], 1);
        assert_eq!(a.model_a_vs_b[0][0], 1);
        assert!(a.inconsistencies().is_empty());
        assert_eq!(row_tier(0), None);
        assert_eq!(row_tier(4), Some(ModelATier::Platinum));
    }

    #[test]
    fn a_failed_add_changes_nothing() {
        let mut a = Aggregate::default();
        a.model_a_vs_b[0][0] = u64::MAX;
        let before = a.clone();
        assert!(!a.add(&entry(Stage::Transactional, None, None)));
        assert_eq!(a, before);
    }

    #[test]
    fn impossible_journeys_and_tables_are_named() {
        let mut a = Aggregate::default();
        a.journeys[2][1] = 1;
        a.model_a_vs_b[1][0] = 4;
        let fields: Vec<String> = a.inconsistencies().into_iter().map(|(f, _)| f).collect();
        assert!(fields.contains(&"journeys".to_owned()), "{fields:?}");
        assert!(
            fields.contains(&"model_a_vs_model_b".to_owned()),
            "{fields:?}"
        );
    }
}
