//! Start-up configuration: the built-in defaults (`config/default.toml`,
//! compiled in), then an optional file, then `STAGE_SCORER__*` environment
//! variables, validated as a whole before anything starts.

use std::{
    collections::HashMap,
    net::SocketAddr,
    path::{Path, PathBuf},
    time::Duration,
};

use ::config::{Config, Environment, File, FileFormat};
use serde::Deserialize;

mod telemetry;

pub use telemetry::{PrometheusSettings, TelemetrySettings};

use crate::domain::model::{ModelErrors, ModelSettings, ScoringModel};

/// The built-in default configuration, documented key by key.
pub const DEFAULT_CONFIG: &str = include_str!("../../config/default.toml");
/// Prefix of the environment variables that override configuration keys.
pub const ENV_PREFIX: &str = "STAGE_SCORER";
/// Separator between the prefix and the key, and between key segments.
pub const ENV_SEPARATOR: &str = "__";
/// Environment variable naming an optional configuration file (read by the
/// command line, see `cli.rs`).
pub const CONFIG_FILE_ENV: &str = "STAGE_SCORER_CONFIG";

/// Everything the process is configured with.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The gRPC server.
    pub server: ServerSettings,
    /// Logging.
    pub log: LogSettings,
    /// Traces and metrics: OTLP export and the Prometheus endpoint.
    pub telemetry: TelemetrySettings,
    /// Size limits of the batch and streaming RPCs.
    pub limits: LimitSettings,
    /// The scoring model, as written (see [`Configuration::model`]).
    pub model: ModelSettings,
}

/// The gRPC server.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// Socket address to listen on.
    pub address: SocketAddr,
    /// After a shutdown signal, how long the listener keeps accepting while
    /// health already reports NOT_SERVING, in milliseconds.
    pub shutdown_grace_delay_ms: u64,
    /// Then, how long in-flight calls and streams get to finish, in
    /// milliseconds.
    pub shutdown_drain_timeout_ms: u64,
}

/// Longest accepted shutdown grace delay or drain timeout: one hour.
pub const MAX_SHUTDOWN_PHASE_MS: u64 = 3_600_000;

impl ServerSettings {
    /// The grace delay as a duration.
    pub fn shutdown_grace_delay(&self) -> Duration {
        Duration::from_millis(self.shutdown_grace_delay_ms)
    }

    /// The drain timeout as a duration.
    pub fn shutdown_drain_timeout(&self) -> Duration {
        Duration::from_millis(self.shutdown_drain_timeout_ms)
    }

    fn validate(&self) -> Result<(), ConfigurationError> {
        for (key, value) in [
            (
                "server.shutdown_grace_delay_ms",
                self.shutdown_grace_delay_ms,
            ),
            (
                "server.shutdown_drain_timeout_ms",
                self.shutdown_drain_timeout_ms,
            ),
        ] {
            if value > MAX_SHUTDOWN_PHASE_MS {
                return Err(ConfigurationError::invalid(
                    key,
                    format!("must be at most {MAX_SHUTDOWN_PHASE_MS} (one hour), got {value}"),
                ));
            }
        }
        Ok(())
    }
}

/// Logging.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    /// `EnvFilter` directives; `RUST_LOG` wins when set.
    pub level: String,
    /// Output format.
    pub format: LogFormat,
}

/// Size limits of the batch and streaming RPCs (`[limits]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSettings {
    /// Most partners one `BatchClassifyPartners` call may carry.
    pub batch_max_partners: u32,
    /// Results a `StreamClassifyPartners` call may hold unread before the
    /// server stops reading requests.
    pub stream_max_pending_results: u32,
}

impl LimitSettings {
    /// Accepted range of `batch_max_partners`.
    pub const BATCH_MAX_PARTNERS: std::ops::RangeInclusive<u32> = 1..=100_000;
    /// Accepted range of `stream_max_pending_results`.
    pub const STREAM_MAX_PENDING_RESULTS: std::ops::RangeInclusive<u32> = 1..=10_000;

    /// Checks every limit against its range; the error names the key.
    pub fn validate(&self) -> Result<(), ConfigurationError> {
        let checks = [
            (
                "limits.batch_max_partners",
                self.batch_max_partners,
                Self::BATCH_MAX_PARTNERS,
            ),
            (
                "limits.stream_max_pending_results",
                self.stream_max_pending_results,
                Self::STREAM_MAX_PENDING_RESULTS,
            ),
        ];
        for (key, value, range) in checks {
            if !range.contains(&value) {
                return Err(ConfigurationError::invalid(
                    key,
                    format!("must be {} to {} (got {value})", range.start(), range.end()),
                ));
            }
        }
        Ok(())
    }
}

impl Default for LimitSettings {
    /// The values of `config/default.toml`.
    fn default() -> Self {
        Self {
            batch_max_partners: 1000,
            stream_max_pending_results: 64,
        }
    }
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

/// Validated configuration: the settings and the model built from them.
#[derive(Debug, Clone)]
pub struct Configuration {
    /// All settings as loaded.
    pub settings: Settings,
    /// The validated scoring model.
    pub model: ScoringModel,
}

/// Why configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigurationError {
    /// A layer could not be read or does not match the expected shape.
    #[error("invalid configuration: {0}")]
    Load(#[from] ::config::ConfigError),
    /// The model settings were read but are not a valid model.
    #[error("invalid scoring model:\n{0}")]
    Model(ModelErrors),
    /// The log filter does not parse.
    #[error("invalid configuration: log.level: {0}")]
    LogLevel(String),
    /// A key has a value of the right type that is not acceptable.
    #[error("invalid configuration: {key}: {reason}")]
    Invalid {
        /// The key, e.g. `telemetry.otlp_endpoint`.
        key: &'static str,
        /// Why the value is refused.
        reason: String,
    },
}

impl ConfigurationError {
    /// A refused value of `key`.
    pub fn invalid(key: &'static str, reason: impl Into<String>) -> Self {
        Self::Invalid {
            key,
            reason: reason.into(),
        }
    }
}

/// Where configuration comes from, besides the built-in defaults.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// An optional TOML file.
    pub file: Option<PathBuf>,
    /// Environment variables to read; `None` reads the process environment.
    pub environment: Option<HashMap<String, String>>,
}

impl Sources {
    /// The file named on the command line (`--config`, or
    /// `STAGE_SCORER_CONFIG` through clap), and the process environment.
    pub fn from_process(config_file: Option<&Path>) -> Self {
        Self {
            file: config_file.map(Path::to_path_buf),
            environment: None,
        }
    }
}

/// Loads, layers and validates the configuration.
pub fn load(sources: &Sources) -> Result<Configuration, ConfigurationError> {
    let mut builder =
        Config::builder().add_source(File::from_str(DEFAULT_CONFIG, FileFormat::Toml));
    if let Some(path) = &sources.file {
        builder = builder.add_source(File::from(path.as_path()).format(FileFormat::Toml));
    }
    let environment = Environment::with_prefix(ENV_PREFIX)
        .prefix_separator(ENV_SEPARATOR)
        .separator(ENV_SEPARATOR)
        .try_parsing(true)
        .source(sources.environment.clone());
    let settings: Settings = builder.add_source(environment).build()?.try_deserialize()?;
    tracing_subscriber::EnvFilter::try_new(&settings.log.level)
        .map_err(|e| ConfigurationError::LogLevel(format!("{e} (got {:?})", settings.log.level)))?;
    settings.server.validate()?;
    settings.telemetry.validate(&settings.server)?;
    settings.limits.validate()?;
    let model = ScoringModel::from_settings(&settings.model)
        .map_err(|e| ConfigurationError::Model(e.with_prefix("model.")))?;
    Ok(Configuration { settings, model })
}

/// The built-in defaults alone.
pub fn builtin() -> Configuration {
    load(&Sources {
        file: None,
        environment: Some(HashMap::new()),
    })
    .expect("the built-in default configuration is valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_env(vars: &[(&str, &str)]) -> Result<Configuration, ConfigurationError> {
        load(&Sources {
            file: None,
            environment: Some(
                vars.iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            ),
        })
    }

    #[test]
    fn builtin_defaults_are_valid() {
        let c = builtin();
        assert_eq!(c.settings.server.address.port(), 50051);
        assert_eq!(&*c.model.version, "tecp-default-2026.11");
    }

    #[test]
    fn environment_overrides_defaults() {
        let c = with_env(&[
            ("STAGE_SCORER__SERVER__ADDRESS", "127.0.0.1:9000"),
            (
                "STAGE_SCORER__MODEL__STAGES__ENHANCED__EVIDENCE_THRESHOLD",
                "0.55",
            ),
            ("STAGE_SCORER__LOG__FORMAT", "json"),
        ])
        .unwrap();
        assert_eq!(c.settings.server.address.to_string(), "127.0.0.1:9000");
        assert_eq!(c.settings.log.format, LogFormat::Json);
        assert_eq!(
            c.model
                .rule(crate::domain::stage::Stage::Enhanced)
                .evidence_threshold,
            0.55
        );
    }

    #[test]
    fn invalid_model_names_every_key() {
        let err = with_env(&[
            (
                "STAGE_SCORER__MODEL__STAGES__PARTNERSHIP__EVIDENCE_THRESHOLD",
                "1.5",
            ),
            ("STAGE_SCORER__MODEL__EFFORT__BANDS__ENHANCED", "0.9"),
        ])
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("model.stages.partnership.evidence_threshold"),
            "{err}"
        );
        assert!(err.contains("model.effort.bands"), "{err}");
    }

    #[test]
    fn invalid_shape_names_the_key() {
        let err = with_env(&[("STAGE_SCORER__SERVER__ADDRESS", "nowhere")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("server.address"), "{err}");
    }

    #[test]
    fn invalid_log_level_is_refused() {
        let err = with_env(&[("STAGE_SCORER__LOG__LEVEL", "info,=[")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("log.level"), "{err}");
    }

    #[test]
    fn limits_default_and_are_validated() {
        let c = builtin();
        assert_eq!(c.settings.limits, LimitSettings::default());
        let err = with_env(&[("STAGE_SCORER__LIMITS__BATCH_MAX_PARTNERS", "0")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("limits.batch_max_partners"), "{err}");
        let err = with_env(&[("STAGE_SCORER__LIMITS__STREAM_MAX_PENDING_RESULTS", "20000")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("limits.stream_max_pending_results"), "{err}");
        let c = with_env(&[("STAGE_SCORER__LIMITS__BATCH_MAX_PARTNERS", "50")]).unwrap();
        assert_eq!(c.settings.limits.batch_max_partners, 50);
    }

    #[test]
    fn a_file_layers_between_defaults_and_environment() {
        let dir = std::env::temp_dir().join(format!("stage-scorer-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("override.toml");
        std::fs::write(
            &path,
            "[server]\naddress = \"127.0.0.1:7000\"\n[model]\nversion = \"from-file\"\n",
        )
        .unwrap();
        let c = load(&Sources {
            file: Some(path.clone()),
            environment: Some(HashMap::from([(
                "STAGE_SCORER__SERVER__ADDRESS".to_owned(),
                "127.0.0.1:7001".to_owned(),
            )])),
        })
        .unwrap();
        assert_eq!(&*c.model.version, "from-file");
        assert_eq!(c.settings.server.address.port(), 7001);
        std::fs::remove_file(path).unwrap();
    }
}
