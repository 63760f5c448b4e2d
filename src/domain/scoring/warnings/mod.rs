//! The warning catalogue. Each rule lives in its own file and decides one or
//! two codes from an [`Assessment`]; [`decide`] runs them all.

mod commitment_balance;
mod cost_of_sale;
mod effort_vs_intent;
mod evidence_sufficiency;
mod intent_alignment;
pub(crate) mod ladder_gap;
mod model_divergence;
pub(crate) mod quality_gate;
mod sales_focus;

use strum::{EnumCount, IntoStaticStr, VariantArray};

use super::assessment::Assessment;
use crate::domain::{partner::indicators::Indicator, variants::variant_array};

/// Stable warning codes, in catalogue order. Each displays as its stable
/// name, e.g. `EFFORT_ABOVE_INTENT`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    EnumCount,
    VariantArray,
    IntoStaticStr,
    strum::Display,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum WarningCode {
    /// Effort corresponds to a stage above the host's intent: waste.
    EffortAboveIntent,
    /// Effort corresponds to a stage below the host's intent: starvation.
    EffortBelowIntent,
    /// An intent is more than one stage above the current stage.
    IntentSkipsStage,
    /// Host and partner intend different stages.
    IntentMismatch,
    /// Effort and commitment far apart.
    OneSidedCommitment,
    /// Hallmarks point higher than relationship quality allows.
    QualityBelowStage,
    /// Model A tier and Model B stage disagree.
    ModelDivergence,
    /// Cost of sale above what the stage should cost.
    CostOfSaleOutOfLine,
    /// Too little evidence to classify with confidence.
    InsufficientEvidence,
    /// Hallmarks of a higher stage over a lower stage known to be missing:
    /// the ladder is broken.
    LadderGap,
    /// Salespeople's active focus concentrated on a Transactional partner.
    SalesFocusOnTransactional,
}

impl WarningCode {
    /// Every code, in catalogue order.
    pub const ALL: [WarningCode; WarningCode::COUNT] = variant_array(WarningCode::VARIANTS);

    /// The stable name, e.g. `EFFORT_ABOVE_INTENT`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// How serious a warning is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, IntoStaticStr)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Worth acting on.
    Warning,
    /// Act now.
    Critical,
}

impl Severity {
    /// The stable name, e.g. `CRITICAL`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One warning about one partner.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// Stable code.
    pub code: WarningCode,
    /// Severity.
    pub severity: Severity,
    /// One readable sentence.
    pub message: String,
    /// Field paths of the indicators involved.
    pub fields: Vec<&'static str>,
}

/// Every warning that applies, in catalogue order.
pub fn decide(a: &Assessment<'_>) -> Vec<Warning> {
    let mut warnings: Vec<Warning> = [
        effort_vs_intent::decide(a),
        intent_alignment::skipped_stage(a),
        intent_alignment::mismatch(a),
        commitment_balance::decide(a),
        quality_gate::decide(a),
        model_divergence::decide(a),
        cost_of_sale::decide(a),
        evidence_sufficiency::decide(a),
        ladder_gap::decide(a),
        sales_focus::decide(a),
    ]
    .into_iter()
    .flatten()
    .collect();
    warnings.sort_by_key(|w| w.code);
    warnings
}

/// Severity by the number of stages two things are apart.
fn severity_by_gap(gap: u8) -> Severity {
    if gap >= 2 {
        Severity::Critical
    } else {
        Severity::Warning
    }
}

/// Field paths of `indicators`.
fn paths(indicators: impl IntoIterator<Item = Indicator>) -> Vec<&'static str> {
    indicators.into_iter().map(Indicator::path).collect()
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Builders of partners for the warning tests.
    use crate::domain::{
        partner::{
            indicators::PartnerIndicators,
            partner_id::PartnerId,
            units::{Count, Fraction, Quantity},
        },
        stage::Stage,
    };

    /// A partner with only an id.
    pub(crate) fn bare() -> PartnerIndicators {
        PartnerIndicators::new(PartnerId::parse("p-1").unwrap())
    }

    /// Sets all five quality dimensions to `v`.
    pub(crate) fn with_quality(mut p: PartnerIndicators, v: f64) -> PartnerIndicators {
        let f = Some(Fraction::parse(v).unwrap());
        p.quality.interaction = f;
        p.quality.trust = f;
        p.quality.communication = f;
        p.quality.knowledge_exchange = f;
        p.quality.interoperation = f;
        p
    }

    /// Sets effort to the given index-like level (0..1) on three indicators.
    pub(crate) fn with_effort(mut p: PartnerIndicators, level: f64) -> PartnerIndicators {
        p.effort.partner_manager_hours = Some(Quantity::parse(800.0 * level).unwrap());
        p.effort.joint_planning_sessions = Some(Count::parse((12.0 * level) as u32).unwrap());
        p.effort.executive_sponsor = Some(level >= 0.5);
        p
    }

    /// Adds strong hallmarks of every stage above the base (a partner whose
    /// hallmarks point to Partnership).
    pub(crate) fn partnership_hallmarks(mut p: PartnerIndicators) -> PartnerIndicators {
        p.resale.resells_offering = Some(true);
        p.value_add.industry_expertise = Some(Fraction::parse(0.9).unwrap());
        p.value_add.key_account_knowledge = Some(Fraction::parse(0.9).unwrap());
        p.value_add.accelerators_built = Some(Count::parse(4).unwrap());
        p.value_add.services_attach_rate = Some(Fraction::parse(0.6).unwrap());
        p.collaboration.successful_joint_projects = Some(Count::parse(5).unwrap());
        p.collaboration.joint_strategy = Some(true);
        p.collaboration.governance_framework = Some(true);
        p.collaboration.geographic_scope_agreed = Some(true);
        p.partnership.joint_new_market_initiatives = Some(Count::parse(3).unwrap());
        p.partnership.shared_risk_reward = Some(true);
        p
    }

    /// Sets the host's intent.
    pub(crate) fn intending(mut p: PartnerIndicators, stage: Stage) -> PartnerIndicators {
        p.intent.host_intended_stage = Some(stage);
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_severities_have_stable_names() {
        let names: Vec<&str> = WarningCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            names,
            [
                "EFFORT_ABOVE_INTENT",
                "EFFORT_BELOW_INTENT",
                "INTENT_SKIPS_STAGE",
                "INTENT_MISMATCH",
                "ONE_SIDED_COMMITMENT",
                "QUALITY_BELOW_STAGE",
                "MODEL_DIVERGENCE",
                "COST_OF_SALE_OUT_OF_LINE",
                "INSUFFICIENT_EVIDENCE",
                "LADDER_GAP",
                "SALES_FOCUS_ON_TRANSACTIONAL",
            ]
        );
        assert_eq!(
            WarningCode::CostOfSaleOutOfLine.to_string(),
            "COST_OF_SALE_OUT_OF_LINE"
        );
        let severities = [Severity::Info, Severity::Warning, Severity::Critical];
        assert_eq!(
            severities.map(Severity::as_str),
            ["INFO", "WARNING", "CRITICAL"]
        );
    }
}
