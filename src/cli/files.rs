//! Opening the command line's inputs and outputs: a file, or standard
//! input/output for `-` or no path.

use std::{
    fs::File,
    io::{self, BufRead, BufReader, BufWriter, Read, Write},
    path::{Path, PathBuf},
};

/// Buffer size of file readers and writers.
const BUFFER: usize = 64 * 1024;

/// Whether `path` means standard input or output.
pub fn is_std(path: Option<&Path>) -> bool {
    path.is_none_or(|p| p == Path::new("-"))
}

/// An opened input: the reader and, for a file, its size in bytes.
pub struct Input {
    /// The reader.
    pub reader: Box<dyn Read>,
    /// The file's size; `None` for standard input.
    pub len: Option<u64>,
}

/// Opens `path` for reading, or standard input.
pub fn open_input(path: Option<&PathBuf>) -> Result<Input, String> {
    match path {
        Some(p) if !is_std(Some(p)) => {
            let file = File::open(p).map_err(|e| format!("cannot open {}: {e}", p.display()))?;
            let len = file.metadata().ok().map(|m| m.len());
            Ok(Input {
                reader: Box::new(file),
                len,
            })
        }
        _ => Ok(Input {
            reader: Box::new(io::stdin().lock()),
            len: None,
        }),
    }
}

/// Buffers a reader.
pub fn buffered(reader: impl Read + 'static) -> Box<dyn BufRead> {
    Box::new(BufReader::with_capacity(BUFFER, reader))
}

/// Creates `path` for writing (buffered), or standard output. `Send`, as
/// the Parquet writer wants.
pub fn open_output(path: Option<&PathBuf>) -> Result<Box<dyn Write + Send>, String> {
    match path {
        Some(p) if !is_std(Some(p)) => {
            let file =
                File::create(p).map_err(|e| format!("cannot create {}: {e}", p.display()))?;
            Ok(Box::new(BufWriter::with_capacity(BUFFER, file)))
        }
        _ => Ok(Box::new(BufWriter::with_capacity(BUFFER, io::stdout()))),
    }
}
