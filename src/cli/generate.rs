//! `stage-scorer generate`: writes a synthetic partner portfolio (see
//! [`crate::synthetic`]) as CSV, JSON Lines or Parquet. The same seed and count
//! always write the same file.

use std::{path::PathBuf, process::ExitCode};

use crate::{
    cli::{
        currency_arg::parse_currency,
        files::open_output,
        progress::{Measure, bar},
    },
    domain::partner::currency_code::CurrencyCode,
    portfolio_io::{Format, PortfolioWriter},
    synthetic::{LABEL_KEYS, SyntheticPortfolio},
};

/// Arguments of `generate`.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Number of partners to write.
    #[arg(long, short = 'n', default_value_t = 1000)]
    pub count: u64,
    /// Seed of the random generator: the same seed gives the same
    /// portfolio.
    #[arg(long, short = 's', default_value_t = 42)]
    pub seed: u64,
    /// Output format: `csv`, `jsonl` or `parquet`. Default: from the output file's
    /// extension, else CSV.
    #[arg(long, short = 'f')]
    pub format: Option<Format>,
    /// Put every money amount in this currency (ISO 4217, e.g. `USD`), as a
    /// portfolio for `pyramid` needs. Default: USD, with about 3 % of the
    /// partners in EUR (a mix `pyramid` refuses). Nothing else changes.
    #[arg(long, value_name = "CODE", value_parser = parse_currency)]
    pub currency: Option<CurrencyCode>,
    /// File to write; standard output when omitted or `-`.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Never draw a progress bar (it is only drawn when standard error is a
    /// terminal anyway).
    #[arg(long)]
    pub no_progress: bool,
}

/// Runs the subcommand; exit status 2 when the output cannot be written.
pub fn run(args: &GenerateArgs) -> ExitCode {
    match execute(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stage-scorer generate: {e}");
            ExitCode::from(2)
        }
    }
}

fn execute(args: &GenerateArgs) -> Result<(), String> {
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::from_path))
        .unwrap_or(Format::Csv);
    let output = open_output(args.output.as_ref())?;
    let write_error = |e: std::io::Error| format!("cannot write output: {e}");
    let mut writer = PortfolioWriter::new(format, output, &LABEL_KEYS).map_err(write_error)?;
    let progress = bar(Measure::Items(args.count), !args.no_progress);
    let mut portfolio = SyntheticPortfolio::with_count(args.seed, args.count);
    if let Some(currency) = args.currency {
        portfolio = portfolio.in_currency(currency);
    }
    for partner in portfolio {
        writer.write(&partner).map_err(write_error)?;
        progress.inc(1);
    }
    writer.finish().map_err(write_error)?;
    progress.finish_and_clear();
    Ok(())
}
