//! Admission control: what the server accepts before it does any work.
//!
//! [`AdmissionLayer`](layer::AdmissionLayer) wraps the whole router, so it
//! sees every call before routing:
//!
//! - budgets ([`budgets`]): calls in flight (health has its own), batch and
//!   pyramid items in flight, request bytes in flight; a call over a budget
//!   is refused at once with RESOURCE_EXHAUSTED and a `google.rpc.RetryInfo`
//!   ([`shed`]), never queued;
//! - per-method request limits ([`method_policy`]), checked on the bytes
//!   before decoding ([`request_guard`]): each message's length prefix
//!   against the method's limit (RESOURCE_EXHAUSTED), the item count of a
//!   batch or pyramid counted on the encoded bytes (INVALID_ARGUMENT, as
//!   the contract says), and a unary request's body against
//!   `server.request_body_timeout_ms`;
//! - a default deadline for calls without `grpc-timeout`: when it passes the
//!   call's work is dropped and the caller gets DEADLINE_EXCEEDED.
//!
//! A call counts from its request headers to the end of its response body
//! (a stream to its last message).

pub mod budgets;
pub mod layer;
pub mod method_policy;
pub mod request_guard;
pub mod shed;
