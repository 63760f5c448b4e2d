//! Progress bars on standard error, drawn only when standard error is a
//! terminal (never into a log file or a pipe) and not switched off.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// What a bar counts.
#[derive(Debug, Clone, Copy)]
pub enum Measure {
    /// Bytes of a file of known size.
    Bytes(u64),
    /// Items, out of a known total.
    Items(u64),
    /// Items, total unknown (a spinner).
    Open,
}

/// A bar for `measure`, hidden unless `wanted` and standard error is a
/// terminal.
pub fn bar(measure: Measure, wanted: bool) -> ProgressBar {
    if !wanted || !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    }
    let (bar, template) = match measure {
        Measure::Bytes(len) => (
            ProgressBar::new(len),
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({eta}) {msg}",
        ),
        Measure::Items(n) => (
            ProgressBar::new(n),
            "{spinner} [{elapsed_precise}] {wide_bar} {human_pos}/{human_len} ({per_sec}, {eta})",
        ),
        Measure::Open => (
            ProgressBar::new_spinner(),
            "{spinner} [{elapsed_precise}] {human_pos} ({per_sec}) {msg}",
        ),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar.set_draw_target(ProgressDrawTarget::stderr());
    bar
}
