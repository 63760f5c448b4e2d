//! Pyramid health: the partner pyramid of a portfolio, overall and per label
//! group, and what it says.
//!
//! Partners are added one at a time to a [`PyramidAccumulator`], which keeps
//! a [`PyramidPartial`]: counts and exact integer sums per group, never the
//! partners themselves, so memory grows with the number of groups only.
//! Partials merge ([`PyramidPartial::merge`]); merging is associative and
//! commutative and the merge of the partials of any split of a portfolio
//! equals the partial of the whole, exactly: money, hours and index points
//! are rounded once per partner to integer millionths and summed as
//! integers, and the list of rejected partners keeps the smallest entries by
//! a total order. A [`PyramidReport`] is computed from a partial and the
//! model's [`PyramidThresholds`].
//!
//! Pure: no protobuf, gRPC or async runtime.

mod accumulator;
pub mod aggregate;
pub mod cost_progression;
pub mod effort_allocation;
pub mod effort_intent;
mod error;
pub mod exact_sum;
pub mod findings;
pub mod health;
pub mod journey;
pub mod layer_totals;
mod options;
mod partial;
pub mod rejected;
mod report;
pub mod shape;

#[cfg(test)]
mod tests;

/// The thresholds live in the scoring model, which the pyramid reads.
pub use crate::domain::model::{HealthSettings, PyramidSettings, PyramidThresholds};
pub use accumulator::PyramidAccumulator;
pub use error::PyramidError;
pub use options::{GroupBy, GroupByError, GroupKey, MAX_GROUPS, PyramidOptions};
pub use partial::{PyramidPartial, join_currency};
pub use rejected::{MAX_REJECTED_LISTED, RejectedPartner, RejectedPartners};
pub use report::{GroupReport, LayerReport, PyramidReport};
