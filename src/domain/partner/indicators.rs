//! One partner's indicators, as the scoring model reads them, and the
//! [`Indicator`] enum addressing each of them. Every indicator is optional:
//! `None` means unknown, never zero.
//!
//! Both are expanded from the indicator catalogue
//! ([`for_each_indicator!`](super::catalogue)): one section struct per
//! section of the catalogue, one field and one [`Indicator`] per row.

use super::{
    catalogue::for_each_indicator,
    currency_code::CurrencyCode,
    labels::Labels,
    partner_id::PartnerId,
    units::{Count, Fraction, Money, Quantity},
};
use crate::domain::stage::Stage;

/// Where an indicator lives in the payload, and what it feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorGroup {
    /// Money and loyalty.
    ModelA,
    /// Hallmarks of a stage.
    Hallmark(Stage),
    /// Relationship quality.
    Quality,
    /// Host effort.
    Effort,
    /// Partner commitment.
    Commitment,
    /// Economics.
    Economics,
    /// Intent.
    Intent,
}

/// The unit of an indicator's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A money amount in the partner's currency ([`Money`]).
    Money,
    /// A whole number ([`Count`]).
    Count,
    /// A share or score from 0 to 1 ([`Fraction`]).
    Fraction,
    /// Hours or full-time equivalents ([`Quantity`]).
    Quantity,
    /// Yes or no.
    Flag,
    /// A relationship stage.
    Stage,
}

/// How the model reads an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReadAs {
    /// As supplied, in its own unit.
    Supplied,
    /// As a share of the partner's revenue (unknown while revenue is).
    ShareOfRevenue,
}

/// A type an indicator's value has.
pub trait IndicatorValue: Copy {
    /// The unit of the values of this type.
    const UNIT: Unit;

    /// The value as a number in its own unit: booleans as 0 or 1, stages as
    /// their level 1..4.
    fn as_number(self) -> f64;
}

impl IndicatorValue for Money {
    const UNIT: Unit = Unit::Money;

    fn as_number(self) -> f64 {
        self.get()
    }
}

impl IndicatorValue for Count {
    const UNIT: Unit = Unit::Count;

    fn as_number(self) -> f64 {
        f64::from(self.get())
    }
}

impl IndicatorValue for Fraction {
    const UNIT: Unit = Unit::Fraction;

    fn as_number(self) -> f64 {
        self.get()
    }
}

impl IndicatorValue for Quantity {
    const UNIT: Unit = Unit::Quantity;

    fn as_number(self) -> f64 {
        self.get()
    }
}

impl IndicatorValue for bool {
    const UNIT: Unit = Unit::Flag;

    fn as_number(self) -> f64 {
        if self { 1.0 } else { 0.0 }
    }
}

impl IndicatorValue for Stage {
    const UNIT: Unit = Unit::Stage;

    fn as_number(self) -> f64 {
        f64::from(self.level())
    }
}

/// Expands the catalogue into [`PartnerIndicators`], its section structs,
/// [`Indicator`] and the per-indicator facts.
macro_rules! partner_indicators {
    ($(
        $(#[$section_doc:meta])*
        $section:ident: $Section:ident {
            $(
                $(#[$doc:meta])*
                $Variant:ident $field:ident: $Type:ident,
                $group:ident $(($stage:ident))?, $read_as:ident;
            )*
        }
    )*) => {
        /// Everything known about one partner at one moment. Flows cover the
        /// trailing twelve months.
        #[derive(Debug, Clone, PartialEq)]
        pub struct PartnerIndicators {
            /// The partner's id.
            pub partner_id: PartnerId,
            /// Labels used to group pyramids.
            pub labels: Labels,
            /// Currency of every money amount; present whenever one is.
            pub currency: Option<CurrencyCode>,
            $(
                $(#[$section_doc])*
                pub $section: $Section,
            )*
        }

        impl PartnerIndicators {
            /// A partner of whom only the id is known.
            pub fn new(partner_id: PartnerId) -> Self {
                Self {
                    partner_id,
                    labels: Labels::default(),
                    currency: None,
                    $($section: $Section::default(),)*
                }
            }
        }

        $(
            $(#[$section_doc])*
            #[derive(Debug, Clone, Copy, Default, PartialEq)]
            pub struct $Section {
                $(
                    $(#[$doc])*
                    pub $field: Option<$Type>,
                )*
            }
        )*

        /// Every indicator the model can read, named after its field path.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Indicator {
            $($(
                $(#[$doc])*
                $Variant,
            )*)*
        }

        impl Indicator {
            /// Number of indicators.
            pub const COUNT: usize = [$($(stringify!($Variant),)*)*].len();

            /// Every indicator, in payload order.
            pub const ALL: [Indicator; Self::COUNT] = [$($(Indicator::$Variant,)*)*];

            /// The field path in the payload, e.g. `"quality.trust"`.
            pub fn path(self) -> &'static str {
                match self {
                    $($(
                        Indicator::$Variant => {
                            concat!(stringify!($section), ".", stringify!($field))
                        }
                    )*)*
                }
            }

            /// The last segment of the path, used as the key in
            /// configuration.
            pub fn name(self) -> &'static str {
                match self {
                    $($(Indicator::$Variant => stringify!($field),)*)*
                }
            }

            /// What the indicator feeds.
            pub fn group(self) -> IndicatorGroup {
                match self {
                    $($(
                        Indicator::$Variant => IndicatorGroup::$group $((Stage::$stage))?,
                    )*)*
                }
            }

            /// The unit of its value.
            pub fn unit(self) -> Unit {
                match self {
                    $($(Indicator::$Variant => <$Type as IndicatorValue>::UNIT,)*)*
                }
            }

            /// How the model reads it.
            pub fn read_as(self) -> ReadAs {
                match self {
                    $($(Indicator::$Variant => ReadAs::$read_as,)*)*
                }
            }

            /// The value supplied, in the field's own unit (booleans as 0 or
            /// 1, stages as their level 1..4), or `None` when unknown.
            pub fn supplied_value(self, p: &PartnerIndicators) -> Option<f64> {
                match self {
                    $($(
                        Indicator::$Variant => p.$section.$field.map(IndicatorValue::as_number),
                    )*)*
                }
            }
        }
    };
}

for_each_indicator!(partner_indicators);

impl Indicator {
    /// Finds an indicator by [`Indicator::name`].
    pub fn from_name(name: &str) -> Option<Indicator> {
        Self::ALL.into_iter().find(|i| i.name() == name)
    }

    /// Finds an indicator by [`Indicator::path`].
    pub fn from_path(path: &str) -> Option<Indicator> {
        Self::ALL.into_iter().find(|i| i.path() == path)
    }

    /// Whether the model reads this indicator as a share of revenue.
    pub fn is_share_of_revenue(self) -> bool {
        self.read_as() == ReadAs::ShareOfRevenue
    }

    /// The value as the model reads it: [`Indicator::supplied_value`], except
    /// for amounts read as a share of revenue, which are divided by revenue
    /// (and unknown while revenue is unknown). Always finite and at most 1e15.
    pub fn read_value(self, p: &PartnerIndicators) -> Option<f64> {
        let value = self.supplied_value(p)?;
        if !self.is_share_of_revenue() {
            return Some(value);
        }
        let revenue = p.model_a.revenue?.get();
        Some(share_of(value, revenue))
    }
}

/// Whether a partner carries any money amount.
pub fn carries_money(p: &PartnerIndicators) -> bool {
    Indicator::ALL
        .into_iter()
        .any(|i| i.unit() == Unit::Money && i.supplied_value(p).is_some())
}

/// `amount / base`, capped at [`Money::MAX`]; a positive amount over a zero
/// base reads as the cap, zero over zero as zero.
pub fn share_of(amount: f64, base: f64) -> f64 {
    if base > 0.0 {
        (amount / base).min(Money::MAX)
    } else if amount > 0.0 {
        Money::MAX
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for indicator in Indicator::ALL {
            assert_eq!(Indicator::from_name(indicator.name()), Some(indicator));
        }
        assert_eq!(Indicator::from_name("nonsense"), None);
    }

    #[test]
    fn unknown_indicators_read_as_none() {
        let p = PartnerIndicators::new(PartnerId::parse("p").unwrap());
        for indicator in Indicator::ALL {
            assert_eq!(indicator.read_value(&p), None, "{}", indicator.path());
        }
    }

    #[test]
    fn spend_reads_as_share_of_revenue() {
        let mut p = PartnerIndicators::new(PartnerId::parse("p").unwrap());
        p.effort.enablement_spend = Some(Money::parse(5_000.0).unwrap());
        assert_eq!(Indicator::EnablementSpend.read_value(&p), None);
        p.model_a.revenue = Some(Money::parse(100_000.0).unwrap());
        assert_eq!(Indicator::EnablementSpend.read_value(&p), Some(0.05));
        p.model_a.revenue = Some(Money::parse(0.0).unwrap());
        assert_eq!(Indicator::EnablementSpend.read_value(&p), Some(Money::MAX));
        assert_eq!(share_of(0.0, 0.0), 0.0);
    }

    #[test]
    fn the_catalogue_lists_thirty_indicators_with_unique_paths() {
        assert_eq!(Indicator::COUNT, 30);
        let mut paths: Vec<&str> = Indicator::ALL.iter().map(|i| i.path()).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), Indicator::COUNT);
        for indicator in Indicator::ALL {
            assert_eq!(Indicator::from_path(indicator.path()), Some(indicator));
            assert!(
                indicator
                    .path()
                    .ends_with(&format!(".{}", indicator.name()))
            );
        }
        assert_eq!(Indicator::from_path("trust"), None);
    }

    #[test]
    fn rows_carry_their_group_unit_and_reading() {
        assert_eq!(Indicator::Revenue.path(), "model_a.revenue");
        assert_eq!(Indicator::Revenue.group(), IndicatorGroup::ModelA);
        assert_eq!(
            Indicator::DealCount.group(),
            IndicatorGroup::Hallmark(Stage::Transactional)
        );
        assert_eq!(
            Indicator::SharedRiskReward.group(),
            IndicatorGroup::Hallmark(Stage::Partnership)
        );
        assert_eq!(Indicator::Trust.unit(), Unit::Fraction);
        assert_eq!(Indicator::ExecutiveSponsor.unit(), Unit::Flag);
        assert_eq!(Indicator::HostIntendedStage.unit(), Unit::Stage);
        let money: Vec<&str> = Indicator::ALL
            .into_iter()
            .filter(|i| i.unit() == Unit::Money)
            .map(Indicator::path)
            .collect();
        assert_eq!(
            money,
            [
                "model_a.revenue",
                "effort.enablement_spend",
                "commitment.co_investment",
                "economics.cost_of_sale"
            ]
        );
        let shares: Vec<Indicator> = Indicator::ALL
            .into_iter()
            .filter(|i| i.is_share_of_revenue())
            .collect();
        assert_eq!(
            shares,
            [Indicator::EnablementSpend, Indicator::CoInvestment]
        );
    }

    #[test]
    fn supplied_values_are_numbers_in_their_own_unit() {
        let mut p = PartnerIndicators::new(PartnerId::parse("p").unwrap());
        p.collaboration.joint_strategy = Some(true);
        p.resale.resells_offering = Some(false);
        p.model_a.certifications = Some(Count::parse(7).unwrap());
        p.intent.partner_desired_stage = Some(Stage::Collaborative);
        assert_eq!(Indicator::JointStrategy.supplied_value(&p), Some(1.0));
        assert_eq!(Indicator::ResellsOffering.supplied_value(&p), Some(0.0));
        assert_eq!(Indicator::Certifications.supplied_value(&p), Some(7.0));
        assert_eq!(Indicator::PartnerDesiredStage.supplied_value(&p), Some(3.0));
        assert!(!carries_money(&p));
        p.economics.cost_of_sale = Some(Money::parse(1.0).unwrap());
        assert!(carries_money(&p));
    }
}
