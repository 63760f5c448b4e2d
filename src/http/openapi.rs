//! The OpenAPI 3.1 document of the HTTP/JSON routes, generated from the
//! contract's descriptor set: one path per `google.api.http` annotation, one
//! schema per message reachable from them, each field described by its proto
//! comment. The document is checked into the repository
//! (`openapi/stage_scoring.v1.json`) and served at [`PATH`]; a test fails
//! when the checked-in file differs from what [`generate`] gives now
//! (`STAGE_SCORER_WRITE_OPENAPI=1 cargo test --lib openapi` rewrites it).

use std::collections::{BTreeMap, BTreeSet};

use axum::{body::Body, response::Response};
use http::header;
use prost_types::{
    DescriptorProto, FieldDescriptorProto, FileDescriptorProto, SourceCodeInfo,
    field_descriptor_proto::{Label, Type},
};
use serde_json::{Map, Value, json};

use super::{
    annotations::{HttpBinding, contract_bindings},
    descriptors::Descriptors,
    error_body::APPLICATION_JSON,
};

/// Where the document is served.
pub const PATH: &str = "/openapi.json";

/// The checked-in document, as served.
pub const DOCUMENT: &str = include_str!("../../openapi/stage_scoring.v1.json");

/// Path of the checked-in document, relative to the repository root.
pub const DOCUMENT_FILE: &str = "openapi/stage_scoring.v1.json";

/// Component name of the error body and of the batch's per-item errors.
const STATUS: &str = "google.rpc.Status";

/// `GET /openapi.json`.
pub async fn serve() -> Response {
    let mut response = Response::new(Body::from(DOCUMENT));
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, APPLICATION_JSON);
    response
}

/// The document, from the descriptor set compiled into the binary.
pub fn generate() -> Value {
    Generator::new(Descriptors::contract()).document(&contract_bindings())
}

/// Comments by descriptor path, per file.
struct Generator<'a> {
    descriptors: &'a Descriptors,
    /// Leading comment of each message and field, by full message name and
    /// (for fields) field name.
    message_comments: BTreeMap<String, String>,
    field_comments: BTreeMap<(String, String), String>,
    enum_comments: BTreeMap<String, String>,
    service_comments: BTreeMap<String, String>,
    method_comments: BTreeMap<(String, String), String>,
}

impl<'a> Generator<'a> {
    fn new(descriptors: &'a Descriptors) -> Self {
        let mut generator = Self {
            descriptors,
            message_comments: BTreeMap::new(),
            field_comments: BTreeMap::new(),
            enum_comments: BTreeMap::new(),
            service_comments: BTreeMap::new(),
            method_comments: BTreeMap::new(),
        };
        for file in &descriptors.set.file {
            generator.read_comments(file);
        }
        generator
    }

    fn read_comments(&mut self, file: &FileDescriptorProto) {
        let comments = comments_by_path(file.source_code_info.as_ref());
        let scope = match file.package() {
            "" => String::new(),
            package => format!(".{package}"),
        };
        for (i, message) in file.message_type.iter().enumerate() {
            self.read_message_comments(&comments, &scope, message, vec![4, i as i32]);
        }
        for (i, e) in file.enum_type.iter().enumerate() {
            if let Some(c) = comments.get(&vec![5, i as i32]) {
                self.enum_comments
                    .insert(format!("{scope}.{}", e.name()), c.clone());
            }
        }
        for (i, service) in file.service.iter().enumerate() {
            let name = format!("{}.{}", file.package(), service.name());
            if let Some(c) = comments.get(&vec![6, i as i32]) {
                self.service_comments.insert(name.clone(), c.clone());
            }
            for (j, method) in service.method.iter().enumerate() {
                if let Some(c) = comments.get(&vec![6, i as i32, 2, j as i32]) {
                    self.method_comments
                        .insert((name.clone(), method.name().to_owned()), c.clone());
                }
            }
        }
    }

    fn read_message_comments(
        &mut self,
        comments: &BTreeMap<Vec<i32>, String>,
        scope: &str,
        message: &DescriptorProto,
        path: Vec<i32>,
    ) {
        let name = format!("{scope}.{}", message.name());
        if let Some(c) = comments.get(&path) {
            self.message_comments.insert(name.clone(), c.clone());
        }
        for (i, field) in message.field.iter().enumerate() {
            let mut field_path = path.clone();
            field_path.extend([2, i as i32]);
            if let Some(c) = comments.get(&field_path) {
                self.field_comments
                    .insert((name.clone(), field.name().to_owned()), c.clone());
            }
        }
        for (i, nested) in message.nested_type.iter().enumerate() {
            let mut nested_path = path.clone();
            nested_path.extend([3, i as i32]);
            self.read_message_comments(comments, &name, nested, nested_path);
        }
        for (i, e) in message.enum_type.iter().enumerate() {
            let mut enum_path = path.clone();
            enum_path.extend([4, i as i32]);
            if let Some(c) = comments.get(&enum_path) {
                self.enum_comments
                    .insert(format!("{name}.{}", e.name()), c.clone());
            }
        }
    }

    fn document(&self, bindings: &[HttpBinding]) -> Value {
        let mut paths = Map::new();
        let mut roots = BTreeSet::new();
        for binding in bindings {
            roots.insert(binding.input_type.clone());
            roots.insert(binding.output_type.clone());
            let operation = self.operation(binding);
            let entry = paths
                .entry(binding.path.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            entry[binding.method.as_str().to_ascii_lowercase()] = operation;
        }
        let mut schemas = Map::new();
        let mut pending: Vec<String> = roots.into_iter().collect();
        let mut done = BTreeSet::new();
        while let Some(name) = pending.pop() {
            if !done.insert(name.clone()) {
                continue;
            }
            if name == format!(".{STATUS}") {
                schemas.insert(STATUS.to_owned(), status_schema());
                continue;
            }
            let Some(message) = self.descriptors.message(&name) else {
                continue;
            };
            let (schema, refs) = self.message_schema(&name, message);
            schemas.insert(component_name(&name), schema);
            pending.extend(refs);
        }
        schemas.insert(STATUS.to_owned(), status_schema());
        let service = bindings
            .first()
            .map(|b| b.service.clone())
            .unwrap_or_default();
        json!({
            "openapi": "3.1.0",
            "info": {
                "title": "stage-scorer HTTP/JSON API",
                "version": "v1",
                "description": format!(
                    "{}\n\nThe HTTP/JSON form of `{service}`, served on the gRPC port. \
                     Bodies are canonical proto3 JSON: lowerCamelCase members, fields at \
                     their default value omitted, 64-bit integers as strings, enum values \
                     as their full names (on input also without the prefix, in any case, \
                     or as numbers). Errors are the JSON form of `google.rpc.Status`. \
                     Generated from the proto descriptors; do not edit.",
                    self.service_comments.get(&service).cloned().unwrap_or_default()
                ),
                "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
            },
            "servers": [{"url": "http://localhost:50051"}],
            "paths": paths,
            "components": {"schemas": schemas},
        })
    }

    fn operation(&self, binding: &HttpBinding) -> Value {
        let description = self
            .method_comments
            .get(&(binding.service.clone(), binding.rpc.clone()))
            .cloned()
            .unwrap_or_default();
        let error = |what: &str| {
            json!({
                "description": what,
                "content": {"application/json": {"schema": schema_ref(STATUS)}},
            })
        };
        let mut responses = Map::new();
        responses.insert(
            "200".into(),
            json!({
                "description": format!("The `{}`.", short_name(&binding.output_type)),
                "content": {"application/json": {"schema": schema_ref(&component_name(&binding.output_type))}},
            }),
        );
        let mut operation = json!({
            "operationId": binding.rpc,
            "summary": first_sentence(&description),
            "description": description,
            "tags": [binding.service],
        });
        if binding.body.is_empty() {
            responses.insert("default".into(), error("An error (`google.rpc.Status`)."));
        } else {
            operation["requestBody"] = json!({
                "required": true,
                "content": {"application/json": {"schema": schema_ref(&component_name(&binding.input_type))}},
            });
            responses.insert(
                "400".into(),
                error("Invalid request: field violations in a `google.rpc.BadRequest` detail, or malformed JSON."),
            );
            responses.insert(
                "413".into(),
                error("Request body over the server's `http.max_body_bytes`."),
            );
            responses.insert(
                "415".into(),
                error("Content type not `application/json`, or an unsupported `Content-Encoding`."),
            );
            responses.insert(
                "default".into(),
                error("Any other error (`google.rpc.Status`)."),
            );
        }
        operation["responses"] = Value::Object(responses);
        operation
    }

    /// The schema of `message` (full name `name`) and the messages it
    /// refers to.
    fn message_schema(&self, name: &str, message: &DescriptorProto) -> (Value, Vec<String>) {
        let mut properties = Map::new();
        let mut refs = Vec::new();
        for field in &message.field {
            let mut schema = self.field_schema(field, &mut refs);
            if let Some(c) = self
                .field_comments
                .get(&(name.to_owned(), field.name().to_owned()))
            {
                schema["description"] = Value::String(c.clone());
            }
            properties.insert(field.json_name().to_owned(), schema);
        }
        let mut schema = json!({
            "type": "object",
            "properties": properties,
            "additionalProperties": false,
        });
        if let Some(c) = self.message_comments.get(name) {
            schema["description"] = Value::String(c.clone());
        }
        (schema, refs)
    }

    fn field_schema(&self, field: &FieldDescriptorProto, refs: &mut Vec<String>) -> Value {
        let map_entry = (field.r#type() == Type::Message)
            .then(|| self.descriptors.message(field.type_name()))
            .flatten()
            .filter(|m| m.options.as_ref().is_some_and(|o| o.map_entry()));
        if let Some(entry) = map_entry {
            let value = entry
                .field
                .iter()
                .find(|f| f.number() == 2)
                .map_or(json!({}), |f| self.single_schema(f, refs));
            return json!({"type": "object", "additionalProperties": value});
        }
        let single = self.single_schema(field, refs);
        if field.label() == Label::Repeated {
            json!({"type": "array", "items": single})
        } else {
            single
        }
    }

    fn single_schema(&self, field: &FieldDescriptorProto, refs: &mut Vec<String>) -> Value {
        match field.r#type() {
            Type::Double | Type::Float => json!({"type": "number"}),
            Type::Int32 | Type::Sint32 | Type::Sfixed32 => {
                json!({"type": "integer", "format": "int32"})
            }
            Type::Uint32 | Type::Fixed32 => {
                json!({"type": "integer", "format": "int32", "minimum": 0, "maximum": u32::MAX})
            }
            Type::Int64 | Type::Sint64 | Type::Sfixed64 => {
                json!({"type": "string", "format": "int64", "pattern": "^-?[0-9]{1,19}$"})
            }
            Type::Uint64 | Type::Fixed64 => {
                json!({"type": "string", "format": "uint64", "pattern": "^[0-9]{1,20}$"})
            }
            Type::Bool => json!({"type": "boolean"}),
            Type::String => json!({"type": "string"}),
            Type::Bytes => json!({"type": "string", "contentEncoding": "base64"}),
            Type::Enum => self.enum_schema(field.type_name()),
            Type::Message | Type::Group => {
                refs.push(field.type_name().to_owned());
                let name = field.type_name().trim_start_matches('.');
                schema_ref(name)
            }
        }
    }

    fn enum_schema(&self, name: &str) -> Value {
        let Some(e) = self.descriptors.enumeration(name) else {
            return json!({"type": "string"});
        };
        let values: Vec<&str> = e.value.iter().map(|v| v.name()).collect();
        let mut schema = json!({"type": "string", "enum": values});
        if let Some(c) = self.enum_comments.get(name) {
            schema["description"] = Value::String(c.clone());
        }
        schema
    }
}

fn status_schema() -> Value {
    json!({
        "type": "object",
        "description": "The JSON form of `google.rpc.Status`: an error, its gRPC code, a \
                        message, and typed details.",
        "properties": {
            "code": {"type": "integer", "format": "int32",
                     "description": "The gRPC status code, e.g. 3 (INVALID_ARGUMENT)."},
            "message": {"type": "string",
                        "description": "A developer-facing message naming every offending field."},
            "details": {
                "type": "array",
                "description": "Typed details, each a `google.protobuf.Any` with its `@type`, \
                                e.g. `type.googleapis.com/google.rpc.BadRequest` holding \
                                `fieldViolations` (`field`, `description`, `reason`).",
                "items": {
                    "type": "object",
                    "properties": {"@type": {"type": "string"}},
                    "required": ["@type"],
                    "additionalProperties": true,
                },
            },
        },
        "required": ["code", "message"],
    })
}

/// Leading comments by descriptor path.
fn comments_by_path(info: Option<&SourceCodeInfo>) -> BTreeMap<Vec<i32>, String> {
    let mut out = BTreeMap::new();
    for location in info.map(|i| i.location.as_slice()).unwrap_or_default() {
        if let Some(comment) = &location.leading_comments {
            let text = comment
                .lines()
                .map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end())
                .collect::<Vec<_>>()
                .join("\n")
                .trim()
                .to_owned();
            if !text.is_empty() {
                out.insert(location.path.clone(), text);
            }
        }
    }
    out
}

fn schema_ref(component: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{component}")})
}

/// `stage_scoring.v1.PartnerIndicators` for `.stage_scoring.v1.PartnerIndicators`.
fn component_name(full_name: &str) -> String {
    full_name.trim_start_matches('.').to_owned()
}

fn short_name(full_name: &str) -> &str {
    full_name.rsplit('.').next().unwrap_or(full_name)
}

fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.find(". ") {
        Some(i) => flat[..=i].to_owned(),
        None => flat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checked-in document is what the generator gives now; with
    /// `STAGE_SCORER_WRITE_OPENAPI=1` it is rewritten instead.
    #[test]
    fn the_checked_in_document_is_up_to_date() {
        let generated = serde_json::to_string_pretty(&generate()).unwrap() + "\n";
        if std::env::var_os("STAGE_SCORER_WRITE_OPENAPI").is_some() {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(DOCUMENT_FILE);
            std::fs::write(&path, &generated).unwrap();
            return;
        }
        assert!(
            DOCUMENT == generated,
            "{DOCUMENT_FILE} is stale: regenerate it with \
             `STAGE_SCORER_WRITE_OPENAPI=1 cargo test --lib openapi` and commit it"
        );
    }

    #[test]
    fn every_route_and_every_field_is_documented() {
        let document = generate();
        let paths = document["paths"].as_object().unwrap();
        assert_eq!(paths.len(), 5);
        assert!(paths["/v1/partners:classify"]["post"]["requestBody"].is_object());
        assert!(paths["/v1/scoringModel"]["get"]["requestBody"].is_null());
        let schemas = document["components"]["schemas"].as_object().unwrap();
        let mut undocumented = Vec::new();
        for (name, schema) in schemas {
            for (field, property) in schema["properties"].as_object().unwrap() {
                if property["description"].as_str().is_none_or(str::is_empty) {
                    undocumented.push(format!("{name}.{field}"));
                }
            }
        }
        assert_eq!(undocumented, Vec::<String>::new());
        let partner = &schemas["stage_scoring.v1.PartnerIndicators"];
        assert_eq!(partner["additionalProperties"], false);
        assert!(
            partner["properties"]["partnerId"]["description"]
                .as_str()
                .unwrap()
                .contains("Required")
        );
        assert!(schemas.contains_key("google.rpc.Status"));
        assert_eq!(
            schemas["stage_scoring.v1.PyramidReport"]["properties"]["partnersAnalysed"]["type"],
            "string"
        );
    }
}
