//! Plain-text tables for terminal reports: a header row, a rule, and rows
//! with every column padded to its widest cell; the first column aligned
//! left, the others right (they hold figures) unless said otherwise.

use std::io::{self, Write};

/// A table being filled, row by row.
#[derive(Debug, Clone, Default)]
pub struct TextTable {
    rows: Vec<Vec<String>>,
    left: Vec<usize>,
}

impl TextTable {
    /// A table with these column headers.
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> Self {
        Self {
            rows: vec![headers.into_iter().map(Into::into).collect()],
            left: vec![0],
        }
    }

    /// Aligns exactly these columns (0-based) left, the others right.
    pub fn left_aligned(mut self, columns: &[usize]) -> Self {
        self.left = columns.to_vec();
        self
    }

    /// Adds a row (missing cells are blank, extra cells are kept).
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) -> &mut Self {
        self.rows.push(cells.into_iter().map(Into::into).collect());
        self
    }

    /// Writes the table, each line starting with `indent`.
    pub fn write(&self, out: &mut impl Write, indent: &str) -> io::Result<()> {
        let columns = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0; columns];
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        for (r, row) in self.rows.iter().enumerate() {
            let mut line = String::from(indent);
            for (i, width) in widths.iter().enumerate() {
                let cell = row.get(i).map_or("", String::as_str);
                let pad = width - cell.chars().count();
                if i > 0 {
                    line.push_str("  ");
                }
                if self.left.contains(&i) {
                    line.push_str(cell);
                    line.extend(std::iter::repeat_n(' ', pad));
                } else {
                    line.extend(std::iter::repeat_n(' ', pad));
                    line.push_str(cell);
                }
            }
            writeln!(out, "{}", line.trim_end())?;
            if r == 0 {
                let rule: usize = widths.iter().sum::<usize>() + 2 * columns.saturating_sub(1);
                writeln!(out, "{indent}{}", "-".repeat(rule))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_padded_first_left_others_right() {
        let mut t = TextTable::new(["stage", "partners"]);
        t.row(["Transactional", "7"]).row(["Enhanced", "1234"]);
        let mut out = Vec::new();
        t.write(&mut out, "  ").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "  stage          partners\n  -----------------------\n  \
             Transactional         7\n  Enhanced           1234\n"
        );
        let mut t = TextTable::new(["a", "b"]).left_aligned(&[1]);
        t.row(["xyz", "1"]);
        let mut out = Vec::new();
        t.write(&mut out, "").unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "  a  b\n------\nxyz  1\n");
    }
}
