//! TLS of the OTLP exporters for `https://` endpoints: the collector's
//! certificate is checked against the bundled web PKI roots and the
//! system's CA store (a private CA installed in the image is trusted).

use opentelemetry_otlp::WithTonicConfig;
use tonic::transport::ClientTlsConfig;

/// `builder` with TLS configured when `endpoint` is `https://`; unchanged
/// for `http://` (plaintext to a nearby collector).
pub(super) fn secure<B: WithTonicConfig>(builder: B, endpoint: &str) -> B {
    if is_https(endpoint) {
        builder.with_tls_config(ClientTlsConfig::new().with_enabled_roots())
    } else {
        builder
    }
}

fn is_https(endpoint: &str) -> bool {
    endpoint
        .trim()
        .get(..8)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
}

#[cfg(test)]
mod tests {
    use super::is_https;

    #[test]
    fn only_https_endpoints_get_tls() {
        assert!(is_https("https://collector:4317"));
        assert!(is_https("HTTPS://collector:4317"));
        assert!(!is_https("http://collector:4317"));
        assert!(!is_https("http"));
    }
}
