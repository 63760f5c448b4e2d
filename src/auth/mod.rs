//! Who is calling: the caller's identity from a bearer token or a client
//! certificate, and the tower layer that refuses calls without valid
//! credentials when tokens are configured.
//!
//! - [`tokens`]: the accepted tokens, kept as SHA-256 digests and compared
//!   in constant time; [`reload`] swaps them when the file changes.
//! - [`layer`]: [`AuthLayer`], around the whole router; health checks are
//!   always let through.
//! - [`caller`]: the [`Caller`] put in the request's extensions (handlers)
//!   and the response's (the telemetry layer records it on the span, the
//!   access log line and the RPC metrics).

pub mod caller;
pub mod layer;
pub mod reload;
pub mod tokens;

pub use caller::Caller;
pub use layer::AuthLayer;
pub use reload::SharedTokens;
pub use tokens::{TokenFileError, Tokens};
