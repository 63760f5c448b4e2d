//! The gRPC transport: the service and its RPC handlers. Parsing requests
//! and converting results is the [`wire`](crate::wire) edge's job.

pub mod analyze_pyramid;
pub mod batch_classify;
pub mod drain_cut;
pub mod merge_pyramid_partials;
pub mod service;
pub mod stream_classify;
