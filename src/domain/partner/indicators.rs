//! One partner's indicators, as the scoring model reads them. Every indicator
//! is optional: `None` means unknown, never zero.

use super::{
    currency_code::CurrencyCode,
    labels::Labels,
    partner_id::PartnerId,
    units::{Count, Fraction, Money, Quantity},
};
use crate::domain::stage::Stage;

/// Everything known about one partner at one moment. Flows cover the trailing
/// twelve months.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerIndicators {
    /// The partner's id.
    pub partner_id: PartnerId,
    /// Labels used to group pyramids.
    pub labels: Labels,
    /// Currency of every money amount; present whenever one is.
    pub currency: Option<CurrencyCode>,
    /// Money and loyalty.
    pub model_a: ModelASignals,
    /// Transactional hallmarks.
    pub resale: ResaleHallmarks,
    /// Enhanced hallmarks.
    pub value_add: ValueAddHallmarks,
    /// Collaborative hallmarks.
    pub collaboration: CollaborationHallmarks,
    /// Partnership hallmarks.
    pub partnership: PartnershipHallmarks,
    /// Relationship quality.
    pub quality: RelationshipQuality,
    /// The host's effort.
    pub effort: HostEffort,
    /// The partner's commitment.
    pub commitment: PartnerCommitment,
    /// Economics.
    pub economics: Economics,
    /// Intent of both sides.
    pub intent: RelationshipIntent,
}

impl PartnerIndicators {
    /// A partner of whom only the id is known.
    pub fn new(partner_id: PartnerId) -> Self {
        Self {
            partner_id,
            labels: Labels::default(),
            currency: None,
            model_a: ModelASignals::default(),
            resale: ResaleHallmarks::default(),
            value_add: ValueAddHallmarks::default(),
            collaboration: CollaborationHallmarks::default(),
            partnership: PartnershipHallmarks::default(),
            quality: RelationshipQuality::default(),
            effort: HostEffort::default(),
            commitment: PartnerCommitment::default(),
            economics: Economics::default(),
            intent: RelationshipIntent::default(),
        }
    }
}

/// Model A signals.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ModelASignals {
    /// Attributed revenue.
    pub revenue: Option<Money>,
    /// Certifications and trainings bought.
    pub certifications: Option<Count>,
    /// Deals closed.
    pub deal_count: Option<Count>,
}

/// Transactional hallmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ResaleHallmarks {
    /// Whether the partner resells the offering.
    pub resells_offering: Option<bool>,
}

/// Enhanced hallmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ValueAddHallmarks {
    /// Industry-sector knowledge, 0..1.
    pub industry_expertise: Option<Fraction>,
    /// Key-account knowledge, 0..1.
    pub key_account_knowledge: Option<Fraction>,
    /// Accelerators / IP built on the offering.
    pub accelerators_built: Option<Count>,
    /// Share of deals with the partner's services attached.
    pub services_attach_rate: Option<Fraction>,
}

/// Collaborative hallmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CollaborationHallmarks {
    /// Successful joint projects.
    pub successful_joint_projects: Option<Count>,
    /// A joint strategy exists.
    pub joint_strategy: Option<bool>,
    /// A governance framework is in place.
    pub governance_framework: Option<bool>,
    /// A geographic scope is agreed.
    pub geographic_scope_agreed: Option<bool>,
}

/// Partnership hallmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PartnershipHallmarks {
    /// Joint initiatives in markets new to both.
    pub joint_new_market_initiatives: Option<Count>,
    /// A shared risk / reward agreement is in force.
    pub shared_risk_reward: Option<bool>,
}

/// Relationship quality, each dimension 0..1.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RelationshipQuality {
    /// Interaction.
    pub interaction: Option<Fraction>,
    /// Trust.
    pub trust: Option<Fraction>,
    /// Communication.
    pub communication: Option<Fraction>,
    /// Knowledge exchange.
    pub knowledge_exchange: Option<Fraction>,
    /// Interoperation.
    pub interoperation: Option<Fraction>,
}

/// The host's effort over twelve months.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct HostEffort {
    /// Partner-manager hours.
    pub partner_manager_hours: Option<Quantity>,
    /// Enablement and market-development spend.
    pub enablement_spend: Option<Money>,
    /// An executive sponsors the relationship.
    pub executive_sponsor: Option<bool>,
    /// Joint planning sessions held.
    pub joint_planning_sessions: Option<Count>,
    /// Salespeople's active hours.
    pub sales_focus_hours: Option<Quantity>,
}

/// The partner's commitment.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PartnerCommitment {
    /// Dedicated full-time equivalents.
    pub dedicated_staff_fte: Option<Quantity>,
    /// Certified staff.
    pub certified_staff: Option<Count>,
    /// Co-investment over twelve months.
    pub co_investment: Option<Money>,
}

/// Economics.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Economics {
    /// Cost of sale over twelve months.
    pub cost_of_sale: Option<Money>,
}

/// Intent of both sides; `None` is unknown.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RelationshipIntent {
    /// The stage the host intends.
    pub host_intended_stage: Option<Stage>,
    /// The stage the partner is looking for.
    pub partner_desired_stage: Option<Stage>,
}

/// Every indicator the model can read, named after its field path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Indicator {
    Revenue,
    Certifications,
    DealCount,
    ResellsOffering,
    IndustryExpertise,
    KeyAccountKnowledge,
    AcceleratorsBuilt,
    ServicesAttachRate,
    SuccessfulJointProjects,
    JointStrategy,
    GovernanceFramework,
    GeographicScopeAgreed,
    JointNewMarketInitiatives,
    SharedRiskReward,
    Interaction,
    Trust,
    Communication,
    KnowledgeExchange,
    Interoperation,
    PartnerManagerHours,
    EnablementSpend,
    ExecutiveSponsor,
    JointPlanningSessions,
    SalesFocusHours,
    DedicatedStaffFte,
    CertifiedStaff,
    CoInvestment,
    CostOfSale,
    HostIntendedStage,
    PartnerDesiredStage,
}

/// Where an indicator lives in the payload, and what it feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorGroup {
    /// Money and loyalty.
    ModelA,
    /// Hallmarks of a stage.
    Hallmark(Stage),
    /// Relationship quality.
    Quality,
    /// Host effort.
    Effort,
    /// Partner commitment.
    Commitment,
    /// Economics.
    Economics,
    /// Intent.
    Intent,
}

impl Indicator {
    /// Every indicator, in payload order.
    pub const ALL: [Indicator; 30] = [
        Indicator::Revenue,
        Indicator::Certifications,
        Indicator::DealCount,
        Indicator::ResellsOffering,
        Indicator::IndustryExpertise,
        Indicator::KeyAccountKnowledge,
        Indicator::AcceleratorsBuilt,
        Indicator::ServicesAttachRate,
        Indicator::SuccessfulJointProjects,
        Indicator::JointStrategy,
        Indicator::GovernanceFramework,
        Indicator::GeographicScopeAgreed,
        Indicator::JointNewMarketInitiatives,
        Indicator::SharedRiskReward,
        Indicator::Interaction,
        Indicator::Trust,
        Indicator::Communication,
        Indicator::KnowledgeExchange,
        Indicator::Interoperation,
        Indicator::PartnerManagerHours,
        Indicator::EnablementSpend,
        Indicator::ExecutiveSponsor,
        Indicator::JointPlanningSessions,
        Indicator::SalesFocusHours,
        Indicator::DedicatedStaffFte,
        Indicator::CertifiedStaff,
        Indicator::CoInvestment,
        Indicator::CostOfSale,
        Indicator::HostIntendedStage,
        Indicator::PartnerDesiredStage,
    ];

    /// The field path in the payload, e.g. `"quality.trust"`.
    pub fn path(self) -> &'static str {
        match self {
            Indicator::Revenue => "model_a.revenue",
            Indicator::Certifications => "model_a.certifications",
            Indicator::DealCount => "model_a.deal_count",
            Indicator::ResellsOffering => "resale.resells_offering",
            Indicator::IndustryExpertise => "value_add.industry_expertise",
            Indicator::KeyAccountKnowledge => "value_add.key_account_knowledge",
            Indicator::AcceleratorsBuilt => "value_add.accelerators_built",
            Indicator::ServicesAttachRate => "value_add.services_attach_rate",
            Indicator::SuccessfulJointProjects => "collaboration.successful_joint_projects",
            Indicator::JointStrategy => "collaboration.joint_strategy",
            Indicator::GovernanceFramework => "collaboration.governance_framework",
            Indicator::GeographicScopeAgreed => "collaboration.geographic_scope_agreed",
            Indicator::JointNewMarketInitiatives => "partnership.joint_new_market_initiatives",
            Indicator::SharedRiskReward => "partnership.shared_risk_reward",
            Indicator::Interaction => "quality.interaction",
            Indicator::Trust => "quality.trust",
            Indicator::Communication => "quality.communication",
            Indicator::KnowledgeExchange => "quality.knowledge_exchange",
            Indicator::Interoperation => "quality.interoperation",
            Indicator::PartnerManagerHours => "effort.partner_manager_hours",
            Indicator::EnablementSpend => "effort.enablement_spend",
            Indicator::ExecutiveSponsor => "effort.executive_sponsor",
            Indicator::JointPlanningSessions => "effort.joint_planning_sessions",
            Indicator::SalesFocusHours => "effort.sales_focus_hours",
            Indicator::DedicatedStaffFte => "commitment.dedicated_staff_fte",
            Indicator::CertifiedStaff => "commitment.certified_staff",
            Indicator::CoInvestment => "commitment.co_investment",
            Indicator::CostOfSale => "economics.cost_of_sale",
            Indicator::HostIntendedStage => "intent.host_intended_stage",
            Indicator::PartnerDesiredStage => "intent.partner_desired_stage",
        }
    }

    /// The last segment of the path, used as the key in configuration.
    pub fn name(self) -> &'static str {
        let path = self.path();
        path.rsplit('.').next().unwrap_or(path)
    }

    /// Finds an indicator by [`Indicator::name`].
    pub fn from_name(name: &str) -> Option<Indicator> {
        Self::ALL.into_iter().find(|i| i.name() == name)
    }

    /// What the indicator feeds.
    pub fn group(self) -> IndicatorGroup {
        use Indicator::*;
        match self {
            Revenue | Certifications => IndicatorGroup::ModelA,
            DealCount | ResellsOffering => IndicatorGroup::Hallmark(Stage::Transactional),
            IndustryExpertise | KeyAccountKnowledge | AcceleratorsBuilt | ServicesAttachRate => {
                IndicatorGroup::Hallmark(Stage::Enhanced)
            }
            SuccessfulJointProjects
            | JointStrategy
            | GovernanceFramework
            | GeographicScopeAgreed => IndicatorGroup::Hallmark(Stage::Collaborative),
            JointNewMarketInitiatives | SharedRiskReward => {
                IndicatorGroup::Hallmark(Stage::Partnership)
            }
            Interaction | Trust | Communication | KnowledgeExchange | Interoperation => {
                IndicatorGroup::Quality
            }
            PartnerManagerHours
            | EnablementSpend
            | ExecutiveSponsor
            | JointPlanningSessions
            | SalesFocusHours => IndicatorGroup::Effort,
            DedicatedStaffFte | CertifiedStaff | CoInvestment => IndicatorGroup::Commitment,
            CostOfSale => IndicatorGroup::Economics,
            HostIntendedStage | PartnerDesiredStage => IndicatorGroup::Intent,
        }
    }

    /// Whether the model reads this indicator as a share of revenue.
    pub fn is_share_of_revenue(self) -> bool {
        matches!(self, Indicator::EnablementSpend | Indicator::CoInvestment)
    }

    /// The value supplied, in the field's own unit (booleans as 0 or 1,
    /// stages as their level 1..4), or `None` when unknown.
    pub fn supplied_value(self, p: &PartnerIndicators) -> Option<f64> {
        use Indicator::*;
        let flag = |b: Option<bool>| b.map(|b| if b { 1.0 } else { 0.0 });
        let count = |c: Option<Count>| c.map(|c| f64::from(c.get()));
        match self {
            Revenue => p.model_a.revenue.map(Money::get),
            Certifications => count(p.model_a.certifications),
            DealCount => count(p.model_a.deal_count),
            ResellsOffering => flag(p.resale.resells_offering),
            IndustryExpertise => p.value_add.industry_expertise.map(Fraction::get),
            KeyAccountKnowledge => p.value_add.key_account_knowledge.map(Fraction::get),
            AcceleratorsBuilt => count(p.value_add.accelerators_built),
            ServicesAttachRate => p.value_add.services_attach_rate.map(Fraction::get),
            SuccessfulJointProjects => count(p.collaboration.successful_joint_projects),
            JointStrategy => flag(p.collaboration.joint_strategy),
            GovernanceFramework => flag(p.collaboration.governance_framework),
            GeographicScopeAgreed => flag(p.collaboration.geographic_scope_agreed),
            JointNewMarketInitiatives => count(p.partnership.joint_new_market_initiatives),
            SharedRiskReward => flag(p.partnership.shared_risk_reward),
            Interaction => p.quality.interaction.map(Fraction::get),
            Trust => p.quality.trust.map(Fraction::get),
            Communication => p.quality.communication.map(Fraction::get),
            KnowledgeExchange => p.quality.knowledge_exchange.map(Fraction::get),
            Interoperation => p.quality.interoperation.map(Fraction::get),
            PartnerManagerHours => p.effort.partner_manager_hours.map(Quantity::get),
            EnablementSpend => p.effort.enablement_spend.map(Money::get),
            ExecutiveSponsor => flag(p.effort.executive_sponsor),
            JointPlanningSessions => count(p.effort.joint_planning_sessions),
            SalesFocusHours => p.effort.sales_focus_hours.map(Quantity::get),
            DedicatedStaffFte => p.commitment.dedicated_staff_fte.map(Quantity::get),
            CertifiedStaff => count(p.commitment.certified_staff),
            CoInvestment => p.commitment.co_investment.map(Money::get),
            CostOfSale => p.economics.cost_of_sale.map(Money::get),
            HostIntendedStage => p.intent.host_intended_stage.map(|s| f64::from(s.level())),
            PartnerDesiredStage => p.intent.partner_desired_stage.map(|s| f64::from(s.level())),
        }
    }

    /// The value as the model reads it: [`Indicator::supplied_value`], except
    /// for amounts read as a share of revenue, which are divided by revenue
    /// (and unknown while revenue is unknown). Always finite and at most 1e15.
    pub fn read_value(self, p: &PartnerIndicators) -> Option<f64> {
        let value = self.supplied_value(p)?;
        if !self.is_share_of_revenue() {
            return Some(value);
        }
        let revenue = p.model_a.revenue?.get();
        Some(share_of(value, revenue))
    }
}

/// `amount / base`, capped at [`Money::MAX`]; a positive amount over a zero
/// base reads as the cap, zero over zero as zero.
pub fn share_of(amount: f64, base: f64) -> f64 {
    if base > 0.0 {
        (amount / base).min(Money::MAX)
    } else if amount > 0.0 {
        Money::MAX
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for indicator in Indicator::ALL {
            assert_eq!(Indicator::from_name(indicator.name()), Some(indicator));
        }
        assert_eq!(Indicator::from_name("nonsense"), None);
    }

    #[test]
    fn unknown_indicators_read_as_none() {
        let p = PartnerIndicators::new(PartnerId::parse("p").unwrap());
        for indicator in Indicator::ALL {
            assert_eq!(indicator.read_value(&p), None, "{}", indicator.path());
        }
    }

    #[test]
    fn spend_reads_as_share_of_revenue() {
        let mut p = PartnerIndicators::new(PartnerId::parse("p").unwrap());
        p.effort.enablement_spend = Some(Money::parse(5_000.0).unwrap());
        assert_eq!(Indicator::EnablementSpend.read_value(&p), None);
        p.model_a.revenue = Some(Money::parse(100_000.0).unwrap());
        assert_eq!(Indicator::EnablementSpend.read_value(&p), Some(0.05));
        p.model_a.revenue = Some(Money::parse(0.0).unwrap());
        assert_eq!(Indicator::EnablementSpend.read_value(&p), Some(Money::MAX));
        assert_eq!(share_of(0.0, 0.0), 0.0);
    }
}
