//! The gRPC transport: request parsing ("parse, don't validate"), the
//! service, and conversion of domain results to protobuf messages.

pub mod analyze_pyramid;
pub mod batch_classify;
pub mod classification_to_proto;
pub mod enums;
pub mod field_violations;
pub mod merge_pyramid_partials;
pub mod parse_partner;
pub mod parse_pyramid_options;
pub mod parse_pyramid_partial;
pub mod pyramid_portfolio;
pub mod pyramid_to_proto;
pub mod rpc_status;
pub mod score_partner;
pub mod scoring_model_to_proto;
pub mod service;
pub mod stream_classify;
