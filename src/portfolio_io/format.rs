//! The file formats, and how a format is chosen.

use std::{io::BufRead, path::Path, str::FromStr};

/// The first (and last) four bytes of a Parquet file.
const PARQUET_MAGIC: &[u8] = b"PAR1";

/// A portfolio file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// One canonical proto3 JSON `PartnerIndicators` per line.
    JsonLines,
    /// Apache Parquet: the CSV form's columns, typed.
    Parquet,
}

/// A format name or file extension that is not CSV, JSON Lines or Parquet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format {0:?}: expected csv, jsonl or parquet")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "jsonl" | "ndjson" | "json" | "jsonlines" => Ok(Format::JsonLines),
            "parquet" | "pq" => Ok(Format::Parquet),
            _ => Err(UnknownFormat(s.to_owned())),
        }
    }
}

impl Format {
    /// The format a file name's extension says (`.csv`, `.jsonl`,
    /// `.ndjson`, `.json`, `.parquet`), if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        path.extension()?.to_str()?.parse().ok()
    }

    /// Guesses the format of a stream without consuming anything: Parquet's
    /// magic `PAR1`, else from the first non-blank byte: `{` is JSON Lines,
    /// anything else CSV.
    pub fn sniff(reader: &mut impl BufRead) -> std::io::Result<Format> {
        let buffer = reader.fill_buf()?;
        if buffer.starts_with(PARQUET_MAGIC) {
            return Ok(Format::Parquet);
        }
        let first = buffer.iter().find(|b| !b.is_ascii_whitespace());
        Ok(if first == Some(&b'{') {
            Format::JsonLines
        } else {
            Format::Csv
        })
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::JsonLines => "jsonl",
            Format::Parquet => "parquet",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_names_extensions_and_content() {
        assert_eq!("CSV".parse(), Ok(Format::Csv));
        assert_eq!("jsonl".parse(), Ok(Format::JsonLines));
        assert!("xml".parse::<Format>().is_err());
        assert_eq!(
            Format::from_path(Path::new("a/b.ndjson")),
            Some(Format::JsonLines)
        );
        assert_eq!(Format::from_path(Path::new("b.csv")), Some(Format::Csv));
        assert_eq!(Format::from_path(Path::new("b")), None);
        let mut json = &b"\n  {\"partnerId\":\"a\"}\n"[..];
        assert_eq!(Format::sniff(&mut json).unwrap(), Format::JsonLines);
        let mut csv = &b"partner_id\na\n"[..];
        assert_eq!(Format::sniff(&mut csv).unwrap(), Format::Csv);
        let mut parquet = &b"PAR1\x15\x04"[..];
        assert_eq!(Format::sniff(&mut parquet).unwrap(), Format::Parquet);
        assert_eq!(
            Format::from_path(Path::new("p.parquet")),
            Some(Format::Parquet)
        );
    }
}
