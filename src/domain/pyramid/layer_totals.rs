//! The mergeable totals of one layer (stage) of a pyramid: counts and exact
//! sums only, so that adding partners one by one and merging totals in any
//! order give identical results.

use super::{
    effort_intent::{self, EffortGap},
    exact_sum::{ExactSum, SumKind, to_micros},
};
use crate::domain::{
    Classification, PartnerIndicators, ScoringModel,
    partner::units::{Money, Quantity},
    scoring::warnings::WarningCode,
};

/// Number of warning codes in the catalogue.
pub const WARNING_CODES: usize = WarningCode::ALL.len();

/// Index of `code` in [`WarningCode::ALL`].
pub fn warning_index(code: WarningCode) -> usize {
    WarningCode::ALL
        .iter()
        .position(|c| *c == code)
        .unwrap_or_default()
}

/// Totals of the partners of one stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct LayerTotals {
    /// Partners in the layer.
    pub partners: u64,
    /// Revenue, money, over the partners whose revenue is known.
    pub revenue: ExactSum,
    /// Cost of sale, money, over the partners whose cost of sale is known.
    pub cost_of_sale: ExactSum,
    /// Revenue of the partners whose revenue and cost of sale are both
    /// known: the denominator of the layer's cost-of-sale ratio.
    pub ratio_revenue: ExactSum,
    /// Cost of sale of those same partners (micros): the numerator.
    pub ratio_cost_of_sale: u128,
    /// Effort index, effort points, over the partners whose effort index is
    /// known.
    pub effort: ExactSum,
    /// Effort points the intents of those same partners warrant (micros):
    /// the host's intended stage, or the current stage when it is unknown.
    pub warranted_effort: u128,
    /// Effort points above the host's intent, over the partners who get
    /// more effort than their intended stage warrants.
    pub effort_wasted: ExactSum,
    /// Effort points below the host's intent, over the partners who get
    /// less effort than their intended stage needs.
    pub effort_missing: ExactSum,
    /// Salespeople's active hours, over the partners where they are known.
    pub sales_focus_hours: ExactSum,
    /// Commitment index, points, over the partners where it is known.
    pub commitment: ExactSum,
    /// Composite relationship quality, points, over the partners where it
    /// is known.
    pub quality: ExactSum,
    /// Partners carrying each warning code, in catalogue order.
    pub warnings: [u64; WARNING_CODES],
}

impl LayerTotals {
    /// The totals of one partner, classified as `c` by `model`.
    pub fn of_partner(model: &ScoringModel, p: &PartnerIndicators, c: &Classification) -> Self {
        let revenue = p.model_a.revenue.map(Money::get);
        let cost = p.economics.cost_of_sale.map(Money::get);
        let (ratio_revenue, ratio_cost_of_sale) = match (revenue, cost) {
            (Some(r), Some(c)) => (ExactSum::of(r), to_micros(c)),
            _ => (ExactSum::default(), 0),
        };
        let effort = ExactSum::of_known(c.effort.effort_index);
        let warranted_effort = if c.effort.effort_index.is_some() {
            let intent = p.intent.host_intended_stage.unwrap_or(c.stage);
            to_micros(effort_intent::warranted(model, intent))
        } else {
            0
        };
        let (effort_wasted, effort_missing) = match effort_intent::gap(
            model,
            c.effort.effort_index,
            c.effort.effort_level,
            p.intent.host_intended_stage,
        ) {
            EffortGap::Matched => (ExactSum::default(), ExactSum::default()),
            EffortGap::Wasted(points) => (ExactSum::of(points), ExactSum::default()),
            EffortGap::Missing(points) => (ExactSum::default(), ExactSum::of(points)),
        };
        let mut warnings = [0; WARNING_CODES];
        for w in &c.warnings {
            warnings[warning_index(w.code)] = 1;
        }
        Self {
            partners: 1,
            revenue: ExactSum::of_known(revenue),
            cost_of_sale: ExactSum::of_known(cost),
            ratio_revenue,
            ratio_cost_of_sale,
            effort,
            warranted_effort,
            effort_wasted,
            effort_missing,
            sales_focus_hours: ExactSum::of_known(p.effort.sales_focus_hours.map(Quantity::get)),
            commitment: ExactSum::of_known(c.effort.commitment_index),
            quality: ExactSum::of_known(c.quality.composite),
            warnings,
        }
    }

    /// `self + other`, or `None` on overflow.
    pub fn checked_add(&self, o: &Self) -> Option<Self> {
        let mut warnings = [0; WARNING_CODES];
        for (i, w) in warnings.iter_mut().enumerate() {
            *w = self.warnings[i].checked_add(o.warnings[i])?;
        }
        Some(Self {
            partners: self.partners.checked_add(o.partners)?,
            revenue: self.revenue.checked_add(o.revenue)?,
            cost_of_sale: self.cost_of_sale.checked_add(o.cost_of_sale)?,
            ratio_revenue: self.ratio_revenue.checked_add(o.ratio_revenue)?,
            ratio_cost_of_sale: self.ratio_cost_of_sale.checked_add(o.ratio_cost_of_sale)?,
            effort: self.effort.checked_add(o.effort)?,
            warranted_effort: self.warranted_effort.checked_add(o.warranted_effort)?,
            effort_wasted: self.effort_wasted.checked_add(o.effort_wasted)?,
            effort_missing: self.effort_missing.checked_add(o.effort_missing)?,
            sales_focus_hours: self.sales_focus_hours.checked_add(o.sales_focus_hours)?,
            commitment: self.commitment.checked_add(o.commitment)?,
            quality: self.quality.checked_add(o.quality)?,
            warnings,
        })
    }

    /// Every way these totals could not come from real partners, as
    /// `(field, problem)` with field names of the wire format.
    pub fn inconsistencies(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let n = self.partners;
        let mut check = |field: &'static str, ok: bool, problem: &dyn Fn() -> String| {
            if !ok {
                out.push((field, problem()));
            }
        };
        for (field, sum, kind) in [
            ("revenue", self.revenue, SumKind::Money),
            ("cost_of_sale", self.cost_of_sale, SumKind::Money),
            ("ratio_revenue", self.ratio_revenue, SumKind::Money),
            ("effort", self.effort, SumKind::Points),
            ("effort_wasted", self.effort_wasted, SumKind::Points),
            ("effort_missing", self.effort_missing, SumKind::Points),
            ("sales_focus_hours", self.sales_focus_hours, SumKind::Hours),
            ("commitment", self.commitment, SumKind::Points),
            ("quality", self.quality, SumKind::Points),
        ] {
            check(field, sum.count <= n, &|| {
                format!("counts {} partners, more than the layer's {n}", sum.count)
            });
            check(field, sum.is_possible(kind), &|| {
                format!(
                    "sum {} is more than {} partners can add up to",
                    sum.micros, sum.count
                )
            });
        }
        let r = self.ratio_revenue;
        check(
            "ratio_revenue",
            r.count <= self.revenue.count.min(self.cost_of_sale.count)
                && r.micros <= self.revenue.micros,
            &|| "covers more partners or revenue than revenue and cost_of_sale do".to_owned(),
        );
        check(
            "ratio_cost_of_sale_micros",
            self.ratio_cost_of_sale <= self.cost_of_sale.micros
                && (ExactSum {
                    count: r.count,
                    micros: self.ratio_cost_of_sale,
                })
                .is_possible(SumKind::Money),
            &|| {
                "is more than cost_of_sale or than ratio_revenue's partners can add up to"
                    .to_owned()
            },
        );
        check(
            "warranted_effort_micros",
            (ExactSum {
                count: self.effort.count,
                micros: self.warranted_effort,
            })
            .is_possible(SumKind::Points),
            &|| "is more than effort's partners can be warranted".to_owned(),
        );
        check(
            "effort_wasted",
            self.effort_wasted
                .count
                .checked_add(self.effort_missing.count)
                .is_some_and(|c| c <= self.effort.count),
            &|| "partners with wasted plus missing effort exceed those with effort".to_owned(),
        );
        for (code, count) in WarningCode::ALL.iter().zip(self.warnings) {
            check("warning_counts", count <= n, &|| {
                format!("{code} counts {count} partners, more than the layer's {n}")
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::{
            Stage, classify,
            partner::currency_code::CurrencyCode,
            scoring::warnings::test_support::{bare, intending, with_effort, with_quality},
        },
    };

    #[test]
    fn one_partner_adds_what_is_known() {
        let model = builtin().model;
        let mut p = intending(
            with_quality(with_effort(bare(), 1.0), 0.8),
            Stage::Transactional,
        );
        p.currency = Some(CurrencyCode::parse("USD").unwrap());
        p.model_a.revenue = Some(Money::parse(1000.0).unwrap());
        let c = classify(&model, &p);
        let t = LayerTotals::of_partner(&model, &p, &c);
        assert_eq!(t.partners, 1);
        assert_eq!(t.revenue, ExactSum::of(1000.0));
        assert_eq!(t.cost_of_sale, ExactSum::default());
        assert_eq!(t.ratio_revenue, ExactSum::default());
        assert_eq!(t.effort, ExactSum::of(1.0));
        assert_eq!(t.warranted_effort, 125_000);
        assert_eq!(t.effort_wasted, ExactSum::of(0.75));
        assert_eq!(t.quality, ExactSum::of(0.8));
        assert_eq!(t.warnings[warning_index(WarningCode::EffortAboveIntent)], 1);
        assert!(t.inconsistencies().is_empty());
    }

    #[test]
    fn impossible_totals_are_named() {
        let t = LayerTotals {
            partners: 1,
            quality: ExactSum {
                count: 2,
                micros: 5_000_000,
            },
            warnings: [3; WARNING_CODES],
            ..Default::default()
        };
        let fields: Vec<&str> = t.inconsistencies().iter().map(|(f, _)| *f).collect();
        assert!(fields.contains(&"quality"), "{fields:?}");
        assert!(fields.contains(&"warning_counts"), "{fields:?}");
        assert_eq!(
            LayerTotals::default().checked_add(&LayerTotals {
                partners: u64::MAX,
                ..Default::default()
            }),
            Some(LayerTotals {
                partners: u64::MAX,
                ..Default::default()
            })
        );
        let full = LayerTotals {
            partners: u64::MAX,
            ..Default::default()
        };
        assert_eq!(full.checked_add(&full), None);
    }
}
