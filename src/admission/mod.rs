//! Admission control: what the server accepts before doing any work.
