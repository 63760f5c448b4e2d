//! Compiles the protobuf contract in `proto/` with protox, a pure-Rust
//! compiler, so that `cargo build` needs no system `protoc`. The same
//! descriptor set feeds code generation, the canonical proto3 JSON mapping
//! (pbjson, used by the command line's JSON Lines) and gRPC server
//! reflection.

use std::{env, fs, path::PathBuf};

const PROTO_ROOT: &str = "proto";
const PROTO_FILES: &[&str] = &["stage_scoring/v1/stage_scoring_service.proto"];
/// Messages that hold a `google.rpc.Status` (which has no JSON mapping here):
/// they get no serde implementation. They are only ever sent over gRPC.
const NO_JSON: &[&str] = &[
    ".stage_scoring.v1.BatchClassifyPartnersResponse",
    ".stage_scoring.v1.BatchClassifyPartnersResult",
    ".stage_scoring.v1.StreamClassifyPartnersResponse",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed={PROTO_ROOT}");

    let mut compiler = protox::Compiler::new([PROTO_ROOT])?;
    compiler
        .include_source_info(true)
        .include_imports(true)
        .open_files(PROTO_FILES)?;
    let descriptors = compiler.file_descriptor_set();
    // Encoded by protox itself, which keeps extension options (the
    // `google.api.http` annotations the HTTP edge and its OpenAPI document
    // read); `prost_types` would drop them.
    let encoded = compiler.encode_file_descriptor_set();

    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
    fs::write(out_dir.join("stage_scoring_descriptor.bin"), &encoded)?;

    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        // Per-item errors of the batch and stream RPCs are `google.rpc.Status`
        // (vendored in proto/google/rpc): use tonic-types' prost type, which
        // `tonic_types::RpcStatusExt` can read details from.
        .extern_path(".google.rpc.Status", "::tonic_types::pb::Status")
        .compile_fds(descriptors)?;

    pbjson_build::Builder::new()
        .register_descriptors(&encoded)?
        .exclude(NO_JSON.iter().copied())
        .build(&[".stage_scoring.v1"])?;
    Ok(())
}
