//! COST_OF_SALE_OUT_OF_LINE: cost of sale above what the stage should cost.
//! Cost of sale goes down as a partner moves up.

use super::{Severity, Warning, WarningCode};
use crate::domain::{
    partner::indicators::Indicator,
    scoring::{assessment::Assessment, cost_of_sale::CostOfSale},
};

/// Cost of sale above the stage's expected maximum ratio.
pub(super) fn decide(a: &Assessment<'_>) -> Option<Warning> {
    if !a.cost_of_sale.out_of_line(a.model, a.stage) {
        return None;
    }
    let max = a.model.cost_of_sale_max_ratio[a.stage.index()];
    let message = match a.cost_of_sale {
        CostOfSale::Ratio(ratio) => format!(
            "Cost of sale is {:.0}% of revenue, above the {:.0}% expected of {} partner.",
            ratio * 100.0,
            max * 100.0,
            a.stage.with_article()
        ),
        _ => format!(
            "Cost of sale is spent on {} partner that brought no revenue.",
            a.stage.with_article()
        ),
    };
    Some(Warning {
        code: WarningCode::CostOfSaleOutOfLine,
        severity: Severity::Warning,
        message,
        fields: vec![Indicator::CostOfSale.path(), Indicator::Revenue.path()],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::{
            partner::units::{Fraction, Money},
            scoring::warnings::test_support::*,
        },
    };

    fn with_cost(cost: f64, revenue: f64) -> crate::domain::partner::indicators::PartnerIndicators {
        let mut p = bare();
        p.economics.cost_of_sale = Some(Money::parse(cost).unwrap());
        p.model_a.revenue = Some(Money::parse(revenue).unwrap());
        p
    }

    #[test]
    fn expensive_sales_are_flagged() {
        let model = builtin().model;
        let p = with_cost(40.0, 100.0);
        let w = decide(&Assessment::new(&model, &p)).unwrap();
        assert_eq!(w.code, WarningCode::CostOfSaleOutOfLine);
        assert!(w.message.contains("40%"), "{}", w.message);
        let no_revenue = with_cost(40.0, 0.0);
        assert!(decide(&Assessment::new(&model, &no_revenue)).is_some());
    }

    // The issue: "spent on a Enhanced partner".
    #[test]
    fn the_stage_takes_the_right_article() {
        let model = builtin().model;
        let mut p = with_cost(40.0, 0.0);
        p.value_add.industry_expertise = Some(Fraction::parse(0.9).unwrap());
        p.value_add.key_account_knowledge = Some(Fraction::parse(0.9).unwrap());
        let a = Assessment::new(&model, &p);
        assert_eq!(a.stage, crate::domain::stage::Stage::Enhanced);
        let w = decide(&a).unwrap();
        assert!(
            w.message.contains("spent on an Enhanced partner"),
            "{}",
            w.message
        );
        let w = decide(&Assessment::new(&model, &with_cost(40.0, 100.0))).unwrap();
        assert!(
            w.message.contains("of a Transactional partner"),
            "{}",
            w.message
        );
    }

    #[test]
    fn cheap_or_unknown_sales_are_not() {
        let model = builtin().model;
        assert_eq!(
            decide(&Assessment::new(&model, &with_cost(10.0, 100.0))),
            None
        );
        assert_eq!(decide(&Assessment::new(&model, &bare())), None);
    }
}
