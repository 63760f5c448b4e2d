//! ISO 4217 currency codes.

use std::fmt;

/// Why a currency code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be an ISO 4217 code of three upper-case letters, e.g. \"USD\"")]
pub struct CurrencyCodeError;

/// A currency code of three upper-case ASCII letters, e.g. `USD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CurrencyCode([u8; 3]);

impl CurrencyCode {
    /// Accepts three upper-case ASCII letters.
    pub fn parse(value: &str) -> Result<Self, CurrencyCodeError> {
        match value.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok(Self([a, b, c])),
            _ => Err(CurrencyCodeError),
        }
    }

    /// Like [`CurrencyCode::parse`], but an empty string is no currency:
    /// how the contract marks a payload without money.
    pub fn parse_optional(value: &str) -> Result<Option<Self>, CurrencyCodeError> {
        if value.is_empty() {
            Ok(None)
        } else {
            Self::parse(value).map(Some)
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Display for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_three_upper_case_letters_only() {
        assert_eq!(CurrencyCode::parse("EUR").unwrap().as_str(), "EUR");
        for bad in ["", "eur", "EURO", "E1R", "ÉUR"] {
            assert_eq!(CurrencyCode::parse(bad), Err(CurrencyCodeError), "{bad}");
        }
        assert_eq!(CurrencyCode::parse_optional(""), Ok(None));
        assert_eq!(
            CurrencyCode::parse_optional("USD")
                .unwrap()
                .unwrap()
                .as_str(),
            "USD"
        );
        assert_eq!(CurrencyCode::parse_optional("us"), Err(CurrencyCodeError));
    }
}
