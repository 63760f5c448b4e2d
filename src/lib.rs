//! stage-scorer: classifies channel partners into relationship stages
//! (Transactional, Enhanced, Collaborative, Partnership), warns where effort
//! does not match intent, and serves it all over gRPC.

pub mod admission;
pub mod auth;
pub mod cli;
pub mod config;
pub mod domain;
pub mod grpc;
pub mod http;
pub mod portfolio_io;
pub mod proto;
pub mod startup;
pub mod synthetic;
pub mod telemetry;
pub mod tls;
pub mod transport;
pub mod wire;
