//! `stage-scorer classify`: classifies a partner file in-process.
//!
//! Reads CSV, JSON Lines or Parquet (see [`crate::portfolio_io`]) from a file or
//! standard input, one record at a time, and writes one JSON object per line
//! for each record, in input order:
//!
//! - `{"line": 2, "partnerId": "P1", "classification": {...}}`: the
//!   classification as canonical proto3 JSON of `PartnerClassification`;
//! - `{"line": 5, "partnerId": "P4", "error": {"message": "...",
//!   "problems": [{"column": 7, "field": "quality.trust", "reason":
//!   "OUT_OF_RANGE", "message": "must be at most 1"}]}}`: a record that could
//!   not be read or is not a valid partner. `column` is the CSV column (or
//!   the character in a JSON line) at fault; header problems come on line 1.
//!
//! With `--output-format csv` or `parquet` (or an output path ending in
//! `.csv` or `.parquet`), each record is one flat row instead: the columns
//! of [`flat_result::COLUMNS`](super::flat_result::COLUMNS), an error row
//! carrying `error_code`, `error_message` and `error_fields`.
//!
//! Exit status: 0 when every record was classified, 1 when any record
//! failed (the others are still classified), 2 when the command could not
//! run at all (unreadable input, unwritable output, bad arguments).

use std::{
    io::{BufRead, Write},
    path::PathBuf,
    process::ExitCode,
};

use crate::{
    cli::{files::open_output, portfolio_input::PortfolioInput, result_writer::ResultWriter},
    domain::{ScoringModel, classify},
    portfolio_io::{Format, PortfolioReader, Problem, RecordError},
    proto,
    wire::{
        field_violations::FieldViolations, parse::partner::parse_partner,
        to_proto::classification::classification_to_proto,
    },
};

/// Arguments of `classify`.
#[derive(Debug, clap::Args)]
pub struct ClassifyArgs {
    /// Partner file to read; standard input when omitted or `-`.
    #[arg(value_name = "INPUT")]
    pub input: Option<PathBuf>,
    /// Input format: `csv`, `jsonl` or `parquet`. Default: from the file
    /// extension (.csv, .jsonl, .ndjson, .parquet), else guessed from the
    /// first bytes (`PAR1` is Parquet, `{` JSON Lines).
    #[arg(long, short = 'f')]
    pub format: Option<Format>,
    /// Where to write the results; standard output when omitted or `-`.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Output format: `jsonl` (one nested JSON object per record), `csv`
    /// or `parquet` (one flat row per record). Default: from the output
    /// path's extension (.csv, .parquet), else `jsonl`.
    #[arg(long, value_name = "FORMAT")]
    pub output_format: Option<Format>,
    /// Never draw a progress bar (it is only drawn when standard error is a
    /// terminal anyway).
    #[arg(long)]
    pub no_progress: bool,
}

/// Counts of one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records classified.
    pub classified: u64,
    /// Records that failed.
    pub failed: u64,
}

/// Runs the subcommand and reports on standard error.
pub fn run(args: &ClassifyArgs, model: &ScoringModel) -> ExitCode {
    match execute(args, model) {
        Ok(summary) => {
            eprintln!(
                "stage-scorer classify: {} partner(s) classified, {} record(s) failed",
                summary.classified, summary.failed
            );
            if summary.failed == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("stage-scorer classify: {e}");
            ExitCode::from(2)
        }
    }
}

fn execute(args: &ClassifyArgs, model: &ScoringModel) -> Result<Summary, String> {
    let PortfolioInput { records, progress } =
        PortfolioInput::open(args.input.as_ref(), args.format, !args.no_progress)?;
    let output_format = args
        .output_format
        .or_else(|| args.output.as_deref().and_then(Format::from_path))
        .unwrap_or(Format::JsonLines);
    let output = open_output(args.output.as_ref())?;
    let output = ResultWriter::new(output_format, output)
        .map_err(|e| format!("cannot write output: {e}"))?;
    let summary = classify_records(records, model, output, |s| {
        progress.record_read();
        if (s.classified + s.failed) % 1024 == 0 {
            progress.set_message(format!("{} failed", s.failed));
        }
    })?;
    progress.finish();
    Ok(summary)
}

/// Classifies every record of `reader`, writing one result each to
/// `output`; `on_record` sees the running counts after each record.
pub fn classify_records<R: BufRead, W: Write + Send>(
    mut reader: PortfolioReader<R>,
    model: &ScoringModel,
    mut output: ResultWriter<W>,
    mut on_record: impl FnMut(&Summary),
) -> Result<Summary, String> {
    let mut summary = Summary::default();
    let write_error = |e: std::io::Error| format!("cannot write output: {e}");
    while let Some((line, record)) = reader.next() {
        let result = record
            .map_err(|e| (e.partner_id.clone(), e))
            .and_then(|msg| classify_one(&reader, model, line, msg));
        match &result {
            Ok((partner_id, classification)) => {
                summary.classified += 1;
                output
                    .classified(line, partner_id, classification)
                    .map_err(write_error)?;
            }
            Err((partner_id, error)) => {
                summary.failed += 1;
                output
                    .failed(line, partner_id.as_deref(), error, &model.version)
                    .map_err(write_error)?;
            }
        }
        on_record(&summary);
    }
    output.finish().map_err(write_error)?;
    Ok(summary)
}

type Classified = (String, proto::PartnerClassification);
type Failed = (Option<String>, RecordError);

fn classify_one<R: BufRead>(
    reader: &PortfolioReader<R>,
    model: &ScoringModel,
    line: u64,
    msg: proto::PartnerIndicators,
) -> Result<Classified, Failed> {
    let partner_id = msg.partner_id.clone();
    let mut violations = FieldViolations::default();
    match parse_partner(msg, &mut violations) {
        Some(partner) => Ok((
            partner_id,
            classification_to_proto(classify(model, &partner)),
        )),
        None => {
            let problems = violations
                .as_slice()
                .iter()
                .map(|v| Problem {
                    column: reader.column_of(&column_name(&v.field)),
                    field: Some(v.field.clone()),
                    reason: v.reason.clone(),
                    message: v.description.clone(),
                })
                .collect();
            Err((
                Some(partner_id.clone()),
                RecordError {
                    line,
                    problems,
                    partner_id: Some(partner_id),
                },
            ))
        }
    }
}

/// The CSV column of a violation's field path: `labels["region"]` is the
/// column `labels.region`; other paths are their own column.
fn column_name(field: &str) -> String {
    match field
        .strip_prefix("labels[\"")
        .and_then(|rest| rest.strip_suffix("\"]"))
    {
        Some(key) => format!("labels.{key}"),
        None => field.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config;

    fn run_on(input: &str, format: Format) -> (Summary, Vec<serde_json::Value>) {
        let model = config::builtin().model;
        let mut out = Vec::new();
        let summary = classify_records(
            PortfolioReader::new(input.as_bytes(), format).unwrap(),
            &model,
            ResultWriter::new(Format::JsonLines, &mut out).unwrap(),
            |_| {},
        )
        .unwrap();
        let lines = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (summary, lines)
    }

    #[test]
    fn valid_and_invalid_rows_each_get_a_line() {
        let (summary, lines) = run_on(
            "partner_id,quality.trust,labels.Region\np-1,0.5,\np-2,1.5,\np-3,0.2,emea\n",
            Format::Csv,
        );
        assert_eq!(
            summary,
            Summary {
                classified: 1,
                failed: 2
            }
        );
        assert_eq!(lines[0]["line"], 2);
        assert_eq!(lines[0]["classification"]["partnerId"], "p-1");
        assert_eq!(
            lines[0]["classification"]["modelVersion"],
            "tecp-default-2026.11"
        );
        let problem = &lines[1]["error"]["problems"][0];
        assert_eq!(lines[1]["line"], 3);
        assert_eq!(problem["field"], "quality.trust");
        assert_eq!(problem["column"], 2);
        assert_eq!(problem["reason"], "OUT_OF_RANGE");
        let problem = &lines[2]["error"]["problems"][0];
        assert_eq!(problem["field"], "labels[\"Region\"]");
        assert_eq!(problem["column"], 3);
    }

    // The issue: an unparsable number left the error without partnerId, and
    // CRLF files were numbered one line short.
    #[test]
    fn an_unreadable_row_names_its_partner_and_its_true_line() {
        let (_, lines) = run_on(
            "partner_id,quality.trust\r\np-1,0.5\r\n\r\np-2,high\r\n",
            Format::Csv,
        );
        assert_eq!(lines[1]["line"], 4);
        assert_eq!(lines[1]["partnerId"], "p-2");
        assert_eq!(
            lines[1]["error"]["problems"][0]["reason"],
            "UNPARSABLE_NUMBER"
        );
    }
}
