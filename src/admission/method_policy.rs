//! What each method may send, from the `[limits]` section: the largest
//! request message, whether its request is a single message (unary or
//! server-streaming: the whole body must arrive within the body timeout),
//! and for the batch-like methods the repeated field whose items are
//! counted before decoding.

use crate::config::LimitSettings;

const SCORING: &str = "/stage_scoring.v1.StageScoringService/";
const HEALTH: &str = "/grpc.health.v1.Health/";

/// The item count of a batch-like request, checked before decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemLimit {
    /// Field number of the repeated item field (top level).
    pub field_number: u32,
    /// Most items accepted.
    pub max_items: u32,
    /// Which method (for the refusal's wording).
    pub kind: ItemLimitKind,
}

/// Which batch-like method an [`ItemLimit`] belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemLimitKind {
    /// `BatchClassifyPartners` (`limits.batch_max_partners`).
    Batch,
    /// `AnalyzePyramid` (`limits.pyramid_max_partners`).
    Pyramid,
}

/// The admission rules of one method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodPolicy {
    /// Largest request message, in bytes.
    pub max_message_bytes: u32,
    /// Name of the `[limits]` key setting it (for the refusal's wording).
    pub limit_key: &'static str,
    /// The request is one message (not a client stream).
    pub single_request: bool,
    /// A health check (own budget, never shed with the scoring calls).
    pub health: bool,
    /// Items counted before decoding, for the batch-like methods.
    pub items: Option<ItemLimit>,
}

/// The policies of every path, built once from the limits.
#[derive(Debug, Clone, Copy)]
pub struct MethodPolicies {
    limits: LimitSettings,
}

impl MethodPolicies {
    /// Policies from `limits`.
    pub fn new(limits: LimitSettings) -> Self {
        Self { limits }
    }

    /// The policy of the request path `path` (`/{service}/{method}`).
    pub fn for_path(&self, path: &str) -> MethodPolicy {
        let l = &self.limits;
        let policy = |max_message_bytes, limit_key, single_request| MethodPolicy {
            max_message_bytes,
            limit_key,
            single_request,
            health: false,
            items: None,
        };
        if let Some(method) = path.strip_prefix(HEALTH) {
            return MethodPolicy {
                health: true,
                ..policy(
                    l.other_max_request_bytes,
                    "other_max_request_bytes",
                    // Check and Watch both take one request.
                    method == "Check" || method == "Watch",
                )
            };
        }
        let Some(method) = path.strip_prefix(SCORING) else {
            // Reflection (a bidirectional stream) and unknown paths.
            return policy(l.other_max_request_bytes, "other_max_request_bytes", false);
        };
        match method {
            "ClassifyPartner" => policy(
                l.classify_max_request_bytes,
                "classify_max_request_bytes",
                true,
            ),
            "StreamClassifyPartners" => policy(
                l.classify_max_request_bytes,
                "classify_max_request_bytes",
                false,
            ),
            "BatchClassifyPartners" => MethodPolicy {
                items: Some(ItemLimit {
                    field_number: 1,
                    max_items: l.batch_max_partners,
                    kind: ItemLimitKind::Batch,
                }),
                ..policy(l.batch_max_request_bytes, "batch_max_request_bytes", true)
            },
            "AnalyzePyramid" => MethodPolicy {
                items: Some(ItemLimit {
                    field_number: 1,
                    max_items: l.pyramid_max_partners,
                    kind: ItemLimitKind::Pyramid,
                }),
                ..policy(
                    l.pyramid_max_request_bytes,
                    "pyramid_max_request_bytes",
                    true,
                )
            },
            "StreamAnalyzePyramid" => policy(
                l.pyramid_max_request_bytes,
                "pyramid_max_request_bytes",
                false,
            ),
            "GetScoringModel" | "MergePyramidPartials" => {
                policy(l.other_max_request_bytes, "other_max_request_bytes", true)
            }
            _ => policy(l.other_max_request_bytes, "other_max_request_bytes", false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::{AnalyzePyramidRequest, BatchClassifyPartnersRequest};
    use prost::Message;

    #[test]
    fn each_method_gets_its_own_limit() {
        let policies = MethodPolicies::new(LimitSettings::default());
        let classify = policies.for_path("/stage_scoring.v1.StageScoringService/ClassifyPartner");
        assert_eq!(classify.max_message_bytes, 64 * 1024);
        assert!(classify.single_request && classify.items.is_none());
        let batch =
            policies.for_path("/stage_scoring.v1.StageScoringService/BatchClassifyPartners");
        assert_eq!(batch.max_message_bytes, 4 * 1024 * 1024);
        assert_eq!(batch.items.unwrap().max_items, 1000);
        let pyramid = policies.for_path("/stage_scoring.v1.StageScoringService/AnalyzePyramid");
        assert_eq!(pyramid.items.unwrap().max_items, 10_000);
        let stream =
            policies.for_path("/stage_scoring.v1.StageScoringService/StreamClassifyPartners");
        assert!(!stream.single_request);
        assert!(policies.for_path("/grpc.health.v1.Health/Check").health);
        assert!(!policies.for_path("/nope.Service/Method").health);
    }

    #[test]
    fn the_counted_field_is_the_partners_field() {
        // If a field were renumbered, the count would silently be zero.
        let batch = BatchClassifyPartnersRequest {
            partners: vec![Default::default(); 3],
        };
        let pyramid = AnalyzePyramidRequest {
            partners: vec![Default::default(); 2],
            options: None,
        };
        let policies = MethodPolicies::new(LimitSettings::default());
        for (path, bytes, n) in [
            ("BatchClassifyPartners", batch.encode_to_vec(), 3),
            ("AnalyzePyramid", pyramid.encode_to_vec(), 2),
        ] {
            let items = policies
                .for_path(&format!("/stage_scoring.v1.StageScoringService/{path}"))
                .items
                .unwrap();
            let counted = crate::wire::repeated_field_count::count_length_delimited(
                &bytes,
                items.field_number,
            );
            assert_eq!(counted, Ok(n), "{path}");
        }
    }
}
