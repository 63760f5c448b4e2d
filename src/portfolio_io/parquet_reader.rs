//! [`ParquetRecords`]: reads a Parquet portfolio, one row group at a time
//! and, inside it, a batch of rows at a time, so memory holds one batch of
//! decoded rows (and one row group's compressed pages), never the file.
//!
//! The columns are those of the CSV form (`partner_id`, `currency_code`,
//! the indicators' field paths, `labels.<key>`), flat and typed:
//!
//! | column | Parquet types accepted |
//! |---|---|
//! | `partner_id`, `currency_code`, `labels.<key>` | string (`BYTE_ARRAY`) |
//! | numbers (`model_a.revenue`, `quality.trust`...) | `DOUBLE`, `FLOAT`, `INT32`, `INT64` |
//! | counts (`model_a.certifications`...) | `INT32`, `INT64` (0 to 4 294 967 295) |
//! | flags (`resale.resells_offering`...) | `BOOLEAN` |
//! | stages (`intent.host_intended_stage`...) | string (`PARTNERSHIP`, `STAGE_ENHANCED`...) or `INT32`/`INT64` (1 to 4) |
//!
//! A null is an unknown indicator. A file whose schema has an unknown, a
//! nested, a repeated or a wrongly typed column, or no `partner_id`, is
//! refused as a whole when it is opened, naming every such column. A value
//! that does not fit its column (a negative count, an unknown stage name)
//! fails its row only, naming the row group and the row. The record's line
//! number is the row's 1-based number in the file.

use std::collections::VecDeque;

use parquet::{
    basic::Type as PhysicalType,
    column::reader::{ColumnReader, ColumnReaderImpl},
    data_type::{ByteArray, DataType},
    errors::ParquetError,
    file::{
        reader::{ChunkReader, FileReader},
        serialized_reader::SerializedFileReader,
    },
};

use super::{
    CURRENCY_CODE_COLUMN, LABEL_COLUMN_PREFIX, PARTNER_ID_COLUMN, Problem, RecordError,
    cells::{self, ParseError},
};
use crate::{
    domain::partner::indicators::Indicator,
    proto,
    wire::indicator_fields::{self, Value, ValueKind},
};

/// Rows decoded at a time.
const BATCH_ROWS: usize = 4096;

/// What a column of the file holds.
#[derive(Debug, Clone)]
enum Target {
    PartnerId,
    CurrencyCode,
    Indicator(Indicator),
    Label(String),
}

/// One column of the file, read into a [`Target`].
#[derive(Debug)]
struct Column {
    name: String,
    target: Target,
    max_def_level: i16,
}

/// A value as stored, before it is read as its target.
#[derive(Debug, Clone)]
enum Stored {
    Null,
    Bool(bool),
    Int(i64),
    Double(f64),
    Bytes(ByteArray),
}

/// A streaming reader of a Parquet portfolio, yielding `(row_number,
/// record)` like the CSV and JSON Lines readers.
pub struct ParquetRecords {
    file: Box<dyn FileReader>,
    columns: Vec<Column>,
    /// The row group being read, its column readers and rows left in it.
    group: usize,
    readers: Vec<ColumnReader>,
    rows_left_in_group: u64,
    row_in_group: u64,
    /// 1-based number of the next row in the file.
    next_row: u64,
    decoded: VecDeque<(u64, Result<proto::PartnerIndicators, RecordError>)>,
}

impl ParquetRecords {
    /// Opens `source` and checks its schema; the error names every column
    /// that cannot be read (or says why the file is not Parquet).
    pub fn open(source: impl ChunkReader + 'static) -> Result<Self, String> {
        let file = SerializedFileReader::new(source)
            .map_err(|e| format!("not a readable Parquet file: {e}"))?;
        let columns = columns_of(&file)?;
        Ok(Self {
            file: Box::new(file),
            columns,
            group: 0,
            readers: Vec::new(),
            rows_left_in_group: 0,
            row_in_group: 0,
            next_row: 1,
            decoded: VecDeque::new(),
        })
    }

    /// The 1-based position of the column holding `field` (`quality.trust`,
    /// `partner_id`, `labels.region`), if the file has it.
    pub fn column_of(&self, field: &str) -> Option<u64> {
        let position = self.columns.iter().position(|c| c.name == field)?;
        Some(position as u64 + 1)
    }

    /// Opens the next row group with rows; `false` when none is left.
    fn open_next_group(&mut self) -> Result<bool, ParquetError> {
        let metadata = self.file.metadata();
        while self.group < metadata.num_row_groups() {
            let index = self.group;
            self.group += 1;
            let rows = u64::try_from(metadata.row_group(index).num_rows()).unwrap_or(0);
            if rows == 0 {
                continue;
            }
            let row_group = self.file.get_row_group(index)?;
            self.readers = (0..self.columns.len())
                .map(|i| row_group.get_column_reader(i))
                .collect::<Result<_, _>>()?;
            self.rows_left_in_group = rows;
            self.row_in_group = 0;
            return Ok(true);
        }
        Ok(false)
    }

    /// Decodes the next batch of rows of the current row group.
    fn decode_batch(&mut self) {
        let wanted = usize::try_from(self.rows_left_in_group)
            .unwrap_or(usize::MAX)
            .min(BATCH_ROWS);
        let mut stored: Vec<Vec<Stored>> = Vec::with_capacity(self.columns.len());
        for (reader, column) in self.readers.iter_mut().zip(&self.columns) {
            match read_batch(reader, column.max_def_level, wanted) {
                Ok(values) if values.len() == wanted => stored.push(values),
                Ok(values) => {
                    return self.fail_group(format!(
                        "column {} has {} value(s) where the row group promises {wanted} more",
                        column.name,
                        values.len()
                    ));
                }
                Err(e) => return self.fail_group(format!("column {}: {e}", column.name)),
            }
        }
        for row in 0..wanted {
            let number = self.next_row;
            let record = self.row(&stored, row);
            self.decoded.push_back((number, record));
            self.next_row += 1;
            self.row_in_group += 1;
        }
        self.rows_left_in_group -= wanted as u64;
    }

    /// Gives up the rest of the current row group (its pages cannot be
    /// decoded): one failed record stands for the rows lost.
    fn fail_group(&mut self, message: String) {
        let lost = self.rows_left_in_group;
        let error = RecordError::single(
            self.next_row,
            None,
            None,
            "UNREADABLE_ROW_GROUP",
            format!(
                "row group {}: {lost} row(s) from row {} of the group could not be read: \
                 {message}",
                self.group,
                self.row_in_group + 1
            ),
        );
        self.decoded.push_back((self.next_row, Err(error)));
        self.next_row += lost;
        self.rows_left_in_group = 0;
    }

    /// Row `row` of a decoded batch, as a payload or its problems.
    fn row(
        &self,
        stored: &[Vec<Stored>],
        row: usize,
    ) -> Result<proto::PartnerIndicators, RecordError> {
        let mut msg = proto::PartnerIndicators::default();
        let mut problems = Vec::new();
        for (position, (column, values)) in self.columns.iter().zip(stored).enumerate() {
            if let Err(e) = assign(&mut msg, &column.target, &values[row]) {
                problems.push(Problem {
                    column: Some(position as u64 + 1),
                    field: Some(column.name.clone()),
                    reason: e.reason.to_owned(),
                    message: format!(
                        "{} (row group {}, row {} of the group)",
                        e.message,
                        self.group,
                        self.row_in_group + 1
                    ),
                });
            }
        }
        if problems.is_empty() {
            Ok(msg)
        } else {
            Err(RecordError {
                line: self.next_row,
                problems,
                partner_id: Some(msg.partner_id).filter(|id| !id.is_empty()),
            })
        }
    }
}

impl Iterator for ParquetRecords {
    type Item = (u64, Result<proto::PartnerIndicators, RecordError>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(record) = self.decoded.pop_front() {
                return Some(record);
            }
            if self.rows_left_in_group == 0 {
                match self.open_next_group() {
                    Ok(true) => {}
                    Ok(false) => return None,
                    Err(e) => {
                        let error = RecordError::single(
                            self.next_row,
                            None,
                            None,
                            "UNREADABLE_ROW_GROUP",
                            format!("row group {} could not be opened: {e}", self.group),
                        );
                        return Some((self.next_row, Err(error)));
                    }
                }
            }
            self.decode_batch();
        }
    }
}

/// The file's columns, each with its target; every column that cannot be
/// read is named in the error.
fn columns_of(
    file: &SerializedFileReader<impl ChunkReader + 'static>,
) -> Result<Vec<Column>, String> {
    let schema = file.metadata().file_metadata().schema_descr();
    let mut columns = Vec::with_capacity(schema.num_columns());
    let mut problems = Vec::new();
    for descriptor in schema.columns() {
        let name = descriptor.path().string();
        if descriptor.path().parts().len() != 1 || descriptor.max_rep_level() > 0 {
            problems.push(format!(
                "column {name}: nested or repeated columns are not read"
            ));
            continue;
        }
        let Some(target) = target_of(&name) else {
            problems.push(format!(
                "column {name}: unknown (expected partner_id, currency_code, an indicator's \
                 field path or labels.<key>)"
            ));
            continue;
        };
        if columns.iter().any(|c: &Column| c.name == name) {
            problems.push(format!("column {name}: appears twice"));
            continue;
        }
        let physical = descriptor.physical_type();
        if !accepts(&target, physical) {
            problems.push(format!(
                "column {name}: {physical} cannot hold {}",
                expected(&target)
            ));
            continue;
        }
        columns.push(Column {
            name,
            target,
            max_def_level: descriptor.max_def_level(),
        });
    }
    if !columns
        .iter()
        .any(|c| matches!(c.target, Target::PartnerId))
        && problems.is_empty()
    {
        problems.push(format!("no {PARTNER_ID_COLUMN} column, which is required"));
    }
    if problems.is_empty() {
        Ok(columns)
    } else {
        Err(format!(
            "cannot read this Parquet schema: {}",
            problems.join("; ")
        ))
    }
}

fn target_of(name: &str) -> Option<Target> {
    match name {
        PARTNER_ID_COLUMN => Some(Target::PartnerId),
        CURRENCY_CODE_COLUMN => Some(Target::CurrencyCode),
        _ => match name.strip_prefix(LABEL_COLUMN_PREFIX) {
            Some(key) if !key.is_empty() => Some(Target::Label(key.to_owned())),
            _ => Indicator::ALL
                .into_iter()
                .find(|i| i.path() == name)
                .map(Target::Indicator),
        },
    }
}

fn accepts(target: &Target, physical: PhysicalType) -> bool {
    use PhysicalType::{BOOLEAN, BYTE_ARRAY, DOUBLE, FLOAT, INT32, INT64};
    match target {
        Target::PartnerId | Target::CurrencyCode | Target::Label(_) => physical == BYTE_ARRAY,
        Target::Indicator(i) => match indicator_fields::kind(*i) {
            ValueKind::Number => matches!(physical, DOUBLE | FLOAT | INT32 | INT64),
            ValueKind::Count => matches!(physical, INT32 | INT64),
            ValueKind::Flag => physical == BOOLEAN,
            ValueKind::Stage => matches!(physical, BYTE_ARRAY | INT32 | INT64),
        },
    }
}

fn expected(target: &Target) -> &'static str {
    match target {
        Target::PartnerId | Target::CurrencyCode | Target::Label(_) => "a string (BYTE_ARRAY)",
        Target::Indicator(i) => match indicator_fields::kind(*i) {
            ValueKind::Number => "a number (DOUBLE, FLOAT, INT32 or INT64)",
            ValueKind::Count => "a count (INT32 or INT64)",
            ValueKind::Flag => "a flag (BOOLEAN)",
            ValueKind::Stage => "a stage (a string, INT32 or INT64)",
        },
    }
}

/// Reads `rows` values (nulls included) of one flat column.
fn read_batch(
    reader: &mut ColumnReader,
    max_def_level: i16,
    rows: usize,
) -> Result<Vec<Stored>, ParquetError> {
    match reader {
        ColumnReader::BoolColumnReader(r) => read_typed(r, max_def_level, rows, Stored::Bool),
        ColumnReader::Int32ColumnReader(r) => {
            read_typed(r, max_def_level, rows, |v| Stored::Int(i64::from(v)))
        }
        ColumnReader::Int64ColumnReader(r) => read_typed(r, max_def_level, rows, Stored::Int),
        ColumnReader::FloatColumnReader(r) => {
            read_typed(r, max_def_level, rows, |v| Stored::Double(f64::from(v)))
        }
        ColumnReader::DoubleColumnReader(r) => read_typed(r, max_def_level, rows, Stored::Double),
        ColumnReader::ByteArrayColumnReader(r) => read_typed(r, max_def_level, rows, Stored::Bytes),
        // The schema check admits no other physical type.
        _ => Err(ParquetError::General("unsupported physical type".into())),
    }
}

fn read_typed<T: DataType>(
    reader: &mut ColumnReaderImpl<T>,
    max_def_level: i16,
    rows: usize,
    stored: impl Fn(T::T) -> Stored,
) -> Result<Vec<Stored>, ParquetError> {
    let mut values = Vec::with_capacity(rows);
    if max_def_level == 0 {
        reader.read_records(rows, None, None, &mut values)?;
        return Ok(values.into_iter().map(stored).collect());
    }
    let mut levels = Vec::with_capacity(rows);
    reader.read_records(rows, Some(&mut levels), None, &mut values)?;
    let mut values = values.into_iter();
    levels
        .into_iter()
        .map(|level| {
            if level == max_def_level {
                values
                    .next()
                    .map(&stored)
                    .ok_or_else(|| ParquetError::General("fewer values than levels".into()))
            } else {
                Ok(Stored::Null)
            }
        })
        .collect()
}

/// Sets `target` of `msg` from `value`.
fn assign(
    msg: &mut proto::PartnerIndicators,
    target: &Target,
    value: &Stored,
) -> Result<(), ParseError> {
    if matches!(value, Stored::Null) {
        return Ok(());
    }
    match target {
        Target::PartnerId => msg.partner_id = text(value)?,
        Target::CurrencyCode => msg.currency_code = text(value)?,
        Target::Label(key) => {
            msg.labels.insert(key.clone(), text(value)?);
        }
        Target::Indicator(indicator) => {
            let value = indicator_value(indicator_fields::kind(*indicator), value)?;
            indicator_fields::set(msg, *indicator, value);
        }
    }
    Ok(())
}

fn text(value: &Stored) -> Result<String, ParseError> {
    match value {
        Stored::Bytes(bytes) => bytes.as_utf8().map(str::to_owned).map_err(|_| ParseError {
            reason: "INVALID_UTF8",
            message: "is not valid UTF-8".to_owned(),
        }),
        other => Err(wrong_type(other)),
    }
}

fn indicator_value(kind: ValueKind, value: &Stored) -> Result<Value, ParseError> {
    match (kind, value) {
        (ValueKind::Number, Stored::Double(x)) => Ok(Value::Number(*x)),
        (ValueKind::Number, Stored::Int(n)) => Ok(Value::Number(*n as f64)),
        (ValueKind::Count, Stored::Int(n)) => {
            u32::try_from(*n).map(Value::Count).map_err(|_| ParseError {
                reason: "UNPARSABLE_COUNT",
                message: format!("{n} is not a whole number from 0 to {}", u32::MAX),
            })
        }
        (ValueKind::Flag, Stored::Bool(b)) => Ok(Value::Flag(*b)),
        (ValueKind::Stage, Stored::Int(n)) => {
            i32::try_from(*n).map(Value::Stage).map_err(|_| ParseError {
                reason: "UNPARSABLE_STAGE",
                message: format!("{n} is not a stage number"),
            })
        }
        (ValueKind::Stage, Stored::Bytes(_)) => cells::parse(ValueKind::Stage, &text(value)?),
        (_, other) => Err(wrong_type(other)),
    }
}

/// A stored value of a type the schema check should have refused.
fn wrong_type(value: &Stored) -> ParseError {
    ParseError {
        reason: "WRONG_TYPE",
        message: format!("a value of the wrong type ({value:?})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portfolio_io::parquet_columns::{Cell, ColumnType, FlatParquetWriter};

    fn file(columns: &[(&str, ColumnType)], rows: &[Vec<Cell<'_>>], group: usize) -> bytes::Bytes {
        let columns: Vec<_> = columns.iter().map(|(n, t)| ((*n).to_owned(), *t)).collect();
        let mut writer = FlatParquetWriter::new(Vec::new(), &columns)
            .unwrap()
            .with_row_group_rows(group);
        for row in rows {
            writer.append(row).unwrap();
        }
        bytes::Bytes::from(writer.finish().unwrap())
    }

    #[test]
    fn typed_columns_become_partners_and_nulls_stay_unknown() {
        let bytes = file(
            &[
                ("partner_id", ColumnType::Text),
                ("quality.trust", ColumnType::Double),
                ("model_a.certifications", ColumnType::Int64),
                ("partnership.shared_risk_reward", ColumnType::Bool),
                ("intent.host_intended_stage", ColumnType::Text),
                ("labels.region", ColumnType::Text),
            ],
            &[
                vec![
                    Cell::Text("p-1"),
                    Cell::Double(0.5),
                    Cell::Int64(3),
                    Cell::Bool(true),
                    Cell::Text("partnership"),
                    Cell::Text("emea"),
                ],
                vec![
                    Cell::Text("p-2"),
                    Cell::Null,
                    Cell::Null,
                    Cell::Null,
                    Cell::Null,
                    Cell::Null,
                ],
            ],
            1,
        );
        let records: Vec<_> = ParquetRecords::open(bytes).unwrap().collect();
        assert_eq!(records.len(), 2);
        let (line, first) = &records[0];
        let first = first.as_ref().unwrap();
        assert_eq!(*line, 1);
        assert_eq!(first.partner_id, "p-1");
        assert_eq!(first.quality.unwrap().trust, Some(0.5));
        assert_eq!(first.model_a.unwrap().certifications, Some(3));
        assert_eq!(first.partnership.unwrap().shared_risk_reward, Some(true));
        assert_eq!(
            first.intent.unwrap().host_intended_stage,
            proto::Stage::Partnership as i32
        );
        assert_eq!(first.labels["region"], "emea");
        let (line, second) = &records[1];
        let second = second.as_ref().unwrap();
        assert_eq!(*line, 2);
        assert_eq!(second.quality, None);
        assert!(second.labels.is_empty());
    }

    #[test]
    fn a_bad_value_fails_its_row_naming_row_group_and_row_and_later_rows_go_on() {
        let rows: Vec<Vec<Cell<'_>>> = (0..7)
            .map(|i| vec![Cell::Text("p"), Cell::Int64(if i == 4 { -2 } else { i })])
            .collect();
        let bytes = file(
            &[
                ("partner_id", ColumnType::Text),
                ("model_a.deal_count", ColumnType::Int64),
            ],
            &rows,
            3,
        );
        let records: Vec<_> = ParquetRecords::open(bytes).unwrap().collect();
        assert_eq!(records.len(), 7);
        let failed: Vec<_> = records.iter().filter(|(_, r)| r.is_err()).collect();
        assert_eq!(failed.len(), 1);
        let (line, Err(error)) = failed[0] else {
            unreachable!()
        };
        assert_eq!(*line, 5);
        let problem = &error.problems[0];
        assert_eq!(problem.reason, "UNPARSABLE_COUNT");
        assert_eq!(problem.field.as_deref(), Some("model_a.deal_count"));
        assert_eq!(problem.column, Some(2));
        assert!(
            problem.message.contains("row group 2, row 2 of the group"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn unknown_wrongly_typed_and_list_columns_refuse_the_file_naming_each() {
        let bytes = file(
            &[
                ("partner_id", ColumnType::Text),
                ("quality.trust", ColumnType::Text),
                ("model_a.deal_count", ColumnType::Double),
                ("favourite_colour", ColumnType::Text),
                ("warnings", ColumnType::TextList),
            ],
            &[],
            1,
        );
        let error = ParquetRecords::open(bytes).err().unwrap();
        assert!(
            error.contains("column quality.trust: BYTE_ARRAY cannot hold a number"),
            "{error}"
        );
        assert!(
            error.contains("column model_a.deal_count: DOUBLE cannot hold a count"),
            "{error}"
        );
        assert!(
            error.contains("column favourite_colour: unknown"),
            "{error}"
        );
        assert!(
            error.contains("column warnings.list.element: nested"),
            "{error}"
        );
    }

    #[test]
    fn a_file_without_partner_id_or_not_parquet_is_refused() {
        let bytes = file(&[("quality.trust", ColumnType::Double)], &[], 1);
        let error = ParquetRecords::open(bytes).err().unwrap();
        assert!(error.contains("no partner_id column"), "{error}");
        let error = ParquetRecords::open(bytes::Bytes::from_static(b"partner_id\np-1\n"))
            .err()
            .unwrap();
        assert!(error.starts_with("not a readable Parquet file"), "{error}");
    }
}
