//! How a portfolio is analysed: the label keys it is grouped by, and the
//! currency of its money.
//!
//! Grouping: with `group_by = [region, partner_type]` every partner falls in
//! the group of its (region, partner_type) values. A partner that lacks one
//! of the labels is grouped with the other partners lacking it: its value
//! for that key is *unset* (`None`), which is a group of its own, listed
//! before the groups with a value. Groups are listed in order of their
//! values, key by key.

use crate::domain::partner::{currency_code::CurrencyCode, labels::Labels};

/// Most groups one analysis may produce: memory grows with the number of
/// groups (about 1.5 KB each), never with the number of partners.
pub const MAX_GROUPS: usize = 10_000;

/// Why a list of grouping keys was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GroupByError {
    /// More keys than [`GroupBy::MAX_KEYS`].
    #[error("must hold at most {max} label keys (got {got})", max = GroupBy::MAX_KEYS)]
    TooMany {
        /// Keys given.
        got: usize,
    },
    /// A key is not a valid label key.
    #[error(
        "must be a label key: 1 to 63 characters of a-z, 0-9, '_', '-', '.', starting with a letter"
    )]
    InvalidKey {
        /// Position of the key.
        index: usize,
    },
    /// A key appears twice.
    #[error("repeats an earlier key")]
    Duplicate {
        /// Position of the repeat.
        index: usize,
    },
}

/// The label keys a portfolio is grouped by, in order: 0 to
/// [`GroupBy::MAX_KEYS`] distinct valid label keys. Empty: no groups, only
/// the whole portfolio.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct GroupBy(Vec<String>);

impl GroupBy {
    /// Most grouping keys.
    pub const MAX_KEYS: usize = 4;

    /// Accepts `keys` when there are few enough, each is a valid label key
    /// and none repeats.
    pub fn parse(keys: Vec<String>) -> Result<Self, GroupByError> {
        if keys.len() > Self::MAX_KEYS {
            return Err(GroupByError::TooMany { got: keys.len() });
        }
        for (index, key) in keys.iter().enumerate() {
            if Labels::check_key(key).is_err() {
                return Err(GroupByError::InvalidKey { index });
            }
            if keys[..index].contains(key) {
                return Err(GroupByError::Duplicate { index });
            }
        }
        Ok(Self(keys))
    }

    /// The keys, in order.
    pub fn keys(&self) -> &[String] {
        &self.0
    }

    /// Whether the portfolio is not grouped.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The group of a partner with `labels`.
    pub fn key_of(&self, labels: &Labels) -> GroupKey {
        GroupKey(
            self.0
                .iter()
                .map(|k| labels.get(k).map(str::to_owned))
                .collect(),
        )
    }
}

/// One group: a value per grouping key, `None` where the partners lack the
/// label. Ordered value by value, `None` first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupKey(pub Vec<Option<String>>);

/// Options of one analysis.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PyramidOptions {
    /// Grouping keys.
    pub group_by: GroupBy,
    /// The portfolio's currency, when declared. Undeclared, the first
    /// partner that carries money sets it. Either way every partner that
    /// carries money must use it.
    pub currency: Option<CurrencyCode>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(k: &[&str]) -> Vec<String> {
        k.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn accepts_distinct_label_keys() {
        let g = GroupBy::parse(keys(&["region", "partner_type"])).unwrap();
        assert_eq!(g.keys(), ["region", "partner_type"]);
        assert!(GroupBy::parse(vec![]).unwrap().is_empty());
    }

    #[test]
    fn refuses_bad_repeated_or_too_many_keys() {
        assert_eq!(
            GroupBy::parse(keys(&["a", "b", "c", "d", "e"])),
            Err(GroupByError::TooMany { got: 5 })
        );
        assert_eq!(
            GroupBy::parse(keys(&["region", "Bad"])),
            Err(GroupByError::InvalidKey { index: 1 })
        );
        assert_eq!(
            GroupBy::parse(keys(&["region", "region"])),
            Err(GroupByError::Duplicate { index: 1 })
        );
    }

    #[test]
    fn missing_labels_group_as_unset_and_sort_first() {
        let g = GroupBy::parse(keys(&["region", "tier"])).unwrap();
        let labels = Labels::parse([("region".to_owned(), "emea".to_owned())]).unwrap();
        let key = g.key_of(&labels);
        assert_eq!(key, GroupKey(vec![Some("emea".to_owned()), None]));
        let unset = g.key_of(&Labels::default());
        assert!(unset < key);
    }
}
