//! The built `stage-scorer` binary, run as its users run it: the offline
//! command-line tools, refusal of invalid configuration, and the server's
//! life cycle (startup, signals, drain) as a separate process.

#[path = "../binary/mod.rs"]
mod binary;
#[path = "../process/mod.rs"]
mod process;
#[path = "../support/mod.rs"]
mod support;

mod cli;
mod cli_parquet;
mod cli_pyramid;
mod invalid_configuration;
mod lifecycle;
