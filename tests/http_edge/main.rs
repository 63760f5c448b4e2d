//! The HTTP edge on the gRPC port through real sockets: HTTP/JSON routes
//! (HTTP/1.1 and h2c), their errors, gRPC-web, HTTP compression and CORS,
//! against the server started in this process on 127.0.0.1:0. Requests are
//! sent with hyper's client, as any HTTP client would send them.

#[path = "../support/mod.rs"]
mod support;

mod client;

mod annotated_routes;
mod cors;
mod grpc_web;
mod http_compression;
mod json_admission;
mod json_auth;
mod json_errors;
mod json_routes;
mod lenient_json;
