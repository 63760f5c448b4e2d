//! The contract's messages and enums by full name, read once from the
//! descriptor set compiled into the binary: what the lenient JSON reader and
//! the OpenAPI generator walk.

use std::{collections::BTreeMap, sync::OnceLock};

use prost::Message;
use prost_types::{DescriptorProto, EnumDescriptorProto, FileDescriptorSet};

use crate::proto::FILE_DESCRIPTOR_SET;

/// Messages and enums of the descriptor set, keyed by full name with a
/// leading dot (`.stage_scoring.v1.PartnerIndicators`), as field
/// `type_name`s refer to them.
#[derive(Debug, Default)]
pub struct Descriptors {
    /// Every message, nested ones included.
    pub messages: BTreeMap<String, DescriptorProto>,
    /// Every enum, nested ones included.
    pub enums: BTreeMap<String, EnumDescriptorProto>,
    /// The files, in the order of the set.
    pub set: FileDescriptorSet,
}

impl Descriptors {
    /// The contract's descriptors, decoded on first use.
    pub fn contract() -> &'static Self {
        static CONTRACT: OnceLock<Descriptors> = OnceLock::new();
        CONTRACT.get_or_init(|| {
            Self::from_set(
                FileDescriptorSet::decode(FILE_DESCRIPTOR_SET)
                    .expect("the descriptor set compiled in by build.rs decodes"),
            )
        })
    }

    /// Indexes `set`.
    pub fn from_set(set: FileDescriptorSet) -> Self {
        let mut index = Self::default();
        for file in &set.file {
            let scope = match file.package() {
                "" => String::new(),
                package => format!(".{package}"),
            };
            for message in &file.message_type {
                index.add_message(&scope, message);
            }
            for e in &file.enum_type {
                index
                    .enums
                    .insert(format!("{scope}.{}", e.name()), e.clone());
            }
        }
        index.set = set;
        index
    }

    fn add_message(&mut self, scope: &str, message: &DescriptorProto) {
        let name = format!("{scope}.{}", message.name());
        for nested in &message.nested_type {
            self.add_message(&name, nested);
        }
        for e in &message.enum_type {
            self.enums.insert(format!("{name}.{}", e.name()), e.clone());
        }
        self.messages.insert(name, message.clone());
    }

    /// The message named `name` (leading dot).
    pub fn message(&self, name: &str) -> Option<&DescriptorProto> {
        self.messages.get(name)
    }

    /// The enum named `name` (leading dot).
    pub fn enumeration(&self, name: &str) -> Option<&EnumDescriptorProto> {
        self.enums.get(name)
    }
}

/// The prefix shared by an enum's value names, e.g. `STAGE_` for
/// `STAGE_UNSPECIFIED`, `STAGE_TRANSACTIONAL`, ...: what CRM data leaves
/// out ("TRANSACTIONAL").
pub fn enum_value_prefix(e: &EnumDescriptorProto) -> String {
    let names: Vec<&str> = e.value.iter().map(|v| v.name()).collect();
    let Some(first) = names.first() else {
        return String::new();
    };
    let mut prefix_len = first.len();
    for name in &names[1..] {
        prefix_len = first
            .bytes()
            .zip(name.bytes())
            .take(prefix_len)
            .take_while(|(a, b)| a == b)
            .count();
    }
    // Back to the last underscore, so that a prefix never cuts a word.
    first[..prefix_len]
        .rfind('_')
        .map_or(String::new(), |i| first[..=i].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contract_is_indexed() {
        let d = Descriptors::contract();
        let partner = d.message(".stage_scoring.v1.PartnerIndicators").unwrap();
        assert!(partner.field.iter().any(|f| f.name() == "partner_id"));
        // The map entry of `labels` is a nested message.
        assert!(
            d.message(".stage_scoring.v1.PartnerIndicators.LabelsEntry")
                .is_some()
        );
        let stage = d.enumeration(".stage_scoring.v1.Stage").unwrap();
        assert_eq!(enum_value_prefix(stage), "STAGE_");
    }
}
