//! What handlers tell about the RPC being served, for its span: how many
//! classifications it produced and the stage of the last one.
//!
//! The [`grpc_layer`](super::grpc_layer) opens a scope per RPC
//! ([`RpcAnnotations::in_scope`]) around everything it polls for that RPC;
//! [`metrics::record_classification`](super::metrics::record_classification)
//! notes each classification in the current scope. Both depend on this
//! module, neither on the other.

use std::sync::{Arc, Mutex};

use crate::domain::Stage;

tokio::task_local! {
    /// The annotations of the RPC whose code is being polled.
    static CURRENT_RPC: RpcAnnotations;
}

/// The classifications an RPC produced.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Classifications {
    /// How many.
    pub(crate) count: u64,
    /// The stage of the last one.
    pub(crate) last_stage: Option<Stage>,
}

/// The annotations of one RPC. Clones share them.
#[derive(Debug, Default, Clone)]
pub(crate) struct RpcAnnotations(Arc<Mutex<Classifications>>);

impl RpcAnnotations {
    /// Runs `f` with these annotations as the current RPC's.
    pub(crate) fn in_scope<R>(&self, f: impl FnOnce() -> R) -> R {
        CURRENT_RPC.sync_scope(self.clone(), f)
    }

    /// The classifications noted so far.
    pub(crate) fn classifications(&self) -> Classifications {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn note(&self, stage: Stage) {
        let mut c = self.0.lock().unwrap_or_else(|e| e.into_inner());
        c.count += 1;
        c.last_stage = Some(stage);
    }
}

/// Notes a classification on the RPC being served, if any. Code no RPC
/// scope encloses (a task a handler spawned, a tool) notes nothing.
pub(crate) fn annotate_classification(stage: Stage) {
    let _ = CURRENT_RPC.try_with(|annotations| annotations.note(stage));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifications_inside_a_scope_are_noted_on_it() {
        let rpc = RpcAnnotations::default();
        rpc.in_scope(|| {
            annotate_classification(Stage::Enhanced);
            annotate_classification(Stage::Partnership);
        });
        assert_eq!(
            rpc.classifications(),
            Classifications {
                count: 2,
                last_stage: Some(Stage::Partnership)
            }
        );
    }

    #[test]
    fn classifications_outside_any_scope_are_noted_nowhere() {
        let rpc = RpcAnnotations::default();
        annotate_classification(Stage::Enhanced);
        rpc.in_scope(|| {});
        let other = RpcAnnotations::default();
        other.in_scope(|| annotate_classification(Stage::Collaborative));
        assert_eq!(rpc.classifications(), Classifications::default());
        assert_eq!(other.classifications().count, 1);
    }
}
