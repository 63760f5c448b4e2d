//! The service through its public API: the real server on 127.0.0.1:0 in
//! this process, called with generated tonic clients. One test crate (one
//! link) for every behaviour that needs no separate process.

#[path = "../support/mod.rs"]
mod support;

mod batch_classify;
mod classify_partner_bad_input;
mod classify_partner_behaviours;
mod deploy_config;
mod error_texts;
mod grpc_compression;
mod pyramid;
mod security;
mod server_smoke;
mod stream_classify;
