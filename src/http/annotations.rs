//! The `google.api.http` annotations of the contract's methods, read from
//! the descriptor set compiled into the binary. `prost_types` drops
//! extension options, so the few descriptor messages needed are declared
//! here with only the fields read (protobuf skips the others).

use http::Method;
use prost::Message;

use crate::proto::FILE_DESCRIPTOR_SET;

/// Extension number of `google.api.http` in `google.protobuf.MethodOptions`.
pub const HTTP_EXTENSION: u32 = 72_295_728;

/// One HTTP binding of an RPC, as annotated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpBinding {
    /// `package.Service`.
    pub service: String,
    /// The RPC's name.
    pub rpc: String,
    /// Full name of the request message, leading dot.
    pub input_type: String,
    /// Full name of the response message, leading dot.
    pub output_type: String,
    /// The HTTP method.
    pub method: Method,
    /// The URL path template.
    pub path: String,
    /// The `body` of the rule (`*`, a field, or empty).
    pub body: String,
}

/// Every binding annotated in the contract, additional ones included.
pub fn contract_bindings() -> Vec<HttpBinding> {
    bindings(FILE_DESCRIPTOR_SET).expect("the descriptor set compiled in by build.rs decodes")
}

/// Every binding annotated in the encoded descriptor set `set`.
pub fn bindings(set: &[u8]) -> Result<Vec<HttpBinding>, prost::DecodeError> {
    let set = FileSet::decode(set)?;
    let mut out = Vec::new();
    for file in &set.file {
        for service in &file.service {
            let service_name = if file.package.is_empty() {
                service.name.clone()
            } else {
                format!("{}.{}", file.package, service.name)
            };
            for method in &service.method {
                let Some(rule) = method.options.as_ref().and_then(|o| o.http.as_ref()) else {
                    continue;
                };
                for rule in std::iter::once(rule).chain(&rule.additional_bindings) {
                    if let Some((http_method, path)) = rule.method_and_path() {
                        out.push(HttpBinding {
                            service: service_name.clone(),
                            rpc: method.name.clone(),
                            input_type: method.input_type.clone(),
                            output_type: method.output_type.clone(),
                            method: http_method,
                            path,
                            body: rule.body.clone(),
                        });
                    }
                }
            }
        }
    }
    Ok(out)
}

#[derive(Clone, PartialEq, Message)]
struct FileSet {
    #[prost(message, repeated, tag = "1")]
    file: Vec<File>,
}

#[derive(Clone, PartialEq, Message)]
struct File {
    #[prost(string, tag = "2")]
    package: String,
    #[prost(message, repeated, tag = "6")]
    service: Vec<ServiceDescriptor>,
}

#[derive(Clone, PartialEq, Message)]
struct ServiceDescriptor {
    #[prost(string, tag = "1")]
    name: String,
    #[prost(message, repeated, tag = "2")]
    method: Vec<MethodDescriptor>,
}

#[derive(Clone, PartialEq, Message)]
struct MethodDescriptor {
    #[prost(string, tag = "1")]
    name: String,
    #[prost(string, tag = "2")]
    input_type: String,
    #[prost(string, tag = "3")]
    output_type: String,
    #[prost(message, optional, tag = "4")]
    options: Option<MethodOptions>,
}

#[derive(Clone, PartialEq, Message)]
struct MethodOptions {
    #[prost(message, optional, tag = "72295728")]
    http: Option<HttpRule>,
}

#[derive(Clone, PartialEq, Message)]
struct HttpRule {
    #[prost(string, optional, tag = "2")]
    get: Option<String>,
    #[prost(string, optional, tag = "3")]
    put: Option<String>,
    #[prost(string, optional, tag = "4")]
    post: Option<String>,
    #[prost(string, optional, tag = "5")]
    delete: Option<String>,
    #[prost(string, optional, tag = "6")]
    patch: Option<String>,
    #[prost(message, optional, tag = "8")]
    custom: Option<CustomPattern>,
    #[prost(string, tag = "7")]
    body: String,
    #[prost(message, repeated, tag = "11")]
    additional_bindings: Vec<HttpRule>,
}

#[derive(Clone, PartialEq, Message)]
struct CustomPattern {
    #[prost(string, tag = "1")]
    kind: String,
    #[prost(string, tag = "2")]
    path: String,
}

impl HttpRule {
    fn method_and_path(&self) -> Option<(Method, String)> {
        let named = [
            (Method::GET, &self.get),
            (Method::PUT, &self.put),
            (Method::POST, &self.post),
            (Method::DELETE, &self.delete),
            (Method::PATCH, &self.patch),
        ];
        named
            .into_iter()
            .find_map(|(method, path)| path.clone().map(|path| (method, path)))
            .or_else(|| {
                let custom = self.custom.as_ref()?;
                Some((
                    Method::from_bytes(custom.kind.as_bytes()).ok()?,
                    custom.path.clone(),
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contract_has_its_five_bindings() {
        let bindings = contract_bindings();
        let mut found: Vec<(String, String, String)> = bindings
            .iter()
            .map(|b| (b.rpc.clone(), b.method.to_string(), b.path.clone()))
            .collect();
        found.sort();
        assert_eq!(found.len(), 5, "{found:?}");
        assert!(found.contains(&(
            "ClassifyPartner".into(),
            "POST".into(),
            "/v1/partners:classify".into()
        )));
        assert!(
            bindings
                .iter()
                .all(|b| b.service == "stage_scoring.v1.StageScoringService")
        );
    }
}
