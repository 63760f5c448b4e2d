//! The domain core: partner indicators, relationship stages, the scoring
//! model, warnings. It knows nothing of protobuf, gRPC or async runtimes.

pub mod assessment;
pub mod classification;
pub mod commitment;
pub mod cost_of_sale;
pub mod currency_code;
pub mod evidence;
pub mod explanation;
pub mod indicators;
pub mod labels;
pub mod model;
pub mod model_a_tier;
pub mod partner_id;
pub mod pyramid;
pub mod quality;
pub mod recommendation;
pub mod stage;
pub mod units;
pub mod warnings;
pub mod weighted_mean;

pub use classification::{Classification, classify};
pub use indicators::PartnerIndicators;
pub use model::ScoringModel;
pub use stage::{ModelATier, Stage};
