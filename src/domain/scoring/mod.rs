//! Scoring one partner with the model: the evidence for each stage, the
//! relationship quality and its gates, effort and commitment, cost of sale,
//! the Model A tier, the stage decision, its explanation, the recommended
//! stage and the warnings.

pub mod assessment;
pub mod classification;
pub mod commitment;
pub mod cost_of_sale;
pub mod evidence;
pub mod explanation;
pub mod model_a_tier;
pub mod quality;
pub mod recommendation;
pub mod warnings;
pub mod weighted_mean;
