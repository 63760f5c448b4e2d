//! Request messages into domain types, one file per message: every field is
//! checked, and every invalid field is reported with its path.

pub mod indicator_value;
pub mod partner;
pub mod pyramid_options;
pub mod pyramid_partial;
