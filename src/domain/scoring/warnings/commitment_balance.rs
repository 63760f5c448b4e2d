//! ONE_SIDED_COMMITMENT: the host's effort against the partner's commitment.

use super::{Severity, Warning, WarningCode, paths};
use crate::domain::scoring::assessment::Assessment;

/// Effort and commitment indices further apart than the model allows.
pub(super) fn decide(a: &Assessment<'_>) -> Option<Warning> {
    let effort = a.effort.effort.index?;
    let commitment = a.effort.commitment.index?;
    let gap = effort - commitment;
    if gap.abs() < a.model.warnings.one_sided_commitment_gap {
        return None;
    }
    let message = if gap > 0.0 {
        format!(
            "The host carries the relationship: effort index {effort:.2} against partner \
             commitment {commitment:.2}. Ask for commitment before investing more."
        )
    } else {
        format!(
            "The partner carries the relationship: commitment index {commitment:.2} against host \
             effort {effort:.2}. The partner may walk away unless the host responds."
        )
    };
    let indicators = a
        .effort
        .effort
        .mean
        .terms
        .iter()
        .chain(&a.effort.commitment.mean.terms)
        .map(|p| p.indicator);
    Some(Warning {
        code: WarningCode::OneSidedCommitment,
        severity: Severity::Warning,
        message,
        fields: paths(indicators),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::{
            partner::units::{Count, Quantity},
            scoring::warnings::test_support::*,
        },
    };

    #[test]
    fn host_effort_without_partner_commitment_is_one_sided() {
        let model = builtin().model;
        let mut p = with_effort(bare(), 1.0);
        p.commitment.dedicated_staff_fte = Some(Quantity::parse(0.0).unwrap());
        p.commitment.certified_staff = Some(Count::parse(0).unwrap());
        let w = decide(&Assessment::new(&model, &p)).unwrap();
        assert_eq!(w.code, WarningCode::OneSidedCommitment);
        assert!(w.message.starts_with("The host carries"));
        assert!(w.fields.contains(&"commitment.certified_staff"));
    }

    #[test]
    fn partner_commitment_without_host_effort_is_one_sided() {
        let model = builtin().model;
        let mut p = with_effort(bare(), 0.0);
        p.commitment.dedicated_staff_fte = Some(Quantity::parse(10.0).unwrap());
        p.commitment.certified_staff = Some(Count::parse(20).unwrap());
        let w = decide(&Assessment::new(&model, &p)).unwrap();
        assert!(w.message.starts_with("The partner carries"));
    }

    #[test]
    fn balanced_or_unknown_raises_nothing() {
        let model = builtin().model;
        let mut p = with_effort(bare(), 1.0);
        assert_eq!(decide(&Assessment::new(&model, &p)), None);
        p.commitment.dedicated_staff_fte = Some(Quantity::parse(5.0).unwrap());
        p.commitment.certified_staff = Some(Count::parse(10).unwrap());
        assert_eq!(decide(&Assessment::new(&model, &p)), None);
    }
}
