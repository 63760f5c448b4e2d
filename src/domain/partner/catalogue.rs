//! The indicator catalogue: one row per indicator the model can read, the
//! single list every layer expands its own way.
//!
//! `for_each_indicator!` calls a *callback macro* with the whole table.
//! The domain expands it into the partner's sections and the [`Indicator`]
//! enum (`indicators.rs`); the wire edge into protobuf access and edge
//! parsing; nothing here knows protobuf. The catalogue's section and field
//! names are the field names of the contract's `PartnerIndicators` message
//! and of its section messages, so that every layer can address a field by
//! the same two names.
//!
//! The table, section by section in payload order (the order of
//! [`Indicator::ALL`], of the CSV columns and of explanations):
//!
//! ```text
//! /// doc of the section
//! section_field: SectionStruct {
//!     /// doc of the indicator
//!     Variant field: Type, Group, ReadAs;
//! }
//! ```
//!
//! - `Type` is the domain type of the value: `Money`, `Count`, `Fraction`,
//!   `Quantity` (bounded numbers, see `units.rs`), `bool` or `Stage`;
//! - `Group` is what the indicator feeds ([`IndicatorGroup`]), which is not
//!   always its section (`model_a.deal_count` is Transactional evidence);
//! - `ReadAs` is how the model reads it ([`ReadAs`]).
//!
//! Adding an indicator: a row here, its field in the contract's section
//! message (same name), its weight in `config/default.toml`, and its
//! distribution in the synthetic generator (a `match` there asks for it).
//!
//! [`Indicator`]: super::indicators::Indicator
//! [`Indicator::ALL`]: super::indicators::Indicator::ALL
//! [`IndicatorGroup`]: super::indicators::IndicatorGroup
//! [`ReadAs`]: super::indicators::ReadAs

/// Calls `$callback! { ... }` with the indicator catalogue (see the module
/// documentation for the shape of the table).
macro_rules! for_each_indicator {
    ($callback:ident) => {
        $callback! {
            /// Model A signals: money and loyalty.
            model_a: ModelASignals {
                /// Attributed revenue.
                Revenue revenue: Money, ModelA, Supplied;
                /// Certifications and trainings bought.
                Certifications certifications: Count, ModelA, Supplied;
                /// Deals closed.
                DealCount deal_count: Count, Hallmark(Transactional), Supplied;
            }
            /// Transactional hallmarks.
            resale: ResaleHallmarks {
                /// Whether the partner resells the offering.
                ResellsOffering resells_offering: bool, Hallmark(Transactional), Supplied;
            }
            /// Enhanced hallmarks.
            value_add: ValueAddHallmarks {
                /// Industry-sector knowledge, 0..1.
                IndustryExpertise industry_expertise: Fraction, Hallmark(Enhanced), Supplied;
                /// Key-account knowledge, 0..1.
                KeyAccountKnowledge key_account_knowledge: Fraction, Hallmark(Enhanced), Supplied;
                /// Accelerators / IP built on the offering.
                AcceleratorsBuilt accelerators_built: Count, Hallmark(Enhanced), Supplied;
                /// Share of deals with the partner's services attached.
                ServicesAttachRate services_attach_rate: Fraction, Hallmark(Enhanced), Supplied;
            }
            /// Collaborative hallmarks.
            collaboration: CollaborationHallmarks {
                /// Successful joint projects.
                SuccessfulJointProjects successful_joint_projects: Count, Hallmark(Collaborative), Supplied;
                /// A joint strategy exists.
                JointStrategy joint_strategy: bool, Hallmark(Collaborative), Supplied;
                /// A governance framework is in place.
                GovernanceFramework governance_framework: bool, Hallmark(Collaborative), Supplied;
                /// A geographic scope is agreed.
                GeographicScopeAgreed geographic_scope_agreed: bool, Hallmark(Collaborative), Supplied;
            }
            /// Partnership hallmarks.
            partnership: PartnershipHallmarks {
                /// Joint initiatives in markets new to both.
                JointNewMarketInitiatives joint_new_market_initiatives: Count, Hallmark(Partnership), Supplied;
                /// A shared risk / reward agreement is in force.
                SharedRiskReward shared_risk_reward: bool, Hallmark(Partnership), Supplied;
            }
            /// Relationship quality, each dimension 0..1.
            quality: RelationshipQuality {
                /// Interaction.
                Interaction interaction: Fraction, Quality, Supplied;
                /// Trust.
                Trust trust: Fraction, Quality, Supplied;
                /// Communication.
                Communication communication: Fraction, Quality, Supplied;
                /// Knowledge exchange.
                KnowledgeExchange knowledge_exchange: Fraction, Quality, Supplied;
                /// Interoperation.
                Interoperation interoperation: Fraction, Quality, Supplied;
            }
            /// The host's effort over twelve months.
            effort: HostEffort {
                /// Partner-manager hours.
                PartnerManagerHours partner_manager_hours: Quantity, Effort, Supplied;
                /// Enablement and market-development spend.
                EnablementSpend enablement_spend: Money, Effort, ShareOfRevenue;
                /// An executive sponsors the relationship.
                ExecutiveSponsor executive_sponsor: bool, Effort, Supplied;
                /// Joint planning sessions held.
                JointPlanningSessions joint_planning_sessions: Count, Effort, Supplied;
                /// Salespeople's active hours.
                SalesFocusHours sales_focus_hours: Quantity, Effort, Supplied;
            }
            /// The partner's commitment.
            commitment: PartnerCommitment {
                /// Dedicated full-time equivalents.
                DedicatedStaffFte dedicated_staff_fte: Quantity, Commitment, Supplied;
                /// Certified staff.
                CertifiedStaff certified_staff: Count, Commitment, Supplied;
                /// Co-investment over twelve months.
                CoInvestment co_investment: Money, Commitment, ShareOfRevenue;
            }
            /// Economics.
            economics: Economics {
                /// Cost of sale over twelve months.
                CostOfSale cost_of_sale: Money, Economics, Supplied;
            }
            /// Intent of both sides; `None` is unknown.
            intent: RelationshipIntent {
                /// The stage the host intends.
                HostIntendedStage host_intended_stage: Stage, Intent, Supplied;
                /// The stage the partner is looking for.
                PartnerDesiredStage partner_desired_stage: Stage, Intent, Supplied;
            }
        }
    };
}

pub(crate) use for_each_indicator;
