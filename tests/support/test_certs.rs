//! Test-only certificates, generated when a test runs (no private key is
//! checked in): a CA and the server and client certificates it signs,
//! written as PEM files to a fresh temporary directory.

use std::{
    path::{Path, PathBuf},
    sync::atomic::{AtomicUsize, Ordering},
};

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose,
};
use stage_scorer::config::TlsSettings;
use tonic::transport::{Certificate, Identity};

/// A certificate authority for tests.
pub struct TestCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

/// A certificate and its key, PEM.
pub struct Leaf {
    /// The certificate.
    pub cert_pem: String,
    /// The private key (PKCS#8).
    pub key_pem: String,
}

impl Leaf {
    /// As a tonic client identity.
    pub fn identity(&self) -> Identity {
        Identity::from_pem(&self.cert_pem, &self.key_pem)
    }
}

impl TestCa {
    /// A new self-signed CA named `name`.
    pub fn new(name: &str) -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        params.distinguished_name = common_name(name);
        let issuer = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
        Self { issuer }
    }

    /// The CA certificate, PEM.
    pub fn pem(&self) -> String {
        self.issuer.pem()
    }

    /// The CA certificate, for a tonic client's trust anchors.
    pub fn certificate(&self) -> Certificate {
        Certificate::from_pem(self.pem())
    }

    /// A server certificate for `localhost` and 127.0.0.1.
    pub fn server(&self) -> Leaf {
        self.leaf(
            &["localhost", "127.0.0.1"],
            "stage-scorer test server",
            ExtendedKeyUsagePurpose::ServerAuth,
        )
    }

    /// A client certificate whose first DNS name is `san` (none when
    /// empty) and whose common name is `cn`.
    pub fn client(&self, san: &str, cn: &str) -> Leaf {
        let sans: Vec<&str> = if san.is_empty() { vec![] } else { vec![san] };
        self.leaf(&sans, cn, ExtendedKeyUsagePurpose::ClientAuth)
    }

    fn leaf(&self, sans: &[&str], cn: &str, usage: ExtendedKeyUsagePurpose) -> Leaf {
        let mut params =
            CertificateParams::new(sans.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
        params.distinguished_name = common_name(cn);
        params.extended_key_usages = vec![usage];
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        Leaf {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
        }
    }
}

fn common_name(name: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, name);
    dn
}

/// A fresh, empty temporary directory for one test's files.
pub fn temp_dir(label: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "stage-scorer-test-{label}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `leaf` as `tls.crt` and `tls.key` in `dir` (replacing them the
/// way a rotation does: a new file renamed over the old one).
pub fn write_server_files(dir: &Path, leaf: &Leaf) {
    for (name, content) in [("tls.crt", &leaf.cert_pem), ("tls.key", &leaf.key_pem)] {
        let staged = dir.join(format!(".{name}.new"));
        std::fs::write(&staged, content).unwrap();
        std::fs::rename(&staged, dir.join(name)).unwrap();
    }
}

/// `[tls]` settings serving the files in `dir`, with `client_ca` (a PEM
/// written to `dir/ca.crt`) when given.
pub fn tls_settings(
    dir: &Path,
    client_ca: Option<&TestCa>,
    client_cert_required: bool,
) -> TlsSettings {
    let client_ca_path = match client_ca {
        Some(ca) => {
            let path = dir.join("ca.crt");
            std::fs::write(&path, ca.pem()).unwrap();
            path
        }
        None => PathBuf::new(),
    };
    TlsSettings {
        enabled: true,
        cert_path: dir.join("tls.crt"),
        key_path: dir.join("tls.key"),
        client_ca_path,
        client_cert_required,
        reload_interval: std::time::Duration::from_millis(100),
        handshake_timeout: std::time::Duration::from_secs(5),
    }
}
