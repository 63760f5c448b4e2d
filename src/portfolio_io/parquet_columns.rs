//! The Parquet building blocks the portfolio and result writers share: the
//! flat schema's column types, column buffers that hold one row group, and
//! the file writer that flushes them a row group at a time (so memory holds
//! one row group, never the file).

use std::{io::Write, sync::Arc};

use parquet::{
    basic::{Compression, LogicalType, Repetition, Type as PhysicalType},
    data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type},
    errors::ParquetError,
    file::{properties::WriterProperties, writer::SerializedFileWriter},
    schema::types::{Type, TypePtr},
};

/// Rows buffered before they are written as one row group.
pub const ROW_GROUP_ROWS: usize = 64 * 1024;

/// The logical type of one column of a flat file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// A UTF-8 string (`BYTE_ARRAY`, logical type `STRING`).
    Text,
    /// A 64-bit float (`DOUBLE`).
    Double,
    /// A 64-bit integer (`INT64`).
    Int64,
    /// A 32-bit integer (`INT32`).
    Int32,
    /// A boolean (`BOOLEAN`).
    Bool,
    /// A list of strings (`LIST<STRING>`, never null, possibly empty).
    TextList,
}

/// An optional column of `column_type` named `name`.
fn field(name: &str, column_type: ColumnType) -> Result<TypePtr, ParquetError> {
    let primitive = |physical| Type::primitive_type_builder(name, physical);
    let field = match column_type {
        ColumnType::Text => primitive(PhysicalType::BYTE_ARRAY)
            .with_logical_type(Some(LogicalType::String))
            .with_repetition(Repetition::OPTIONAL)
            .build()?,
        ColumnType::Double => primitive(PhysicalType::DOUBLE)
            .with_repetition(Repetition::OPTIONAL)
            .build()?,
        ColumnType::Int64 => primitive(PhysicalType::INT64)
            .with_repetition(Repetition::OPTIONAL)
            .build()?,
        ColumnType::Int32 => primitive(PhysicalType::INT32)
            .with_repetition(Repetition::OPTIONAL)
            .build()?,
        ColumnType::Bool => primitive(PhysicalType::BOOLEAN)
            .with_repetition(Repetition::OPTIONAL)
            .build()?,
        // The standard three-level list: `<name> (LIST) { repeated group
        // list { required binary element (STRING) } }`, as Arrow, Spark
        // and pandas write it.
        ColumnType::TextList => {
            let element = Type::primitive_type_builder("element", PhysicalType::BYTE_ARRAY)
                .with_logical_type(Some(LogicalType::String))
                .with_repetition(Repetition::REQUIRED)
                .build()?;
            let list = Type::group_type_builder("list")
                .with_repetition(Repetition::REPEATED)
                .with_fields(vec![Arc::new(element)])
                .build()?;
            Type::group_type_builder(name)
                .with_logical_type(Some(LogicalType::List))
                .with_repetition(Repetition::REQUIRED)
                .with_fields(vec![Arc::new(list)])
                .build()?
        }
    };
    Ok(Arc::new(field))
}

/// One column's values for the rows of the current row group, with the
/// definition (and, for lists, repetition) levels Parquet needs.
#[derive(Debug)]
enum Buffer {
    Text(Vec<ByteArray>, Vec<i16>),
    Double(Vec<f64>, Vec<i16>),
    Int64(Vec<i64>, Vec<i16>),
    Int32(Vec<i32>, Vec<i16>),
    Bool(Vec<bool>, Vec<i16>),
    TextList(Vec<ByteArray>, Vec<i16>, Vec<i16>),
}

impl Buffer {
    fn new(column_type: ColumnType) -> Self {
        match column_type {
            ColumnType::Text => Buffer::Text(Vec::new(), Vec::new()),
            ColumnType::Double => Buffer::Double(Vec::new(), Vec::new()),
            ColumnType::Int64 => Buffer::Int64(Vec::new(), Vec::new()),
            ColumnType::Int32 => Buffer::Int32(Vec::new(), Vec::new()),
            ColumnType::Bool => Buffer::Bool(Vec::new(), Vec::new()),
            ColumnType::TextList => Buffer::TextList(Vec::new(), Vec::new(), Vec::new()),
        }
    }

    fn clear(&mut self) {
        match self {
            Buffer::Text(v, d) => (v.clear(), d.clear()),
            Buffer::Double(v, d) => (v.clear(), d.clear()),
            Buffer::Int64(v, d) => (v.clear(), d.clear()),
            Buffer::Int32(v, d) => (v.clear(), d.clear()),
            Buffer::Bool(v, d) => (v.clear(), d.clear()),
            Buffer::TextList(v, d, r) => {
                r.clear();
                (v.clear(), d.clear())
            }
        };
    }
}

/// One cell of a row to append.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// No value (null).
    Null,
    /// A string.
    Text(&'a str),
    /// A float.
    Double(f64),
    /// A 64-bit integer.
    Int64(i64),
    /// A 32-bit integer.
    Int32(i32),
    /// A boolean.
    Bool(bool),
    /// A list of strings.
    TextList(&'a [&'a str]),
}

/// Why a row could not be appended: a cell of the wrong type for its
/// column, which is a bug of the caller, not of the data.
#[derive(Debug, thiserror::Error)]
pub enum FlatWriteError {
    /// A cell does not fit its column.
    #[error("column {column}: a {cell} cell in a {expected:?} column")]
    WrongCell {
        /// The column's name.
        column: String,
        /// What the cell held.
        cell: &'static str,
        /// The column's type.
        expected: ColumnType,
    },
    /// Parquet refused to write.
    #[error(transparent)]
    Parquet(#[from] ParquetError),
}

impl From<FlatWriteError> for std::io::Error {
    fn from(e: FlatWriteError) -> Self {
        std::io::Error::other(e)
    }
}

/// Writes rows of a fixed list of columns to a Parquet file, one row group
/// of [`ROW_GROUP_ROWS`] rows at a time (Snappy-compressed).
pub struct FlatParquetWriter<W: Write + Send> {
    writer: SerializedFileWriter<W>,
    names: Vec<String>,
    buffers: Vec<Buffer>,
    rows: usize,
    row_group_rows: usize,
}

impl<W: Write + Send> FlatParquetWriter<W> {
    /// A writer of `columns` (name and type, in order) to `output`.
    pub fn new(output: W, columns: &[(String, ColumnType)]) -> Result<Self, FlatWriteError> {
        let fields = columns
            .iter()
            .map(|(name, column_type)| field(name, *column_type))
            .collect::<Result<Vec<_>, _>>()?;
        let schema = Type::group_type_builder("schema")
            .with_fields(fields)
            .build()?;
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let writer = SerializedFileWriter::new(output, Arc::new(schema), Arc::new(properties))?;
        Ok(Self {
            writer,
            names: columns.iter().map(|(name, _)| name.clone()).collect(),
            buffers: columns.iter().map(|(_, t)| Buffer::new(*t)).collect(),
            rows: 0,
            row_group_rows: ROW_GROUP_ROWS,
        })
    }

    /// Rows per row group instead of [`ROW_GROUP_ROWS`] (at least 1).
    pub fn with_row_group_rows(mut self, rows: usize) -> Self {
        self.row_group_rows = rows.max(1);
        self
    }

    /// Appends one row: one cell per column, in the columns' order.
    pub fn append(&mut self, row: &[Cell<'_>]) -> Result<(), FlatWriteError> {
        debug_assert_eq!(row.len(), self.buffers.len());
        for ((buffer, cell), name) in self.buffers.iter_mut().zip(row).zip(&self.names) {
            push(buffer, cell).map_err(|(cell, expected)| FlatWriteError::WrongCell {
                column: name.clone(),
                cell,
                expected,
            })?;
        }
        self.rows += 1;
        if self.rows >= self.row_group_rows {
            self.flush_row_group()?;
        }
        Ok(())
    }

    /// Writes the buffered rows as one row group.
    fn flush_row_group(&mut self) -> Result<(), ParquetError> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut row_group = self.writer.next_row_group()?;
        for buffer in &mut self.buffers {
            let mut column = row_group
                .next_column()?
                .ok_or_else(|| ParquetError::General("fewer columns than buffers".into()))?;
            match buffer {
                Buffer::Text(v, d) => {
                    column
                        .typed::<ByteArrayType>()
                        .write_batch(v, Some(d), None)?;
                }
                Buffer::Double(v, d) => {
                    column.typed::<DoubleType>().write_batch(v, Some(d), None)?;
                }
                Buffer::Int64(v, d) => {
                    column.typed::<Int64Type>().write_batch(v, Some(d), None)?;
                }
                Buffer::Int32(v, d) => {
                    column.typed::<Int32Type>().write_batch(v, Some(d), None)?;
                }
                Buffer::Bool(v, d) => {
                    column.typed::<BoolType>().write_batch(v, Some(d), None)?;
                }
                Buffer::TextList(v, d, r) => {
                    column
                        .typed::<ByteArrayType>()
                        .write_batch(v, Some(d), Some(r))?;
                }
            }
            column.close()?;
            buffer.clear();
        }
        row_group.close()?;
        self.rows = 0;
        Ok(())
    }

    /// Writes the last row group and the footer, and returns the output.
    pub fn finish(mut self) -> Result<W, FlatWriteError> {
        self.flush_row_group()?;
        Ok(self.writer.into_inner()?)
    }
}

/// Appends `cell` to `buffer`; the cell's kind and the column's type on a
/// mismatch.
fn push(buffer: &mut Buffer, cell: &Cell<'_>) -> Result<(), (&'static str, ColumnType)> {
    // Optional flat columns: definition level 1 for a value, 0 for null.
    match (buffer, cell) {
        (Buffer::Text(_, d), Cell::Null)
        | (Buffer::Double(_, d), Cell::Null)
        | (Buffer::Int64(_, d), Cell::Null)
        | (Buffer::Int32(_, d), Cell::Null)
        | (Buffer::Bool(_, d), Cell::Null) => d.push(0),
        (Buffer::Text(v, d), Cell::Text(s)) => {
            v.push(ByteArray::from(*s));
            d.push(1);
        }
        (Buffer::Double(v, d), Cell::Double(x)) => {
            v.push(*x);
            d.push(1);
        }
        (Buffer::Int64(v, d), Cell::Int64(x)) => {
            v.push(*x);
            d.push(1);
        }
        (Buffer::Int32(v, d), Cell::Int32(x)) => {
            v.push(*x);
            d.push(1);
        }
        (Buffer::Bool(v, d), Cell::Bool(x)) => {
            v.push(*x);
            d.push(1);
        }
        // A required list: definition level 0 is the empty list, 1 an
        // element; repetition level 0 starts a row, 1 continues its list.
        (Buffer::TextList(_, d, r), Cell::Null) => {
            d.push(0);
            r.push(0);
        }
        (Buffer::TextList(v, d, r), Cell::TextList(items)) => {
            if items.is_empty() {
                d.push(0);
                r.push(0);
            }
            for (i, item) in items.iter().enumerate() {
                v.push(ByteArray::from(*item));
                d.push(1);
                r.push(i16::from(i > 0));
            }
        }
        (buffer, cell) => return Err((cell.kind(), buffer.column_type())),
    }
    Ok(())
}

impl Cell<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Cell::Null => "null",
            Cell::Text(_) => "text",
            Cell::Double(_) => "double",
            Cell::Int64(_) => "int64",
            Cell::Int32(_) => "int32",
            Cell::Bool(_) => "bool",
            Cell::TextList(_) => "text list",
        }
    }
}

impl Buffer {
    fn column_type(&self) -> ColumnType {
        match self {
            Buffer::Text(..) => ColumnType::Text,
            Buffer::Double(..) => ColumnType::Double,
            Buffer::Int64(..) => ColumnType::Int64,
            Buffer::Int32(..) => ColumnType::Int32,
            Buffer::Bool(..) => ColumnType::Bool,
            Buffer::TextList(..) => ColumnType::TextList,
        }
    }
}
