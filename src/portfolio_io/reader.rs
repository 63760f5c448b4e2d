//! [`PortfolioReader`]: reads partners in any of the formats.

use std::io::BufRead;

use parquet::file::reader::ChunkReader;

use super::{CsvRecords, Format, JsonLinesRecords, ParquetRecords, RecordError};
use crate::proto;

/// A streaming reader of any format, yielding `(line_number, record)` (for
/// Parquet, the row's 1-based number in the file).
pub enum PortfolioReader<R: BufRead> {
    /// CSV.
    Csv(CsvRecords<R>),
    /// JSON Lines.
    JsonLines(JsonLinesRecords<R>),
    /// Parquet.
    Parquet(Box<ParquetRecords>),
}

impl<R: BufRead> PortfolioReader<R> {
    /// Reads `input` as `format` (for CSV, the header row is read now). A
    /// Parquet stream is read into memory first (its footer is at the end):
    /// open a Parquet file with [`PortfolioReader::parquet`] instead. The
    /// error says why a Parquet input cannot be read at all.
    pub fn new(mut input: R, format: Format) -> Result<Self, String> {
        Ok(match format {
            Format::Csv => PortfolioReader::Csv(CsvRecords::new(input)),
            Format::JsonLines => PortfolioReader::JsonLines(JsonLinesRecords::new(input)),
            Format::Parquet => {
                let mut bytes = Vec::new();
                input
                    .read_to_end(&mut bytes)
                    .map_err(|e| format!("cannot read input: {e}"))?;
                Self::parquet(bytes::Bytes::from(bytes))?
            }
        })
    }

    /// Reads a Parquet file (or bytes); the error names every column that
    /// cannot be read, or says why it is not Parquet.
    pub fn parquet(source: impl ChunkReader + 'static) -> Result<Self, String> {
        Ok(PortfolioReader::Parquet(Box::new(ParquetRecords::open(
            source,
        )?)))
    }

    /// The 1-based column of a field path (`quality.trust`), if the file is
    /// CSV or Parquet and has it.
    pub fn column_of(&self, field: &str) -> Option<u64> {
        match self {
            PortfolioReader::Csv(r) => r.column_of(field),
            PortfolioReader::JsonLines(_) => None,
            PortfolioReader::Parquet(r) => r.column_of(field),
        }
    }
}

impl<R: BufRead> Iterator for PortfolioReader<R> {
    type Item = (u64, Result<proto::PartnerIndicators, RecordError>);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            PortfolioReader::Csv(r) => r.next(),
            PortfolioReader::JsonLines(r) => r.next(),
            PortfolioReader::Parquet(r) => r.next(),
        }
    }
}
