//! The gRPC transport: request parsing ("parse, don't validate"), the
//! service, and conversion of domain results to protobuf messages.

pub mod batch_classify;
pub mod classification_to_proto;
pub mod enums;
pub mod field_violations;
pub mod parse_partner;
pub mod rpc_status;
pub mod scoring_model_to_proto;
pub mod service;
pub mod stream_activity;
pub mod stream_classify;
