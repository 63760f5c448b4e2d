//! The domain core: partner indicators, relationship stages, the scoring
//! model, warnings. It knows nothing of protobuf, gRPC or async runtimes.
//!
//! - [`partner`]: what is known about one partner (indicators, units,
//!   labels, id, currency);
//! - [`model`]: the scoring model, every weight and threshold, validated;
//! - [`scoring`]: classifying one partner (evidence, quality, commitment,
//!   cost of sale, Model A tier, explanation, warnings);
//! - [`pyramid`]: the pyramid of a portfolio and its health;
//! - [`stage`]: the stages and Model A tiers every part speaks of.

pub mod model;
pub mod partner;
pub mod pyramid;
pub mod scoring;
pub mod stage;
mod variants;

pub use model::ScoringModel;
pub use partner::indicators::PartnerIndicators;
pub use scoring::classification::{Classification, classify};
pub use stage::{ModelATier, Stage};
