//! Parsing a protobuf `PartnerIndicators` into the domain's
//! [`PartnerIndicators`]: every field is checked, and every invalid field is
//! reported (not only the first), with its path relative to the partner.

use crate::{
    domain::{
        partner::{
            currency_code::CurrencyCode,
            indicators::{
                CollaborationHallmarks, Economics, HostEffort, ModelASignals, PartnerCommitment,
                PartnerIndicators, PartnershipHallmarks, RelationshipIntent, RelationshipQuality,
                ResaleHallmarks, ValueAddHallmarks,
            },
            labels::{LabelError, Labels},
            partner_id::{PartnerId, PartnerIdError},
            units::{Count, Fraction, Money, Quantity, RangeError},
        },
        stage::Stage,
    },
    proto,
    wire::field_violations::{FieldViolations, Reason},
};

/// Parses the partner found at `path` in a request (e.g. `partner` or
/// `partners[3]`): [`parse_partner`], its violations prefixed with `path.`.
pub fn parse_partner_at(
    msg: proto::PartnerIndicators,
    path: &str,
    violations: &mut FieldViolations,
) -> Option<PartnerIndicators> {
    violations.nested(path, |v| parse_partner(msg, v))
}

/// Parses `msg`. Violations, with paths relative to the partner
/// (`partner_id`, `quality.trust`), are appended to `violations`; the
/// partner is returned only when this message had none.
pub fn parse_partner(
    msg: proto::PartnerIndicators,
    violations: &mut FieldViolations,
) -> Option<PartnerIndicators> {
    let before = violations.len();
    let mut p = Parser { violations };

    let partner_id = match PartnerId::parse(msg.partner_id) {
        Ok(id) => Some(id),
        Err(e) => {
            let reason = match e {
                PartnerIdError::Blank => Reason::Required,
                PartnerIdError::TooLong { .. } => Reason::TooLong,
                PartnerIdError::ControlCharacter => Reason::InvalidFormat,
            };
            p.push("partner_id", reason, e.to_string());
            None
        }
    };
    let labels = p.labels(msg.labels);
    let currency = p.currency(&msg.currency_code);

    let m = msg.model_a.unwrap_or_default();
    let model_a = ModelASignals {
        revenue: p.money("model_a.revenue", m.revenue),
        certifications: p.count("model_a.certifications", m.certifications),
        deal_count: p.count("model_a.deal_count", m.deal_count),
    };
    let resale = ResaleHallmarks {
        resells_offering: msg.resale.unwrap_or_default().resells_offering,
    };
    let v = msg.value_add.unwrap_or_default();
    let value_add = ValueAddHallmarks {
        industry_expertise: p.fraction("value_add.industry_expertise", v.industry_expertise),
        key_account_knowledge: p
            .fraction("value_add.key_account_knowledge", v.key_account_knowledge),
        accelerators_built: p.count("value_add.accelerators_built", v.accelerators_built),
        services_attach_rate: p.fraction("value_add.services_attach_rate", v.services_attach_rate),
    };
    let c = msg.collaboration.unwrap_or_default();
    let collaboration = CollaborationHallmarks {
        successful_joint_projects: p.count(
            "collaboration.successful_joint_projects",
            c.successful_joint_projects,
        ),
        joint_strategy: c.joint_strategy,
        governance_framework: c.governance_framework,
        geographic_scope_agreed: c.geographic_scope_agreed,
    };
    let ps = msg.partnership.unwrap_or_default();
    let partnership = PartnershipHallmarks {
        joint_new_market_initiatives: p.count(
            "partnership.joint_new_market_initiatives",
            ps.joint_new_market_initiatives,
        ),
        shared_risk_reward: ps.shared_risk_reward,
    };
    let q = msg.quality.unwrap_or_default();
    let quality = RelationshipQuality {
        interaction: p.fraction("quality.interaction", q.interaction),
        trust: p.fraction("quality.trust", q.trust),
        communication: p.fraction("quality.communication", q.communication),
        knowledge_exchange: p.fraction("quality.knowledge_exchange", q.knowledge_exchange),
        interoperation: p.fraction("quality.interoperation", q.interoperation),
    };
    let e = msg.effort.unwrap_or_default();
    let effort = HostEffort {
        partner_manager_hours: p.quantity("effort.partner_manager_hours", e.partner_manager_hours),
        enablement_spend: p.money("effort.enablement_spend", e.enablement_spend),
        executive_sponsor: e.executive_sponsor,
        joint_planning_sessions: p
            .count("effort.joint_planning_sessions", e.joint_planning_sessions),
        sales_focus_hours: p.quantity("effort.sales_focus_hours", e.sales_focus_hours),
    };
    let cm = msg.commitment.unwrap_or_default();
    let commitment = PartnerCommitment {
        dedicated_staff_fte: p.quantity("commitment.dedicated_staff_fte", cm.dedicated_staff_fte),
        certified_staff: p.count("commitment.certified_staff", cm.certified_staff),
        co_investment: p.money("commitment.co_investment", cm.co_investment),
    };
    let econ = msg.economics.unwrap_or_default();
    let economics = Economics {
        cost_of_sale: p.money("economics.cost_of_sale", econ.cost_of_sale),
    };
    let i = msg.intent.unwrap_or_default();
    let intent = RelationshipIntent {
        host_intended_stage: p.stage("intent.host_intended_stage", i.host_intended_stage),
        partner_desired_stage: p.stage("intent.partner_desired_stage", i.partner_desired_stage),
    };

    let money_set = [
        ("model_a.revenue", m.revenue),
        ("effort.enablement_spend", e.enablement_spend),
        ("commitment.co_investment", cm.co_investment),
        ("economics.cost_of_sale", econ.cost_of_sale),
    ]
    .into_iter()
    .filter(|(_, v)| v.is_some())
    .map(|(name, _)| name)
    .collect::<Vec<_>>();
    if msg.currency_code.is_empty() && !money_set.is_empty() {
        p.push(
            "currency_code",
            Reason::Required,
            format!(
                "is required when a money amount is set ({})",
                money_set.join(", ")
            ),
        );
    }

    if violations.len() > before {
        return None;
    }
    Some(PartnerIndicators {
        partner_id: partner_id?,
        labels: labels?,
        currency,
        model_a,
        resale,
        value_add,
        collaboration,
        partnership,
        quality,
        effort,
        commitment,
        economics,
        intent,
    })
}

struct Parser<'a> {
    violations: &'a mut FieldViolations,
}

impl Parser<'_> {
    fn push(&mut self, field: &str, reason: Reason, description: impl Into<String>) {
        self.violations.push(field, reason, description);
    }

    fn bounded<T>(
        &mut self,
        field: &str,
        value: Option<f64>,
        parse: impl Fn(f64) -> Result<T, RangeError>,
    ) -> Option<T> {
        match parse(value?) {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(field, e.into(), e.to_string());
                None
            }
        }
    }

    fn fraction(&mut self, field: &str, value: Option<f64>) -> Option<Fraction> {
        self.bounded(field, value, Fraction::parse)
    }

    fn quantity(&mut self, field: &str, value: Option<f64>) -> Option<Quantity> {
        self.bounded(field, value, Quantity::parse)
    }

    fn money(&mut self, field: &str, value: Option<f64>) -> Option<Money> {
        self.bounded(field, value, Money::parse)
    }

    fn count(&mut self, field: &str, value: Option<u32>) -> Option<Count> {
        match Count::parse(value?) {
            Ok(c) => Some(c),
            Err(e) => {
                self.push(field, e.into(), e.to_string());
                None
            }
        }
    }

    fn stage(&mut self, field: &str, value: i32) -> Option<Stage> {
        match proto::Stage::try_from(value) {
            Ok(proto::Stage::Unspecified) => None,
            Ok(proto::Stage::Transactional) => Some(Stage::Transactional),
            Ok(proto::Stage::Enhanced) => Some(Stage::Enhanced),
            Ok(proto::Stage::Collaborative) => Some(Stage::Collaborative),
            Ok(proto::Stage::Partnership) => Some(Stage::Partnership),
            Err(_) => {
                self.push(
                    field,
                    Reason::UnknownEnumValue,
                    format!("{value} is not a Stage value (0 to 4)"),
                );
                None
            }
        }
    }

    fn currency(&mut self, code: &str) -> Option<CurrencyCode> {
        CurrencyCode::parse_optional(code).unwrap_or_else(|e| {
            self.push("currency_code", Reason::InvalidFormat, e.to_string());
            None
        })
    }

    fn labels(&mut self, labels: std::collections::HashMap<String, String>) -> Option<Labels> {
        if let Err(e) = Labels::check_count(labels.len()) {
            self.push("labels", Reason::OutOfRange, e.to_string());
            return None;
        }
        let mut ok = true;
        // Sorted, so violations come out in a stable order.
        let mut keys: Vec<&String> = labels.keys().collect();
        keys.sort();
        for key in keys {
            let value = &labels[key];
            for check in [Labels::check_key(key), Labels::check_value(value)] {
                if let Err(e) = check {
                    let reason = match e {
                        LabelError::ValueTooLong { .. } => Reason::TooLong,
                        _ => Reason::InvalidFormat,
                    };
                    self.push(&format!("labels[{key:?}]"), reason, e.to_string());
                    ok = false;
                }
            }
        }
        if !ok {
            return None;
        }
        Labels::parse(labels).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn violations_of(msg: proto::PartnerIndicators) -> Vec<(String, String)> {
        let mut v = FieldViolations::default();
        assert!(parse_partner_at(msg, "partner", &mut v).is_none());
        v.as_slice()
            .iter()
            .map(|f| (f.field.clone(), f.reason.clone()))
            .collect()
    }

    #[test]
    fn an_id_alone_parses() {
        let mut v = FieldViolations::default();
        let p = parse_partner(
            proto::PartnerIndicators {
                partner_id: "acme".into(),
                ..Default::default()
            },
            &mut v,
        )
        .unwrap();
        assert_eq!(p.partner_id.as_str(), "acme");
        assert!(v.is_empty());
    }

    #[test]
    fn every_bad_field_is_reported() {
        let msg = proto::PartnerIndicators {
            partner_id: String::new(),
            labels: [("Bad Key".to_owned(), "x".to_owned())].into(),
            currency_code: "usd".into(),
            quality: Some(proto::RelationshipQuality {
                trust: Some(f64::NAN),
                communication: Some(1.5),
                ..Default::default()
            }),
            effort: Some(proto::HostEffort {
                partner_manager_hours: Some(-1.0),
                ..Default::default()
            }),
            model_a: Some(proto::ModelASignals {
                deal_count: Some(2_000_000),
                ..Default::default()
            }),
            intent: Some(proto::RelationshipIntent {
                host_intended_stage: 9,
                partner_desired_stage: 2,
            }),
            ..Default::default()
        };
        let got = violations_of(msg);
        let expected = [
            ("partner.partner_id", "REQUIRED"),
            ("partner.labels[\"Bad Key\"]", "INVALID_FORMAT"),
            ("partner.currency_code", "INVALID_FORMAT"),
            ("partner.model_a.deal_count", "OUT_OF_RANGE"),
            ("partner.quality.trust", "NOT_FINITE"),
            ("partner.quality.communication", "OUT_OF_RANGE"),
            ("partner.effort.partner_manager_hours", "OUT_OF_RANGE"),
            ("partner.intent.host_intended_stage", "UNKNOWN_ENUM_VALUE"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(f, r)| (f.to_string(), r.to_string()))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn paths_are_relative_to_the_partner() {
        let msg = proto::PartnerIndicators {
            partner_id: "p".into(),
            quality: Some(proto::RelationshipQuality {
                trust: Some(2.0),
                ..Default::default()
            }),
            ..Default::default()
        };
        let mut v = FieldViolations::default();
        assert!(parse_partner(msg.clone(), &mut v).is_none());
        assert_eq!(v.as_slice()[0].field, "quality.trust");
        let mut v = FieldViolations::default();
        assert!(parse_partner_at(msg, "partners[17]", &mut v).is_none());
        assert_eq!(v.as_slice()[0].field, "partners[17].quality.trust");
    }

    #[test]
    fn money_needs_a_currency() {
        let msg = proto::PartnerIndicators {
            partner_id: "p".into(),
            economics: Some(proto::Economics {
                cost_of_sale: Some(10.0),
            }),
            ..Default::default()
        };
        assert_eq!(
            violations_of(msg),
            vec![("partner.currency_code".to_owned(), "REQUIRED".to_owned())]
        );
    }
}
