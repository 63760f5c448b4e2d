//! [`PortfolioWriter`]: writes partners in any of the formats.

use std::io::{self, Write};

use super::{CsvWriter, Format, JsonLinesWriter, ParquetWriter};
use crate::proto;

/// A writer of any format.
pub enum PortfolioWriter<W: Write + Send> {
    /// CSV.
    Csv(Box<CsvWriter<W>>),
    /// JSON Lines.
    JsonLines(JsonLinesWriter<W>),
    /// Parquet.
    Parquet(Box<ParquetWriter<W>>),
}

impl<W: Write + Send> PortfolioWriter<W> {
    /// A writer of `format` to `output`; `label_keys` are the label columns
    /// of CSV and Parquet (JSON Lines writes every label).
    pub fn new(format: Format, output: W, label_keys: &[&str]) -> io::Result<Self> {
        Ok(match format {
            Format::Csv => PortfolioWriter::Csv(Box::new(CsvWriter::new(output, label_keys)?)),
            Format::JsonLines => PortfolioWriter::JsonLines(JsonLinesWriter::new(output)),
            Format::Parquet => {
                PortfolioWriter::Parquet(Box::new(ParquetWriter::new(output, label_keys)?))
            }
        })
    }

    /// Writes one partner.
    pub fn write(&mut self, partner: &proto::PartnerIndicators) -> io::Result<()> {
        match self {
            PortfolioWriter::Csv(w) => w.write(partner),
            PortfolioWriter::JsonLines(w) => w.write(partner),
            PortfolioWriter::Parquet(w) => w.write(partner),
        }
    }

    /// Flushes and returns the output.
    pub fn finish(self) -> io::Result<W> {
        match self {
            PortfolioWriter::Csv(w) => w.finish(),
            PortfolioWriter::JsonLines(w) => w.finish(),
            PortfolioWriter::Parquet(w) => w.finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        portfolio_io::PortfolioReader,
        synthetic::{LABEL_KEYS, SyntheticPortfolio},
    };

    #[test]
    fn both_formats_round_trip_a_generated_portfolio() {
        let partners: Vec<_> = SyntheticPortfolio::with_count(4, 300).collect();
        for format in [Format::Csv, Format::JsonLines, Format::Parquet] {
            let mut writer = PortfolioWriter::new(format, Vec::new(), &LABEL_KEYS).unwrap();
            for p in &partners {
                writer.write(p).unwrap();
            }
            let bytes = writer.finish().unwrap();
            let read: Vec<_> = PortfolioReader::new(&bytes[..], format)
                .unwrap()
                .map(|(_, r)| r.unwrap())
                .collect();
            // CSV writes every sub-message, set or not; compare through JSON
            // of the values that matter.
            assert_eq!(read.len(), partners.len(), "{format:?}");
            for (a, b) in read.iter().zip(&partners) {
                assert_eq!(a.partner_id, b.partner_id);
                assert_eq!(a.labels, b.labels);
                assert_eq!(a.currency_code, b.currency_code);
                for indicator in crate::domain::partner::indicators::Indicator::ALL {
                    assert_eq!(
                        crate::wire::indicator_fields::get(a, indicator),
                        crate::wire::indicator_fields::get(b, indicator),
                        "{format:?} {} {}",
                        b.partner_id,
                        indicator.path()
                    );
                }
            }
        }
    }
}
