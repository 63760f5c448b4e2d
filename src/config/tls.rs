//! The `[tls]` section: TLS on the gRPC port, optionally mutual (client
//! certificates checked against a CA), from PEM files that are re-read when
//! they change (Kubernetes updates a mounted Secret in place).

use std::{path::PathBuf, time::Duration};

use serde::Deserialize;

use super::duration::{MAX_DURATION, millis};
use crate::domain::model::Problems;

/// TLS on the gRPC port (`[tls]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsSettings {
    /// Whether the gRPC port speaks TLS (otherwise plaintext HTTP/2).
    pub enabled: bool,
    /// PEM file of the server's certificate chain, leaf first.
    pub cert_path: PathBuf,
    /// PEM file of the server's private key (PKCS#8, PKCS#1 or SEC1).
    pub key_path: PathBuf,
    /// PEM file of the CA(s) that sign client certificates; empty: no
    /// client certificates are asked for (no mTLS).
    pub client_ca_path: PathBuf,
    /// With a client CA: whether a client without a certificate is refused
    /// during the handshake (true) or let through without a certificate
    /// identity (false: bearer tokens may then identify it).
    pub client_cert_required: bool,
    /// How often the files are checked for a change (`reload_interval_ms`).
    #[serde(rename = "reload_interval_ms", deserialize_with = "millis")]
    pub reload_interval: Duration,
    /// Longest a TLS handshake may take before the connection is closed
    /// (`handshake_timeout_ms`).
    #[serde(rename = "handshake_timeout_ms", deserialize_with = "millis")]
    pub handshake_timeout: Duration,
}

impl TlsSettings {
    /// The client CA file, when mutual TLS is configured.
    pub fn client_ca(&self) -> Option<&std::path::Path> {
        (!self.client_ca_path.as_os_str().is_empty()).then_some(self.client_ca_path.as_path())
    }

    /// Checks every key (keys relative to `tls`). The files themselves are
    /// read (and refused with their path) when the server starts.
    pub fn check(&self, problems: &mut Problems) {
        if self.enabled {
            for (key, path) in [("cert_path", &self.cert_path), ("key_path", &self.key_path)] {
                problems.check(
                    key,
                    !path.as_os_str().is_empty(),
                    "must name a PEM file when tls.enabled is true",
                );
            }
        }
        for (key, value) in [
            ("reload_interval_ms", self.reload_interval),
            ("handshake_timeout_ms", self.handshake_timeout),
        ] {
            problems.check(
                key,
                !value.is_zero() && value <= MAX_DURATION,
                format!(
                    "must be between 1 and {} (one hour), got {}",
                    MAX_DURATION.as_millis(),
                    value.as_millis()
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    fn with_env(vars: &[(&str, &str)]) -> Result<crate::config::Configuration, String> {
        crate::config::load::load_with_env(vars).map_err(|e| e.to_string())
    }

    #[test]
    fn tls_is_off_by_default() {
        let c = with_env(&[]).unwrap();
        assert!(!c.settings.tls.enabled);
        assert_eq!(c.settings.tls.client_ca(), None);
    }

    #[test]
    fn enabled_tls_needs_both_files_and_sane_durations() {
        let err = with_env(&[
            ("STAGE_SCORER__TLS__ENABLED", "true"),
            ("STAGE_SCORER__TLS__CERT_PATH", ""),
            ("STAGE_SCORER__TLS__KEY_PATH", ""),
            ("STAGE_SCORER__TLS__RELOAD_INTERVAL_MS", "0"),
        ])
        .unwrap_err();
        for key in ["tls.cert_path", "tls.key_path", "tls.reload_interval_ms"] {
            assert!(err.contains(key), "{key}: {err}");
        }
    }

    #[test]
    fn a_client_ca_turns_on_mutual_tls() {
        let c = with_env(&[("STAGE_SCORER__TLS__CLIENT_CA_PATH", "/x/ca.crt")]).unwrap();
        assert_eq!(
            c.settings.tls.client_ca(),
            Some(std::path::Path::new("/x/ca.crt"))
        );
    }
}
