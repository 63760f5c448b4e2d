//! The `[auth]` section: bearer-token authentication of callers.

use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use serde::Deserialize;

use super::duration::{MAX_DURATION, millis};
use crate::domain::model::Problems;

/// Bearer-token authentication (`[auth]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    /// File listing the accepted tokens, one `caller sha256-hex` per line
    /// (see `config/default.toml`); empty: no token is asked for.
    pub tokens_file: PathBuf,
    /// How often the tokens file is checked for a change
    /// (`reload_interval_ms`).
    #[serde(rename = "reload_interval_ms", deserialize_with = "millis")]
    pub reload_interval: Duration,
}

impl AuthSettings {
    /// The tokens file, when bearer tokens are required.
    pub fn tokens_file(&self) -> Option<&Path> {
        (!self.tokens_file.as_os_str().is_empty()).then_some(self.tokens_file.as_path())
    }

    /// Checks every key (keys relative to `auth`). The file is read (and
    /// refused with its line numbers) when the server starts.
    pub fn check(&self, problems: &mut Problems) {
        problems.check(
            "reload_interval_ms",
            !self.reload_interval.is_zero() && self.reload_interval <= MAX_DURATION,
            format!(
                "must be between 1 and {} (one hour), got {}",
                MAX_DURATION.as_millis(),
                self.reload_interval.as_millis()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    fn with_env(vars: &[(&str, &str)]) -> Result<crate::config::Configuration, String> {
        crate::config::load::load_with_env(vars).map_err(|e| e.to_string())
    }

    #[test]
    fn tokens_are_off_by_default_and_reloaded_every_10_s() {
        let c = with_env(&[]).unwrap();
        assert_eq!(c.settings.auth.tokens_file(), None);
        assert_eq!(c.settings.auth.reload_interval, Duration::from_secs(10));
        let c = with_env(&[("STAGE_SCORER__AUTH__TOKENS_FILE", "/run/tokens")]).unwrap();
        assert_eq!(
            c.settings.auth.tokens_file(),
            Some(std::path::Path::new("/run/tokens"))
        );
    }

    #[test]
    fn a_zero_reload_interval_is_refused() {
        let err = with_env(&[("STAGE_SCORER__AUTH__RELOAD_INTERVAL_MS", "0")]).unwrap_err();
        assert!(err.contains("auth.reload_interval_ms"), "{err}");
    }
}
