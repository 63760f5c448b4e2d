//! Reading and writing partner portfolios as files: CSV (a header row, one
//! column per field path), JSON Lines (one canonical proto3 JSON
//! `PartnerIndicators` per line) and Parquet (the CSV columns, typed; see
//! [`ParquetRecords`]).
//!
//! Readers stream: they hold one record at a time, so memory does not grow
//! with the file. They yield `(line_number, Result<PartnerIndicators,
//! RecordError>)` for every record, and a bad record (wrong header, a cell
//! that is not a number, malformed JSON) never stops the ones after it.
//!
//! CSV columns, in the order the writer puts them:
//! - `partner_id`, `currency_code`;
//! - one column per indicator, named by its field path in
//!   `PartnerIndicators` (`model_a.revenue`, `quality.trust`,
//!   `intent.host_intended_stage`...; see [`cells`]);
//! - `labels.<key>` for each label key (`labels.region`).
//!
//! Every column but `partner_id` is optional and may come in any order; an
//! empty cell is an unknown indicator. Numbers use a dot as decimal
//! separator; counts are whole numbers; flags are `true`/`false` (or
//! `1`/`0`, `yes`/`no`); stages are `TRANSACTIONAL`, `ENHANCED`,
//! `COLLABORATIVE`, `PARTNERSHIP` (case-insensitive, with or without the
//! `STAGE_` prefix) or their numbers 1 to 4.

pub mod cells;
mod csv_reader;
mod csv_writer;
mod format;
mod jsonl_reader;
mod jsonl_writer;
pub mod parquet_columns;
mod parquet_reader;
mod parquet_writer;
mod reader;
mod record_error;
mod writer;

pub use csv_reader::CsvRecords;
pub use csv_writer::CsvWriter;
pub use format::{Format, UnknownFormat};
pub use jsonl_reader::JsonLinesRecords;
pub use jsonl_writer::JsonLinesWriter;
pub use parquet_reader::ParquetRecords;
pub use parquet_writer::ParquetWriter;
pub use reader::PortfolioReader;
pub use record_error::{Problem, RecordError};
pub use writer::PortfolioWriter;

/// Column holding the partner id.
pub const PARTNER_ID_COLUMN: &str = "partner_id";
/// Column holding the currency code.
pub const CURRENCY_CODE_COLUMN: &str = "currency_code";
/// Prefix of label columns: `labels.region` holds the label `region`.
pub const LABEL_COLUMN_PREFIX: &str = "labels.";
