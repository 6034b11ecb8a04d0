//! What the harness reads from an OpenAPI spec: the identity operations, their parameters,
//! their body fields (top level and nested) and their documented statuses; and what a built
//! request sends of those.
//!
//! Prism validates the types and constraints of what a request sends, but it ignores a query
//! parameter or a body field that the spec does not declare, at any depth (Kratos answers 400
//! to an unknown body field). The harness checks that part itself ([`Spec::analyze`]).
//!
//! Body fields are named by their path: `traits`, `credentials.password.config.password`,
//! `identities[].create.schema_id` (`[]` stands for every item of an array). A JSON Patch
//! document (an array body) names its items' fields directly: `op`, `path`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use bytes::Bytes;
use serde_json::Value;

use super::check::Problem;
use super::prism::repo_root;

/// The two specs the contract tests run against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecKind {
    /// Ory Network, `ory-client-v1.22.65.json` (21 identity operations).
    Network,
    /// Self-hosted Kratos, `kratos-v26.2.0.json` (19 identity operations).
    Kratos,
}

impl SpecKind {
    /// The spec's file name in `../shared/ory-spec`.
    pub fn file_name(self) -> &'static str {
        match self {
            SpecKind::Network => "ory-client-v1.22.65.json",
            SpecKind::Kratos => "kratos-v26.2.0.json",
        }
    }

    /// A short name for logs and the summary.
    pub fn name(self) -> &'static str {
        match self {
            SpecKind::Network => "ory-network",
            SpecKind::Kratos => "kratos",
        }
    }

    /// The spec's path: `<repo>/../shared/ory-spec/<file>`.
    pub fn path(self) -> PathBuf {
        repo_root()
            .join("..")
            .join("shared")
            .join("ory-spec")
            .join(self.file_name())
    }
}

/// One operation of the spec.
#[derive(Debug, Clone)]
pub struct SpecOperation {
    /// `operationId`.
    pub id: String,
    /// The HTTP method.
    pub method: http::Method,
    /// The path template, e.g. `/admin/sessions/{id}`.
    pub path: String,
    /// Declared parameters and top-level body fields as `path:id`, `query:page_size`,
    /// `header:x`, `body:traits`.
    pub items: BTreeSet<String>,
    /// Declared body fields below the top level, as `body:credentials.password.config`,
    /// `body:identities[].patch_id`; nothing below an [`OPAQUE`] field.
    pub nested: BTreeSet<String>,
    /// The body's declared fields, for checking what a request sends.
    pub body: BodySchema,
    /// True when the operation declares a request body.
    pub has_body: bool,
    /// True when the operation requires credentials (`security` is not empty).
    pub auth: bool,
    /// Documented 2xx statuses.
    pub success: Vec<u16>,
    /// Documented 4xx/5xx statuses, plus 500 when the spec has a `default` response.
    pub errors: Vec<u16>,
}

impl SpecOperation {
    fn matches(&self, method: &http::Method, path: &str) -> Option<Vec<String>> {
        if method != self.method {
            return None;
        }
        let template: Vec<&str> = self.path.split('/').collect();
        let actual: Vec<&str> = path.split('/').collect();
        if template.len() != actual.len() {
            return None;
        }
        let mut params = Vec::new();
        for (t, a) in template.iter().zip(&actual) {
            match t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                Some(name) if !a.is_empty() => params.push(format!("path:{name}")),
                Some(_) => return None,
                None if t == a => {}
                None => return None,
            }
        }
        Some(params)
    }

    fn literal_segments(&self) -> usize {
        self.path.split('/').filter(|s| !s.starts_with('{')).count()
    }
}

/// What a request sends, in the spec's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The operation the request's method and path match.
    pub operation_id: String,
    /// The parameters and top-level body fields present, as in [`SpecOperation::items`].
    pub items: BTreeSet<String>,
    /// The body fields present below the top level, as in [`SpecOperation::nested`].
    pub nested: BTreeSet<String>,
}

/// Body fields whose value `ory-core` takes from the caller as free JSON, although the spec
/// declares properties inside them: the harness neither counts nor checks what is below (it is
/// the caller's JSON, not something `ory-core` writes). Matched as a path suffix, so they apply
/// inside batch patch items too.
pub const OPAQUE: &[&str] = &["credentials.webauthn.config", "credentials.passkey.config"];

/// How deep the schema walk goes (the identity bodies need 7; the bound stops a recursive
/// schema).
const MAX_DEPTH: usize = 16;

/// The declared fields of a request body, by path (see the module docs).
#[derive(Debug, Clone, Default)]
pub struct BodySchema {
    /// Every declared field.
    fields: BTreeSet<String>,
    /// Paths whose value is an object with declared properties, whose keys are therefore
    /// checked: `""` for the body itself, `identities[]` for the items of `identities`.
    objects: BTreeSet<String>,
    /// True when the body is an array whose items' fields are named at the top level (JSON
    /// Patch).
    array_root: bool,
}

impl BodySchema {
    fn from_schema(root: &Value, schema: &Value) -> BodySchema {
        let mut body = BodySchema::default();
        let schema = resolve(root, schema);
        if schema["type"] == "array" {
            body.array_root = true;
            body.walk_schema(root, &schema["items"], "", 0);
        } else {
            body.walk_schema(root, schema, "", 0);
        }
        body
    }

    /// Registers the properties of the object `schema` found at `path`, recursively.
    fn walk_schema(&mut self, root: &Value, schema: &Value, path: &str, depth: usize) {
        let schema = resolve(root, schema);
        if depth > MAX_DEPTH {
            return;
        }
        if schema["type"] == "array" {
            self.walk_schema(root, &schema["items"], &format!("{path}[]"), depth + 1);
            return;
        }
        let properties = properties(root, schema);
        if properties.is_empty() {
            return; // free-form (traits, metadata, a patch value) or a scalar
        }
        self.objects.insert(path.to_owned());
        for (name, property) in properties {
            let child = join(path, &name);
            self.fields.insert(child.clone());
            if !OPAQUE
                .iter()
                .any(|o| child == *o || child.ends_with(&format!(".{o}")))
            {
                self.walk_schema(root, &property, &child, depth + 1);
            }
        }
    }

    /// Every field path `json` sends, declared or not; nothing below an undeclared field, a
    /// free-form field or an [`OPAQUE`] one.
    fn sent(&self, json: &Value) -> BTreeSet<String> {
        let mut sent = BTreeSet::new();
        match json {
            Value::Array(items) if self.array_root => {
                for item in items {
                    self.walk_json(item, "", &mut sent);
                }
            }
            _ => self.walk_json(json, "", &mut sent),
        }
        sent
    }

    fn walk_json(&self, value: &Value, path: &str, sent: &mut BTreeSet<String>) {
        match value {
            // The body's own keys are always named, so an undeclared one is reported even when
            // the operation declares no body fields at all.
            Value::Object(map) if path.is_empty() || self.objects.contains(path) => {
                for (key, value) in map {
                    let child = join(path, key);
                    if self.fields.contains(&child) {
                        self.walk_json(value, &child, sent);
                    }
                    sent.insert(child);
                }
            }
            Value::Array(items) => {
                let items_path = format!("{path}[]");
                for item in items {
                    self.walk_json(item, &items_path, sent);
                }
            }
            _ => {}
        }
    }

    /// True when `path` is declared.
    fn declares(&self, path: &str) -> bool {
        self.fields.contains(path)
    }
}

/// `a.b`, or `b` at the top.
fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// True for a top-level field path (no `.`, no `[]`).
fn is_top_level(path: &str) -> bool {
    !path.contains('.') && !path.contains('[')
}

/// The declared properties of an object schema, through `allOf`.
fn properties(root: &Value, schema: &Value) -> Vec<(String, Value)> {
    let schema = resolve(root, schema);
    let mut out: Vec<(String, Value)> = schema["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for part in schema["allOf"].as_array().into_iter().flatten() {
        out.extend(properties(root, part));
    }
    out
}

/// The identity operations of one spec.
#[derive(Debug)]
pub struct Spec {
    /// Which spec.
    pub kind: SpecKind,
    /// Identity operations by `operationId`.
    pub operations: BTreeMap<String, SpecOperation>,
}

impl Spec {
    /// Reads and indexes the spec; panics with the path and a hint when it is missing.
    pub fn load(kind: SpecKind) -> Spec {
        let path = kind.path();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "the contract tests need Ory's OpenAPI spec at {} ({e}); it lives in the \
                 shared/ory-spec folder next to the repository checkout",
                path.display()
            )
        });
        let root: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
        Spec::from_value(kind, &root)
    }

    /// Indexes the operations tagged `identity` in `root`.
    pub fn from_value(kind: SpecKind, root: &Value) -> Spec {
        let mut operations = BTreeMap::new();
        let paths = root["paths"].as_object().expect("spec has paths");
        for (path, item) in paths {
            let shared_params = item.get("parameters").cloned().unwrap_or(Value::Null);
            for (method, op) in item.as_object().into_iter().flatten() {
                let Ok(method) = method.to_ascii_uppercase().parse::<http::Method>() else {
                    continue;
                };
                let tagged = op["tags"]
                    .as_array()
                    .is_some_and(|tags| tags.iter().any(|t| t == "identity"));
                let Some(id) = op["operationId"].as_str().filter(|_| tagged) else {
                    continue;
                };
                let mut items = BTreeSet::new();
                for param in [&shared_params, &op["parameters"]]
                    .into_iter()
                    .filter_map(Value::as_array)
                    .flatten()
                {
                    let param = resolve(root, param);
                    if let (Some(location), Some(name)) =
                        (param["in"].as_str(), param["name"].as_str())
                    {
                        items.insert(format!("{location}:{name}"));
                    }
                }
                let request_body = resolve(root, &op["requestBody"]);
                let has_body = request_body.is_object();
                let body = request_body
                    .pointer("/content/application~1json/schema")
                    .map(|schema| BodySchema::from_schema(root, schema))
                    .unwrap_or_default();
                let mut nested = BTreeSet::new();
                for field in &body.fields {
                    let item = format!("body:{field}");
                    if is_top_level(field) {
                        items.insert(item);
                    } else {
                        nested.insert(item);
                    }
                }
                // An operation's own `security` wins over the document's; `[]` means none.
                let auth = op
                    .get("security")
                    .or_else(|| root.get("security"))
                    .and_then(Value::as_array)
                    .is_some_and(|s| !s.is_empty());
                let mut success = Vec::new();
                let mut errors = Vec::new();
                for status in op["responses"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|r| r.0)
                {
                    match status.parse::<u16>() {
                        Ok(s @ 200..=299) => success.push(s),
                        Ok(s @ 400..=599) => errors.push(s),
                        Ok(_) => {}
                        Err(_) if status == "default" => errors.push(500),
                        Err(_) => {}
                    }
                }
                errors.sort_unstable();
                errors.dedup();
                operations.insert(
                    id.to_owned(),
                    SpecOperation {
                        id: id.to_owned(),
                        method,
                        path: path.clone(),
                        items,
                        nested,
                        body,
                        has_body,
                        auth,
                        success,
                        errors,
                    },
                );
            }
        }
        Spec { kind, operations }
    }

    /// The operation `method` + `path` matches; the one with the most literal segments wins.
    pub fn operation_for(
        &self,
        method: &http::Method,
        path: &str,
    ) -> Option<(&SpecOperation, Vec<String>)> {
        self.operations
            .values()
            .filter_map(|op| op.matches(method, path).map(|params| (op, params)))
            .max_by_key(|(op, _)| op.literal_segments())
    }

    /// What `request` sends in the spec's terms, or why it does not fit the spec: no matching
    /// operation, a query parameter or body field (at any depth) the operation does not
    /// declare, a body where none is declared, a body that is not JSON.
    pub fn analyze(&self, request: &http::Request<Bytes>) -> (Option<Sent>, Vec<Problem>) {
        let uri = request.uri();
        let Some((op, path_params)) = self.operation_for(request.method(), uri.path()) else {
            return (
                None,
                vec![Problem::NoOperation {
                    method: request.method().to_string(),
                    path: uri.path().to_owned(),
                }],
            );
        };
        let mut problems = Vec::new();
        let mut items: BTreeSet<String> = path_params.into_iter().collect();
        let mut nested = BTreeSet::new();
        // Only the names are needed; values are Prism's to check.
        for pair in uri
            .query()
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let name = pair.split_once('=').map_or(pair, |(name, _)| name);
            items.insert(format!("query:{name}"));
        }
        for declared in &op.items {
            if let Some(name) = declared.strip_prefix("header:") {
                if request.headers().contains_key(name) {
                    items.insert(declared.clone());
                }
            }
        }
        let body = request.body();
        if !body.is_empty() {
            if !op.has_body {
                problems.push(Problem::UnexpectedBody {
                    operation: op.id.clone(),
                });
            }
            match serde_json::from_slice::<Value>(body) {
                Ok(json) => {
                    for field in op.body.sent(&json) {
                        if is_top_level(&field) {
                            items.insert(format!("body:{field}"));
                        } else if op.body.declares(&field) {
                            nested.insert(format!("body:{field}"));
                        } else {
                            problems.push(Problem::Undeclared {
                                operation: op.id.clone(),
                                item: format!("body:{field}"),
                            });
                        }
                    }
                }
                Err(e) => problems.push(Problem::BodyNotJson(e.to_string())),
            }
        }
        for item in &items {
            if !op.items.contains(item) {
                problems.push(Problem::Undeclared {
                    operation: op.id.clone(),
                    item: item.clone(),
                });
            }
        }
        (
            Some(Sent {
                operation_id: op.id.clone(),
                items,
                nested,
            }),
            problems,
        )
    }
}

/// Follows `$ref`s (local ones, `#/...`) until `value` is not a reference.
pub fn resolve<'a>(root: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..32 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let pointer = reference
                    .strip_prefix('#')
                    .unwrap_or_else(|| panic!("non-local $ref {reference}"));
                value = root
                    .pointer(pointer)
                    .unwrap_or_else(|| panic!("dangling $ref {reference}"));
            }
            None => return value,
        }
    }
    panic!("$ref chain too long");
}
