//! The mergeable partial aggregate of a portfolio: everything a pyramid
//! report is computed from, as counts and exact sums. Merging is
//! associative and commutative, and merging the partials of any split of a
//! portfolio gives exactly the partial of the whole (see the module docs).

use std::collections::BTreeMap;

use super::{
    aggregate::Aggregate,
    error::PyramidError,
    options::{GroupBy, GroupKey, MAX_GROUPS},
    rejected::RejectedPartners,
};
use crate::domain::partner::currency_code::CurrencyCode;

/// A partial pyramid aggregate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyramidPartial {
    /// Version of the scoring model that classified the partners.
    pub model_version: String,
    /// Grouping keys.
    pub group_by: GroupBy,
    /// Currency of every money sum: declared, or set by the first partner
    /// carrying money. `None` while neither.
    pub currency: Option<CurrencyCode>,
    /// The whole portfolio.
    pub overall: Aggregate,
    /// Each group (empty when not grouped); sums to `overall`.
    pub groups: BTreeMap<GroupKey, Aggregate>,
    /// Partners that failed validation.
    pub rejected: RejectedPartners,
}

/// The common currency of two parts, if they have one.
pub fn join_currency(
    a: Option<CurrencyCode>,
    b: Option<CurrencyCode>,
) -> Result<Option<CurrencyCode>, PyramidError> {
    match (a, b) {
        (Some(x), Some(y)) if x != y => Err(PyramidError::CurrencyMismatch {
            expected: x,
            found: y,
        }),
        (x, y) => Ok(x.or(y)),
    }
}

impl PyramidPartial {
    /// The partial of no partners.
    pub fn empty(
        model_version: impl Into<String>,
        group_by: GroupBy,
        currency: Option<CurrencyCode>,
    ) -> Self {
        Self {
            model_version: model_version.into(),
            group_by,
            currency,
            overall: Aggregate::default(),
            groups: BTreeMap::new(),
            rejected: RejectedPartners::default(),
        }
    }

    /// Partners analysed.
    pub fn partners_analysed(&self) -> u64 {
        self.overall.partners()
    }

    /// Both partials together. Fails, changing nothing, when they come from
    /// different model versions, group differently, carry different
    /// currencies, together exceed [`MAX_GROUPS`], or overflow a counter.
    pub fn merge(&self, other: &Self) -> Result<Self, PyramidError> {
        if self.model_version != other.model_version {
            return Err(PyramidError::ModelVersionMismatch {
                expected: self.model_version.clone(),
                found: other.model_version.clone(),
            });
        }
        if self.group_by != other.group_by {
            return Err(PyramidError::GroupByMismatch {
                expected: self.group_by.keys().to_vec(),
                found: other.group_by.keys().to_vec(),
            });
        }
        let currency = join_currency(self.currency, other.currency)?;
        let overall = self
            .overall
            .checked_add(&other.overall)
            .ok_or(PyramidError::Overflow)?;
        let mut groups = self.groups.clone();
        for (key, aggregate) in &other.groups {
            match groups.get_mut(key) {
                Some(mine) => *mine = mine.checked_add(aggregate).ok_or(PyramidError::Overflow)?,
                None => {
                    groups.insert(key.clone(), aggregate.clone());
                }
            }
        }
        if groups.len() > MAX_GROUPS {
            return Err(PyramidError::TooManyGroups);
        }
        let rejected = self
            .rejected
            .checked_merge(&other.rejected)
            .ok_or(PyramidError::Overflow)?;
        Ok(Self {
            model_version: self.model_version.clone(),
            group_by: self.group_by.clone(),
            currency,
            overall,
            groups,
            rejected,
        })
    }

    /// Every way this partial could not come from real partners, as
    /// `(field path, problem)` with field names of the wire format (groups
    /// numbered in key order). A partial built by
    /// [`super::PyramidAccumulator`] or by merging has none; one received
    /// from a client is checked before use.
    pub fn inconsistencies(&self) -> Vec<(String, String)> {
        let mut out = self.totals_inconsistencies();
        for (i, (key, aggregate)) in self.groups.iter().enumerate() {
            for (f, p) in Self::group_inconsistencies(&self.group_by, key, aggregate) {
                out.push((format!("groups[{i}].{f}"), p));
            }
        }
        out
    }

    /// The problems of one group, relative to the group (`labels`,
    /// `aggregate.layers[0].quality`, ...).
    pub fn group_inconsistencies(
        group_by: &GroupBy,
        key: &GroupKey,
        aggregate: &Aggregate,
    ) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let keys = group_by.keys().len();
        if key.0.len() != keys {
            out.push((
                "labels".to_owned(),
                format!("must hold one value per group_by key ({keys})"),
            ));
        }
        if aggregate.partners() == 0 {
            out.push((
                "aggregate".to_owned(),
                "holds no partner; groups without partners are left out".to_owned(),
            ));
        }
        for (f, p) in aggregate.inconsistencies() {
            out.push((format!("aggregate.{f}"), p));
        }
        out
    }

    /// The problems of the partial as a whole, groups aside: the overall
    /// aggregate, the rejected partners, and whether the groups add up to
    /// the overall aggregate.
    pub fn totals_inconsistencies(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .overall
            .inconsistencies()
            .into_iter()
            .map(|(f, p)| (format!("overall.{f}"), p))
            .collect();
        out.extend(self.rejected.inconsistencies());
        if self.groups.len() > MAX_GROUPS {
            out.push((
                "groups".to_owned(),
                format!("holds more than {MAX_GROUPS} groups"),
            ));
        }
        if self.group_by.is_empty() {
            if !self.groups.is_empty() {
                out.push((
                    "groups".to_owned(),
                    "must be empty when group_by is empty".to_owned(),
                ));
            }
            return out;
        }
        let sum = self
            .groups
            .values()
            .try_fold(Aggregate::default(), |s, a| s.checked_add(a));
        if sum.as_ref() != Some(&self.overall) {
            out.push((
                "overall".to_owned(),
                "must equal the sum of the groups".to_owned(),
            ));
        }
        out
    }
}
