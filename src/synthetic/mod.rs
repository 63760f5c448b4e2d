//! Synthetic partner portfolios for demos, tests and benchmarks.
//!
//! [`SyntheticPortfolio`] is a deterministic iterator of
//! [`proto::PartnerIndicators`](crate::proto::PartnerIndicators): the same
//! seed always yields the same partners, and a shorter portfolio is a prefix
//! of a longer one with the same seed. The portfolio is shaped like a real
//! one: most partners transactional, fewer enhanced, fewer collaborative and
//! partnerships rarest, with noisy and missing indicators and enough
//! mismatches (effort against intent, skipped steps, one-sided commitment,
//! low trust, big-revenue-shallow-relationship, costly sales, sparse data)
//! to raise every warning of the catalogue. Money is mostly in USD, some in
//! EUR, unless one currency is asked for
//! ([`SyntheticPortfolio::in_currency`]), as a pyramid report needs.

mod archetype;
mod indicator_draw;
mod portfolio;
mod sampling;

pub use archetype::{Archetype, STAGE_MIX};
pub use portfolio::{EUR_SHARE, INDUSTRIES, LABEL_KEYS, REGIONS, SyntheticPortfolio};
