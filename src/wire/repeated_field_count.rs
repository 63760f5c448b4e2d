//! Counts the elements of a repeated message field in an encoded protobuf
//! message without decoding it: one pass over the top-level tags and
//! lengths, no allocation. Lets a batch be refused for its length before
//! any item is decoded (a 4 MiB body of empty items is two million of them).

/// Why the bytes could not be scanned (the decoder will then refuse them
/// with its own error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanError {
    /// A varint or a field runs past the end of the bytes.
    Truncated,
    /// A varint longer than 10 bytes.
    VarintTooLong,
    /// Wire types 3, 4 (groups) or 6, 7 (undefined), or field number 0.
    Unsupported,
}

/// How many times field `field_number` occurs with the length-delimited
/// wire type at the top level of `message`: the element count of a
/// repeated message (or string/bytes) field.
pub fn count_length_delimited(message: &[u8], field_number: u32) -> Result<usize, ScanError> {
    let mut rest = message;
    let mut count = 0usize;
    while !rest.is_empty() {
        let key = read_varint(&mut rest)?;
        let number = key >> 3;
        if number == 0 {
            return Err(ScanError::Unsupported);
        }
        match key & 7 {
            0 => {
                read_varint(&mut rest)?;
            }
            1 => skip(&mut rest, 8)?,
            2 => {
                let len = read_varint(&mut rest)?;
                let len = usize::try_from(len).map_err(|_| ScanError::Truncated)?;
                skip(&mut rest, len)?;
                if number == u64::from(field_number) {
                    count += 1;
                }
            }
            5 => skip(&mut rest, 4)?,
            _ => return Err(ScanError::Unsupported),
        }
    }
    Ok(count)
}

fn read_varint(rest: &mut &[u8]) -> Result<u64, ScanError> {
    let mut value = 0u64;
    for i in 0..10 {
        let Some((&byte, tail)) = rest.split_first() else {
            return Err(ScanError::Truncated);
        };
        *rest = tail;
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(ScanError::VarintTooLong)
}

fn skip(rest: &mut &[u8], len: usize) -> Result<(), ScanError> {
    if rest.len() < len {
        return Err(ScanError::Truncated);
    }
    *rest = &rest[len..];
    Ok(())
}

#[cfg(test)]
mod tests {
    use prost::Message;

    use super::*;
    use crate::proto::{
        AnalyzePyramidRequest, BatchClassifyPartnersRequest, PartnerIndicators, PyramidOptions,
    };

    fn partner(id: &str) -> PartnerIndicators {
        PartnerIndicators {
            partner_id: id.into(),
            ..Default::default()
        }
    }

    #[test]
    fn counts_the_items_of_a_batch_empty_or_not() {
        for n in [0usize, 1, 2, 300] {
            let request = BatchClassifyPartnersRequest {
                partners: (0..n)
                    .map(|i| {
                        if i % 2 == 0 {
                            PartnerIndicators::default()
                        } else {
                            partner(&format!("p-{i}"))
                        }
                    })
                    .collect(),
            };
            let bytes = request.encode_to_vec();
            assert_eq!(count_length_delimited(&bytes, 1), Ok(n), "{n} items");
        }
    }

    #[test]
    fn skips_other_fields_of_every_wire_type() {
        let request = AnalyzePyramidRequest {
            partners: vec![partner("a"), partner("b"), PartnerIndicators::default()],
            options: Some(PyramidOptions::default()),
        };
        let mut bytes = request.encode_to_vec();
        // Unknown fields: varint (9), fixed64 (10), fixed32 (11), bytes (12).
        bytes.extend_from_slice(&[9 << 3, 0x96, 0x01]);
        bytes.extend_from_slice(&[(10 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8]);
        bytes.extend_from_slice(&[(11 << 3) | 5, 1, 2, 3, 4]);
        bytes.extend_from_slice(&[(12 << 3) | 2, 2, 0x0a, 0x00]);
        assert_eq!(count_length_delimited(&bytes, 1), Ok(3));
        assert_eq!(count_length_delimited(&bytes, 2), Ok(1));
        assert_eq!(count_length_delimited(&bytes, 12), Ok(1));
    }

    #[test]
    fn nested_occurrences_are_not_counted() {
        // Field 1 holding bytes that themselves look like field-1 items.
        let inner = [0x0a, 0x00, 0x0a, 0x00, 0x0a, 0x00];
        let mut bytes = vec![0x0a, inner.len() as u8];
        bytes.extend_from_slice(&inner);
        assert_eq!(count_length_delimited(&bytes, 1), Ok(1));
    }

    #[test]
    fn a_hostile_body_of_empty_items_is_counted_in_one_pass() {
        let bytes = [0x0a, 0x00].repeat(2_097_144);
        assert_eq!(count_length_delimited(&bytes, 1), Ok(2_097_144));
    }

    #[test]
    fn malformed_bytes_are_an_error_not_a_panic() {
        assert_eq!(
            count_length_delimited(&[0x0a, 0x05, 0x00], 1),
            Err(ScanError::Truncated)
        );
        assert_eq!(
            count_length_delimited(&[0x0a], 1),
            Err(ScanError::Truncated)
        );
        assert_eq!(
            count_length_delimited(&[0x80; 11], 1),
            Err(ScanError::VarintTooLong)
        );
        assert_eq!(
            count_length_delimited(&[0x0b], 1),
            Err(ScanError::Unsupported)
        );
        assert_eq!(
            count_length_delimited(&[0x02, 0x00], 1),
            Err(ScanError::Unsupported)
        );
        // A length near u64::MAX.
        let mut huge = vec![0x0a];
        huge.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
        assert_eq!(count_length_delimited(&huge, 1), Err(ScanError::Truncated));
    }
}
