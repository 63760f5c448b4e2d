//! Why configuration could not be loaded.

use std::fmt;

use crate::domain::model::Problems;

/// Why configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigurationError {
    /// A layer could not be read or does not match the expected shape (an
    /// unknown key, a value of the wrong type). Reading stops at the first
    /// such error.
    #[error("invalid configuration: {0}")]
    Load(#[from] ::config::ConfigError),
    /// Values of the right shape were refused: every one of them.
    #[error("{0}")]
    Invalid(Refused),
}

/// Every refused value: the service settings' and the scoring model's, each
/// with its full key. At least one of the two lists is not empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// Problems in `server`, `log`, `telemetry` and `limits`.
    pub settings: Problems,
    /// Problems in `model`.
    pub model: Problems,
}

/// `invalid configuration: key: reason` for a single settings problem,
/// `invalid configuration:` then one `key: reason` line each for several;
/// then the model's as `invalid scoring model:` and one line each.
impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.settings.len() {
            0 => {}
            1 => write!(f, "invalid configuration: {}", self.settings)?,
            _ => write!(f, "invalid configuration:\n{}", self.settings)?,
        }
        if !self.model.is_empty() {
            if !self.settings.is_empty() {
                writeln!(f)?;
            }
            write!(f, "invalid scoring model:\n{}", self.model)?;
        }
        Ok(())
    }
}
