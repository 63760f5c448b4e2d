//! Domain results into protobuf messages, one file per result.

pub mod classification;
pub mod pyramid;
pub mod scoring_model;
