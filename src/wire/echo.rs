//! Request text echoed back in error texts, bounded: a client that sends a
//! megabyte-long label key must not get a megabyte of field path, error
//! description and `grpc-message` back (a default grpcio client refuses
//! trailers that large and sees RESOURCE_EXHAUSTED instead of the field
//! violations).

use std::borrow::Cow;

/// Characters of request text echoed at most; longer text is cut and ends
/// with [`ELLIPSIS`].
pub const MAX_ECHO_CHARS: usize = 64;
/// Marks cut text.
pub const ELLIPSIS: char = '…';
/// Characters of one field path or description at most, whatever it holds.
pub const MAX_TEXT_CHARS: usize = 256;

/// `input` as it is echoed in an error text: quoted like `{:?}`, cut to
/// [`MAX_ECHO_CHARS`] characters plus an ellipsis.
pub fn quoted(input: &str) -> String {
    format!("{:?}", truncated(input, MAX_ECHO_CHARS))
}

/// `text` cut to `max_chars` characters plus an ellipsis when longer.
pub fn truncated(text: &str, max_chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        None => Cow::Borrowed(text),
        Some((end, _)) => {
            let mut cut = String::with_capacity(end + ELLIPSIS.len_utf8());
            cut.push_str(&text[..end]);
            cut.push(ELLIPSIS);
            Cow::Owned(cut)
        }
    }
}

/// `text` bounded to [`MAX_TEXT_CHARS`], reusing it when short enough.
pub fn bounded(text: String) -> String {
    match truncated(&text, MAX_TEXT_CHARS) {
        Cow::Borrowed(_) => text,
        Cow::Owned(cut) => cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_echoed_whole() {
        assert_eq!(quoted("region"), "\"region\"");
        assert_eq!(truncated(&"é".repeat(64), 64), "é".repeat(64));
    }

    #[test]
    fn long_text_is_cut_at_a_character_boundary_with_an_ellipsis() {
        let key = "é".repeat(1 << 20);
        let echoed = quoted(&key);
        assert_eq!(echoed, format!("\"{}…\"", "é".repeat(64)));
        assert_eq!(
            bounded("x".repeat(1000)).chars().count(),
            MAX_TEXT_CHARS + 1
        );
        assert_eq!(bounded("short".into()), "short");
    }
}
