//! Properties checked over generated inputs (proptest): what the domain
//! promises (determinism, monotonicity, bounds) and what the edge promises
//! (it never panics; every refusal names a field of the payload).

mod domain_properties;
mod edge_fuzz;
mod edge_parsing_properties;
mod wire_scanner_properties;
