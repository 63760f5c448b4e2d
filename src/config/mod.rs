//! Every setting of the service in one place: the sections (`server`,
//! `log`, `telemetry`, `limits`; `model` is the domain's
//! [`ModelSettings`](crate::domain::model::ModelSettings)), how they load in
//! layers (defaults, then a file, then `STAGE_SCORER__*` environment
//! variables) and how they are checked: every refused value is reported at
//! once, with its key, in the style of the domain's
//! [`Problems`](crate::domain::model::Problems).
//!
//! Durations are [`std::time::Duration`]s in the typed settings and whole
//! milliseconds in configuration (the keys end in `_ms`).
//!
//! `config` depends on the domain (the model's settings and validation),
//! never the reverse; telemetry and start-up read their settings from here.

mod admission;
mod auth;
mod duration;
mod error;
mod http;
mod limits;
mod load;
mod log;
mod server;
mod settings;
mod telemetry;
mod tls;

pub use admission::AdmissionSettings;
pub use auth::AuthSettings;
pub use duration::MAX_DURATION;
pub use error::{ConfigurationError, Refused};
pub use http::HttpSettings;
pub use limits::{LimitSettings, MAX_MESSAGE_BYTES};
pub use load::{
    CONFIG_FILE_ENV, Configuration, DEFAULT_CONFIG, ENV_PREFIX, ENV_SEPARATOR, Sources, builtin,
    load,
};
pub use log::{LogFormat, LogSettings};
pub use server::ServerSettings;
pub use settings::Settings;
pub use telemetry::{PrometheusSettings, TelemetrySettings, TraceSampler};
pub use tls::TlsSettings;
