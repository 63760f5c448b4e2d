//! The identity of the caller of one request.

use std::sync::Arc;

/// The caller of a request: the name its bearer token is registered under,
/// else the name its client certificate carries, else `anonymous`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller(Arc<str>);

impl Caller {
    /// Name of a caller that presented no credentials (tokens not required,
    /// or a health check).
    pub const ANONYMOUS: &'static str = "anonymous";
    /// Name recorded for a call refused for want of valid credentials.
    pub const UNAUTHENTICATED: &'static str = "unauthenticated";

    /// A caller named `name`.
    pub fn new(name: impl Into<Arc<str>>) -> Self {
        Self(name.into())
    }

    /// The anonymous caller.
    pub fn anonymous() -> Self {
        Self::new(Self::ANONYMOUS)
    }

    /// The caller's name.
    pub fn name(&self) -> &str {
        &self.0
    }

    /// The caller's name, shared.
    pub fn shared_name(&self) -> Arc<str> {
        self.0.clone()
    }
}

impl std::fmt::Display for Caller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
