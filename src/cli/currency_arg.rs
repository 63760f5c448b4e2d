//! The `--currency CODE` argument of `generate` and `pyramid`.

use crate::domain::partner::currency_code::CurrencyCode;

/// Parses a `--currency` value: an active ISO 4217 code in any case, e.g.
/// `USD` or `usd`.
pub fn parse_currency(value: &str) -> Result<CurrencyCode, String> {
    CurrencyCode::parse(value).map_err(|e| format!("{value:?} {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_iso_codes_only() {
        assert_eq!(parse_currency("EUR").unwrap().as_str(), "EUR");
        assert_eq!(parse_currency("eur").unwrap().as_str(), "EUR");
        let e = parse_currency("euro").unwrap_err();
        assert!(
            e.starts_with("\"euro\" must be an active ISO 4217 currency code"),
            "{e}"
        );
    }
}
