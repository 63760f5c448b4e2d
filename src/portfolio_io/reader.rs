//! [`PortfolioReader`]: reads partners in either format.

use std::io::BufRead;

use super::{CsvRecords, Format, JsonLinesRecords, RecordError};
use crate::proto;

/// A streaming reader of either format, yielding `(line_number, record)`.
pub enum PortfolioReader<R: BufRead> {
    /// CSV.
    Csv(CsvRecords<R>),
    /// JSON Lines.
    JsonLines(JsonLinesRecords<R>),
}

impl<R: BufRead> PortfolioReader<R> {
    /// Reads `input` as `format` (for CSV, the header row is read now).
    pub fn new(input: R, format: Format) -> Self {
        match format {
            Format::Csv => PortfolioReader::Csv(CsvRecords::new(input)),
            Format::JsonLines => PortfolioReader::JsonLines(JsonLinesRecords::new(input)),
        }
    }

    /// The 1-based CSV column of a field path (`quality.trust`), if the
    /// file is CSV and has it.
    pub fn column_of(&self, field: &str) -> Option<u64> {
        match self {
            PortfolioReader::Csv(r) => r.column_of(field),
            PortfolioReader::JsonLines(_) => None,
        }
    }
}

impl<R: BufRead> Iterator for PortfolioReader<R> {
    type Item = (u64, Result<proto::PartnerIndicators, RecordError>);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            PortfolioReader::Csv(r) => r.next(),
            PortfolioReader::JsonLines(r) => r.next(),
        }
    }
}
