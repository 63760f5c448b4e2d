//! Every domain enum <-> protobuf enum mapping, in one place: `From` each
//! domain value to its protobuf value, `TryFrom` each protobuf value back
//! (only `*_UNSPECIFIED` names no domain value), and, through [`WireEnum`],
//! to and from the `i32` a message field carries.

use crate::{
    domain::{
        ModelATier, Stage,
        pyramid::{findings::FindingCode, health::HealthStatus, shape::Shape},
        scoring::{
            explanation::RequirementStatus,
            warnings::{Severity, WarningCode},
        },
    },
    proto,
};

/// A protobuf enum's `*_UNSPECIFIED` value (0), which names no domain value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the enum value is unspecified")]
pub struct Unspecified;

/// Why an enum number carried by a message names no domain value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EnumValueError {
    /// The `*_UNSPECIFIED` value, 0.
    #[error("{enum_name} is unspecified")]
    Unspecified {
        /// The contract's name of the enum, e.g. `Stage`.
        enum_name: &'static str,
    },
    /// A number the contract does not define.
    #[error("{value} is not a {enum_name} value")]
    Unknown {
        /// The contract's name of the enum, e.g. `Stage`.
        enum_name: &'static str,
        /// The number received.
        value: i32,
    },
}

/// A domain enum with a protobuf counterpart, whose 0 is `*_UNSPECIFIED`.
pub trait WireEnum: Copy {
    /// The generated protobuf enum.
    type Proto: Into<i32> + TryFrom<i32>;

    /// The contract's name of the enum, e.g. `Stage`.
    const NAME: &'static str;

    /// The protobuf value.
    fn to_proto(self) -> Self::Proto;

    /// The domain value of a protobuf value.
    fn from_proto(proto: Self::Proto) -> Result<Self, Unspecified>;

    /// The number a message field carries for this value.
    fn to_wire(self) -> i32 {
        self.to_proto().into()
    }

    /// The number a message field carries for `value`: 0
    /// (`*_UNSPECIFIED`) for `None`.
    fn to_wire_or_unspecified(value: Option<Self>) -> i32 {
        value.map_or(0, Self::to_wire)
    }

    /// The domain value of the number a message field carries.
    fn from_wire(number: i32) -> Result<Self, EnumValueError> {
        let proto = Self::Proto::try_from(number).map_err(|_| EnumValueError::Unknown {
            enum_name: Self::NAME,
            value: number,
        })?;
        Self::from_proto(proto).map_err(|Unspecified| EnumValueError::Unspecified {
            enum_name: Self::NAME,
        })
    }
}

/// `From`, `TryFrom` and [`WireEnum`] for a domain enum and its protobuf
/// enum, variant by variant.
macro_rules! wire_enum {
    ($Domain:ident <=> $Proto:ident { $($variant:ident <=> $proto_variant:ident),+ $(,)? }) => {
        impl From<$Domain> for proto::$Proto {
            fn from(value: $Domain) -> Self {
                match value {
                    $($Domain::$variant => proto::$Proto::$proto_variant,)+
                }
            }
        }

        impl TryFrom<proto::$Proto> for $Domain {
            type Error = Unspecified;

            fn try_from(value: proto::$Proto) -> Result<Self, Unspecified> {
                match value {
                    proto::$Proto::Unspecified => Err(Unspecified),
                    $(proto::$Proto::$proto_variant => Ok($Domain::$variant),)+
                }
            }
        }

        impl WireEnum for $Domain {
            type Proto = proto::$Proto;

            const NAME: &'static str = stringify!($Proto);

            fn to_proto(self) -> proto::$Proto {
                self.into()
            }

            fn from_proto(proto: proto::$Proto) -> Result<Self, Unspecified> {
                proto.try_into()
            }
        }
    };
}

wire_enum!(Stage <=> Stage {
    Transactional <=> Transactional,
    Enhanced <=> Enhanced,
    Collaborative <=> Collaborative,
    Partnership <=> Partnership,
});

wire_enum!(ModelATier <=> ModelATier {
    Registered <=> Registered,
    Silver <=> Silver,
    Gold <=> Gold,
    Platinum <=> Platinum,
});

wire_enum!(WarningCode <=> WarningCode {
    EffortAboveIntent <=> EffortAboveIntent,
    EffortBelowIntent <=> EffortBelowIntent,
    IntentSkipsStage <=> IntentSkipsStage,
    IntentMismatch <=> IntentMismatch,
    OneSidedCommitment <=> OneSidedCommitment,
    QualityBelowStage <=> QualityBelowStage,
    ModelDivergence <=> ModelDivergence,
    CostOfSaleOutOfLine <=> CostOfSaleOutOfLine,
    InsufficientEvidence <=> InsufficientEvidence,
    LadderGap <=> LadderGap,
    SalesFocusOnTransactional <=> SalesFocusOnTransactional,
});

wire_enum!(Severity <=> Severity {
    Info <=> Info,
    Warning <=> Warning,
    Critical <=> Critical,
});

wire_enum!(RequirementStatus <=> RequirementStatus {
    Missing <=> Missing,
    BelowTarget <=> BelowTarget,
});

wire_enum!(Shape <=> PyramidShape {
    Empty <=> Empty,
    Proper <=> Proper,
    TooFlat <=> TooFlat,
    TopHeavy <=> TopHeavy,
    Inverted <=> Inverted,
});

wire_enum!(HealthStatus <=> PyramidHealthStatus {
    NoData <=> NoData,
    Healthy <=> Healthy,
    AtRisk <=> AtRisk,
    Unhealthy <=> Unhealthy,
});

wire_enum!(FindingCode <=> PyramidFindingCode {
    NoPartners <=> NoPartners,
    FewPartners <=> FewPartners,
    TooFlat <=> TooFlat,
    TopHeavy <=> TopHeavy,
    Inverted <=> Inverted,
    BaseAbsorbsAttention <=> BaseAbsorbsAttention,
    EffortWasted <=> EffortWasted,
    EffortMissing <=> EffortMissing,
    CostOfSaleNotFalling <=> CostOfSaleNotFalling,
    JourneyValueNotShown <=> JourneyValueNotShown,
    ModelsDisagree <=> ModelsDisagree,
    QualityHoldsBack <=> QualityHoldsBack,
    ThinEvidence <=> ThinEvidence,
    PartnersRejected <=> PartnersRejected,
});

#[cfg(test)]
mod tests {
    use super::*;

    /// Every domain value maps to a distinct non-zero number and back; 0
    /// is unspecified and the number after the last is unknown.
    fn round_trips<T: WireEnum + PartialEq + std::fmt::Debug>(all: &[T]) {
        let mut numbers: Vec<i32> = all.iter().map(|v| v.to_wire()).collect();
        for (value, number) in all.iter().zip(&numbers) {
            assert_ne!(*number, 0, "{value:?}");
            assert_eq!(T::from_wire(*number), Ok(*value));
        }
        assert_eq!(
            T::from_wire(0),
            Err(EnumValueError::Unspecified { enum_name: T::NAME })
        );
        let past = all.len() as i32 + 1;
        assert_eq!(
            T::from_wire(past),
            Err(EnumValueError::Unknown {
                enum_name: T::NAME,
                value: past
            })
        );
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers.len(), all.len());
    }

    #[test]
    fn every_enum_round_trips_through_the_wire() {
        round_trips(&Stage::ALL);
        round_trips(&ModelATier::ALL);
        round_trips(&WarningCode::ALL);
        round_trips(&[Severity::Info, Severity::Warning, Severity::Critical]);
        round_trips(&[RequirementStatus::Missing, RequirementStatus::BelowTarget]);
        round_trips(&[
            Shape::Empty,
            Shape::Proper,
            Shape::TooFlat,
            Shape::TopHeavy,
            Shape::Inverted,
        ]);
        round_trips(&[
            HealthStatus::NoData,
            HealthStatus::Healthy,
            HealthStatus::AtRisk,
            HealthStatus::Unhealthy,
        ]);
        round_trips(&FindingCode::ALL);
    }

    #[test]
    fn stages_keep_the_contract_numbers() {
        assert_eq!(Stage::Transactional.to_wire(), 1);
        assert_eq!(Stage::Partnership.to_wire(), 4);
        assert_eq!(Stage::to_wire_or_unspecified(None), 0);
        assert_eq!(
            proto::Stage::from(Stage::Collaborative),
            proto::Stage::Collaborative
        );
        assert_eq!(Stage::try_from(proto::Stage::Unspecified), Err(Unspecified));
        assert_eq!(
            EnumValueError::Unknown {
                enum_name: "Stage",
                value: 9
            }
            .to_string(),
            "9 is not a Stage value"
        );
    }
}
