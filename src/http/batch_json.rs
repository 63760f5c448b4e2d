//! The canonical proto3 JSON of `BatchClassifyPartnersResponse`, whose
//! per-item errors are `google.rpc.Status` (pbjson-build cannot map the
//! tonic-types message, so these two messages are written here, member by
//! member, with the same rules: camelCase names, default values omitted).

use serde_json::{Map, Value};

use super::rpc_status_json::status_json;
use crate::proto::{
    BatchClassifyPartnersResponse, BatchClassifyPartnersResult,
    batch_classify_partners_result::Outcome,
};

/// The JSON of a batch response.
pub fn batch_response_json(
    response: &BatchClassifyPartnersResponse,
) -> Result<Value, serde_json::Error> {
    let mut out = Map::new();
    if !response.results.is_empty() {
        let results = response
            .results
            .iter()
            .map(result_json)
            .collect::<Result<Vec<_>, _>>()?;
        out.insert("results".into(), Value::Array(results));
    }
    insert_string(&mut out, "modelVersion", &response.model_version);
    insert_count(&mut out, "classifiedCount", response.classified_count);
    insert_count(&mut out, "errorCount", response.error_count);
    Ok(Value::Object(out))
}

fn result_json(result: &BatchClassifyPartnersResult) -> Result<Value, serde_json::Error> {
    let mut out = Map::new();
    insert_count(&mut out, "index", result.index);
    insert_string(&mut out, "partnerId", &result.partner_id);
    insert_string(&mut out, "modelVersion", &result.model_version);
    match &result.outcome {
        Some(Outcome::Classification(c)) => {
            out.insert("classification".into(), serde_json::to_value(c)?);
        }
        Some(Outcome::Error(status)) => {
            out.insert(
                "error".into(),
                status_json(status.code, &status.message, &status.details),
            );
        }
        None => {}
    }
    Ok(Value::Object(out))
}

fn insert_string(out: &mut Map<String, Value>, key: &str, value: &str) {
    if !value.is_empty() {
        out.insert(key.into(), Value::String(value.to_owned()));
    }
}

fn insert_count(out: &mut Map<String, Value>, key: &str, value: u32) {
    if value != 0 {
        out.insert(key.into(), Value::from(value));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::proto::PartnerClassification;

    #[test]
    fn results_hold_a_classification_or_a_status() {
        let response = BatchClassifyPartnersResponse {
            results: vec![
                BatchClassifyPartnersResult {
                    index: 0,
                    partner_id: "a".into(),
                    model_version: "m".into(),
                    outcome: Some(Outcome::Classification(PartnerClassification {
                        partner_id: "a".into(),
                        ..Default::default()
                    })),
                },
                BatchClassifyPartnersResult {
                    index: 1,
                    partner_id: String::new(),
                    model_version: "m".into(),
                    outcome: Some(Outcome::Error(tonic_types::pb::Status {
                        code: 3,
                        message: "bad".into(),
                        details: vec![],
                    })),
                },
            ],
            model_version: "m".into(),
            classified_count: 1,
            error_count: 1,
        };
        assert_eq!(
            batch_response_json(&response).unwrap(),
            json!({
                "results": [
                    {"partnerId": "a", "modelVersion": "m", "classification": {"partnerId": "a"}},
                    {"index": 1, "modelVersion": "m",
                     "error": {"code": 3, "message": "bad", "details": []}},
                ],
                "modelVersion": "m",
                "classifiedCount": 1,
                "errorCount": 1,
            })
        );
    }
}
