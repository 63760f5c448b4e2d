//! Fields a pyramid report and a partial share: the currency, the labels
//! of a group, a rejected partner.

use crate::{
    domain::{
        partner::currency_code::CurrencyCode,
        pyramid::{GroupKey, RejectedPartner},
    },
    proto,
};

/// The currency code, empty when unknown.
pub(super) fn currency(c: Option<CurrencyCode>) -> String {
    c.map(|c| c.as_str().to_owned()).unwrap_or_default()
}

/// The labels of the group `key`, one per key of `keys`.
pub(super) fn group_labels(keys: &[String], key: &GroupKey) -> Vec<proto::GroupLabel> {
    keys.iter()
        .zip(&key.0)
        .map(|(k, v)| proto::GroupLabel {
            key: k.clone(),
            value: v.clone(),
        })
        .collect()
}

/// A rejected partner.
pub(super) fn rejected(r: &RejectedPartner) -> proto::RejectedPartner {
    proto::RejectedPartner {
        partner_id: r.partner_id.clone(),
        fields: r.fields.clone(),
        reason: r.reason.clone(),
    }
}
