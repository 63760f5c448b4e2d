//! Connection hygiene below the RPCs: what each accepted connection is
//! allowed (idle and first-headers timeouts, see [`guarded_io`]), how the
//! accept loop survives running out of file descriptors ([`incoming`]),
//! and a response body that holds a guard until the response ends
//! ([`held_body`]), used to know when a call is over.
//!
//! The HTTP/2 knobs that tonic's `Server::builder` already has (stream
//! limit, keepalive, connection age, local-reset limit) are set in
//! [`crate::startup`].

pub mod guarded_io;
pub mod held_body;
pub mod idle_layer;
pub mod incoming;
