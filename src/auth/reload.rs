//! Token rotation: the accepted tokens, swapped when the tokens file
//! changes (Kubernetes updates a mounted Secret in place).

use std::{path::PathBuf, sync::Arc, time::Duration};

use arc_swap::ArcSwap;

use super::Tokens;

/// The tokens in force, shared by the auth layer (which reads them for
/// every call) and the reload task (which replaces them).
#[derive(Debug, Clone)]
pub struct SharedTokens(Arc<ArcSwap<Tokens>>);

impl SharedTokens {
    /// Starts with `tokens`.
    pub fn new(tokens: Tokens) -> Self {
        Self(Arc::new(ArcSwap::from_pointee(tokens)))
    }

    /// The tokens for the next call.
    pub fn current(&self) -> Arc<Tokens> {
        self.0.load_full()
    }

    /// Re-reads `path` every `interval` and, when its content changed and
    /// parses, swaps in the tokens it lists (the callers removed from it are
    /// refused from then on). A file that cannot be read or parsed is
    /// logged and the current tokens kept. Runs until dropped.
    pub async fn reload_on_change(self, path: PathBuf, interval: Duration) {
        let mut loaded = std::fs::read(&path).ok();
        let mut ticks = tokio::time::interval(interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        ticks.tick().await; // the first tick is immediate
        loop {
            ticks.tick().await;
            let content = match std::fs::read(&path) {
                Ok(content) => content,
                Err(e) => {
                    tracing::warn!(path = %path.display(), error = %e,
                        "tokens file unreadable; keeping the current tokens");
                    continue;
                }
            };
            if loaded.as_ref() == Some(&content) {
                continue;
            }
            match Tokens::parse(&String::from_utf8_lossy(&content)) {
                Ok(tokens) => {
                    tracing::info!(
                        path = %path.display(),
                        tokens = tokens.len(),
                        "tokens file changed: new tokens in force"
                    );
                    self.0.store(Arc::new(tokens));
                    loaded = Some(content);
                }
                Err(problems) => tracing::warn!(
                    path = %path.display(),
                    problems = %problems,
                    "tokens file changed but is not usable; keeping the current tokens"
                ),
            }
        }
    }
}
