//! The RPC methods this server serves, read from the same descriptor sets
//! that feed reflection, so that methods added to the contract are known
//! without code here. Telemetry labels a path only with a known service and
//! method: anything else is `_OTHER`.

use std::{collections::HashMap, sync::Arc};

use prost::Message;

use super::semconv::OTHER;

/// Known `/{service}/{method}` paths.
#[derive(Debug, Clone, Default)]
pub struct RpcCatalog {
    methods: HashMap<String, RpcName>,
    other: RpcName,
}

/// The service and method of one RPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcName {
    /// Full service name, e.g. `stage_scoring.v1.StageScoringService`.
    pub service: Arc<str>,
    /// Method name, e.g. `ClassifyPartner`.
    pub method: Arc<str>,
}

impl Default for RpcName {
    fn default() -> Self {
        Self {
            service: OTHER.into(),
            method: OTHER.into(),
        }
    }
}

impl RpcName {
    /// `service/method`, the span name the conventions ask for.
    pub fn span_name(&self) -> String {
        format!("{}/{}", self.service, self.method)
    }
}

impl RpcCatalog {
    /// Everything this server mounts: the contract, health and reflection.
    pub fn served() -> Self {
        Self::from_descriptor_sets(&[
            crate::proto::FILE_DESCRIPTOR_SET,
            tonic_health::pb::FILE_DESCRIPTOR_SET,
            tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET,
            tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET,
        ])
    }

    /// The services and methods of encoded `FileDescriptorSet`s (sets that
    /// do not decode are skipped).
    pub fn from_descriptor_sets(sets: &[&[u8]]) -> Self {
        let mut methods = HashMap::new();
        for set in sets {
            let Ok(set) = prost_types::FileDescriptorSet::decode(*set) else {
                continue;
            };
            for file in set.file {
                let package = file.package.unwrap_or_default();
                for service in file.service {
                    let name = service.name.unwrap_or_default();
                    let full: Arc<str> = if package.is_empty() {
                        name.into()
                    } else {
                        format!("{package}.{name}").into()
                    };
                    for method in service.method {
                        let method: Arc<str> = method.name.unwrap_or_default().into();
                        methods.insert(
                            format!("/{full}/{method}"),
                            RpcName {
                                service: full.clone(),
                                method,
                            },
                        );
                    }
                }
            }
        }
        Self {
            methods,
            other: RpcName::default(),
        }
    }

    /// The RPC named by an HTTP/2 `:path`; `_OTHER` for unknown paths.
    pub fn resolve(&self, path: &str) -> &RpcName {
        self.methods.get(path).unwrap_or(&self.other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_contract_health_and_reflection() {
        let catalog = RpcCatalog::served();
        let classify = catalog.resolve("/stage_scoring.v1.StageScoringService/ClassifyPartner");
        assert_eq!(&*classify.service, "stage_scoring.v1.StageScoringService");
        assert_eq!(&*classify.method, "ClassifyPartner");
        assert_eq!(
            classify.span_name(),
            "stage_scoring.v1.StageScoringService/ClassifyPartner"
        );
        assert_eq!(
            &*catalog.resolve("/grpc.health.v1.Health/Check").method,
            "Check"
        );
        assert_eq!(
            &*catalog
                .resolve("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo")
                .service,
            "grpc.reflection.v1.ServerReflection"
        );
    }

    #[test]
    fn unknown_paths_are_other() {
        let catalog = RpcCatalog::served();
        for path in [
            "/x.Y/Z",
            "/stage_scoring.v1.StageScoringService/Nope",
            "/",
            "",
        ] {
            let name = catalog.resolve(path);
            assert_eq!((&*name.service, &*name.method), (OTHER, OTHER), "{path}");
        }
    }
}
