//! The moment the shutdown drain gives up on calls still in flight: long
//! streams then end themselves with UNAVAILABLE and say where they stopped,
//! instead of being dropped with the connection.

use tokio::sync::watch;

/// Fires the cut (held by start-up).
#[derive(Debug)]
pub struct DrainCutTrigger(watch::Sender<bool>);

/// Waits for the cut (held by each stream's work).
#[derive(Debug, Clone)]
pub struct DrainCut(Option<watch::Receiver<bool>>);

/// A trigger and the signal it fires.
pub fn drain_cut() -> (DrainCutTrigger, DrainCut) {
    let (tx, rx) = watch::channel(false);
    (DrainCutTrigger(tx), DrainCut(Some(rx)))
}

impl DrainCutTrigger {
    /// Cuts every stream still running.
    pub fn cut(&self) {
        self.0.send_replace(true);
    }
}

impl DrainCut {
    /// A signal that never fires (tools, tests of the handlers alone).
    pub fn never() -> Self {
        Self(None)
    }

    /// Completes once the drain has timed out; never if it does not.
    pub async fn cut(&mut self) {
        match self.0.as_mut() {
            Some(rx) => {
                if rx.wait_for(|cut| *cut).await.is_err() {
                    // The trigger is gone without cutting: never.
                    std::future::pending::<()>().await;
                }
            }
            None => std::future::pending::<()>().await,
        }
    }
}
