//! Why one record of a portfolio file could not be read or validated.

use std::fmt;

/// One problem found in a record. Serialises (camelCase, unset fields
/// left out) for the command line's error lines.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// 1-based column of the cell at fault (CSV), or the column inside the
    /// line where JSON parsing failed (JSON Lines); `None` when no single
    /// column is at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// Field path of the value at fault (`quality.trust`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Machine-readable reason, SCREAMING_SNAKE_CASE (`UNPARSABLE_NUMBER`,
    /// `OUT_OF_RANGE`...).
    pub reason: String,
    /// What is wrong, for people.
    pub message: String,
}

/// Every problem of one record, with its line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// 1-based line where the record starts.
    pub line: u64,
    /// The problems; never empty.
    pub problems: Vec<Problem>,
    /// The record's partner id, when it could be read (a CSV row whose
    /// `partner_id` cell was readable although another cell was not).
    pub partner_id: Option<String>,
}

impl RecordError {
    /// A record with one problem.
    pub fn single(
        line: u64,
        column: Option<u64>,
        field: Option<&str>,
        reason: &str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            line,
            problems: vec![Problem {
                column,
                field: field.map(str::to_owned),
                reason: reason.to_owned(),
                message: message.into(),
            }],
            partner_id: None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.column, &self.field) {
            (Some(c), Some(field)) => write!(f, "column {c} ({field}): ")?,
            (Some(c), None) => write!(f, "column {c}: ")?,
            (None, Some(field)) => write!(f, "{field}: ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: ", self.line)?;
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RecordError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_names_line_column_and_field() {
        let e = RecordError::single(
            5,
            Some(7),
            Some("quality.trust"),
            "UNPARSABLE_NUMBER",
            "\"high\" is not a number",
        );
        assert_eq!(
            e.to_string(),
            "line 5: column 7 (quality.trust): \"high\" is not a number"
        );
    }
}
