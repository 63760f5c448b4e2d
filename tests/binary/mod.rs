//! Runs the built `stage-scorer` binary as a command-line user would.

// Shared by several test or bench crates: each uses part of it, and its
// `pub` items are the helpers those crates call.
#![allow(dead_code, unreachable_pub)]

use std::{
    io::Write,
    path::PathBuf,
    process::{Command, Output, Stdio},
};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_stage-scorer");

/// Runs the binary with `args`, feeding `stdin` when given, and waits for
/// it. No configuration file is picked up from the environment.
pub fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env_remove("STAGE_SCORER_CONFIG")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

/// A scratch directory of its own for each test.
pub fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stage-scorer-cli-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
