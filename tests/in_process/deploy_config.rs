//! The Kubernetes manifests agree with the service: the mounted model
//! configuration loads and validates, and the pods get more time to stop
//! than the service's shutdown can take.

use std::{collections::HashMap, time::Duration};

use stage_scorer::config::{self, Sources};

const DEPLOYMENT: &str = include_str!("../../deploy/base/deployment.yaml");

/// The value following `key:` on the first line containing it.
fn yaml_value<'a>(text: &'a str, key: &str) -> &'a str {
    text.lines()
        .find_map(|line| line.trim().strip_prefix(key)?.strip_prefix(':'))
        .unwrap_or_else(|| panic!("{key} not found"))
        .trim()
        .trim_matches('"')
}

/// The value of the container environment variable `name`.
fn env_value<'a>(name: &str) -> &'a str {
    let mut lines = DEPLOYMENT.lines();
    lines
        .find(|line| line.trim() == format!("- name: {name}"))
        .unwrap_or_else(|| panic!("env {name} not found"));
    yaml_value(lines.next().unwrap(), "value")
}

fn environment(vars: &[(&str, &str)]) -> HashMap<String, String> {
    vars.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn the_mounted_configuration_loads() {
    let c = config::load(&Sources {
        file: Some("deploy/base/stage-scorer.toml".into()),
        environment: Some(environment(&[(
            "STAGE_SCORER__LOG__FORMAT",
            env_value("STAGE_SCORER__LOG__FORMAT"),
        )])),
    })
    .expect("deploy/base/stage-scorer.toml is a valid configuration layer");
    assert!(!c.model.version.is_empty());
    assert_eq!(
        env_value("STAGE_SCORER_CONFIG"),
        "/etc/stage-scorer/stage-scorer.toml"
    );
}

#[test]
fn pods_get_more_time_than_the_shutdown_takes() {
    let c = config::load(&Sources {
        file: None,
        environment: Some(environment(&[
            (
                "STAGE_SCORER__SERVER__SHUTDOWN_GRACE_DELAY_MS",
                env_value("STAGE_SCORER__SERVER__SHUTDOWN_GRACE_DELAY_MS"),
            ),
            (
                "STAGE_SCORER__SERVER__SHUTDOWN_DRAIN_TIMEOUT_MS",
                env_value("STAGE_SCORER__SERVER__SHUTDOWN_DRAIN_TIMEOUT_MS"),
            ),
        ])),
    })
    .unwrap();
    let shutdown = c.settings.server.shutdown_grace_delay
        + c.settings.server.shutdown_drain_timeout
        + c.settings.telemetry.otlp_timeout;
    let grace_s: u64 = yaml_value(DEPLOYMENT, "terminationGracePeriodSeconds")
        .parse()
        .unwrap();
    assert!(
        Duration::from_secs(grace_s) > shutdown,
        "terminationGracePeriodSeconds {grace_s} s <= shutdown {shutdown:?}"
    );
}
