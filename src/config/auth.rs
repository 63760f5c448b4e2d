//! The `[auth]` section: bearer-token authentication of callers.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::model::Problems;

/// Bearer-token authentication (`[auth]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    /// File listing the accepted tokens, one `caller sha256-hex` per line
    /// (see `config/default.toml`); empty: no token is asked for.
    pub tokens_file: PathBuf,
}

impl AuthSettings {
    /// The tokens file, when bearer tokens are required.
    pub fn tokens_file(&self) -> Option<&Path> {
        (!self.tokens_file.as_os_str().is_empty()).then_some(self.tokens_file.as_path())
    }

    /// Checks every key (keys relative to `auth`). The file is read (and
    /// refused with its line numbers) when the server starts.
    pub fn check(&self, _problems: &mut Problems) {}
}
