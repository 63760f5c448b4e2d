//! Command-line interface.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Classifies channel partners into relationship stages and serves the
/// result over gRPC.
#[derive(Debug, Parser)]
#[command(name = "stage-scorer", version, about)]
pub struct Cli {
    /// Configuration file (TOML) layered over the built-in defaults.
    #[arg(long, global = true, value_name = "PATH", env = "STAGE_SCORER_CONFIG")]
    pub config: Option<PathBuf>,
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Runs the gRPC server (the default).
    Serve,
    /// Prints the effective configuration's model version and exits after
    /// validating it.
    CheckConfig,
}
