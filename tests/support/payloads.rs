//! Partner payloads of the nine behaviours the default model must show.

// Shared by several test or bench crates: each uses part of it, and its
// `pub` items are the helpers those crates call.
#![allow(dead_code, unreachable_pub)]

use stage_scorer::proto::{
    CollaborationHallmarks, HostEffort, ModelASignals, PartnerIndicators, PartnershipHallmarks,
    RelationshipIntent, RelationshipQuality, ResaleHallmarks, Stage, ValueAddHallmarks,
};

/// All five quality dimensions at `v`.
pub fn quality(v: f64) -> RelationshipQuality {
    RelationshipQuality {
        interaction: Some(v),
        trust: Some(v),
        communication: Some(v),
        knowledge_exchange: Some(v),
        interoperation: Some(v),
    }
}

/// 1. Only resells, middling quality, no value add, no joint work.
pub fn reseller() -> PartnerIndicators {
    PartnerIndicators {
        partner_id: "reseller-1".into(),
        labels: [("region".to_owned(), "emea".to_owned())].into(),
        model_a: Some(ModelASignals {
            deal_count: Some(14),
            ..Default::default()
        }),
        resale: Some(ResaleHallmarks {
            resells_offering: Some(true),
        }),
        value_add: Some(ValueAddHallmarks {
            industry_expertise: Some(0.1),
            key_account_knowledge: Some(0.15),
            accelerators_built: Some(0),
            services_attach_rate: Some(0.05),
        }),
        collaboration: Some(CollaborationHallmarks {
            successful_joint_projects: Some(0),
            joint_strategy: Some(false),
            governance_framework: Some(false),
            geographic_scope_agreed: Some(false),
        }),
        partnership: Some(PartnershipHallmarks {
            joint_new_market_initiatives: Some(0),
            shared_risk_reward: Some(false),
        }),
        quality: Some(quality(0.5)),
        ..Default::default()
    }
}

/// 2. A value-added reseller: strong value add, decent quality, no joint work.
pub fn value_added_reseller() -> PartnerIndicators {
    PartnerIndicators {
        partner_id: "var-1".into(),
        value_add: Some(ValueAddHallmarks {
            industry_expertise: Some(0.85),
            key_account_knowledge: Some(0.8),
            accelerators_built: Some(3),
            services_attach_rate: Some(0.55),
        }),
        quality: Some(quality(0.6)),
        ..reseller()
    }
}

/// Case 3: case 2 plus successful joint projects, a joint strategy,
/// governance and an agreed geographic scope, with good quality.
pub fn collaborator() -> PartnerIndicators {
    PartnerIndicators {
        partner_id: "collab-1".into(),
        collaboration: Some(CollaborationHallmarks {
            successful_joint_projects: Some(4),
            joint_strategy: Some(true),
            governance_framework: Some(true),
            geographic_scope_agreed: Some(true),
        }),
        quality: Some(quality(0.7)),
        ..value_added_reseller()
    }
}

/// Case 4: case 3 plus joint new-market initiatives and shared risk/reward,
/// with very high quality on every dimension.
pub fn partnership() -> PartnerIndicators {
    PartnerIndicators {
        partner_id: "partner-1".into(),
        partnership: Some(PartnershipHallmarks {
            joint_new_market_initiatives: Some(2),
            shared_risk_reward: Some(true),
        }),
        quality: Some(quality(0.92)),
        ..collaborator()
    }
}

/// 5. Case 4 with poor trust and communication.
pub fn partnership_with_poor_trust() -> PartnerIndicators {
    PartnerIndicators {
        partner_id: "partner-2".into(),
        quality: Some(RelationshipQuality {
            trust: Some(0.2),
            communication: Some(0.25),
            ..quality(0.92)
        }),
        ..partnership()
    }
}

/// Host effort at roughly the given index (0..1).
pub fn effort(level: f64) -> HostEffort {
    HostEffort {
        partner_manager_hours: Some(800.0 * level),
        executive_sponsor: Some(level >= 0.5),
        joint_planning_sessions: Some((12.0 * level) as u32),
        sales_focus_hours: Some(400.0 * level),
        ..Default::default()
    }
}

/// Intent of the host only.
pub fn host_intends(stage: Stage) -> RelationshipIntent {
    RelationshipIntent {
        host_intended_stage: stage as i32,
        partner_desired_stage: Stage::Unspecified as i32,
    }
}

/// 6a. Intended Transactional, receiving partnership-level effort.
pub fn overserved_reseller() -> PartnerIndicators {
    PartnerIndicators {
        partner_id: "overserved-1".into(),
        effort: Some(effort(1.0)),
        intent: Some(host_intends(Stage::Transactional)),
        ..reseller()
    }
}

/// 6b. Intended Partnership, receiving transactional effort.
pub fn starved_partnership() -> PartnerIndicators {
    PartnerIndicators {
        partner_id: "starved-1".into(),
        effort: Some(effort(0.05)),
        intent: Some(host_intends(Stage::Partnership)),
        ..partnership()
    }
}

/// 7. A Transactional partner whose intent is Partnership.
pub fn reseller_aiming_at_partnership() -> PartnerIndicators {
    PartnerIndicators {
        partner_id: "skipper-1".into(),
        intent: Some(host_intends(Stage::Partnership)),
        ..reseller()
    }
}

/// Case 8: top Model A tier (large revenue, many certifications) on a
/// Transactional relationship.
pub fn platinum_reseller() -> PartnerIndicators {
    PartnerIndicators {
        partner_id: "platinum-1".into(),
        currency_code: "USD".into(),
        model_a: Some(ModelASignals {
            revenue: Some(12_000_000.0),
            certifications: Some(25),
            deal_count: Some(300),
        }),
        ..reseller()
    }
}

/// 9. Only a partner id.
pub fn id_only() -> PartnerIndicators {
    PartnerIndicators {
        partner_id: "bare-1".into(),
        ..Default::default()
    }
}
