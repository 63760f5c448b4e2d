//! Opening a portfolio file (or standard input) for `classify` and
//! `pyramid`: the format from `--format`, else the file's extension, else
//! the first character; and a progress bar on standard error.

use std::{fs::File, io::BufRead, path::PathBuf};

use indicatif::ProgressBar;

use crate::{
    cli::{
        files::{buffered, is_std, open_input},
        progress::{Measure, bar},
    },
    portfolio_io::{Format, PortfolioReader},
};

/// A portfolio opened for reading.
pub struct PortfolioInput {
    /// The records, one at a time.
    pub records: PortfolioReader<Box<dyn BufRead>>,
    /// Its progress bar.
    pub progress: InputProgress,
}

/// The progress bar of an input (hidden unless wanted and standard error is
/// a terminal): bytes read for a file, records read for standard input.
pub struct InputProgress {
    bar: ProgressBar,
    counts_records: bool,
}

impl InputProgress {
    /// Notes one more record read (a file's bar follows its bytes by
    /// itself).
    pub fn record_read(&self) {
        if self.counts_records {
            self.bar.inc(1);
        }
    }

    /// Shows `message` next to the bar.
    pub fn set_message(&self, message: String) {
        self.bar.set_message(message);
    }

    /// Clears the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl PortfolioInput {
    /// Opens `path` (standard input when `None` or `-`) as `format`, or the
    /// format its extension or first character says; draws a bar when
    /// `progress` is wanted.
    pub fn open(
        path: Option<&PathBuf>,
        format: Option<Format>,
        progress: bool,
    ) -> Result<Self, String> {
        let explicit = format.or_else(|| path.and_then(|p| Format::from_path(p)));
        if let (Some(Format::Parquet), Some(file)) = (explicit, path.filter(|p| !is_std(Some(p)))) {
            return Self::open_parquet(file, progress);
        }
        let input = open_input(path)?;
        let bar = bar(input.len.map_or(Measure::Open, Measure::Bytes), progress);
        let mut reader: Box<dyn BufRead> = if input.len.is_some() {
            buffered(bar.wrap_read(input.reader))
        } else {
            buffered(input.reader)
        };
        let format = match explicit {
            Some(f) => f,
            None => Format::sniff(&mut reader).map_err(|e| format!("cannot read input: {e}"))?,
        };
        Ok(Self {
            records: PortfolioReader::new(reader, format)?,
            progress: InputProgress {
                bar,
                counts_records: input.len.is_none(),
            },
        })
    }

    /// Opens a Parquet file by its path (its footer is read first, so it is
    /// not streamed like the text formats); the bar counts records.
    fn open_parquet(path: &PathBuf, progress: bool) -> Result<Self, String> {
        let file = File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        let records =
            PortfolioReader::parquet(file).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Self {
            records,
            progress: InputProgress {
                bar: bar(Measure::Open, progress),
                counts_records: true,
            },
        })
    }
}
