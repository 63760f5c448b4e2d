//! SALES_FOCUS_ON_TRANSACTIONAL: salespeople's active focus concentrated on
//! a Transactional partner. The article: "Transactional partners gain the
//! most active focus from salespeople … This doesn't help in developing a
//! deeper relationship."

use super::{Severity, Warning, WarningCode};
use crate::domain::{
    partner::indicators::Indicator, scoring::assessment::Assessment, stage::Stage,
};

/// Salespeople's hours on a Transactional partner at or above the model's
/// threshold (`warnings.transactional_sales_focus_hours`).
pub(super) fn decide(a: &Assessment<'_>) -> Option<Warning> {
    if a.stage != Stage::Transactional {
        return None;
    }
    let hours = Indicator::SalesFocusHours.read_value(a.partner)?;
    let threshold = a.model.warnings.transactional_sales_focus_hours;
    if hours < threshold {
        return None;
    }
    Some(Warning {
        code: WarningCode::SalesFocusOnTransactional,
        severity: Severity::Warning,
        message: format!(
            "Salespeople spent {hours:.0} hours on a Transactional partner (the model flags \
             {threshold:.0} or more): tactical sales focus on the base does not deepen the \
             relationship. Move that attention to partners being grown up the chain, or grow \
             this one."
        ),
        fields: vec![Indicator::SalesFocusHours.path()],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::{
            partner::units::{Count, Money, Quantity},
            scoring::warnings::test_support::*,
        },
    };

    // The issue: 3 000 salespeople's hours on a reseller with every other
    // effort indicator at 0 read as Transactional-level effort (index 0.11),
    // so no warning at all.
    #[test]
    fn salespeople_hours_on_a_reseller_are_flagged() {
        let model = builtin().model;
        let mut p = bare();
        p.resale.resells_offering = Some(true);
        p.effort.partner_manager_hours = Some(Quantity::parse(0.0).unwrap());
        p.effort.enablement_spend = Some(Money::parse(0.0).unwrap());
        p.effort.executive_sponsor = Some(false);
        p.effort.joint_planning_sessions = Some(Count::parse(0).unwrap());
        p.effort.sales_focus_hours = Some(Quantity::parse(3000.0).unwrap());
        let a = Assessment::new(&model, &p);
        assert_eq!(a.effort.effort_level, Some(Stage::Transactional));
        let w = decide(&a).unwrap();
        assert_eq!(w.code, WarningCode::SalesFocusOnTransactional);
        assert_eq!(w.fields, vec!["effort.sales_focus_hours"]);
        assert!(w.message.contains("3000 hours"), "{}", w.message);
    }

    #[test]
    fn few_hours_or_a_higher_stage_are_not() {
        let model = builtin().model;
        let mut p = bare();
        p.effort.sales_focus_hours = Some(Quantity::parse(100.0).unwrap());
        assert_eq!(decide(&Assessment::new(&model, &p)), None);
        let mut grown = with_quality(partnership_hallmarks(bare()), 0.9);
        grown.effort.sales_focus_hours = Some(Quantity::parse(3000.0).unwrap());
        assert_eq!(decide(&Assessment::new(&model, &grown)), None);
    }
}
