//! [`JsonLinesWriter`]: writes partners as JSON Lines.

use std::io::{self, Write};

use crate::proto;

/// Writes one canonical proto3 JSON `PartnerIndicators` per line, with
/// object keys in sorted order, so that the same partners always give the
/// same bytes (labels are a hash map in memory).
pub struct JsonLinesWriter<W: Write> {
    output: W,
}

impl<W: Write> JsonLinesWriter<W> {
    /// Writes to `output` (buffer it: one write per partner).
    pub fn new(output: W) -> Self {
        Self { output }
    }

    /// Writes one partner.
    pub fn write(&mut self, partner: &proto::PartnerIndicators) -> io::Result<()> {
        // serde_json's own map is ordered by key.
        let value = serde_json::to_value(partner)?;
        serde_json::to_writer(&mut self.output, &value)?;
        self.output.write_all(b"\n")
    }

    /// Flushes and returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        self.output.flush()?;
        Ok(self.output)
    }
}
