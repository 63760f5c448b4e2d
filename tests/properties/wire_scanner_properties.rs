//! The wire scanner that counts a batch's items before decoding agrees with
//! the decoder on every encoded batch, and never panics on arbitrary bytes.

use proptest::prelude::*;
use prost::Message;
use stage_scorer::{
    proto::{
        AnalyzePyramidRequest, BatchClassifyPartnersRequest, PartnerIndicators, RelationshipQuality,
    },
    wire::repeated_field_count::count_length_delimited,
};

fn partner() -> impl Strategy<Value = PartnerIndicators> {
    (
        "[a-z0-9-]{0,12}",
        "[A-Z]{0,3}",
        proptest::option::of(0.0..1.0f64),
        proptest::collection::btree_map("[a-z]{1,5}", "[a-z]{0,8}", 0..3),
    )
        .prop_map(|(id, currency, quality, labels)| PartnerIndicators {
            partner_id: id,
            currency_code: currency,
            quality: quality.map(|trust| RelationshipQuality {
                trust: Some(trust),
                ..Default::default()
            }),
            labels: labels.into_iter().collect(),
            ..Default::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_count_on_the_bytes_is_the_decoded_count(
        partners in proptest::collection::vec(partner(), 0..40),
    ) {
        let batch = BatchClassifyPartnersRequest { partners: partners.clone() };
        let bytes = batch.encode_to_vec();
        prop_assert_eq!(count_length_delimited(&bytes, 1), Ok(partners.len()));
        let pyramid = AnalyzePyramidRequest { partners, options: Some(Default::default()) };
        let bytes = pyramid.encode_to_vec();
        let decoded = AnalyzePyramidRequest::decode(&bytes[..]).unwrap();
        prop_assert_eq!(count_length_delimited(&bytes, 1), Ok(decoded.partners.len()));
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_a_count_is_never_above_what_decodes(
        bytes in proptest::collection::vec(any::<u8>(), 0..512),
    ) {
        let counted = count_length_delimited(&bytes, 1);
        if let (Ok(n), Ok(decoded)) = (counted, BatchClassifyPartnersRequest::decode(&bytes[..])) {
            prop_assert_eq!(n, decoded.partners.len());
        }
    }
}
