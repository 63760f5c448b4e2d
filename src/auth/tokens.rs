//! The accepted bearer tokens: a file of `caller sha256-hex` lines, kept as
//! digests and checked in constant time.

use std::{path::Path, sync::Arc};

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Why the tokens file was refused.
#[derive(Debug, thiserror::Error)]
pub enum TokenFileError {
    /// The file could not be read.
    #[error("cannot read auth.tokens_file {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Lines that are not `caller sha256-hex`.
    #[error("auth.tokens_file {path}: {problems}")]
    Invalid {
        /// The file.
        path: String,
        /// Every bad line, with its number.
        problems: String,
    },
}

/// The accepted tokens: each caller's name and the SHA-256 digest of its
/// token.
#[derive(Clone)]
pub struct Tokens {
    entries: Vec<(Arc<str>, [u8; 32])>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the digests.
        f.debug_struct("Tokens")
            .field("callers", &self.entries.len())
            .finish()
    }
}

/// Longest caller name, in characters.
const MAX_CALLER_CHARS: usize = 64;

impl Tokens {
    /// Reads and parses the tokens file.
    pub fn load(path: &Path) -> Result<Self, TokenFileError> {
        let text = std::fs::read_to_string(path).map_err(|source| TokenFileError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text).map_err(|problems| TokenFileError::Invalid {
            path: path.display().to_string(),
            problems,
        })
    }

    /// Parses `caller sha256-hex` lines; blank lines and `#` comments are
    /// skipped. The error names every bad line (never its content, which
    /// may be a token pasted by mistake).
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut entries = Vec::new();
        let mut problems = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let number = index + 1;
            let mut fields = line.split_whitespace();
            let (Some(caller), Some(hex), None) = (fields.next(), fields.next(), fields.next())
            else {
                problems.push(format!("line {number}: expected `caller sha256-hex`"));
                continue;
            };
            let valid_caller = caller.chars().count() <= MAX_CALLER_CHARS
                && caller
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-@:/".contains(c));
            if !valid_caller {
                problems.push(format!(
                    "line {number}: the caller name must be 1 to {MAX_CALLER_CHARS} of \
                     A-Z a-z 0-9 . _ - @ : /"
                ));
                continue;
            }
            match decode_digest(hex) {
                Some(digest) => entries.push((Arc::from(caller), digest)),
                None => problems.push(format!(
                    "line {number}: the second field must be 64 hexadecimal digits (the \
                     SHA-256 of the token, e.g. `printf %s \"$TOKEN\" | sha256sum`)"
                )),
            }
        }
        if entries.is_empty() && problems.is_empty() {
            problems.push("holds no token: every call would be refused".to_owned());
        }
        if problems.is_empty() {
            Ok(Self { entries })
        } else {
            Err(problems.join("; "))
        }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no token is accepted.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The caller whose token `token` is, if any. Every entry is compared,
    /// each in constant time, so the time taken does not tell which digest
    /// (or how much of one) matched.
    pub fn caller(&self, token: &str) -> Option<Arc<str>> {
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        let mut found = None;
        for (caller, expected) in &self.entries {
            if bool::from(expected.ct_eq(&digest)) && found.is_none() {
                found = Some(caller.clone());
            }
        }
        found
    }
}

fn decode_digest(hex: &str) -> Option<[u8; 32]> {
    let bytes = hex.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut digest = [0u8; 32];
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        let text = std::str::from_utf8(pair).ok()?;
        digest[i] = u8::from_str_radix(text, 16).ok()?;
    }
    Some(digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(token: &str) -> String {
        Sha256::digest(token.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn a_known_token_names_its_caller() {
        let text = format!(
            "# callers\n\nbilling {}\nreporting {}\n",
            hex("s3cret-billing"),
            hex("s3cret-reporting").to_uppercase()
        );
        let tokens = Tokens::parse(&text).unwrap();
        assert_eq!(tokens.len(), 2);
        assert_eq!(tokens.caller("s3cret-billing").as_deref(), Some("billing"));
        assert_eq!(
            tokens.caller("s3cret-reporting").as_deref(),
            Some("reporting")
        );
        assert_eq!(tokens.caller("s3cret-billin"), None);
        assert_eq!(tokens.caller(""), None);
    }

    #[test]
    fn bad_lines_are_named_without_their_content() {
        let err = Tokens::parse(&format!(
            "billing {}\nplaintext-token-pasted\nbad name {}\nshort abcd\n",
            hex("a"),
            hex("b")
        ))
        .unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains("line 3"), "{err}");
        assert!(err.contains("line 4"), "{err}");
        assert!(!err.contains("plaintext-token-pasted"), "{err}");
        assert!(Tokens::parse("# nothing\n").is_err());
    }

    #[test]
    fn debug_output_hides_the_digests() {
        let tokens = Tokens::parse(&format!("billing {}", hex("a"))).unwrap();
        let shown = format!("{tokens:?}");
        assert!(!shown.contains(&hex("a")[..8]), "{shown}");
    }
}
