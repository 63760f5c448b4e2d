//! Command-line interface: `serve` (the default), `check-config`, and the
//! offline pipeline tools `classify`, `pyramid` and `generate`, one file
//! each.

pub mod classify;
pub mod currency_arg;
pub mod files;
pub mod flat_result;
pub mod generate;
pub mod portfolio_input;
pub mod progress;
pub mod pyramid;
pub mod pyramid_table;
pub mod result_writer;
pub mod text_table;

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
    /// Classifies a partner file (CSV, JSON Lines or Parquet) in-process,
    /// without a server, writing one JSON line per partner, or one flat
    /// row (CSV or Parquet).
    Classify(classify::ClassifyArgs),
    /// Reports on the partner pyramid of a partner file (CSV, JSON Lines or
    /// Parquet) in-process, without a server: a text report, or JSON.
    #[command(
        after_help = "Exit status: 0 every record analysed; 1 the report was written but some \
                      records were rejected; 2 no report (bad arguments, unreadable input, \
                      unwritable output, mixed currencies, too many groups)."
    )]
    Pyramid(pyramid::PyramidArgs),
    /// Writes a synthetic partner portfolio (CSV, JSON Lines or Parquet).
    Generate(generate::GenerateArgs),
}
