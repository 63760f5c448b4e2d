//! `stage-scorer pyramid`: the pyramid report of a portfolio file, computed
//! in-process, without a server.
//!
//! Reads CSV, JSON Lines or Parquet (the formats of `classify`, see
//! [`crate::portfolio_io`]) from a file or standard input one record at a
//! time and adds each partner to a [`PyramidAccumulator`], as
//! `StreamAnalyzePyramid` does: memory grows with the number of groups,
//! never with the number of partners. Then it writes the report: a readable
//! text report by default, or with `--json` the canonical proto3 JSON of the
//! `PyramidReport` message (exactly what `AnalyzePyramid` answers for the
//! same partners and options).
//!
//! Records that cannot be used do not stop the analysis; each counts as one
//! rejected record in the report (`partners_rejected`, and listed among the
//! first 100):
//! - a partner that fails validation is rejected exactly as by the RPCs:
//!   its id, the invalid field paths and the reasons;
//! - an unreadable line (a wrong header, a cell that is not a number,
//!   malformed JSON, a row with too few cells) is listed without an id, with
//!   the fields concerned and a reason that starts with its line number:
//!   `line 3: column 3 (model_a.revenue): "lots" is not a number`.
//!
//! What makes the whole portfolio wrong stops the command without a report:
//! money in two currencies (a pyramid adds up money in one currency only:
//! declared with `--currency`, else set by the first partner carrying
//! money), or more groups than the RPCs allow.
//!
//! Exit status, as for `classify`: 0 when every record was analysed, 1 when
//! the report was written but some records were rejected, 2 when no report
//! could be made (bad arguments, unreadable input, unwritable output, mixed
//! currencies, too many groups).

use std::{
    io::{BufRead, Write},
    path::PathBuf,
    process::ExitCode,
};

use crate::{
    cli::{
        currency_arg::parse_currency, files::open_output, portfolio_input::PortfolioInput,
        pyramid_table::write_report,
    },
    domain::{
        ScoringModel,
        partner::currency_code::CurrencyCode,
        pyramid::{
            GroupBy, GroupByError, MAX_GROUPS, PyramidAccumulator, PyramidError, PyramidOptions,
            PyramidReport, RejectedPartner,
        },
    },
    portfolio_io::{Format, PortfolioReader},
    wire::{portfolio_feed::feed_partner, to_proto::pyramid_report::report_to_proto},
};

/// Arguments of `pyramid`.
#[derive(Debug, clap::Args)]
pub struct PyramidArgs {
    /// Partner file to read; standard input when omitted or `-`.
    #[arg(value_name = "INPUT")]
    pub input: Option<PathBuf>,
    /// Input format: `csv`, `jsonl` or `parquet`. Default: from the file
    /// extension (.csv, .jsonl, .ndjson, .parquet), else guessed from the
    /// first bytes (`PAR1` is Parquet, `{` JSON Lines).
    #[arg(long, short = 'f')]
    pub format: Option<Format>,
    /// Label key to group the report by: repeat the option or separate keys
    /// with commas (`--group-by region,partner_type`), at most 4, in order.
    /// Partners lacking a label form a group of their own.
    #[arg(
        long = "group-by",
        short = 'g',
        value_name = "KEY",
        value_delimiter = ','
    )]
    pub group_by: Vec<String>,
    /// The portfolio's currency (ISO 4217, e.g. `USD`). Default: the
    /// currency of the first partner carrying money. Either way a partner
    /// carrying money in another currency stops the command.
    #[arg(long, value_name = "CODE", value_parser = parse_currency)]
    pub currency: Option<CurrencyCode>,
    /// Write the report as canonical proto3 JSON of `PyramidReport`
    /// instead of text.
    #[arg(long)]
    pub json: bool,
    /// Where to write the report; standard output when omitted or `-`.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Never draw a progress bar (it is only drawn when standard error is a
    /// terminal anyway).
    #[arg(long)]
    pub no_progress: bool,
}

/// Runs the subcommand and reports on standard error.
pub fn run(args: &PyramidArgs, model: &ScoringModel) -> ExitCode {
    match execute(args, model) {
        Ok(report) => {
            eprintln!(
                "stage-scorer pyramid: {} partner(s) analysed, {} record(s) rejected",
                report.partners_analysed, report.partners_rejected
            );
            if report.partners_rejected == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("stage-scorer pyramid: {e}");
            ExitCode::from(2)
        }
    }
}

fn execute(args: &PyramidArgs, model: &ScoringModel) -> Result<PyramidReport, String> {
    let group_by =
        GroupBy::parse(args.group_by.clone()).map_err(|e| group_by_message(&args.group_by, &e))?;
    let options = PyramidOptions {
        group_by,
        currency: args.currency,
    };
    let PortfolioInput { records, progress } =
        PortfolioInput::open(args.input.as_ref(), args.format, !args.no_progress)?;
    let mut output = open_output(args.output.as_ref())?;
    let accumulator = analyse_records(records, model, options, |acc| {
        progress.record_read();
        let partial = acc.partial();
        let seen = partial.partners_analysed() + partial.rejected.count;
        if seen % 1024 == 0 {
            progress.set_message(format!("{} rejected", partial.rejected.count));
        }
    })?;
    progress.finish();
    let report = accumulator.report();
    let write_error = |e: std::io::Error| format!("cannot write output: {e}");
    if args.json {
        serde_json::to_writer_pretty(&mut output, &report_to_proto(&report))
            .map_err(|e| format!("cannot write output: {e}"))?;
        output.write_all(b"\n").map_err(write_error)?;
    } else {
        write_report(&mut output, &report).map_err(write_error)?;
    }
    output.flush().map_err(write_error)?;
    Ok(report)
}

/// Adds every record of `records` to a pyramid of partners classified by
/// `model`: valid partners are analysed, invalid partners and unreadable
/// lines rejected (see the module docs). `on_record` sees the pyramid after
/// each record. Fails, with a message naming the line, on what makes the
/// whole portfolio wrong: mixed currencies, too many groups.
pub fn analyse_records<R: BufRead>(
    records: PortfolioReader<R>,
    model: &ScoringModel,
    options: PyramidOptions,
    mut on_record: impl FnMut(&PyramidAccumulator),
) -> Result<PyramidAccumulator, String> {
    let declared = options.currency.is_some();
    let mut accumulator = PyramidAccumulator::new(model, options);
    // Where the portfolio's currency was set, when no currency was declared.
    let mut currency_from: Option<(u64, String)> = None;
    for (line, record) in records {
        let result = match record {
            Ok(msg) => {
                let partner_id = msg.partner_id.clone();
                let had_currency = accumulator.partial().currency.is_some();
                let result = feed_partner(&mut accumulator, msg);
                if !had_currency && accumulator.partial().currency.is_some() {
                    currency_from = Some((line, partner_id.clone()));
                }
                result.map_err(|e| (e, Some(partner_id)))
            }
            Err(e) => {
                let fields = e.problems.iter().filter_map(|p| p.field.as_deref());
                let id = e.partner_id.as_deref().unwrap_or("");
                let rejected = RejectedPartner::with_reason(id, fields, &e.to_string());
                accumulator.reject(rejected).map_err(|e| (e, None))
            }
        };
        if let Err((e, partner_id)) = result {
            let at = match partner_id {
                Some(id) => format!("line {line} (partner {id:?})"),
                None => format!("line {line}"),
            };
            return Err(portfolio_error(&e, &at, declared, currency_from.as_ref()));
        }
        on_record(&accumulator);
    }
    Ok(accumulator)
}

/// Why the portfolio as a whole cannot be analysed, for people.
fn portfolio_error(
    e: &PyramidError,
    at: &str,
    declared: bool,
    currency_from: Option<&(u64, String)>,
) -> String {
    match e {
        PyramidError::CurrencyMismatch { expected, found } => {
            let source = match (declared, currency_from) {
                (true, _) => "declared with --currency".to_owned(),
                (false, Some((line, id))) => {
                    format!("set by partner {id:?} on line {line}, the first carrying money")
                }
                (false, None) => "set by the first partner carrying money".to_owned(),
            };
            format!(
                "{at}: carries money in {found} but the portfolio's currency is {expected} \
                 ({source}); a pyramid adds up money in one currency only: convert the amounts, \
                 or analyse each currency in a file of its own"
            )
        }
        PyramidError::TooManyGroups => {
            format!("{at}: --group-by yields more than {MAX_GROUPS} groups")
        }
        other => format!("{at}: {other}"),
    }
}

fn group_by_message(keys: &[String], e: &GroupByError) -> String {
    match e {
        GroupByError::TooMany { .. } => format!("--group-by {e}"),
        GroupByError::InvalidKey { index } | GroupByError::Duplicate { index } => {
            let key = keys.get(*index).map_or("", String::as_str);
            format!("--group-by {key:?} {e}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config;

    fn analyse(input: &str, options: PyramidOptions) -> Result<PyramidAccumulator, String> {
        let model = config::builtin().model;
        let records = PortfolioReader::new(input.as_bytes(), Format::Csv).unwrap();
        analyse_records(records, &model, options, |_| {})
    }

    #[test]
    fn unreadable_and_invalid_records_are_rejected_and_the_rest_analysed() {
        let acc = analyse(
            "partner_id,currency_code,model_a.revenue,quality.trust\n\
             p-1,USD,1000,0.5\n\
             p-2,USD,lots,0.5\n\
             p-3,USD,1000,1.5\n\
             ,,,0.4\n\
             p-5,USD,2000,0.9\n",
            PyramidOptions::default(),
        )
        .unwrap();
        let partial = acc.partial();
        assert_eq!(partial.partners_analysed(), 2);
        assert_eq!(partial.rejected.count, 3);
        let listed: Vec<(&str, &[String], &str)> = partial
            .rejected
            .listed
            .iter()
            .map(|r| {
                (
                    r.partner_id.as_str(),
                    r.fields.as_slice(),
                    r.reason.as_str(),
                )
            })
            .collect();
        assert_eq!(listed[0].0, "");
        assert_eq!(listed[0].1, ["partner_id"]);
        // An unreadable row keeps its readable id.
        assert_eq!(listed[1].0, "p-2");
        assert_eq!(listed[1].1, ["model_a.revenue"]);
        assert!(
            listed[1]
                .2
                .starts_with("line 3: column 3 (model_a.revenue)")
        );
        assert_eq!(listed[2].0, "p-3");
        assert!(listed[2].2.starts_with("quality.trust: must be at most 1"));
    }

    #[test]
    fn mixed_currencies_name_both_lines() {
        let e = analyse(
            "partner_id,currency_code,model_a.revenue\np-1,,\np-2,USD,10\np-3,EUR,10\n",
            PyramidOptions::default(),
        )
        .unwrap_err();
        assert!(
            e.starts_with(
                "line 4 (partner \"p-3\"): carries money in EUR but the portfolio's currency is \
                 USD (set by partner \"p-2\" on line 3, the first carrying money)"
            ),
            "{e}"
        );
        let declared = PyramidOptions {
            currency: CurrencyCode::parse("EUR").ok(),
            ..Default::default()
        };
        let e = analyse(
            "partner_id,currency_code,model_a.revenue\np-1,USD,10\n",
            declared,
        )
        .unwrap_err();
        assert!(e.contains("(declared with --currency)"), "{e}");
    }

    #[test]
    fn bad_group_keys_are_named() {
        let keys = vec!["region".to_owned(), "Bad Key".to_owned()];
        let e = GroupBy::parse(keys.clone()).unwrap_err();
        assert_eq!(
            group_by_message(&keys, &e),
            format!("--group-by \"Bad Key\" {e}")
        );
    }
}
