//! The wire edge: protobuf <-> domain, both ways, shared by every edge that
//! speaks the contract (the gRPC handlers, the offline command line, and any
//! later HTTP/JSON edge). No transport here: no server, no handler.
//!
//! - [`parse`]: request messages into domain types ("parse, don't
//!   validate"), every invalid field reported as a [`FieldViolations`]
//!   entry whose path is relative to the message parsed;
//! - [`to_proto`]: domain results into response messages;
//! - [`indicator_fields`]: each indicator's protobuf field, read and
//!   written by [`Indicator`](crate::domain::partner::indicators::Indicator);
//! - [`echo`]: request text echoed in error texts, cut to 64 characters;
//! - [`enums`]: every domain enum <-> protobuf enum mapping;
//! - [`rpc_status`]: domain errors and violations as `google.rpc.Status`;
//! - [`portfolio_feed`]: feeding partner messages into a pyramid, as the
//!   pyramid RPCs and the `pyramid` command do.
//!
//! [`FieldViolations`]: field_violations::FieldViolations

pub mod echo;
pub mod enums;
pub mod field_violations;
pub mod indicator_fields;
pub mod parse;
pub mod portfolio_feed;
pub mod repeated_field_count;
pub mod rpc_status;
pub mod to_proto;
