//! [`JsonLinesRecords`]: streaming reader of the JSON Lines portfolio format.

use std::io::BufRead;

use super::record_error::RecordError;
use crate::proto;

/// Reads one canonical proto3 JSON `PartnerIndicators` per line (field names
/// in lowerCamelCase or as in the .proto; unknown fields are errors). Blank
/// lines are skipped. A malformed line yields an error naming its line and
/// the column where parsing failed, and reading goes on with the next line.
pub struct JsonLinesRecords<R: BufRead> {
    input: R,
    buffer: Vec<u8>,
    line: u64,
    done: bool,
}

impl<R: BufRead> JsonLinesRecords<R> {
    /// Streams the lines of `input`.
    pub fn new(input: R) -> Self {
        Self {
            input,
            buffer: Vec::new(),
            line: 0,
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for JsonLinesRecords<R> {
    type Item = (u64, Result<proto::PartnerIndicators, RecordError>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            self.buffer.clear();
            match self.input.read_until(b'\n', &mut self.buffer) {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(_) => self.line += 1,
                Err(e) => {
                    self.done = true;
                    let line = self.line + 1;
                    return Some((
                        line,
                        Err(RecordError::single(
                            line,
                            None,
                            None,
                            "READ_ERROR",
                            e.to_string(),
                        )),
                    ));
                }
            }
            if self.buffer.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // Without its line ending, an unfinished line fails at its own
            // last column rather than on the next line.
            let end = self
                .buffer
                .iter()
                .rposition(|b| !matches!(b, b'\n' | b'\r'))
                .map_or(0, |i| i + 1);
            return Some((self.line, parse_line(&self.buffer[..end], self.line)));
        }
    }
}

fn parse_line(bytes: &[u8], line: u64) -> Result<proto::PartnerIndicators, RecordError> {
    serde_json::from_slice(bytes).map_err(|e| {
        let reason = match e.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                "MALFORMED_JSON"
            }
            _ => "INVALID_FIELD",
        };
        // serde_json appends " at line L column C"; the line is always 1
        // here, so keep the message and report the column separately.
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(at) => message[..at].to_owned(),
            None => message,
        };
        RecordError::single(line, Some(e.column() as u64), None, reason, message)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str) -> Vec<(u64, Result<proto::PartnerIndicators, RecordError>)> {
        JsonLinesRecords::new(input.as_bytes()).collect()
    }

    #[test]
    fn lines_become_partners_in_either_field_naming() {
        let records = read(
            "{\"partnerId\":\"a\",\"quality\":{\"trust\":0.5},\"intent\":{\"hostIntendedStage\":\"STAGE_ENHANCED\"}}\n\
             \n\
             {\"partner_id\":\"b\",\"model_a\":{\"deal_count\":3}}\n",
        );
        assert_eq!(records.len(), 2);
        let a = records[0].1.as_ref().unwrap();
        assert_eq!(a.quality.unwrap().trust, Some(0.5));
        assert_eq!(a.intent.unwrap().host_intended_stage, 2);
        assert_eq!(records[1].0, 3, "blank lines still count");
        assert_eq!(
            records[1].1.as_ref().unwrap().model_a.unwrap().deal_count,
            Some(3)
        );
    }

    #[test]
    fn malformed_lines_name_line_and_column_and_reading_goes_on() {
        let records = read(
            "{\"partnerId\":\"a\"}\n{\"partnerId\": \"b\",}\n{\"partnerId\":\"c\",\"quality\":{\"trust\":\"high\"}}\n{\"partnerId\":\"d\",\"nope\":1}\n{\"partnerId\":\"e\"}",
        );
        assert_eq!(records.len(), 5);
        let err = records[1].1.as_ref().unwrap_err();
        assert_eq!(err.line, 2);
        assert_eq!(err.problems[0].reason, "MALFORMED_JSON");
        assert_eq!(err.problems[0].column, Some(19));
        assert!(err.to_string().starts_with("line 2: column 19: "), "{err}");
        let err = records[2].1.as_ref().unwrap_err();
        assert_eq!(err.problems[0].reason, "INVALID_FIELD");
        let err = records[3].1.as_ref().unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
        assert_eq!(records[4].1.as_ref().unwrap().partner_id, "e");
    }
}
