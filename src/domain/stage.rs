//! The four relationship stages of the TECP value chain and the Model A tiers
//! they are compared with.

use std::fmt;

use strum::{EnumCount, IntoStaticStr, VariantArray};

use super::variants::variant_array;

/// A relationship stage (Model B), ordered from the base of the pyramid to its
/// top: `Transactional < Enhanced < Collaborative < Partnership`.
///
/// The source article numbers the stages top-down (Partnership is stage 1); see
/// [`Stage::top_down_number`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, EnumCount, VariantArray, IntoStaticStr,
)]
#[strum(serialize_all = "lowercase")]
pub enum Stage {
    /// Article stage 4: buy-from / sell-to (reseller).
    Transactional,
    /// Article stage 3: value-added reseller.
    Enhanced,
    /// Article stage 2: partnering on purpose.
    Collaborative,
    /// Article stage 1: shared risk, shared reward.
    Partnership,
}

impl Stage {
    /// Every stage, from the base of the pyramid to its top.
    pub const ALL: [Stage; Stage::COUNT] = variant_array(Stage::VARIANTS);

    /// The stages above the base, which a partner has to earn.
    pub const UPPER: [Stage; 3] = [Stage::Enhanced, Stage::Collaborative, Stage::Partnership];

    /// Position counted from the base: 1 (Transactional) to 4 (Partnership).
    pub fn level(self) -> u8 {
        match self {
            Stage::Transactional => 1,
            Stage::Enhanced => 2,
            Stage::Collaborative => 3,
            Stage::Partnership => 4,
        }
    }

    /// The source article's number, counted top-down: 1 (Partnership) to 4
    /// (Transactional).
    pub fn top_down_number(self) -> u8 {
        5 - self.level()
    }

    /// The next stage up the chain, if any.
    pub fn next_up(self) -> Option<Stage> {
        match self {
            Stage::Transactional => Some(Stage::Enhanced),
            Stage::Enhanced => Some(Stage::Collaborative),
            Stage::Collaborative => Some(Stage::Partnership),
            Stage::Partnership => None,
        }
    }

    /// Number of steps from `self` up to `other` (negative when `other` is
    /// below).
    pub fn steps_to(self, other: Stage) -> i8 {
        other.level() as i8 - self.level() as i8
    }

    /// The stage's name with its indefinite article, e.g. `"an Enhanced"`,
    /// `"a Partnership"`.
    pub fn with_article(self) -> &'static str {
        match self {
            Stage::Transactional => "a Transactional",
            Stage::Enhanced => "an Enhanced",
            Stage::Collaborative => "a Collaborative",
            Stage::Partnership => "a Partnership",
        }
    }

    /// Lower-case key used in configuration, e.g. `"enhanced"`.
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// Index in [`Stage::ALL`].
    pub fn index(self) -> usize {
        usize::from(self.level() - 1)
    }
}

/// The stage's name, e.g. `Enhanced`.
impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// A Model A tier: segmentation by money and loyalty, lowest first. Displays
/// as its name, e.g. `Gold`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    EnumCount,
    VariantArray,
    strum::Display,
)]
pub enum ModelATier {
    /// Below every Silver cut-off.
    Registered,
    /// Meets the Silver cut-offs.
    Silver,
    /// Meets the Gold cut-offs.
    Gold,
    /// Meets the Platinum cut-offs.
    Platinum,
}

impl ModelATier {
    /// Every tier, lowest first.
    pub const ALL: [ModelATier; ModelATier::COUNT] = variant_array(ModelATier::VARIANTS);

    /// Position counted from the lowest tier: 1 (Registered) to 4 (Platinum),
    /// comparable with [`Stage::level`].
    pub fn level(self) -> u8 {
        match self {
            ModelATier::Registered => 1,
            ModelATier::Silver => 2,
            ModelATier::Gold => 3,
            ModelATier::Platinum => 4,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_down_numbers_count_from_the_tip() {
        assert_eq!(Stage::Partnership.top_down_number(), 1);
        assert_eq!(Stage::Collaborative.top_down_number(), 2);
        assert_eq!(Stage::Enhanced.top_down_number(), 3);
        assert_eq!(Stage::Transactional.top_down_number(), 4);
    }

    #[test]
    fn names_and_keys() {
        let names: Vec<String> = Stage::ALL.iter().map(Stage::to_string).collect();
        assert_eq!(
            names,
            ["Transactional", "Enhanced", "Collaborative", "Partnership"]
        );
        let keys: Vec<&str> = Stage::ALL.iter().map(|s| s.key()).collect();
        assert_eq!(
            keys,
            ["transactional", "enhanced", "collaborative", "partnership"]
        );
        let tiers: Vec<String> = ModelATier::ALL.iter().map(ModelATier::to_string).collect();
        assert_eq!(tiers, ["Registered", "Silver", "Gold", "Platinum"]);
    }

    #[test]
    fn order_follows_depth_of_relationship() {
        assert!(Stage::ALL.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(Stage::Transactional.steps_to(Stage::Partnership), 3);
        assert_eq!(Stage::Partnership.steps_to(Stage::Enhanced), -2);
        assert_eq!(Stage::Partnership.next_up(), None);
        for (i, s) in Stage::ALL.iter().enumerate() {
            assert_eq!(s.index(), i);
        }
    }
}
