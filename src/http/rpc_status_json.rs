//! The canonical proto3 JSON form of `google.rpc.Status` and of the
//! `google.rpc` error details it carries (`google.protobuf.Any` with an
//! `@type` member), for the HTTP edge's error bodies and the per-item errors
//! of `BatchClassifyPartners`.
//!
//! `{"code": 3, "message": "...", "details": [{"@type":
//! "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [...]}]}`.
//! `details` is always present (possibly empty). A detail of a type not known
//! here is sent as `{"@type": ..., "value": base64 bytes}`.

use prost::Message;
use prost_types::Any;
use serde_json::{Map, Value, json};
use tonic_types::pb;

/// Prefix of every `Any.type_url` this server writes.
pub const TYPE_URL_PREFIX: &str = "type.googleapis.com/";

/// `status` as a `google.rpc.Status` JSON object: its code, message and the
/// details tonic carries in `grpc-status-details-bin`.
pub fn tonic_status_json(status: &tonic::Status) -> Value {
    let details = if status.details().is_empty() {
        Vec::new()
    } else {
        pb::Status::decode(status.details())
            .map(|decoded| decoded.details)
            .unwrap_or_default()
    };
    status_json(status.code() as i32, status.message(), &details)
}

/// A `google.rpc.Status` JSON object.
pub fn status_json(code: i32, message: &str, details: &[Any]) -> Value {
    json!({
        "code": code,
        "message": message,
        "details": details.iter().map(any_json).collect::<Vec<_>>(),
    })
}

/// The JSON form of a `google.protobuf.Any` holding a `google.rpc` detail.
pub fn any_json(any: &Any) -> Value {
    let name = any
        .type_url
        .rsplit_once('/')
        .map_or(any.type_url.as_str(), |(_, name)| name);
    let body = match name {
        "google.rpc.BadRequest" => pb::BadRequest::decode(&*any.value).ok().map(bad_request),
        "google.rpc.ErrorInfo" => pb::ErrorInfo::decode(&*any.value).ok().map(error_info),
        "google.rpc.RetryInfo" => pb::RetryInfo::decode(&*any.value).ok().map(retry_info),
        "google.rpc.DebugInfo" => pb::DebugInfo::decode(&*any.value).ok().map(|d| {
            object([
                ("stackEntries", strings(&d.stack_entries)),
                ("detail", string(&d.detail)),
            ])
        }),
        "google.rpc.RequestInfo" => pb::RequestInfo::decode(&*any.value).ok().map(|r| {
            object([
                ("requestId", string(&r.request_id)),
                ("servingData", string(&r.serving_data)),
            ])
        }),
        "google.rpc.ResourceInfo" => pb::ResourceInfo::decode(&*any.value).ok().map(|r| {
            object([
                ("resourceType", string(&r.resource_type)),
                ("resourceName", string(&r.resource_name)),
                ("owner", string(&r.owner)),
                ("description", string(&r.description)),
            ])
        }),
        "google.rpc.Help" => pb::Help::decode(&*any.value).ok().map(|h| {
            let links = h
                .links
                .iter()
                .map(|l| {
                    Value::Object(object([
                        ("description", string(&l.description)),
                        ("url", string(&l.url)),
                    ]))
                })
                .collect::<Vec<_>>();
            object([("links", array(links))])
        }),
        "google.rpc.LocalizedMessage" => pb::LocalizedMessage::decode(&*any.value)
            .ok()
            .map(|m| localized_message(&m)),
        "google.rpc.PreconditionFailure" => {
            pb::PreconditionFailure::decode(&*any.value).ok().map(|p| {
                let violations = p
                    .violations
                    .iter()
                    .map(|v| {
                        Value::Object(object([
                            ("type", string(&v.r#type)),
                            ("subject", string(&v.subject)),
                            ("description", string(&v.description)),
                        ]))
                    })
                    .collect();
                object([("violations", array(violations))])
            })
        }
        "google.rpc.QuotaFailure" => pb::QuotaFailure::decode(&*any.value).ok().map(|q| {
            let violations = q
                .violations
                .iter()
                .map(|v| {
                    Value::Object(object([
                        ("subject", string(&v.subject)),
                        ("description", string(&v.description)),
                    ]))
                })
                .collect();
            object([("violations", array(violations))])
        }),
        _ => None,
    };
    let mut out = Map::new();
    out.insert("@type".into(), Value::String(any.type_url.clone()));
    match body {
        Some(fields) => out.extend(fields),
        None => {
            out.insert("value".into(), Value::String(base64(&any.value)));
        }
    }
    Value::Object(out)
}

fn bad_request(b: pb::BadRequest) -> Map<String, Value> {
    let violations = b
        .field_violations
        .iter()
        .map(|v| {
            let mut fields = object([
                ("field", string(&v.field)),
                ("description", string(&v.description)),
                ("reason", string(&v.reason)),
            ]);
            if let Some(m) = &v.localized_message {
                fields.insert(
                    "localizedMessage".into(),
                    Value::Object(localized_message(m)),
                );
            }
            Value::Object(fields)
        })
        .collect();
    object([("fieldViolations", array(violations))])
}

fn error_info(e: pb::ErrorInfo) -> Map<String, Value> {
    let mut metadata: Vec<_> = e.metadata.into_iter().collect();
    metadata.sort();
    let metadata: Map<String, Value> = metadata
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    let mut fields = object([("reason", string(&e.reason)), ("domain", string(&e.domain))]);
    if !metadata.is_empty() {
        fields.insert("metadata".into(), Value::Object(metadata));
    }
    fields
}

fn retry_info(r: pb::RetryInfo) -> Map<String, Value> {
    let delay = r.retry_delay.map(|d| {
        // Canonical JSON of a Duration: seconds with up to 9 decimals, "s".
        let nanos = d.nanos.unsigned_abs();
        let sign = if d.seconds < 0 || d.nanos < 0 {
            "-"
        } else {
            ""
        };
        let seconds = d.seconds.unsigned_abs();
        let text = if nanos == 0 {
            format!("{sign}{seconds}s")
        } else {
            let fraction = format!("{nanos:09}");
            format!("{sign}{seconds}.{}s", fraction.trim_end_matches('0'))
        };
        Value::String(text)
    });
    object([("retryDelay", delay.unwrap_or(Value::Null))])
}

fn localized_message(m: &pb::LocalizedMessage) -> Map<String, Value> {
    object([
        ("locale", string(&m.locale)),
        ("message", string(&m.message)),
    ])
}

/// An object of the members whose value is not the proto3 default (empty
/// string, empty list, null), as canonical JSON omits them.
fn object<const N: usize>(members: [(&str, Value); N]) -> Map<String, Value> {
    members
        .into_iter()
        .filter(|(_, v)| match v {
            Value::Null => false,
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            _ => true,
        })
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
}

fn string(s: &str) -> Value {
    Value::String(s.to_owned())
}

fn strings(s: &[String]) -> Value {
    Value::Array(s.iter().map(|s| string(s)).collect())
}

fn array(items: Vec<Value>) -> Value {
    Value::Array(items)
}

/// Standard base64 with padding, as proto3 JSON writes `bytes`.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use tonic::Code;
    use tonic_types::{ErrorDetails, FieldViolation, StatusExt};

    use super::*;

    #[test]
    fn bad_request_details_have_type_and_camel_case_members() {
        let mut violation = FieldViolation::new("partner.quality.trust", "must be 0 to 1");
        violation.reason = "OUT_OF_RANGE".into();
        let status = tonic::Status::with_error_details(
            Code::InvalidArgument,
            "invalid request",
            ErrorDetails::with_bad_request(vec![violation]),
        );
        assert_eq!(
            tonic_status_json(&status),
            json!({
                "code": 3,
                "message": "invalid request",
                "details": [{
                    "@type": "type.googleapis.com/google.rpc.BadRequest",
                    "fieldViolations": [{
                        "field": "partner.quality.trust",
                        "description": "must be 0 to 1",
                        "reason": "OUT_OF_RANGE",
                    }],
                }],
            })
        );
    }

    #[test]
    fn a_status_without_details_has_an_empty_list() {
        let status = tonic::Status::not_found("nothing here");
        assert_eq!(
            tonic_status_json(&status),
            json!({"code": 5, "message": "nothing here", "details": []})
        );
    }

    #[test]
    fn unknown_detail_types_keep_their_bytes() {
        let any = Any {
            type_url: "type.googleapis.com/example.Unknown".into(),
            value: vec![1, 2, 3, 4],
        };
        assert_eq!(
            any_json(&any),
            json!({"@type": "type.googleapis.com/example.Unknown", "value": "AQIDBA=="})
        );
        assert_eq!(base64(b"abc"), "YWJj");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b""), "");
    }

    #[test]
    fn retry_delay_is_a_duration_string() {
        let details = ErrorDetails::with_retry_info(Some(std::time::Duration::from_millis(1500)));
        let status = tonic::Status::with_error_details(Code::Unavailable, "later", details);
        assert_eq!(
            tonic_status_json(&status)["details"][0]["retryDelay"],
            json!("1.5s")
        );
    }
}
