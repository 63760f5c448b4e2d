//! Parsing a protobuf `PartnerIndicators` into the domain's
//! [`PartnerIndicators`]: every field is checked, and every invalid field is
//! reported (not only the first), with its path relative to the partner.
//! The indicators are read section by section as the catalogue lists them,
//! each parsed by its type ([`ParseIndicator`]).

use std::collections::HashMap;

use super::indicator_value::ParseIndicator;
use crate::{
    domain::{
        partner::{
            catalogue::for_each_indicator,
            currency_code::CurrencyCode,
            indicators::{Indicator, PartnerIndicators, Unit},
            labels::{LabelError, Labels},
            partner_id::{PartnerId, PartnerIdError},
        },
        stage::Stage,
    },
    proto,
    wire::{
        field_violations::{FieldViolations, Reason},
        indicator_fields,
    },
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
    mut msg: proto::PartnerIndicators,
    violations: &mut FieldViolations,
) -> Option<PartnerIndicators> {
    let before = violations.len();
    let money_set: Vec<&str> = Indicator::ALL
        .into_iter()
        .filter(|i| i.unit() == Unit::Money && indicator_fields::get(&msg, *i).is_some())
        .map(Indicator::path)
        .collect();
    let currency_missing = msg.currency_code.is_empty() && !money_set.is_empty();

    let partner_id = parse_partner_id(std::mem::take(&mut msg.partner_id), violations);
    let labels = parse_labels(std::mem::take(&mut msg.labels), violations);
    let currency = parse_currency(&msg.currency_code, violations);
    let partner = with_indicators(msg, partner_id, labels, currency, violations);

    if currency_missing {
        violations.push(
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
    partner
}

/// Expands the catalogue into [`with_indicators`].
macro_rules! indicator_sections_parser {
    ($(
        $(#[$section_doc:meta])*
        $section:ident: $Section:ident {
            $(
                $(#[$doc:meta])*
                $Variant:ident $field:ident: $Type:ident,
                $group:ident $(($stage:ident))?, $read_as:ident;
            )*
        }
    )*) => {
        /// The partner of `partner_id` and `labels` (when both are valid)
        /// with every indicator of `msg`, each parsed by its type in payload
        /// order; every invalid indicator is recorded, whatever the rest.
        fn with_indicators(
            msg: proto::PartnerIndicators,
            partner_id: Option<PartnerId>,
            labels: Option<Labels>,
            currency: Option<CurrencyCode>,
            violations: &mut FieldViolations,
        ) -> Option<PartnerIndicators> {
            use crate::domain::partner::{
                indicators::{$($Section),*},
                units::{Count, Fraction, Money, Quantity},
            };
            $(
                let wire = msg.$section.unwrap_or_default();
                let $section = $Section {
                    $(
                        $field: <$Type as ParseIndicator>::parse_indicator(
                            wire.$field,
                            concat!(stringify!($section), ".", stringify!($field)),
                            violations,
                        ),
                    )*
                };
            )*
            Some(PartnerIndicators {
                partner_id: partner_id?,
                labels: labels?,
                currency,
                $($section,)*
            })
        }
    };
}

for_each_indicator!(indicator_sections_parser);

fn parse_partner_id(id: String, violations: &mut FieldViolations) -> Option<PartnerId> {
    PartnerId::parse(id)
        .map_err(|e| {
            let reason = match e {
                PartnerIdError::Blank => Reason::Required,
                PartnerIdError::TooLong { .. } => Reason::TooLong,
                PartnerIdError::ControlCharacter => Reason::InvalidFormat,
            };
            violations.push("partner_id", reason, e.to_string());
        })
        .ok()
}

fn parse_currency(code: &str, violations: &mut FieldViolations) -> Option<CurrencyCode> {
    CurrencyCode::parse_optional(code).unwrap_or_else(|e| {
        violations.push("currency_code", Reason::InvalidFormat, e.to_string());
        None
    })
}

fn parse_labels(
    labels: HashMap<String, String>,
    violations: &mut FieldViolations,
) -> Option<Labels> {
    if let Err(e) = Labels::check_count(labels.len()) {
        violations.push("labels", Reason::OutOfRange, e.to_string());
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
                violations.push(
                    format!("labels[{}]", crate::wire::echo::quoted(key)),
                    reason,
                    e.to_string(),
                );
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    Labels::parse(labels).ok()
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
            currency_code: "XYZ".into(),
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
