//! [`ParquetWriter`]: writes partners as a typed, flat Parquet file with
//! the CSV form's columns (see [`super::parquet_reader`] for the types).

use std::io::{self, Write};

use super::{
    CURRENCY_CODE_COLUMN, LABEL_COLUMN_PREFIX, PARTNER_ID_COLUMN, cells,
    parquet_columns::{Cell, ColumnType, FlatParquetWriter},
};
use crate::{
    domain::partner::indicators::Indicator,
    proto,
    wire::indicator_fields::{self, Value, ValueKind},
};

/// Writes `partner_id`, `currency_code`, every indicator path in
/// [`Indicator::ALL`] order, then `labels.<key>` for the keys given; a
/// value unknown in the payload is null. Numbers are `DOUBLE`, counts
/// `INT64`, flags `BOOLEAN`, stages and strings `STRING`.
pub struct ParquetWriter<W: Write + Send> {
    writer: FlatParquetWriter<W>,
    label_keys: Vec<String>,
}

impl<W: Write + Send> ParquetWriter<W> {
    /// A writer to `output` with label columns for `label_keys`.
    pub fn new(output: W, label_keys: &[&str]) -> io::Result<Self> {
        let columns: Vec<(String, ColumnType)> = [
            (PARTNER_ID_COLUMN.to_owned(), ColumnType::Text),
            (CURRENCY_CODE_COLUMN.to_owned(), ColumnType::Text),
        ]
        .into_iter()
        .chain(
            Indicator::ALL
                .iter()
                .map(|i| (i.path().to_owned(), column_type(indicator_fields::kind(*i)))),
        )
        .chain(
            label_keys
                .iter()
                .map(|k| (format!("{LABEL_COLUMN_PREFIX}{k}"), ColumnType::Text)),
        )
        .collect();
        Ok(Self {
            writer: FlatParquetWriter::new(output, &columns)?,
            label_keys: label_keys.iter().map(|k| (*k).to_owned()).collect(),
        })
    }

    /// Writes one partner.
    pub fn write(&mut self, partner: &proto::PartnerIndicators) -> io::Result<()> {
        let stages: Vec<Option<String>> = Indicator::ALL
            .iter()
            .map(|i| match indicator_fields::get(partner, *i) {
                Some(v @ Value::Stage(_)) => Some(cells::format(v)),
                _ => None,
            })
            .collect();
        let mut row = Vec::with_capacity(2 + Indicator::COUNT + self.label_keys.len());
        row.push(Cell::Text(&partner.partner_id));
        row.push(text_or_null(&partner.currency_code));
        for (indicator, stage) in Indicator::ALL.iter().zip(&stages) {
            row.push(match (indicator_fields::get(partner, *indicator), stage) {
                (None, _) => Cell::Null,
                (Some(_), Some(stage)) => Cell::Text(stage),
                (Some(Value::Number(x)), None) => Cell::Double(x),
                (Some(Value::Count(n)), None) => Cell::Int64(i64::from(n)),
                (Some(Value::Flag(b)), None) => Cell::Bool(b),
                (Some(Value::Stage(_)), None) => Cell::Null,
            });
        }
        for key in &self.label_keys {
            row.push(
                partner
                    .labels
                    .get(key)
                    .map_or(Cell::Null, |v| Cell::Text(v)),
            );
        }
        self.writer.append(&row)?;
        Ok(())
    }

    /// Writes the footer and returns the output.
    pub fn finish(self) -> io::Result<W> {
        Ok(self.writer.finish()?)
    }
}

fn column_type(kind: ValueKind) -> ColumnType {
    match kind {
        ValueKind::Number => ColumnType::Double,
        ValueKind::Count => ColumnType::Int64,
        ValueKind::Flag => ColumnType::Bool,
        ValueKind::Stage => ColumnType::Text,
    }
}

fn text_or_null(s: &str) -> Cell<'_> {
    if s.is_empty() {
        Cell::Null
    } else {
        Cell::Text(s)
    }
}
