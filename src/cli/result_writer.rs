//! How `classify` writes its results: nested JSON Lines (the whole
//! classification as canonical proto3 JSON), or the flat row of
//! [`flat_result`](super::flat_result) as CSV or Parquet.

use std::io::{self, Write};

use serde::Serialize;

use super::flat_result::{COLUMNS, FlatRow};
use crate::{
    portfolio_io::{
        Format, Problem, RecordError,
        parquet_columns::{Cell, FlatParquetWriter},
    },
    proto,
};

/// A text cell, null when absent.
fn text(s: Option<&str>) -> Cell<'_> {
    s.map_or(Cell::Null, Cell::Text)
}

/// Separator of list values in a flat CSV cell.
const LIST_SEPARATOR: &str = ";";

/// A writer of classification results in one of the output formats.
pub enum ResultWriter<W: Write + Send> {
    /// One JSON object per record (the default).
    JsonLines(W),
    /// Flat rows as CSV, with a header row.
    FlatCsv(Box<csv::Writer<W>>),
    /// Flat rows as Parquet.
    FlatParquet(Box<FlatParquetWriter<W>>),
}

impl<W: Write + Send> ResultWriter<W> {
    /// A writer of `format` to `output` (for CSV, the header is written now).
    pub fn new(format: Format, output: W) -> io::Result<Self> {
        Ok(match format {
            Format::JsonLines => ResultWriter::JsonLines(output),
            Format::Csv => {
                let mut writer = csv::Writer::from_writer(output);
                writer.write_record(COLUMNS.iter().map(|(name, _, _)| *name))?;
                ResultWriter::FlatCsv(Box::new(writer))
            }
            Format::Parquet => {
                let columns: Vec<_> = COLUMNS
                    .iter()
                    .map(|(name, column_type, _)| ((*name).to_owned(), *column_type))
                    .collect();
                ResultWriter::FlatParquet(Box::new(FlatParquetWriter::new(output, &columns)?))
            }
        })
    }

    /// Writes the result of a classified record.
    pub fn classified(
        &mut self,
        line: u64,
        partner_id: &str,
        classification: &proto::PartnerClassification,
    ) -> io::Result<()> {
        match self {
            ResultWriter::JsonLines(output) => write_line(
                output,
                &OutputLine {
                    line,
                    partner_id: Some(partner_id),
                    classification: Some(classification),
                    error: None,
                },
            ),
            _ => self.flat(&FlatRow::classified(line, classification)),
        }
    }

    /// Writes the result of a record that failed.
    pub fn failed(
        &mut self,
        line: u64,
        partner_id: Option<&str>,
        error: &RecordError,
        model_version: &str,
    ) -> io::Result<()> {
        match self {
            ResultWriter::JsonLines(output) => write_line(
                output,
                &OutputLine {
                    line,
                    partner_id,
                    classification: None,
                    error: Some(ErrorOut {
                        message: error.to_string(),
                        problems: &error.problems,
                    }),
                },
            ),
            _ => self.flat(&FlatRow::failed(line, partner_id, error, model_version)),
        }
    }

    fn flat(&mut self, row: &FlatRow) -> io::Result<()> {
        match self {
            ResultWriter::JsonLines(_) => Ok(()),
            ResultWriter::FlatCsv(writer) => {
                let number = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
                writer.write_record([
                    row.line.to_string().as_str(),
                    row.partner_id.as_deref().unwrap_or_default(),
                    row.stage.unwrap_or_default(),
                    &row.top_down_stage_number
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                    &number(row.confidence),
                    &number(row.coverage),
                    row.effort_level.unwrap_or_default(),
                    row.model_a_tier.unwrap_or_default(),
                    row.recommended_stage.unwrap_or_default(),
                    &row.warnings.join(LIST_SEPARATOR),
                    &row.model_version,
                    row.error_code.unwrap_or_default(),
                    row.error_message.as_deref().unwrap_or_default(),
                    &row.error_fields.join(LIST_SEPARATOR),
                ])?;
                Ok(())
            }
            ResultWriter::FlatParquet(writer) => {
                let error_fields: Vec<&str> = row.error_fields.iter().map(String::as_str).collect();
                writer.append(&[
                    Cell::Int64(i64::try_from(row.line).unwrap_or(i64::MAX)),
                    text(row.partner_id.as_deref()),
                    text(row.stage),
                    row.top_down_stage_number.map_or(Cell::Null, Cell::Int32),
                    row.confidence.map_or(Cell::Null, Cell::Double),
                    row.coverage.map_or(Cell::Null, Cell::Double),
                    text(row.effort_level),
                    text(row.model_a_tier),
                    text(row.recommended_stage),
                    Cell::TextList(&row.warnings),
                    Cell::Text(&row.model_version),
                    text(row.error_code),
                    text(row.error_message.as_deref()),
                    Cell::TextList(&error_fields),
                ])?;
                Ok(())
            }
        }
    }

    /// Flushes (for Parquet, writes the last row group and the footer).
    pub fn finish(self) -> io::Result<()> {
        match self {
            ResultWriter::JsonLines(mut output) => output.flush(),
            ResultWriter::FlatCsv(mut writer) => writer.flush(),
            ResultWriter::FlatParquet(writer) => writer.finish()?.flush(),
        }
    }
}

/// One line of JSON Lines output.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutputLine<'a> {
    line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    partner_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    classification: Option<&'a proto::PartnerClassification>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorOut<'a>>,
}

#[derive(Serialize)]
struct ErrorOut<'a> {
    message: String,
    problems: &'a [Problem],
}

fn write_line(output: &mut impl Write, line: &OutputLine<'_>) -> io::Result<()> {
    serde_json::to_writer(&mut *output, line)?;
    output.write_all(b"\n")
}
