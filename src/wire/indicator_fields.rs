//! Every indicator of the protobuf `PartnerIndicators` addressed by its
//! [`Indicator`]: the kind of value its field holds, and how to read and
//! write it. Expanded from the indicator catalogue, whose section and field
//! names are those of the contract.

use crate::{
    domain::partner::{
        catalogue::for_each_indicator,
        indicators::{Indicator, Unit},
    },
    proto,
};

/// The kind of value an indicator's protobuf field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A `double`.
    Number,
    /// A `uint32` count.
    Count,
    /// A `bool`.
    Flag,
    /// A `Stage` enum.
    Stage,
}

impl ValueKind {
    /// The kind of field that carries values of `unit`.
    pub fn of(unit: Unit) -> Self {
        match unit {
            Unit::Money | Unit::Fraction | Unit::Quantity => ValueKind::Number,
            Unit::Count => ValueKind::Count,
            Unit::Flag => ValueKind::Flag,
            Unit::Stage => ValueKind::Stage,
        }
    }
}

/// A value of an indicator's protobuf field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A `double`.
    Number(f64),
    /// A `uint32` count.
    Count(u32),
    /// A `bool`.
    Flag(bool),
    /// A `Stage` enum number.
    Stage(i32),
}

impl Value {
    /// The kind of the value.
    pub fn kind(self) -> ValueKind {
        match self {
            Value::Number(_) => ValueKind::Number,
            Value::Count(_) => ValueKind::Count,
            Value::Flag(_) => ValueKind::Flag,
            Value::Stage(_) => ValueKind::Stage,
        }
    }
}

/// The kind of value `indicator` holds.
pub fn kind(indicator: Indicator) -> ValueKind {
    ValueKind::of(indicator.unit())
}

/// A protobuf field holding one indicator.
trait IndicatorField {
    /// The value held; `None` when unknown.
    fn value(&self) -> Option<Value>;
    /// Holds `value` from now on, when it is of the field's kind.
    fn assign(&mut self, value: Value);
}

impl IndicatorField for Option<f64> {
    fn value(&self) -> Option<Value> {
        self.map(Value::Number)
    }

    fn assign(&mut self, value: Value) {
        if let Value::Number(x) = value {
            *self = Some(x);
        }
    }
}

impl IndicatorField for Option<u32> {
    fn value(&self) -> Option<Value> {
        self.map(Value::Count)
    }

    fn assign(&mut self, value: Value) {
        if let Value::Count(n) = value {
            *self = Some(n);
        }
    }
}

impl IndicatorField for Option<bool> {
    fn value(&self) -> Option<Value> {
        self.map(Value::Flag)
    }

    fn assign(&mut self, value: Value) {
        if let Value::Flag(b) = value {
            *self = Some(b);
        }
    }
}

/// A `Stage` enum field: 0, `STAGE_UNSPECIFIED`, is unknown.
impl IndicatorField for i32 {
    fn value(&self) -> Option<Value> {
        (*self != 0).then_some(Value::Stage(*self))
    }

    fn assign(&mut self, value: Value) {
        if let Value::Stage(n) = value {
            *self = n;
        }
    }
}

/// Expands the catalogue into [`get`], [`set`] and [`add_every_section`].
macro_rules! proto_indicator_fields {
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
        /// The value of `indicator` in `msg`; `None` when unknown (a stage
        /// of 0, `STAGE_UNSPECIFIED`, is unknown).
        pub fn get(msg: &proto::PartnerIndicators, indicator: Indicator) -> Option<Value> {
            match indicator {
                $($(
                    Indicator::$Variant => msg.$section.as_ref()?.$field.value(),
                )*)*
            }
        }

        /// Sets `indicator` in `msg` to `value`, which must be of the
        /// indicator's [`kind`]; a value of another kind is ignored (and
        /// adds no section message).
        pub fn set(msg: &mut proto::PartnerIndicators, indicator: Indicator, value: Value) {
            if value.kind() != kind(indicator) {
                return;
            }
            match indicator {
                $($(
                    Indicator::$Variant => {
                        msg.$section.get_or_insert_with(Default::default).$field.assign(value)
                    }
                )*)*
            }
        }

        /// Adds every section message `msg` lacks, empty: a payload that
        /// spells out every section even where all its indicators are
        /// unknown.
        pub fn add_every_section(msg: &mut proto::PartnerIndicators) {
            $(msg.$section.get_or_insert_with(Default::default);)*
        }
    };
}

for_each_indicator!(proto_indicator_fields);

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(indicator: Indicator) -> Value {
        match kind(indicator) {
            ValueKind::Number => Value::Number(0.25),
            ValueKind::Count => Value::Count(3),
            ValueKind::Flag => Value::Flag(true),
            ValueKind::Stage => Value::Stage(proto::Stage::Enhanced as i32),
        }
    }

    #[test]
    fn every_indicator_round_trips_through_set_and_get() {
        let mut msg = proto::PartnerIndicators::default();
        for indicator in Indicator::ALL {
            assert_eq!(get(&msg, indicator), None, "{}", indicator.path());
            set(&mut msg, indicator, sample(indicator));
        }
        for indicator in Indicator::ALL {
            assert_eq!(get(&msg, indicator), Some(sample(indicator)));
        }
    }

    #[test]
    fn set_writes_the_field_its_path_names() {
        let mut msg = proto::PartnerIndicators::default();
        set(&mut msg, Indicator::Trust, Value::Number(0.5));
        set(&mut msg, Indicator::DealCount, Value::Count(4));
        set(&mut msg, Indicator::ExecutiveSponsor, Value::Flag(false));
        set(&mut msg, Indicator::PartnerDesiredStage, Value::Stage(2));
        assert_eq!(msg.quality.unwrap().trust, Some(0.5));
        assert_eq!(msg.model_a.unwrap().deal_count, Some(4));
        assert_eq!(msg.effort.unwrap().executive_sponsor, Some(false));
        assert_eq!(msg.intent.unwrap().partner_desired_stage, 2);
        assert_eq!(msg.value_add, None);
    }

    #[test]
    fn a_value_of_another_kind_is_ignored() {
        let mut msg = proto::PartnerIndicators::default();
        set(&mut msg, Indicator::Trust, Value::Count(1));
        set(&mut msg, Indicator::HostIntendedStage, Value::Number(2.0));
        assert_eq!(msg, proto::PartnerIndicators::default());
    }

    #[test]
    fn every_section_can_be_spelled_out() {
        let mut msg = proto::PartnerIndicators::default();
        add_every_section(&mut msg);
        assert!(msg.model_a.is_some() && msg.intent.is_some() && msg.economics.is_some());
        for indicator in Indicator::ALL {
            assert_eq!(get(&msg, indicator), None);
        }
    }
}
