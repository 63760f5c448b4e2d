//! Loading: the built-in defaults (`config/default.toml`, compiled in),
//! then an optional file, then `STAGE_SCORER__*` environment variables;
//! then every check, so that one start-up names every refused value.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
};

use ::config::{Config, Environment, File, FileFormat};

use super::{ConfigurationError, Refused, Settings};
use crate::domain::model::{Problems, ScoringModel};

/// The built-in default configuration, documented key by key.
pub const DEFAULT_CONFIG: &str = include_str!("../../config/default.toml");
/// Prefix of the environment variables that override configuration keys.
pub const ENV_PREFIX: &str = "STAGE_SCORER";
/// Separator between the prefix and the key, and between key segments.
pub const ENV_SEPARATOR: &str = "__";
/// Environment variable naming an optional configuration file (read by the
/// command line, see `cli/mod.rs`).
pub const CONFIG_FILE_ENV: &str = "STAGE_SCORER_CONFIG";

/// Validated configuration: the settings and the model built from them.
#[derive(Debug, Clone)]
pub struct Configuration {
    /// All settings as loaded.
    pub settings: Settings,
    /// The validated scoring model.
    pub model: ScoringModel,
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

/// Loads and layers the configuration, then checks all of it: the error
/// lists every refused value, settings and model alike.
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
        // Lists from the environment are comma-separated.
        .list_separator(",")
        .with_list_parse_key("http.cors_allowed_origins")
        .source(sources.environment.clone());
    let settings: Settings = builder.add_source(environment).build()?.try_deserialize()?;
    let settings_problems = settings.check();
    let mut model_problems = Problems::new();
    let model = ScoringModel::from_settings(&settings.model)
        .map_err(|problems| model_problems.extend_under("model", problems))
        .ok();
    match model {
        Some(model) if settings_problems.is_empty() => Ok(Configuration { settings, model }),
        _ => Err(ConfigurationError::Invalid(Refused {
            settings: settings_problems,
            model: model_problems,
        })),
    }
}

/// The built-in defaults alone.
pub fn builtin() -> Configuration {
    load(&Sources {
        file: None,
        environment: Some(HashMap::new()),
    })
    .expect("the built-in default configuration is valid")
}

/// The configuration of the built-in defaults with `vars` as the whole
/// environment: what each section's tests load.
#[cfg(test)]
pub(crate) fn load_with_env(vars: &[(&str, &str)]) -> Result<Configuration, ConfigurationError> {
    load(&Sources {
        file: None,
        environment: Some(
            vars.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::config::{LimitSettings, LogFormat};

    fn with_env(vars: &[(&str, &str)]) -> Result<Configuration, ConfigurationError> {
        load_with_env(vars)
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

    #[test]
    fn millisecond_keys_read_as_durations() {
        let c = with_env(&[
            ("STAGE_SCORER__SERVER__SHUTDOWN_GRACE_DELAY_MS", "3600000"),
            ("STAGE_SCORER__TELEMETRY__OTLP_TIMEOUT_MS", "250"),
        ])
        .unwrap();
        assert_eq!(
            c.settings.server.shutdown_grace_delay,
            Duration::from_secs(3600)
        );
        assert_eq!(
            c.settings.telemetry.otlp_timeout,
            Duration::from_millis(250)
        );
        let err = with_env(&[("STAGE_SCORER__SERVER__SHUTDOWN_DRAIN_TIMEOUT_MS", "-1")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("server.shutdown_drain_timeout_ms"), "{err}");
    }

    #[test]
    fn a_single_refused_setting_reads_as_one_line() {
        let err = with_env(&[("STAGE_SCORER__LIMITS__BATCH_MAX_PARTNERS", "0")])
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "invalid configuration: limits.batch_max_partners: must be 1 to 100000 (got 0)"
        );
    }

    #[test]
    fn every_refused_value_is_listed_settings_then_model() {
        let err = with_env(&[
            ("STAGE_SCORER__SERVER__SHUTDOWN_GRACE_DELAY_MS", "3600001"),
            ("STAGE_SCORER__LOG__LEVEL", "info,=["),
            ("STAGE_SCORER__TELEMETRY__SERVICE_NAME", " "),
            ("STAGE_SCORER__LIMITS__STREAM_MAX_PENDING_RESULTS", "0"),
            ("STAGE_SCORER__MODEL__CONFIDENCE__MARGIN_SCALE", "0"),
            ("STAGE_SCORER__MODEL__PYRAMID__MIN_PARTNERS", "0"),
        ])
        .unwrap_err();
        let ConfigurationError::Invalid(refused) = &err else {
            panic!("expected refused values: {err}");
        };
        let keys = |p: &Problems| p.iter().map(|p| p.key.clone()).collect::<Vec<_>>();
        assert_eq!(
            keys(&refused.settings),
            [
                "server.shutdown_grace_delay_ms",
                "log.level",
                "telemetry.service_name",
                "limits.stream_max_pending_results",
            ]
        );
        assert_eq!(
            keys(&refused.model),
            [
                "model.confidence.margin_scale",
                "model.pyramid.min_partners"
            ]
        );
        let text = err.to_string();
        assert!(
            text.starts_with(
                "invalid configuration:\nserver.shutdown_grace_delay_ms: must be at most \
                 3600000 (one hour), got 3600001\n"
            ),
            "{text}"
        );
        assert!(
            text.ends_with(
                "\ninvalid scoring model:\nmodel.confidence.margin_scale: must be a finite \
                 number above 0 and at most 1 (got 0)\nmodel.pyramid.min_partners: must be 1 \
                 to 1000000 (got 0)"
            ),
            "{text}"
        );
    }

    #[test]
    fn the_builtin_pyramid_thresholds_are_valid() {
        let c = builtin();
        assert_eq!(*c.model.pyramid, c.settings.model.pyramid);
        assert_eq!(c.settings.model.pyramid.min_partners, 20);
    }

    #[test]
    fn start_up_refuses_a_bad_pyramid_threshold_with_its_key() {
        let err = with_env(&[("STAGE_SCORER__MODEL__PYRAMID__TOO_FLAT_BASE_SHARE", "1.5")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("model.pyramid.too_flat_base_share"), "{err}");
    }
}
