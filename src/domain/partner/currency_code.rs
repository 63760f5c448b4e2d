//! ISO 4217 currency codes: three letters in any case, normalised to upper
//! case, and only codes of the ISO 4217 list of active codes ("usd" is
//! `USD`; "XYZ" is refused). Every edge (gRPC, HTTP/JSON, the command line)
//! parses currency codes here, so all refuse the same codes.

use std::fmt;

/// Why a currency code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be an active ISO 4217 currency code of three letters, e.g. \"USD\" (any case)")]
pub struct CurrencyCodeError;

/// An active ISO 4217 currency code, upper case, e.g. `USD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CurrencyCode([u8; 3]);

/// The ISO 4217 list of active alphabetic codes (list one, as amended to
/// 2025: with `XCG`, `ZWG`, `SLE`, `VED`; `ANG` and `BGN` kept while their
/// replacement is phased in), sorted. Includes the fund codes (`BOV`,
/// `CHE`, ...), the precious metals and special codes (`XAU`, `XDR`,
/// `XTS`, `XXX`), as the standard does.
pub const ISO_4217_ACTIVE: [&str; 179] = [
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
    "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUP", "CVE",
    "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL",
    "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR",
    "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD",
    "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK",
    "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO",
    "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON",
    "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD",
    "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD",
    "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND", "VUV",
    "WST", "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF", "XPD",
    "XPF", "XPT", "XSU", "XTS", "XUA", "XXX", "YER", "ZAR", "ZMW", "ZWG",
];

impl CurrencyCode {
    /// Accepts an active ISO 4217 code in any case (`usd`, `Usd`, `USD`),
    /// normalised to upper case.
    pub fn parse(value: &str) -> Result<Self, CurrencyCodeError> {
        match value.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_alphabetic) => {
                let code = [a, b, c].map(|b| b.to_ascii_uppercase());
                let text = std::str::from_utf8(&code).map_err(|_| CurrencyCodeError)?;
                ISO_4217_ACTIVE
                    .binary_search(&text)
                    .map(|_| Self(code))
                    .map_err(|_| CurrencyCodeError)
            }
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
    fn accepts_active_codes_in_any_case_normalised_to_upper_case() {
        assert_eq!(CurrencyCode::parse("EUR").unwrap().as_str(), "EUR");
        assert_eq!(CurrencyCode::parse("usd").unwrap().as_str(), "USD");
        assert_eq!(CurrencyCode::parse("Chf").unwrap().as_str(), "CHF");
        assert_eq!(
            CurrencyCode::parse("usd").unwrap(),
            CurrencyCode::parse("USD").unwrap()
        );
        assert_eq!(CurrencyCode::parse_optional(""), Ok(None));
        assert_eq!(
            CurrencyCode::parse_optional("jpy")
                .unwrap()
                .unwrap()
                .as_str(),
            "JPY"
        );
    }

    #[test]
    fn refuses_codes_that_are_no_currency() {
        for bad in [
            "", "XYZ", "xyz", "ABC", "EURO", "E1R", "ÉUR", "US", " USD", "HRK",
        ] {
            assert_eq!(CurrencyCode::parse(bad), Err(CurrencyCodeError), "{bad:?}");
        }
        assert_eq!(CurrencyCode::parse_optional("us"), Err(CurrencyCodeError));
    }

    #[test]
    fn the_table_is_sorted_unique_upper_case_three_letters() {
        assert!(ISO_4217_ACTIVE.windows(2).all(|w| w[0] < w[1]));
        assert!(
            ISO_4217_ACTIVE
                .iter()
                .all(|c| { c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) })
        );
        for code in ISO_4217_ACTIVE {
            assert_eq!(CurrencyCode::parse(code).unwrap().as_str(), code);
        }
    }
}
