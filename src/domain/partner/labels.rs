//! Free-form partner labels used to group pyramid reports.

use std::collections::BTreeMap;

/// Why a label was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LabelError {
    /// More labels than [`Labels::MAX_ENTRIES`].
    #[error("must hold at most {max} labels (got {got})", max = Labels::MAX_ENTRIES)]
    TooMany {
        /// Labels received.
        got: usize,
    },
    /// The key is not of the accepted form.
    #[error(
        "key must be 1 to {max} characters of a-z, 0-9, '_', '-', '.', starting with a letter",
        max = Labels::MAX_KEY_CHARS
    )]
    InvalidKey,
    /// The value is too long.
    #[error("value must be at most {max} characters (got {got})", max = Labels::MAX_VALUE_CHARS)]
    ValueTooLong {
        /// Characters received.
        got: usize,
    },
    /// The value holds a control character.
    #[error("value must not contain control characters")]
    ValueControlCharacter,
}

/// A partner's labels, e.g. `region = "emea"`. Sorted by key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels(BTreeMap<String, String>);

impl Labels {
    /// Most labels a partner may carry.
    pub const MAX_ENTRIES: usize = 32;
    /// Longest label key.
    pub const MAX_KEY_CHARS: usize = 63;
    /// Longest label value.
    pub const MAX_VALUE_CHARS: usize = 256;

    /// Checks one key.
    pub fn check_key(key: &str) -> Result<(), LabelError> {
        let mut chars = key.chars();
        let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        let rest_ok = chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-' | '.'));
        if starts_with_letter && rest_ok && key.len() <= Self::MAX_KEY_CHARS {
            Ok(())
        } else {
            Err(LabelError::InvalidKey)
        }
    }

    /// Checks one value.
    pub fn check_value(value: &str) -> Result<(), LabelError> {
        let chars = value.chars().count();
        if chars > Self::MAX_VALUE_CHARS {
            Err(LabelError::ValueTooLong { got: chars })
        } else if value.chars().any(char::is_control) {
            Err(LabelError::ValueControlCharacter)
        } else {
            Ok(())
        }
    }

    /// Checks the number of labels.
    pub fn check_count(count: usize) -> Result<(), LabelError> {
        if count > Self::MAX_ENTRIES {
            Err(LabelError::TooMany { got: count })
        } else {
            Ok(())
        }
    }

    /// Accepts `entries` when the count, every key and every value are valid.
    pub fn parse(entries: impl IntoIterator<Item = (String, String)>) -> Result<Self, LabelError> {
        let map: BTreeMap<String, String> = entries.into_iter().collect();
        Self::check_count(map.len())?;
        for (key, value) in &map {
            Self::check_key(key)?;
            Self::check_value(value)?;
        }
        Ok(Self(map))
    }

    /// The value of `key`, if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// Every label, sorted by key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Whether there are no labels.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_labels() {
        let labels = Labels::parse([
            ("region".to_owned(), "emea".to_owned()),
            ("partner_type".to_owned(), "integrator".to_owned()),
        ])
        .unwrap();
        assert_eq!(labels.get("region"), Some("emea"));
        assert_eq!(labels.iter().next(), Some(("partner_type", "integrator")));
    }

    #[test]
    fn refuses_bad_keys_values_and_counts() {
        assert_eq!(Labels::check_key("Region"), Err(LabelError::InvalidKey));
        assert_eq!(Labels::check_key("1abc"), Err(LabelError::InvalidKey));
        assert_eq!(Labels::check_key(""), Err(LabelError::InvalidKey));
        assert_eq!(
            Labels::check_key(&"a".repeat(64)),
            Err(LabelError::InvalidKey)
        );
        assert!(Labels::check_key("a.b-c_9").is_ok());
        assert_eq!(
            Labels::check_value(&"v".repeat(257)),
            Err(LabelError::ValueTooLong { got: 257 })
        );
        assert_eq!(
            Labels::check_value("a\nb"),
            Err(LabelError::ValueControlCharacter)
        );
        assert_eq!(
            Labels::check_count(33),
            Err(LabelError::TooMany { got: 33 })
        );
    }
}
