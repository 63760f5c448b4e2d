//! The caller named by a client certificate.

use x509_parser::{extensions::GeneralName, prelude::FromDer};

/// Longest caller name taken from a certificate, in characters.
const MAX_CHARS: usize = 128;

/// The caller a client certificate (DER) names: its first DNS name or URI
/// subject alternative name, else its subject common name; `None` when it
/// names none (or does not parse, which the handshake has already ruled
/// out for verified certificates).
pub fn caller_name(der: &[u8]) -> Option<String> {
    let (_, cert) = x509_parser::certificate::X509Certificate::from_der(der).ok()?;
    let from_san = cert
        .subject_alternative_name()
        .ok()
        .flatten()
        .and_then(|san| {
            san.value.general_names.iter().find_map(|name| match name {
                GeneralName::DNSName(s) | GeneralName::URI(s) => Some((*s).to_owned()),
                _ => None,
            })
        });
    let name = from_san.or_else(|| {
        cert.subject()
            .iter_common_name()
            .next()
            .and_then(|cn| cn.as_str().ok())
            .map(str::to_owned)
    })?;
    let name: String = name
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_CHARS)
        .collect();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use rcgen::{CertificateParams, DistinguishedName, DnType, KeyPair};

    use super::caller_name;

    fn cert(sans: &[&str], cn: Option<&str>) -> Vec<u8> {
        let mut params =
            CertificateParams::new(sans.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
        let mut dn = DistinguishedName::new();
        if let Some(cn) = cn {
            dn.push(DnType::CommonName, cn);
        }
        params.distinguished_name = dn;
        let key = KeyPair::generate().unwrap();
        params.self_signed(&key).unwrap().der().to_vec()
    }

    #[test]
    fn the_first_san_wins_over_the_common_name() {
        assert_eq!(
            caller_name(&cert(&["billing.example", "other"], Some("cn-name"))).as_deref(),
            Some("billing.example")
        );
    }

    #[test]
    fn without_san_the_common_name_names_the_caller() {
        assert_eq!(
            caller_name(&cert(&[], Some("reporting-job"))).as_deref(),
            Some("reporting-job")
        );
        assert_eq!(caller_name(&cert(&[], None)), None);
        assert_eq!(caller_name(b"not a certificate"), None);
    }
}
