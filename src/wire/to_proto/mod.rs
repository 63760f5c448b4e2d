//! Domain results into protobuf messages, one file per result.

pub mod classification;
pub mod group_window;
mod portfolio_fields;
pub mod pyramid_partial;
pub mod pyramid_report;
pub mod scoring_model;
