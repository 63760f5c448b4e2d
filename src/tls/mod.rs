//! TLS on the gRPC port, terminated by the server itself so that the
//! certificate can change while it runs.
//!
//! - [`server_config`] reads the PEM files named in `[tls]` and builds a
//!   rustls configuration (ALPN `h2`; with a client CA, client certificates
//!   are verified: mutual TLS).
//! - [`incoming`] accepts TCP connections (with `TCP_NODELAY`), runs each
//!   TLS handshake in its own task under a timeout, and hands the finished
//!   TLS streams to tonic; each handshake uses the configuration current at
//!   that moment.
//! - [`reload`] re-reads the files every `tls.reload_interval_ms` and swaps
//!   the configuration when their content changed (Kubernetes updates a
//!   mounted Secret in place); a file that does not parse is logged and the
//!   previous configuration kept.
//! - [`peer_identity`] names the caller from its certificate.

pub mod incoming;
pub mod peer_identity;
pub mod reload;
pub mod server_config;

pub use incoming::TlsIncoming;
pub use server_config::TlsError;
