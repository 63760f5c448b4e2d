//! The domain core: partner indicators, relationship stages, the scoring
//! model, warnings. It knows nothing of protobuf, gRPC or async runtimes.
//!
//! # Glossary
//!
//! - **The pyramid** (of channel sales partnerships): the source article
//!   arranges a company's channel partners by the
//!   relationship they have with it: many Transactional partners at the
//!   base, fewer Enhanced, fewer Collaborative, and Partnerships rarest at
//!   the top. A portfolio's pyramid and its health are [`pyramid`].
//! - **TECP**: the value chain of the four stages, Transactional, Enhanced,
//!   Collaborative, Partnership ([`Stage`]). A relationship climbs it one
//!   stage at a time, each needing more time, trust and resources from both
//!   sides.
//! - **Model A**: the usual segmentation by money and loyalty: revenue and
//!   certifications bought give a tier, Registered to Platinum
//!   ([`ModelATier`]). Computed for comparison only.
//! - **Model B**: segmentation by the kind and quality of the relationship:
//!   the stage this service classifies a partner into ([`classify`]).
//! - **Stage numbers**: the article numbers the stages *top-down*, 1
//!   Partnership to 4 Transactional ([`Stage::top_down_number`], in the contract
//!   `top_down_stage_number`, formerly `seed_stage_number`). Everything
//!   else counts *from the base up*:
//!   [`Stage::level`] is 1 for Transactional to 4 for Partnership,
//!   [`Stage::ALL`] and every per-stage array start at the base, and the
//!   contract's `Stage` enum numbers them the same way (1
//!   `STAGE_TRANSACTIONAL` to 4 `STAGE_PARTNERSHIP`, 0 unspecified).
//!
//! # Floor plan
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
