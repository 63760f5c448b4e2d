//! JSON as CRM data looks, made canonical before it is parsed, driven by
//! the contract's descriptors:
//!
//! - enum values are accepted as the full name (`STAGE_PARTNERSHIP`), the
//!   name without the enum's prefix (`PARTNERSHIP`), either in any case,
//!   or the number; anything else is a field violation (`UNKNOWN_ENUM_VALUE`)
//!   listing the accepted names;
//! - a member that is no field of its message (by JSON name or proto name)
//!   is a field violation (`UNKNOWN_FIELD`) naming it, at any depth.
//!
//! Field paths use the proto field names, as the gRPC edge's do
//! (`partner.relationship_intent.host_intent`). Currency codes are not
//! touched here: the domain accepts them in any case, on both edges.

use prost_types::{
    DescriptorProto, EnumDescriptorProto, FieldDescriptorProto,
    field_descriptor_proto::{Label, Type},
};
use serde_json::Value;

use super::descriptors::{Descriptors, enum_value_prefix};
use crate::wire::field_violations::{FieldViolations, Reason};

/// Rewrites `value`, a JSON message of type `message` (full name with a
/// leading dot), into canonical form; records what cannot be.
pub fn canonicalise(
    descriptors: &Descriptors,
    message: &str,
    value: &mut Value,
    violations: &mut FieldViolations,
) {
    if let Some(descriptor) = descriptors.message(message) {
        walk_message(descriptors, descriptor, value, violations);
    }
}

fn walk_message(
    descriptors: &Descriptors,
    message: &DescriptorProto,
    value: &mut Value,
    violations: &mut FieldViolations,
) {
    // Anything but an object is for the JSON parser to refuse.
    let Value::Object(members) = value else {
        return;
    };
    for (key, member) in members.iter_mut() {
        let Some(field) = message
            .field
            .iter()
            .find(|f| f.json_name() == key || f.name() == key)
        else {
            violations.push(
                key.as_str(),
                Reason::UnknownField,
                format!(
                    "unknown field {key:?} of {}; known fields: {}",
                    message.name(),
                    message
                        .field
                        .iter()
                        .map(|f| f.json_name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            continue;
        };
        walk_field(descriptors, field, member, violations);
    }
}

fn walk_field(
    descriptors: &Descriptors,
    field: &FieldDescriptorProto,
    value: &mut Value,
    violations: &mut FieldViolations,
) {
    let name = field.name();
    let map_entry = (field.r#type() == Type::Message)
        .then(|| descriptors.message(field.type_name()))
        .flatten()
        .filter(|m| m.options.as_ref().is_some_and(|o| o.map_entry()));
    if let Some(entry) = map_entry {
        let Some(value_field) = entry.field.iter().find(|f| f.number() == 2) else {
            return;
        };
        if let Value::Object(members) = value {
            for (key, member) in members.iter_mut() {
                violations.nested(&format!("{name}[{key:?}]"), |v| {
                    walk_single(descriptors, value_field, "", member, v)
                });
            }
        }
    } else if field.label() == Label::Repeated {
        if let Value::Array(items) = value {
            for (i, item) in items.iter_mut().enumerate() {
                walk_single(
                    descriptors,
                    field,
                    &format!("{name}[{i}]"),
                    item,
                    violations,
                );
            }
        }
    } else {
        walk_single(descriptors, field, name, value, violations);
    }
}

/// One value (not a list, not a map) of `field`, found at `path`.
fn walk_single(
    descriptors: &Descriptors,
    field: &FieldDescriptorProto,
    path: &str,
    value: &mut Value,
    violations: &mut FieldViolations,
) {
    match field.r#type() {
        Type::Message => {
            if let Some(message) = descriptors.message(field.type_name()) {
                violations.nested(path, |v| walk_message(descriptors, message, value, v));
            }
        }
        Type::Enum => {
            if let Some(e) = descriptors.enumeration(field.type_name()) {
                canonical_enum(e, path, value, violations);
            }
        }
        _ => {}
    }
}

fn canonical_enum(
    e: &EnumDescriptorProto,
    path: &str,
    value: &mut Value,
    violations: &mut FieldViolations,
) {
    let known = match &*value {
        Value::Null => return,
        Value::String(text) => match canonical_enum_name(e, text) {
            Some(name) => {
                *value = Value::String(name);
                return;
            }
            None => text.clone(),
        },
        Value::Number(n) => match n.as_i64() {
            Some(n) if e.value.iter().any(|v| i64::from(v.number()) == n) => return,
            _ => n.to_string(),
        },
        // Other types: the JSON parser says what is wrong.
        _ => return,
    };
    let prefix = enum_value_prefix(e);
    let accepted: Vec<String> = e
        .value
        .iter()
        .map(|v| {
            let short = v.name().strip_prefix(prefix.as_str()).unwrap_or(v.name());
            format!("{} ({short}, {})", v.name(), v.number())
        })
        .collect();
    violations.push(
        path,
        Reason::UnknownEnumValue,
        format!(
            "unknown {} value {known}; accepted: {}",
            e.name(),
            accepted.join(", ")
        ),
    );
}

/// The full value name `text` stands for: itself, the name without the
/// enum's prefix, in any case, with `-` or spaces for `_`.
fn canonical_enum_name(e: &EnumDescriptorProto, text: &str) -> Option<String> {
    let upper: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    let prefixed = format!("{}{upper}", enum_value_prefix(e));
    e.value
        .iter()
        .map(|v| v.name())
        .find(|name| *name == upper || *name == prefixed)
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn canonical(message: &str, mut value: Value) -> (Value, Vec<(String, String)>) {
        let mut violations = FieldViolations::default();
        canonicalise(
            Descriptors::contract(),
            message,
            &mut value,
            &mut violations,
        );
        let found = violations
            .as_slice()
            .iter()
            .map(|v| (v.field.clone(), v.reason.clone()))
            .collect();
        (value, found)
    }

    #[test]
    fn enum_values_by_full_name_short_name_any_case_or_number() {
        let (value, violations) = canonical(
            ".stage_scoring.v1.ClassifyPartnerRequest",
            json!({"partner": {"intent": {
                "hostIntendedStage": "PARTNERSHIP",
                "partner_desired_stage": "stage_enhanced",
            }}}),
        );
        assert_eq!(violations, []);
        assert_eq!(
            value,
            json!({"partner": {"intent": {
                "hostIntendedStage": "STAGE_PARTNERSHIP",
                "partner_desired_stage": "STAGE_ENHANCED",
            }}})
        );
        let (value, violations) = canonical(
            ".stage_scoring.v1.ClassifyPartnerRequest",
            json!({"partner": {"intent": {"hostIntendedStage": 4}}}),
        );
        assert_eq!(violations, []);
        assert_eq!(value["partner"]["intent"]["hostIntendedStage"], json!(4));
    }

    #[test]
    fn unknown_enum_values_and_fields_are_violations_with_paths() {
        let (_, violations) = canonical(
            ".stage_scoring.v1.BatchClassifyPartnersRequest",
            json!({
                "partners": [{}, {"intent": {"hostIntendedStage": "BEST_FRIENDS"}, "crmId": 7}],
                "envelope": {},
            }),
        );
        let expected = [
            (
                "partners[1].intent.host_intended_stage",
                "UNKNOWN_ENUM_VALUE",
            ),
            ("partners[1].crmId", "UNKNOWN_FIELD"),
            ("envelope", "UNKNOWN_FIELD"),
        ];
        let mut violations = violations;
        violations.sort();
        let mut expected: Vec<_> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        expected.sort();
        assert_eq!(violations, expected);
    }
}
