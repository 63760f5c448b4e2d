//! The partner identifier.

use std::fmt;

/// Why a partner id was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartnerIdError {
    /// Empty or only whitespace.
    #[error("is required and must not be blank")]
    Blank,
    /// Longer than [`PartnerId::MAX_CHARS`].
    #[error("must be at most {max} characters (got {got})", max = PartnerId::MAX_CHARS)]
    TooLong {
        /// Characters received.
        got: usize,
    },
    /// Holds a control character.
    #[error("must not contain control characters")]
    ControlCharacter,
}

/// The identifier of a partner in the caller's system: 1 to 128 characters,
/// not blank, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartnerId(String);

impl PartnerId {
    /// Longest accepted id, in Unicode scalar values.
    pub const MAX_CHARS: usize = 128;

    /// Accepts `value` when it is a valid partner id.
    pub fn parse(value: impl Into<String>) -> Result<Self, PartnerIdError> {
        let value = value.into();
        if value.trim().is_empty() {
            return Err(PartnerIdError::Blank);
        }
        let chars = value.chars().count();
        if chars > Self::MAX_CHARS {
            return Err(PartnerIdError::TooLong { got: chars });
        }
        if value.chars().any(char::is_control) {
            return Err(PartnerIdError::ControlCharacter);
        }
        Ok(Self(value))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PartnerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_ids() {
        assert_eq!(PartnerId::parse("acme-001").unwrap().as_str(), "acme-001");
        assert!(PartnerId::parse("é".repeat(128)).is_ok());
    }

    #[test]
    fn refuses_blank_long_and_control() {
        assert_eq!(PartnerId::parse(""), Err(PartnerIdError::Blank));
        assert_eq!(PartnerId::parse("  \t"), Err(PartnerIdError::Blank));
        assert_eq!(
            PartnerId::parse("x".repeat(129)),
            Err(PartnerIdError::TooLong { got: 129 })
        );
        assert_eq!(
            PartnerId::parse("a\u{0}b"),
            Err(PartnerIdError::ControlCharacter)
        );
    }
}
