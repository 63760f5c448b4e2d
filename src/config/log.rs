//! The `[log]` section: level and format of the log output.

use serde::Deserialize;

use crate::domain::model::Problems;

/// Logging.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    /// `EnvFilter` directives; `RUST_LOG` wins when set.
    pub level: String,
    /// Output format.
    pub format: LogFormat,
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

impl LogSettings {
    /// Checks that the level parses as log filter directives (keys relative
    /// to `log`).
    pub fn check(&self, problems: &mut Problems) {
        if let Err(e) = tracing_subscriber::EnvFilter::try_new(&self.level) {
            problems.push("level", format!("{e} (got {:?})", self.level));
        }
    }
}
