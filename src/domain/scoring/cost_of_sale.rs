//! Cost of sale against revenue. It should fall as a partner moves up the
//! pyramid.

use crate::domain::{
    model::ScoringModel,
    partner::indicators::{PartnerIndicators, share_of},
    stage::Stage,
};

/// What is known of a partner's cost of sale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CostOfSale {
    /// Cost of sale or revenue unknown.
    Unknown,
    /// Cost of sale divided by revenue (revenue above zero).
    Ratio(f64),
    /// A cost of sale above zero with zero revenue.
    NoRevenue,
}

impl CostOfSale {
    /// Reads cost of sale and revenue of `partner`.
    pub fn assess(partner: &PartnerIndicators) -> Self {
        match (partner.economics.cost_of_sale, partner.model_a.revenue) {
            (Some(cost), Some(revenue)) if revenue.get() > 0.0 => {
                CostOfSale::Ratio(share_of(cost.get(), revenue.get()))
            }
            (Some(cost), Some(_)) if cost.get() > 0.0 => CostOfSale::NoRevenue,
            (Some(_), Some(_)) => CostOfSale::Ratio(0.0),
            _ => CostOfSale::Unknown,
        }
    }

    /// The ratio, when there is one.
    pub fn ratio(self) -> Option<f64> {
        match self {
            CostOfSale::Ratio(r) => Some(r),
            _ => None,
        }
    }

    /// Whether the cost of sale is above what the model expects at `stage`.
    pub fn out_of_line(self, model: &ScoringModel, stage: Stage) -> bool {
        match self {
            CostOfSale::Ratio(r) => r > model.cost_of_sale_max_ratio[stage.index()],
            CostOfSale::NoRevenue => true,
            CostOfSale::Unknown => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::partner::{partner_id::PartnerId, units::Money},
    };

    fn partner(cost: Option<f64>, revenue: Option<f64>) -> PartnerIndicators {
        let mut p = PartnerIndicators::new(PartnerId::parse("p").unwrap());
        p.economics.cost_of_sale = cost.map(|c| Money::parse(c).unwrap());
        p.model_a.revenue = revenue.map(|r| Money::parse(r).unwrap());
        p
    }

    #[test]
    fn reads_ratio_and_edge_cases() {
        assert_eq!(
            CostOfSale::assess(&partner(None, Some(1.0))),
            CostOfSale::Unknown
        );
        assert_eq!(
            CostOfSale::assess(&partner(Some(1.0), None)),
            CostOfSale::Unknown
        );
        assert_eq!(
            CostOfSale::assess(&partner(Some(20.0), Some(100.0))),
            CostOfSale::Ratio(0.2)
        );
        assert_eq!(
            CostOfSale::assess(&partner(Some(5.0), Some(0.0))),
            CostOfSale::NoRevenue
        );
        assert_eq!(
            CostOfSale::assess(&partner(Some(0.0), Some(0.0))),
            CostOfSale::Ratio(0.0)
        );
    }

    #[test]
    fn out_of_line_depends_on_the_stage() {
        let model = builtin().model;
        let ratio = CostOfSale::Ratio(0.2);
        assert!(!ratio.out_of_line(&model, Stage::Transactional));
        assert!(ratio.out_of_line(&model, Stage::Partnership));
        assert!(CostOfSale::NoRevenue.out_of_line(&model, Stage::Transactional));
        assert!(!CostOfSale::Unknown.out_of_line(&model, Stage::Partnership));
    }
}
