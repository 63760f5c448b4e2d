//! Certificate reload: the current server configuration, swapped when the
//! files change.

use std::sync::Arc;

use arc_swap::ArcSwap;
use rustls::ServerConfig;

use super::server_config::{self, TlsError, TlsFiles};
use crate::config::TlsSettings;

/// The server configuration in force, shared by the acceptor (which reads
/// it for every handshake) and the reload task (which replaces it).
#[derive(Debug, Clone)]
pub struct CurrentConfig(Arc<ArcSwap<ServerConfig>>);

impl CurrentConfig {
    /// Reads the files and builds the first configuration: any error stops
    /// the start-up.
    pub fn load(settings: &TlsSettings) -> Result<(Self, TlsFiles), TlsError> {
        let files = TlsFiles::read(settings)?;
        let config = server_config::build(settings, &files)?;
        Ok((Self(Arc::new(ArcSwap::new(config))), files))
    }

    /// The configuration for the next handshake.
    pub fn get(&self) -> Arc<ServerConfig> {
        self.0.load_full()
    }

    /// Re-reads the files every `settings.reload_interval` and, when their
    /// content differs from `loaded`, swaps in the configuration they make.
    /// A change that does not build (e.g. the certificate written but not
    /// yet its key) is logged and retried at the next check. Runs until
    /// dropped.
    pub async fn reload_on_change(self, settings: TlsSettings, mut loaded: TlsFiles) {
        let mut ticks = tokio::time::interval(settings.reload_interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        ticks.tick().await; // the first tick is immediate
        loop {
            ticks.tick().await;
            let files = match TlsFiles::read(&settings) {
                Ok(files) => files,
                Err(e) => {
                    tracing::warn!(error = %e, "TLS files unreadable; keeping the current certificate");
                    continue;
                }
            };
            if files == loaded {
                continue;
            }
            match server_config::build(&settings, &files) {
                Ok(config) => {
                    self.0.store(config);
                    loaded = files;
                    tracing::info!(
                        cert_path = %settings.cert_path.display(),
                        "TLS files changed: new connections use the new certificate"
                    );
                }
                Err(e) => tracing::warn!(
                    error = %e,
                    "TLS files changed but are not usable; keeping the current certificate"
                ),
            }
        }
    }
}
