//! The binary refuses to start on an invalid configuration: non-zero exit,
//! and a message naming every refused key and the reason.

use std::process::{Command, Output};

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_stage-scorer"));
    command.args(args).env_remove("STAGE_SCORER_CONFIG");
    for (k, v) in env {
        command.env(k, v);
    }
    // Port 0, so that a configuration that is wrongly accepted would still
    // not clash with anything; the process would then keep running and the
    // test time out rather than pass.
    command.env("STAGE_SCORER__SERVER__ADDRESS", "127.0.0.1:0");
    command.env(
        "STAGE_SCORER__TELEMETRY__PROMETHEUS__ADDRESS",
        "127.0.0.1:0",
    );
    command.output().expect("binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn an_invalid_model_value_stops_the_process_with_the_key() {
    let output = run(
        &[],
        &[
            (
                "STAGE_SCORER__MODEL__STAGES__PARTNERSHIP__EVIDENCE_THRESHOLD",
                "1.5",
            ),
            ("STAGE_SCORER__MODEL__EFFORT__BANDS__COLLABORATIVE", "0.1"),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("model.stages.partnership.evidence_threshold"),
        "{err}"
    );
    assert!(err.contains("at most 1"), "{err}");
    assert!(err.contains("model.effort.bands"), "{err}");
    assert!(err.contains("must increase strictly"), "{err}");
}

#[test]
fn every_bad_server_and_telemetry_key_is_named_at_once() {
    for args in [&[][..], &["check-config"][..]] {
        let output = run(
            args,
            &[
                ("STAGE_SCORER__SERVER__SHUTDOWN_GRACE_DELAY_MS", "3600001"),
                (
                    "STAGE_SCORER__TELEMETRY__OTLP_ENDPOINT",
                    "grpc://collector:4317",
                ),
            ],
        );
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = stderr(&output);
        assert!(
            err.starts_with("stage-scorer: invalid configuration:\n"),
            "{err}"
        );
        assert!(
            err.contains(
                "server.shutdown_grace_delay_ms: must be at most 3600000 (one hour), got 3600001"
            ),
            "{err}"
        );
        assert!(
            err.contains("telemetry.otlp_endpoint: must start with http:// or https://"),
            "{err}"
        );
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn bad_settings_and_a_bad_model_are_named_together() {
    let output = run(
        &["check-config"],
        &[
            ("STAGE_SCORER__LIMITS__BATCH_MAX_PARTNERS", "0"),
            (
                "STAGE_SCORER__MODEL__STAGES__PARTNERSHIP__EVIDENCE_THRESHOLD",
                "1.5",
            ),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("invalid configuration: limits.batch_max_partners: must be 1 to 100000"),
        "{err}"
    );
    assert!(
        err.contains("invalid scoring model:\nmodel.stages.partnership.evidence_threshold"),
        "{err}"
    );
}

#[test]
fn an_invalid_config_file_stops_the_process_with_the_key() {
    let dir = std::env::temp_dir().join(format!("stage-scorer-badcfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.toml");
    std::fs::write(
        &path,
        "[model.stages.enhanced.hallmarks]\nnot_an_indicator = { weight = 1.0, full_at = 1.0 }\n",
    )
    .unwrap();
    let output = run(&["--config", path.to_str().unwrap()], &[]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("model.stages.enhanced.hallmarks.not_an_indicator"),
        "{err}"
    );
    assert!(err.contains("unknown indicator"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_unknown_or_malformed_setting_stops_the_process() {
    let output = run(&[], &[("STAGE_SCORER__SERVER__ADDRES", "127.0.0.1:1")]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("addres"), "{err}");

    let output = run(&[], &[("STAGE_SCORER__LOG__FORMAT", "xml")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("log.format"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_missing_config_file_is_an_error() {
    let output = run(&["--config", "/nonexistent/stage-scorer.toml"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("/nonexistent/stage-scorer.toml"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn check_config_accepts_the_defaults() {
    let output = run(&["check-config"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("tecp-default-2026.11"));
}

#[test]
fn unusable_tls_or_token_files_stop_the_server_naming_the_file() {
    for (env, expected) in [
        (
            [
                ("STAGE_SCORER__TLS__ENABLED", "true"),
                ("STAGE_SCORER__TLS__CERT_PATH", "/nonexistent/tls.crt"),
            ],
            "/nonexistent/tls.crt",
        ),
        (
            [
                ("STAGE_SCORER__AUTH__TOKENS_FILE", "/nonexistent/tokens"),
                ("STAGE_SCORER__LOG__LEVEL", "info"),
            ],
            "/nonexistent/tokens",
        ),
    ] {
        let output = run(&[], &env);
        assert_eq!(output.status.code(), Some(1), "{env:?}");
        let err = stderr(&output);
        assert!(err.contains(expected), "{env:?}: {err}");
    }
}
