//! The `[http]` section: the HTTP side of the gRPC port (HTTP/JSON routes,
//! gRPC-web and its CORS allow-list).

use std::ops::RangeInclusive;

use serde::Deserialize;

use crate::domain::model::Problems;

/// The HTTP/JSON and gRPC-web edge (`[http]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSettings {
    /// Largest HTTP/JSON request body accepted, in bytes, after
    /// decompression; a larger one is answered 413 before it is read in
    /// full.
    pub max_body_bytes: u64,
    /// Origins (`scheme://host[:port]`) whose browser pages may call the
    /// service (gRPC-web and HTTP/JSON) across origins. Empty: CORS is off
    /// and browsers only call from the service's own origin.
    pub cors_allowed_origins: Vec<String>,
}

impl HttpSettings {
    /// Accepted range of `max_body_bytes`: 1 KiB to 64 MiB.
    pub const MAX_BODY_BYTES: RangeInclusive<u64> = 1024..=64 * 1024 * 1024;

    /// Checks every key (keys relative to `http`).
    pub fn check(&self, problems: &mut Problems) {
        let range = Self::MAX_BODY_BYTES;
        problems.check(
            "max_body_bytes",
            range.contains(&self.max_body_bytes),
            format!(
                "must be {} to {} (got {})",
                range.start(),
                range.end(),
                self.max_body_bytes
            ),
        );
        for (i, origin) in self.cors_allowed_origins.iter().enumerate() {
            problems.check(
                format!("cors_allowed_origins[{i}]"),
                is_origin(origin),
                format!(
                    "must be an origin such as \"https://crm.example.com\" or \
                     \"http://localhost:8080\" (scheme, host, optional port; no \
                     path, no wildcard), got {origin:?}"
                ),
            );
        }
    }
}

impl Default for HttpSettings {
    /// The values of `config/default.toml`.
    fn default() -> Self {
        Self {
            max_body_bytes: 4 * 1024 * 1024,
            cors_allowed_origins: Vec::new(),
        }
    }
}

/// `scheme://host[:port]` with an http(s) scheme and nothing after.
fn is_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
    else {
        return false;
    };
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(']') || rest.starts_with('[') => (host, Some(port)),
        _ => (rest, None),
    };
    !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.[]:".contains(c))
        && port.is_none_or(|p| p.parse::<u16>().is_ok_and(|p| p > 0))
        && http::HeaderValue::from_str(origin).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_pass_and_cors_is_off() {
        let settings = HttpSettings::default();
        let mut problems = Problems::new();
        settings.check(&mut problems);
        assert!(problems.is_empty(), "{problems}");
        assert!(settings.cors_allowed_origins.is_empty());
    }

    #[test]
    fn origins_are_checked_one_by_one() {
        let settings = HttpSettings {
            max_body_bytes: 10,
            cors_allowed_origins: [
                "https://crm.example.com",
                "http://localhost:8080",
                "*",
                "https://crm.example.com/path",
                "ftp://x",
                "http://x:0",
            ]
            .map(String::from)
            .to_vec(),
        };
        let mut problems = Problems::new();
        settings.check(&mut problems);
        let keys: Vec<_> = (&problems).into_iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "max_body_bytes",
                "cors_allowed_origins[2]",
                "cors_allowed_origins[3]",
                "cors_allowed_origins[4]",
                "cors_allowed_origins[5]",
            ]
        );
    }
}

#[cfg(test)]
mod loading_tests {
    use std::collections::HashMap;

    use crate::config::{Sources, load};

    #[test]
    fn origins_from_the_environment_are_comma_separated() {
        let environment: HashMap<String, String> = [(
            "STAGE_SCORER__HTTP__CORS_ALLOWED_ORIGINS".to_owned(),
            "https://a.example.com,http://localhost:8080".to_owned(),
        )]
        .into();
        let c = load(&Sources {
            file: None,
            environment: Some(environment),
        })
        .unwrap();
        assert_eq!(
            c.settings.http.cors_allowed_origins,
            ["https://a.example.com", "http://localhost:8080"]
        );
        assert_eq!(c.settings.http.max_body_bytes, 4 * 1024 * 1024);
    }

    #[test]
    fn a_bad_origin_stops_start_up_naming_the_key() {
        let environment: HashMap<String, String> = [(
            "STAGE_SCORER__HTTP__CORS_ALLOWED_ORIGINS".to_owned(),
            "*".to_owned(),
        )]
        .into();
        let e = load(&Sources {
            file: None,
            environment: Some(environment),
        })
        .unwrap_err();
        assert!(
            e.to_string().contains("http.cors_allowed_origins[0]"),
            "{e}"
        );
    }
}
