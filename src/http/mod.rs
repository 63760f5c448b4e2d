//! The HTTP edge on the gRPC port (issue 8): the same service for callers
//! that cannot speak gRPC.
//!
//! - [`auth`]: bearer tokens on the JSON routes, judged as on gRPC;
//!   [`admission`]: the calls-in-flight budget gRPC calls share;
//! - [`edge`]: the tower layer choosing gRPC (and gRPC-web) or HTTP/JSON by
//!   content type, with CORS around both;
//! - [`routes`]: the HTTP/JSON routes of the proto's `google.api.http`
//!   annotations, calling the gRPC service's own methods;
//! - [`json_request`]: content type, size limit and JSON parsing of a
//!   request; [`lenient_json`]: CRM-style enum values, unknown fields;
//! - [`error_body`], [`status_code`], [`rpc_status_json`],
//!   [`batch_json`]: answers and errors as canonical proto3 JSON;
//! - [`compression`], [`cors`]: HTTP compression and CORS;
//! - [`openapi`]: the OpenAPI 3.1 document, generated from the descriptors;
//! - [`descriptors`], [`annotations`]: the contract's descriptors, read
//!   from the descriptor set compiled into the binary.

pub mod admission;
pub mod annotations;
pub mod auth;
pub mod batch_json;
pub mod compression;
pub mod cors;
pub mod descriptors;
pub mod edge;
pub mod error_body;
pub mod json_request;
pub mod lenient_json;
pub mod openapi;
pub mod routes;
pub mod rpc_status_json;
pub mod status_code;

pub use edge::{HttpEdge, HttpEdgeLayer};
