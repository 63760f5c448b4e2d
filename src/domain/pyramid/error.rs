//! Why partners or partials could not be added up.

use super::options::MAX_GROUPS;
use crate::domain::partner::currency_code::CurrencyCode;

/// Why a partner or a partial could not join a pyramid. Nothing is changed
/// when one of these is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PyramidError {
    /// Money in another currency than the portfolio's.
    #[error(
        "carries money in {found} but the portfolio's currency is {expected}: a pyramid adds up \
         money in one currency only"
    )]
    CurrencyMismatch {
        /// The portfolio's currency.
        expected: CurrencyCode,
        /// The currency found.
        found: CurrencyCode,
    },
    /// Classified or aggregated by another scoring model.
    #[error("comes from scoring model {found:?}, not {expected:?}")]
    ModelVersionMismatch {
        /// The version expected.
        expected: String,
        /// The version found.
        found: String,
    },
    /// Partials grouped by different label keys.
    #[error("groups by {found:?}, not {expected:?}")]
    GroupByMismatch {
        /// The keys expected.
        expected: Vec<String>,
        /// The keys found.
        found: Vec<String>,
    },
    /// More groups than [`MAX_GROUPS`].
    #[error("yields more than {MAX_GROUPS} groups")]
    TooManyGroups,
    /// A count or sum beyond what its integer holds.
    #[error("totals exceed what their counters hold")]
    Overflow,
}
