//! Feeds partner payloads into a pyramid, as both pyramid RPCs do (and the
//! `pyramid` command, through [`feed_partner`]): each payload is parsed; an
//! invalid one is counted and listed as rejected, a valid one is classified
//! and added. Only what would make the whole portfolio wrong (mixed
//! currencies, too many groups) fails the call.

use tonic::Status;

use crate::{
    domain::{
        ScoringModel,
        pyramid::{MAX_GROUPS, PyramidAccumulator, PyramidError, PyramidOptions, RejectedPartner},
    },
    proto,
    wire::{
        field_violations::{FieldViolations, Reason},
        parse::partner::parse_partner,
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
        feed_partner(&mut self.accumulator, msg).map_err(|e| self.status(e, path))
    }

    /// The accumulated partners.
    pub fn into_accumulator(self) -> PyramidAccumulator {
        self.accumulator
    }

    fn status(&self, e: PyramidError, path: &str) -> Status {
        let mut v = FieldViolations::default();
        match &e {
            PyramidError::CurrencyMismatch { expected, found } => {
                let source = if self.declared_currency {
                    format!("declared in {}.currency_code", self.options_path)
                } else {
                    "set by the first partner carrying money".to_owned()
                };
                v.push(
                    format!("{path}.currency_code"),
                    Reason::CurrencyMismatch,
                    format!(
                        "is {found} but the portfolio's currency is {expected} ({source}); a \
                         pyramid adds up money in one currency only: convert the amounts or \
                         analyse each currency separately"
                    ),
                );
            }
            PyramidError::TooManyGroups => v.push(
                format!("{}.group_by", self.options_path),
                Reason::OutOfRange,
                format!("yields more than {MAX_GROUPS} groups (reached at {path})"),
            ),
            PyramidError::Overflow => v.push(path, Reason::OutOfRange, e.to_string()),
            PyramidError::ModelVersionMismatch { .. } | PyramidError::GroupByMismatch { .. } => {
                return Status::internal(format!("pyramid: {e}"));
            }
        }
        v.into_status()
    }
}
