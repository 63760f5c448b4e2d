//! Violations and domain errors as `google.rpc.Status` messages.

pub mod item_error;
pub mod pyramid_error;
