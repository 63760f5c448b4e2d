//! OTLP export failures are visible in the logs, not silent: the real
//! binary, pointed at an endpoint where nothing listens, logs the failure.

mod process;

use tokio::net::TcpListener;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_exports_are_logged() {
    // A port that was free a moment ago and that nothing listens on now.
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        listener.local_addr().unwrap()
    };
    let endpoint = format!("http://{closed}");
    let mut server = process::spawn_server(&[
        ("STAGE_SCORER__TELEMETRY__OTLP_ENDPOINT", endpoint.as_str()),
        ("STAGE_SCORER__TELEMETRY__METRICS_EXPORT_INTERVAL_MS", "200"),
        ("STAGE_SCORER__TELEMETRY__OTLP_TIMEOUT_MS", "1000"),
        ("STAGE_SCORER__SERVER__SHUTDOWN_GRACE_DELAY_MS", "0"),
    ])
    .await;
    // One call, so that there is something to export.
    HealthClient::new(server.channel().await)
        .check(HealthCheckRequest::default())
        .await
        .unwrap();

    process::eventually("an export failure in the logs", || async {
        server.logs.lock().unwrap().iter().any(|line| {
            (line.contains(r#""level":"WARN""#) || line.contains(r#""level":"ERROR""#))
                && line.contains("opentelemetry")
        })
    })
    .await;
    for line in server.logs.lock().unwrap().iter() {
        if line.contains("opentelemetry") && !line.contains(r#""level":"INFO""#) {
            println!("{line}");
        }
    }
    server.sigterm();
    assert_eq!(server.exit_code().await, Some(0));
}
