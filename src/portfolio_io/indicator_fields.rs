//! Every indicator of the protobuf `PartnerIndicators` addressed by its field
//! path ([`Indicator::path`]): its kind of value, and how to read, write,
//! parse and print it. The CSV columns are these paths.

use crate::{domain::partner::indicators::Indicator, proto};

/// The kind of value an indicator holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A `double`.
    Number,
    /// A `uint32` count.
    Count,
    /// A `bool`.
    Flag,
    /// A `Stage` enum.
    Stage,
}

/// A value of an indicator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A `double`.
    Number(f64),
    /// A `uint32` count.
    Count(u32),
    /// A `bool`.
    Flag(bool),
    /// A `Stage` enum number.
    Stage(i32),
}

/// Why a cell could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// SCREAMING_SNAKE_CASE reason.
    pub reason: &'static str,
    /// What is wrong.
    pub message: String,
}

/// The kind of value `indicator` holds.
pub fn kind(indicator: Indicator) -> ValueKind {
    use Indicator::*;
    match indicator {
        Certifications
        | DealCount
        | AcceleratorsBuilt
        | SuccessfulJointProjects
        | JointNewMarketInitiatives
        | JointPlanningSessions
        | CertifiedStaff => ValueKind::Count,
        ResellsOffering
        | JointStrategy
        | GovernanceFramework
        | GeographicScopeAgreed
        | SharedRiskReward
        | ExecutiveSponsor => ValueKind::Flag,
        HostIntendedStage | PartnerDesiredStage => ValueKind::Stage,
        Revenue | IndustryExpertise | KeyAccountKnowledge | ServicesAttachRate | Interaction
        | Trust | Communication | KnowledgeExchange | Interoperation | PartnerManagerHours
        | EnablementSpend | SalesFocusHours | DedicatedStaffFte | CoInvestment | CostOfSale => {
            ValueKind::Number
        }
    }
}

/// The indicator whose field path is `path`.
pub fn by_path(path: &str) -> Option<Indicator> {
    Indicator::ALL.into_iter().find(|i| i.path() == path)
}

/// Parses a non-empty cell as a value of `kind`.
pub fn parse(kind: ValueKind, cell: &str) -> Result<Value, ParseError> {
    let cell = cell.trim();
    match kind {
        ValueKind::Number => cell
            .parse::<f64>()
            .map(Value::Number)
            .map_err(|_| ParseError {
                reason: "UNPARSABLE_NUMBER",
                message: format!("{cell:?} is not a number"),
            }),
        ValueKind::Count => cell
            .parse::<u32>()
            .map(Value::Count)
            .map_err(|_| ParseError {
                reason: "UNPARSABLE_COUNT",
                message: format!("{cell:?} is not a whole number from 0 to {}", u32::MAX),
            }),
        ValueKind::Flag => match cell.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(Value::Flag(true)),
            "false" | "0" | "no" => Ok(Value::Flag(false)),
            _ => Err(ParseError {
                reason: "UNPARSABLE_FLAG",
                message: format!("{cell:?} is not true or false"),
            }),
        },
        ValueKind::Stage => parse_stage(cell)
            .map(Value::Stage)
            .ok_or_else(|| ParseError {
                reason: "UNPARSABLE_STAGE",
                message: format!(
                    "{cell:?} is not a stage (TRANSACTIONAL, ENHANCED, COLLABORATIVE, PARTNERSHIP \
                 or 1 to 4)"
                ),
            }),
    }
}

fn parse_stage(cell: &str) -> Option<i32> {
    if let Ok(n) = cell.parse::<i32>() {
        return Some(n);
    }
    let upper = cell.to_ascii_uppercase();
    let name = if upper.starts_with("STAGE_") {
        upper
    } else {
        format!("STAGE_{upper}")
    };
    proto::Stage::from_str_name(&name).map(|s| s as i32)
}

/// The value as a CSV cell.
pub fn format(value: Value) -> String {
    match value {
        Value::Number(x) => x.to_string(),
        Value::Count(n) => n.to_string(),
        Value::Flag(b) => b.to_string(),
        Value::Stage(n) => proto::Stage::try_from(n)
            .map(|s| s.as_str_name().trim_start_matches("STAGE_").to_owned())
            .unwrap_or_else(|_| n.to_string()),
    }
}

/// The value of `indicator` in `msg`; `None` when unknown (a stage of 0,
/// `STAGE_UNSPECIFIED`, is unknown).
pub fn get(msg: &proto::PartnerIndicators, indicator: Indicator) -> Option<Value> {
    use Indicator::*;
    use Value::{Count as C, Flag as F, Number as N};
    let m = msg.model_a.as_ref();
    let r = msg.resale.as_ref();
    let v = msg.value_add.as_ref();
    let c = msg.collaboration.as_ref();
    let p = msg.partnership.as_ref();
    let q = msg.quality.as_ref();
    let e = msg.effort.as_ref();
    let cm = msg.commitment.as_ref();
    let ec = msg.economics.as_ref();
    let i = msg.intent.as_ref();
    let stage = |s: i32| (s != 0).then_some(Value::Stage(s));
    match indicator {
        Revenue => m?.revenue.map(N),
        Certifications => m?.certifications.map(C),
        DealCount => m?.deal_count.map(C),
        ResellsOffering => r?.resells_offering.map(F),
        IndustryExpertise => v?.industry_expertise.map(N),
        KeyAccountKnowledge => v?.key_account_knowledge.map(N),
        AcceleratorsBuilt => v?.accelerators_built.map(C),
        ServicesAttachRate => v?.services_attach_rate.map(N),
        SuccessfulJointProjects => c?.successful_joint_projects.map(C),
        JointStrategy => c?.joint_strategy.map(F),
        GovernanceFramework => c?.governance_framework.map(F),
        GeographicScopeAgreed => c?.geographic_scope_agreed.map(F),
        JointNewMarketInitiatives => p?.joint_new_market_initiatives.map(C),
        SharedRiskReward => p?.shared_risk_reward.map(F),
        Interaction => q?.interaction.map(N),
        Trust => q?.trust.map(N),
        Communication => q?.communication.map(N),
        KnowledgeExchange => q?.knowledge_exchange.map(N),
        Interoperation => q?.interoperation.map(N),
        PartnerManagerHours => e?.partner_manager_hours.map(N),
        EnablementSpend => e?.enablement_spend.map(N),
        ExecutiveSponsor => e?.executive_sponsor.map(F),
        JointPlanningSessions => e?.joint_planning_sessions.map(C),
        SalesFocusHours => e?.sales_focus_hours.map(N),
        DedicatedStaffFte => cm?.dedicated_staff_fte.map(N),
        CertifiedStaff => cm?.certified_staff.map(C),
        CoInvestment => cm?.co_investment.map(N),
        CostOfSale => ec?.cost_of_sale.map(N),
        HostIntendedStage => stage(i?.host_intended_stage),
        PartnerDesiredStage => stage(i?.partner_desired_stage),
    }
}

/// Sets `indicator` in `msg` to `value`, which must be of the indicator's
/// [`kind`]; a value of another kind is ignored.
pub fn set(msg: &mut proto::PartnerIndicators, indicator: Indicator, value: Value) {
    use Indicator::*;
    let n = match value {
        Value::Number(x) => Some(x),
        _ => None,
    };
    let c = match value {
        Value::Count(x) => Some(x),
        _ => None,
    };
    let f = match value {
        Value::Flag(x) => Some(x),
        _ => None,
    };
    let s = match value {
        Value::Stage(x) => x,
        _ => 0,
    };
    fn part<T: Default>(slot: &mut Option<T>) -> &mut T {
        slot.get_or_insert_with(T::default)
    }
    match (indicator, kind(indicator)) {
        (_, k) if k != value_kind(value) => {}
        (Revenue, _) => part(&mut msg.model_a).revenue = n,
        (Certifications, _) => part(&mut msg.model_a).certifications = c,
        (DealCount, _) => part(&mut msg.model_a).deal_count = c,
        (ResellsOffering, _) => part(&mut msg.resale).resells_offering = f,
        (IndustryExpertise, _) => part(&mut msg.value_add).industry_expertise = n,
        (KeyAccountKnowledge, _) => part(&mut msg.value_add).key_account_knowledge = n,
        (AcceleratorsBuilt, _) => part(&mut msg.value_add).accelerators_built = c,
        (ServicesAttachRate, _) => part(&mut msg.value_add).services_attach_rate = n,
        (SuccessfulJointProjects, _) => {
            part(&mut msg.collaboration).successful_joint_projects = c;
        }
        (JointStrategy, _) => part(&mut msg.collaboration).joint_strategy = f,
        (GovernanceFramework, _) => part(&mut msg.collaboration).governance_framework = f,
        (GeographicScopeAgreed, _) => part(&mut msg.collaboration).geographic_scope_agreed = f,
        (JointNewMarketInitiatives, _) => {
            part(&mut msg.partnership).joint_new_market_initiatives = c;
        }
        (SharedRiskReward, _) => part(&mut msg.partnership).shared_risk_reward = f,
        (Interaction, _) => part(&mut msg.quality).interaction = n,
        (Trust, _) => part(&mut msg.quality).trust = n,
        (Communication, _) => part(&mut msg.quality).communication = n,
        (KnowledgeExchange, _) => part(&mut msg.quality).knowledge_exchange = n,
        (Interoperation, _) => part(&mut msg.quality).interoperation = n,
        (PartnerManagerHours, _) => part(&mut msg.effort).partner_manager_hours = n,
        (EnablementSpend, _) => part(&mut msg.effort).enablement_spend = n,
        (ExecutiveSponsor, _) => part(&mut msg.effort).executive_sponsor = f,
        (JointPlanningSessions, _) => part(&mut msg.effort).joint_planning_sessions = c,
        (SalesFocusHours, _) => part(&mut msg.effort).sales_focus_hours = n,
        (DedicatedStaffFte, _) => part(&mut msg.commitment).dedicated_staff_fte = n,
        (CertifiedStaff, _) => part(&mut msg.commitment).certified_staff = c,
        (CoInvestment, _) => part(&mut msg.commitment).co_investment = n,
        (CostOfSale, _) => part(&mut msg.economics).cost_of_sale = n,
        (HostIntendedStage, _) => part(&mut msg.intent).host_intended_stage = s,
        (PartnerDesiredStage, _) => part(&mut msg.intent).partner_desired_stage = s,
    }
}

fn value_kind(value: Value) -> ValueKind {
    match value {
        Value::Number(_) => ValueKind::Number,
        Value::Count(_) => ValueKind::Count,
        Value::Flag(_) => ValueKind::Flag,
        Value::Stage(_) => ValueKind::Stage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(indicator: Indicator) -> Value {
        match kind(indicator) {
            ValueKind::Number => Value::Number(0.25),
            ValueKind::Count => Value::Count(3),
            ValueKind::Flag => Value::Flag(true),
            ValueKind::Stage => Value::Stage(proto::Stage::Enhanced as i32),
        }
    }

    #[test]
    fn every_indicator_round_trips_through_set_get_format_parse() {
        let mut msg = proto::PartnerIndicators::default();
        for indicator in Indicator::ALL {
            assert_eq!(get(&msg, indicator), None, "{}", indicator.path());
            set(&mut msg, indicator, sample(indicator));
        }
        for indicator in Indicator::ALL {
            let value = get(&msg, indicator).unwrap();
            assert_eq!(value, sample(indicator), "{}", indicator.path());
            assert_eq!(parse(kind(indicator), &format(value)), Ok(value));
            assert_eq!(by_path(indicator.path()), Some(indicator));
        }
    }

    #[test]
    fn cells_parse_leniently_but_never_guess() {
        assert_eq!(parse(ValueKind::Flag, " Yes "), Ok(Value::Flag(true)));
        assert_eq!(
            parse(ValueKind::Stage, "stage_partnership"),
            Ok(Value::Stage(4))
        );
        assert_eq!(
            parse(ValueKind::Stage, "collaborative"),
            Ok(Value::Stage(3))
        );
        assert_eq!(parse(ValueKind::Stage, "2"), Ok(Value::Stage(2)));
        assert_eq!(parse(ValueKind::Number, "1e3"), Ok(Value::Number(1000.0)));
        assert_eq!(
            parse(ValueKind::Number, "12,5").unwrap_err().reason,
            "UNPARSABLE_NUMBER"
        );
        assert_eq!(
            parse(ValueKind::Count, "-1").unwrap_err().reason,
            "UNPARSABLE_COUNT"
        );
        assert_eq!(
            parse(ValueKind::Count, "2.5").unwrap_err().reason,
            "UNPARSABLE_COUNT"
        );
        assert_eq!(
            parse(ValueKind::Flag, "maybe").unwrap_err().reason,
            "UNPARSABLE_FLAG"
        );
        assert_eq!(
            parse(ValueKind::Stage, "gold").unwrap_err().reason,
            "UNPARSABLE_STAGE"
        );
    }
}
