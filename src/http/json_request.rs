//! Reading an HTTP/JSON request into a request message: content type
//! (415), size (413, before the body is read in full), JSON syntax (400),
//! then the lenient canonical form and the proto3 JSON parse (400 with field
//! violations). The message then goes to the same handler as over gRPC.

use axum::body::Body;
use http::{HeaderMap, StatusCode, header};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::de::DeserializeOwned;
use serde_json::Value;
use tonic::Code;

use super::{descriptors::Descriptors, error_body::HttpError, lenient_json::canonicalise};
use crate::wire::field_violations::{FieldViolations, Reason};

/// Whether `headers` declare a JSON body (`application/json`, any
/// parameters such as `charset=utf-8`).
pub fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

/// Reads `body` (declared by `headers`) as the JSON form of the message
/// `message_name` (full name, leading dot), at most `limit` bytes.
pub async fn read_message<M: DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    limit: u64,
    message_name: &str,
) -> Result<M, HttpError> {
    if !is_json(headers) {
        let got = headers
            .get(header::CONTENT_TYPE)
            .map_or("none".to_owned(), |v| format!("{v:?}"));
        return Err(HttpError::edge(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Code::InvalidArgument,
            format!("request body must be application/json (content type: {got})"),
        ));
    }
    let value = read_json(headers, body, limit).await?;
    parse_message(value, message_name)
}

async fn read_json(headers: &HeaderMap, body: Body, limit: u64) -> Result<Value, HttpError> {
    let too_large = || {
        HttpError::edge(
            StatusCode::PAYLOAD_TOO_LARGE,
            Code::ResourceExhausted,
            format!("request body larger than {limit} bytes (http.max_body_bytes)"),
        )
    };
    // A declared length says it before a byte is read (compressed bodies are
    // measured after decompression, below).
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let compressed = headers.contains_key(header::CONTENT_ENCODING);
    if !compressed && declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let limit_usize = usize::try_from(limit).unwrap_or(usize::MAX);
    let bytes = match Limited::new(body, limit_usize).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if is_length_limit(&*e) => return Err(too_large()),
        Err(e) => {
            return Err(HttpError::edge(
                StatusCode::BAD_REQUEST,
                Code::InvalidArgument,
                format!("cannot read the request body: {e}"),
            ));
        }
    };
    serde_json::from_slice(&bytes).map_err(|e| {
        HttpError::edge(
            StatusCode::BAD_REQUEST,
            Code::InvalidArgument,
            format!("malformed JSON: {e}"),
        )
    })
}

/// Whether `error` (or its source chain) is `Limited`'s length error.
fn is_length_limit(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if e.is::<LengthLimitError>() {
            return true;
        }
        current = e.source();
    }
    false
}

/// `value` as the message `message_name`: canonical form first, then the
/// proto3 JSON parse; every problem is a field violation.
pub fn parse_message<M: DeserializeOwned>(
    mut value: Value,
    message_name: &str,
) -> Result<M, HttpError> {
    let mut violations = FieldViolations::default();
    if !value.is_object() {
        violations.push(
            "",
            Reason::InvalidFormat,
            "the request body must be a JSON object",
        );
        return Err(violations.into_status().into());
    }
    canonicalise(
        Descriptors::contract(),
        message_name,
        &mut value,
        &mut violations,
    );
    if !violations.is_empty() {
        return Err(violations.into_status().into());
    }
    serde_path_to_error::deserialize::<_, M>(value).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        violations.push(path, Reason::InvalidFormat, e.inner().to_string());
        violations.into_status().into()
    })
}

#[cfg(test)]
mod tests {
    use http::HeaderValue;

    use super::*;

    #[test]
    fn json_content_types() {
        let mut headers = HeaderMap::new();
        assert!(!is_json(&headers));
        for (value, ok) in [
            ("application/json", true),
            ("Application/JSON; charset=utf-8", true),
            ("text/plain", false),
            ("application/grpc", false),
        ] {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
            assert_eq!(is_json(&headers), ok, "{value}");
        }
    }
}
