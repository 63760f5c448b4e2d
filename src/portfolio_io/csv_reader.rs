//! [`CsvRecords`]: streaming reader of the CSV portfolio format.

use std::{
    cell::RefCell,
    collections::{HashMap, VecDeque},
    io::Read,
    rc::Rc,
};

use super::{
    CURRENCY_CODE_COLUMN, LABEL_COLUMN_PREFIX, PARTNER_ID_COLUMN, cells,
    record_error::{Problem, RecordError},
};
use crate::{
    domain::partner::indicators::Indicator,
    proto,
    wire::indicator_fields::{self, ValueKind},
};

/// What a header cell names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    PartnerId,
    CurrencyCode,
    Indicator(Indicator, ValueKind),
    Label(String),
    /// A column that could not be understood; its cells are skipped (the
    /// header error was reported once, on line 1).
    Ignored,
}

/// Reads CSV records one at a time: `(line, Ok(partner))` for a good row,
/// `(line, Err(..))` for a bad one. Header problems (unknown or duplicate
/// column, no `partner_id` column) are yielded first, on the header's line;
/// the rows are read all the same, bad columns skipped.
pub struct CsvRecords<R: Read> {
    reader: Box<csv::Reader<NewlineTap<R>>>,
    /// Line numbers of byte offsets (the csv crate's own line count is one
    /// short after CRLF blank lines).
    lines: Rc<RefCell<LineCounter>>,
    columns: Vec<Column>,
    header_names: Vec<String>,
    /// Header problems still to yield.
    pending: std::vec::IntoIter<RecordError>,
    record: csv::StringRecord,
    done: bool,
}

impl<R: Read> CsvRecords<R> {
    /// Reads the header row and prepares to stream the data rows.
    pub fn new(input: R) -> Self {
        let lines = Rc::new(RefCell::new(LineCounter::default()));
        let tap = NewlineTap {
            inner: input,
            read: 0,
            lines: Rc::clone(&lines),
        };
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(tap);
        let mut reader = Box::new(reader);
        let mut header = csv::StringRecord::new();
        let mut pending = Vec::new();
        let mut done = false;
        let (columns, header_names) = match reader.read_record(&mut header) {
            Ok(true) => {
                let line = header
                    .position()
                    .map_or(1, |p| lines.borrow_mut().line_at(p.byte()));
                let names: Vec<String> = header.iter().map(|h| h.trim().to_owned()).collect();
                (parse_header(&names, line, &mut pending), names)
            }
            Ok(false) => {
                done = true;
                (Vec::new(), Vec::new())
            }
            Err(e) => {
                pending.push(read_error(&e, 1));
                done = true;
                (Vec::new(), Vec::new())
            }
        };
        Self {
            reader,
            lines,
            columns,
            header_names,
            pending: pending.into_iter(),
            record: csv::StringRecord::new(),
            done,
        }
    }

    /// The 1-based column holding `field` (a field path such as
    /// `quality.trust`, `partner_id` or `labels.region`), if the header has
    /// it. Lets callers point validation errors at a column.
    pub fn column_of(&self, field: &str) -> Option<u64> {
        let position = self.header_names.iter().position(|h| h == field)?;
        Some(position as u64 + 1)
    }

    fn line_of(&self, position: Option<&csv::Position>) -> u64 {
        position.map_or(0, |p| self.lines.borrow_mut().line_at(p.byte()))
    }

    fn row(&self, line: u64) -> Result<proto::PartnerIndicators, RecordError> {
        let mut msg = proto::PartnerIndicators::default();
        let mut problems = Vec::new();
        if self.record.len() != self.columns.len() {
            problems.push(Problem {
                column: Some(self.record.len().min(self.columns.len()) as u64 + 1),
                field: None,
                reason: "WRONG_FIELD_COUNT".into(),
                message: format!(
                    "expected {} fields as in the header, found {}",
                    self.columns.len(),
                    self.record.len()
                ),
            });
        }
        for (i, (column, cell)) in self.columns.iter().zip(self.record.iter()).enumerate() {
            match column {
                Column::PartnerId => msg.partner_id = cell.to_owned(),
                Column::CurrencyCode => msg.currency_code = cell.trim().to_owned(),
                Column::Label(key) => {
                    if !cell.is_empty() {
                        msg.labels.insert(key.clone(), cell.to_owned());
                    }
                }
                Column::Indicator(indicator, kind) => {
                    if cell.trim().is_empty() {
                        continue;
                    }
                    match cells::parse(*kind, cell) {
                        Ok(value) => indicator_fields::set(&mut msg, *indicator, value),
                        Err(e) => problems.push(Problem {
                            column: Some(i as u64 + 1),
                            field: Some(indicator.path().to_owned()),
                            reason: e.reason.to_owned(),
                            message: e.message,
                        }),
                    }
                }
                Column::Ignored => {}
            }
        }
        if problems.is_empty() {
            Ok(msg)
        } else {
            Err(RecordError {
                line,
                problems,
                partner_id: Some(msg.partner_id).filter(|id| !id.is_empty()),
            })
        }
    }
}

impl<R: Read> Iterator for CsvRecords<R> {
    type Item = (u64, Result<proto::PartnerIndicators, RecordError>);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.pending.next() {
            return Some((e.line, Err(e)));
        }
        if self.done {
            return None;
        }
        match self.reader.read_record(&mut self.record) {
            Ok(true) => {
                let line = self.line_of(self.record.position());
                Some((line, self.row(line)))
            }
            Ok(false) => {
                self.done = true;
                None
            }
            Err(e) => {
                let line = self.line_of(e.position());
                // Bad UTF-8 spoils one record; an I/O error ends the file.
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    self.done = true;
                }
                Some((line, Err(read_error(&e, line))))
            }
        }
    }
}

/// Line-break bytes seen by a [`NewlineTap`] and not yet passed by a
/// record: bounded by what the CSV reader buffers ahead.
#[derive(Debug, Default)]
struct LineCounter {
    /// Offsets of `\r` and `\n` bytes not yet passed, with whether each is
    /// a `\n`.
    pending: VecDeque<(u64, bool)>,
    /// `\n` bytes passed so far.
    before: u64,
}

impl LineCounter {
    /// The 1-based line of the record the CSV reader says starts at
    /// `offset` (offsets asked for never decrease). The reader's offset is
    /// where it began reading, before the line breaks (and blank lines) it
    /// skips, so the line is counted at the first byte after them: 1 + the
    /// `\n` bytes before it, whatever the line ending.
    fn line_at(&mut self, offset: u64) -> u64 {
        while self.pending.front().is_some_and(|&(at, _)| at < offset) {
            if self.pending.pop_front().is_some_and(|(_, newline)| newline) {
                self.before += 1;
            }
        }
        let skipped: u64 = (offset..)
            .zip(&self.pending)
            .take_while(|(next, (at, _))| at == next)
            .map(|(_, (_, newline))| u64::from(*newline))
            .sum();
        self.before + skipped + 1
    }
}

/// Passes bytes through, noting where each line-break byte is.
struct NewlineTap<R> {
    inner: R,
    read: u64,
    lines: Rc<RefCell<LineCounter>>,
}

impl<R: Read> Read for NewlineTap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut lines = self.lines.borrow_mut();
        for (i, b) in buf[..n].iter().enumerate() {
            if matches!(b, b'\r' | b'\n') {
                lines.pending.push_back((self.read + i as u64, *b == b'\n'));
            }
        }
        self.read += n as u64;
        Ok(n)
    }
}

fn read_error(e: &csv::Error, line: u64) -> RecordError {
    let reason = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "INVALID_UTF8",
        _ => "READ_ERROR",
    };
    RecordError::single(line, None, None, reason, e.to_string())
}

fn parse_header(names: &[String], line: u64, errors: &mut Vec<RecordError>) -> Vec<Column> {
    let mut first_at: HashMap<&str, usize> = HashMap::new();
    let mut columns = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let column_number = i as u64 + 1;
        let column = if let Some(first) = first_at.get(name.as_str()) {
            errors.push(RecordError::single(
                line,
                Some(column_number),
                Some(name),
                "DUPLICATE_COLUMN",
                format!(
                    "column {name:?} already appears as column {}; this one is ignored",
                    first + 1
                ),
            ));
            Column::Ignored
        } else if name == PARTNER_ID_COLUMN {
            Column::PartnerId
        } else if name == CURRENCY_CODE_COLUMN {
            Column::CurrencyCode
        } else if let Some(key) = name.strip_prefix(LABEL_COLUMN_PREFIX) {
            Column::Label(key.to_owned())
        } else if let Some(indicator) = Indicator::from_path(name) {
            Column::Indicator(indicator, indicator_fields::kind(indicator))
        } else {
            errors.push(RecordError::single(
                line,
                Some(column_number),
                Some(name),
                "UNKNOWN_COLUMN",
                format!(
                    "unknown column {name:?}: expected partner_id, currency_code, labels.<key> \
                     or an indicator path such as quality.trust; its cells are ignored"
                ),
            ));
            Column::Ignored
        };
        first_at.entry(name.as_str()).or_insert(i);
        columns.push(column);
    }
    if !first_at.contains_key(PARTNER_ID_COLUMN) {
        errors.push(RecordError::single(
            line,
            None,
            Some(PARTNER_ID_COLUMN),
            "MISSING_COLUMN",
            "the header has no partner_id column, which is required",
        ));
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str) -> Vec<(u64, Result<proto::PartnerIndicators, RecordError>)> {
        CsvRecords::new(input.as_bytes()).collect()
    }

    #[test]
    fn rows_become_partners_and_empty_cells_stay_unknown() {
        let records = read(
            "partner_id,currency_code,model_a.revenue,quality.trust,resale.resells_offering,\
             intent.host_intended_stage,labels.region\n\
             p-1,USD,1000,0.5,true,ENHANCED,emea\n\
             p-2,,,,,,\n",
        );
        assert_eq!(records.len(), 2);
        let (line, p1) = &records[0];
        assert_eq!(*line, 2);
        let p1 = p1.as_ref().unwrap();
        assert_eq!(p1.partner_id, "p-1");
        assert_eq!(p1.currency_code, "USD");
        assert_eq!(p1.model_a.unwrap().revenue, Some(1000.0));
        assert_eq!(p1.quality.unwrap().trust, Some(0.5));
        assert_eq!(p1.resale.unwrap().resells_offering, Some(true));
        assert_eq!(p1.intent.unwrap().host_intended_stage, 2);
        assert_eq!(p1.labels["region"], "emea");
        let p2 = records[1].1.as_ref().unwrap();
        assert_eq!(
            p2,
            &proto::PartnerIndicators {
                partner_id: "p-2".into(),
                ..Default::default()
            }
        );
    }

    #[test]
    fn a_bad_cell_names_line_column_and_field_and_later_rows_go_on() {
        let records = read("partner_id,quality.trust,model_a.deal_count\np-1,high,-2\np-2,0.4,3\n");
        let (line, err) = &records[0];
        assert_eq!(*line, 2);
        let err = err.as_ref().unwrap_err();
        assert_eq!(err.problems.len(), 2);
        assert_eq!(err.problems[0].column, Some(2));
        assert_eq!(err.problems[0].field.as_deref(), Some("quality.trust"));
        assert_eq!(err.problems[1].column, Some(3));
        assert!(
            err.to_string()
                .starts_with("line 2: column 2 (quality.trust)"),
            "{err}"
        );
        assert!(records[1].1.is_ok());
    }

    #[test]
    fn header_problems_come_first_and_rows_are_still_read() {
        let mut reader =
            CsvRecords::new("quality.trust,quality.trsut,quality.trust\n0.5,0.6,0.7\n".as_bytes());
        assert_eq!(reader.column_of("quality.trust"), Some(1));
        let records: Vec<_> = reader.by_ref().collect();
        let reasons: Vec<_> = records
            .iter()
            .map(|(line, r)| (*line, r.as_ref().unwrap_err().problems[0].reason.clone()))
            .take(3)
            .collect();
        assert_eq!(
            reasons,
            [
                (1, "UNKNOWN_COLUMN".to_owned()),
                (1, "DUPLICATE_COLUMN".to_owned()),
                (1, "MISSING_COLUMN".to_owned())
            ]
        );
        let (line, row) = &records[3];
        assert_eq!(*line, 2);
        assert_eq!(row.as_ref().unwrap().quality.unwrap().trust, Some(0.5));
    }

    #[test]
    fn a_short_row_is_an_error() {
        let records = read("partner_id,quality.trust\np-1\n");
        let err = records[0].1.as_ref().unwrap_err();
        assert_eq!(err.problems[0].reason, "WRONG_FIELD_COUNT");
    }

    // The issue: a `classify` error for a row with an unparsable number had
    // no partnerId although the id cell was readable.
    #[test]
    fn a_bad_row_keeps_its_readable_partner_id() {
        let records = read("partner_id,quality.trust\np-1,high\n,high\n");
        let first = records[0].1.as_ref().unwrap_err();
        assert_eq!(first.partner_id.as_deref(), Some("p-1"));
        let second = records[1].1.as_ref().unwrap_err();
        assert_eq!(second.partner_id, None);
    }

    #[test]
    fn an_empty_file_has_no_records() {
        assert!(read("").is_empty());
    }
}

#[cfg(test)]
mod crlf_tests {
    use super::*;

    // The issue: CSV files with CRLF line endings were numbered one line
    // short in `classify` and `pyramid` errors.
    #[test]
    fn crlf_lines_are_numbered_like_lf_lines() {
        let lf: Vec<u64> =
            CsvRecords::new("partner_id,quality.trust\np-1,0.5\np-2,x\n\np-3,2\n".as_bytes())
                .map(|(l, _)| l)
                .collect();
        let crlf: Vec<u64> = CsvRecords::new(
            "partner_id,quality.trust\r\np-1,0.5\r\np-2,x\r\n\r\np-3,2\r\n".as_bytes(),
        )
        .map(|(l, _)| l)
        .collect();
        assert_eq!(lf, vec![2, 3, 5]);
        assert_eq!(crlf, lf);
    }
}
