//! Streams partners into a pyramid: one partner at a time, in memory that
//! grows with the number of groups only. Use it from an RPC handler or a
//! command-line tool alike:
//!
//! ```
//! use stage_scorer::{config::builtin, domain::{PartnerIndicators, classify,
//!     partner::partner_id::PartnerId, pyramid::{PyramidAccumulator, PyramidOptions}}};
//! let model = builtin().model;
//! let mut acc = PyramidAccumulator::new(&model, PyramidOptions::default());
//! let partner = PartnerIndicators::new(PartnerId::parse("p-1").unwrap());
//! acc.add(&partner, &classify(&model, &partner)).unwrap();
//! let report = acc.report();
//! assert_eq!(report.partners_analysed, 1);
//! ```

use super::{
    aggregate::PartnerEntry,
    error::PyramidError,
    layer_totals::LayerTotals,
    options::{MAX_GROUPS, PyramidOptions},
    partial::{PyramidPartial, join_currency},
    rejected::RejectedPartner,
    report::PyramidReport,
};
use crate::domain::{
    Classification, PartnerIndicators, ScoringModel, classify, partner::indicators::carries_money,
};

/// Adds partners up into a [`PyramidPartial`].
#[derive(Debug, Clone)]
pub struct PyramidAccumulator {
    model: ScoringModel,
    partial: PyramidPartial,
}

impl PyramidAccumulator {
    /// An empty pyramid for partners classified by `model`.
    pub fn new(model: &ScoringModel, options: PyramidOptions) -> Self {
        Self {
            model: model.clone(),
            partial: PyramidPartial::empty(
                model.version.to_string(),
                options.group_by,
                options.currency,
            ),
        }
    }

    /// Adds a partner and its classification by this accumulator's model.
    /// Fails, changing nothing, when the classification comes from another
    /// model, the partner carries money in another currency than the
    /// portfolio's, it would open more than [`MAX_GROUPS`] groups, or a
    /// counter would overflow.
    pub fn add(&mut self, p: &PartnerIndicators, c: &Classification) -> Result<(), PyramidError> {
        if *c.model_version != *self.model.version {
            return Err(PyramidError::ModelVersionMismatch {
                expected: self.model.version.to_string(),
                found: c.model_version.to_string(),
            });
        }
        let currency = if carries_money(p) {
            join_currency(self.partial.currency, p.currency)?
        } else {
            self.partial.currency
        };
        let key = self.partial.group_by.key_of(&p.labels);
        let grouped = !self.partial.group_by.is_empty();
        if grouped
            && self.partial.groups.len() >= MAX_GROUPS
            && !self.partial.groups.contains_key(&key)
        {
            return Err(PyramidError::TooManyGroups);
        }
        let entry = PartnerEntry {
            stage: c.stage,
            totals: LayerTotals::of_partner(&self.model, p, c),
            journey_to: (c.destination_stage > c.stage).then_some(c.destination_stage),
            tier: c.model_a_tier,
        };
        if !self.partial.overall.add(&entry) {
            return Err(PyramidError::Overflow);
        }
        // Every group total is at most the overall total, so a group cannot
        // overflow once the overall aggregate did not.
        if grouped {
            self.partial.groups.entry(key).or_default().add(&entry);
        }
        self.partial.currency = currency;
        Ok(())
    }

    /// Classifies a partner with this accumulator's model and adds it.
    pub fn classify_and_add(&mut self, p: &PartnerIndicators) -> Result<(), PyramidError> {
        let c = classify(&self.model, p);
        self.add(p, &c)
    }

    /// Counts a partner that failed validation (listed when among the
    /// [`super::MAX_REJECTED_LISTED`] smallest).
    pub fn reject(&mut self, rejected: RejectedPartner) -> Result<(), PyramidError> {
        if self.partial.rejected.add(rejected) {
            Ok(())
        } else {
            Err(PyramidError::Overflow)
        }
    }

    /// The partial so far.
    pub fn partial(&self) -> &PyramidPartial {
        &self.partial
    }

    /// The partial, for merging elsewhere.
    pub fn into_partial(self) -> PyramidPartial {
        self.partial
    }

    /// The report of the partners so far, with this model's thresholds.
    pub fn report(&self) -> PyramidReport {
        PyramidReport::of(&self.partial, &self.model.pyramid)
    }
}
