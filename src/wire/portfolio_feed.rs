//! Feeds partner payloads into a pyramid, as both pyramid RPCs do (and the
//! `pyramid` command, through [`feed_partner`]): each payload is parsed; an
//! invalid one is counted and listed as rejected, a valid one is classified
//! and added. Only what would make the whole portfolio wrong (mixed
//! currencies, too many groups) fails the call.

use tonic::Status;

use crate::{
    domain::{
        ScoringModel,
        pyramid::{PyramidAccumulator, PyramidError, PyramidOptions, RejectedPartner},
    },
    proto,
    wire::{
        field_violations::FieldViolations, parse::partner::parse_partner,
        rpc_status::pyramid_error::feed_error,
    },
};

/// Adds one partner payload to `accumulator`, as both pyramid RPCs and the
/// `pyramid` command do: the payload is parsed; an invalid one is rejected
/// (counted, and listed with its id, its invalid field paths relative to
/// the partner and the reasons), a valid one is classified and added.
/// Only what makes the whole portfolio wrong is returned as an error (money
/// in another currency, too many groups, an overflowing counter); nothing
/// is changed then.
pub fn feed_partner(
    accumulator: &mut PyramidAccumulator,
    msg: proto::PartnerIndicators,
) -> Result<(), PyramidError> {
    let raw_id = msg.partner_id.clone();
    let mut violations = FieldViolations::default();
    let Some(partner) = parse_partner(msg, &mut violations) else {
        let problems: Vec<(&str, &str)> = violations
            .as_slice()
            .iter()
            .map(|v| (v.field.as_str(), v.description.as_str()))
            .collect();
        return accumulator.reject(RejectedPartner::new(&raw_id, problems));
    };
    accumulator.classify_and_add(&partner)
}

/// A portfolio being analysed.
#[derive(Debug)]
pub struct PortfolioFeed {
    accumulator: PyramidAccumulator,
    declared_currency: bool,
    options_path: String,
}

impl PortfolioFeed {
    /// An empty portfolio analysed with `model` and `options`, found at
    /// `options_path` in the request (e.g. `options`).
    pub fn new(model: &ScoringModel, options: PyramidOptions, options_path: &str) -> Self {
        Self {
            declared_currency: options.currency.is_some(),
            accumulator: PyramidAccumulator::new(model, options),
            options_path: options_path.to_owned(),
        }
    }

    /// Adds the partner found at `path` in the request (e.g. `partners[3]`).
    pub fn feed(&mut self, msg: proto::PartnerIndicators, path: &str) -> Result<(), Status> {
        feed_partner(&mut self.accumulator, msg)
            .map_err(|e| feed_error(&e, path, &self.options_path, self.declared_currency))
    }

    /// The accumulated partners.
    pub fn into_accumulator(self) -> PyramidAccumulator {
        self.accumulator
    }
}
