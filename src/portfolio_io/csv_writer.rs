//! [`CsvWriter`]: writes partners as CSV.

use std::io::{self, Write};

use super::{CURRENCY_CODE_COLUMN, LABEL_COLUMN_PREFIX, PARTNER_ID_COLUMN, cells};
use crate::{domain::partner::indicators::Indicator, proto, wire::indicator_fields};

/// Writes the header (`partner_id`, `currency_code`, every indicator path in
/// [`Indicator::ALL`] order, then `labels.<key>` for the keys given) and one
/// row per partner. Labels whose key was not given are not written.
pub struct CsvWriter<W: Write> {
    writer: csv::Writer<W>,
    label_keys: Vec<String>,
    row: Vec<String>,
}

impl<W: Write> CsvWriter<W> {
    /// Writes the header to `output`.
    pub fn new(output: W, label_keys: &[&str]) -> io::Result<Self> {
        let mut writer = csv::Writer::from_writer(output);
        let header = [
            PARTNER_ID_COLUMN.to_owned(),
            CURRENCY_CODE_COLUMN.to_owned(),
        ]
        .into_iter()
        .chain(Indicator::ALL.iter().map(|i| i.path().to_owned()))
        .chain(
            label_keys
                .iter()
                .map(|k| format!("{LABEL_COLUMN_PREFIX}{k}")),
        );
        writer.write_record(header)?;
        Ok(Self {
            writer,
            label_keys: label_keys.iter().map(|k| (*k).to_owned()).collect(),
            row: Vec::new(),
        })
    }

    /// Writes one partner.
    pub fn write(&mut self, partner: &proto::PartnerIndicators) -> io::Result<()> {
        self.row.clear();
        self.row.push(partner.partner_id.clone());
        self.row.push(partner.currency_code.clone());
        for indicator in Indicator::ALL {
            self.row.push(
                indicator_fields::get(partner, indicator)
                    .map(cells::format)
                    .unwrap_or_default(),
            );
        }
        for key in &self.label_keys {
            self.row
                .push(partner.labels.get(key).cloned().unwrap_or_default());
        }
        self.writer.write_record(&self.row)?;
        Ok(())
    }

    /// Flushes and returns the output.
    pub fn finish(self) -> io::Result<W> {
        self.writer
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))
    }
}
