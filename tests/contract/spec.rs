//! What the harness reads from an OpenAPI spec: the identity operations, their parameters,
//! their top-level body fields and their documented statuses; and what a built request sends
//! of those.
//!
//! Prism validates the types and constraints of what a request sends, but it ignores a query
//! parameter or a body field that the spec does not declare (Kratos answers 400 to an unknown
//! body field). The harness checks that part itself ([`Spec::analyze`]).

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
    /// True when the operation declares a request body.
    pub has_body: bool,
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
                let body = resolve(root, &op["requestBody"]);
                let has_body = body.is_object();
                if let Some(schema) = body.pointer("/content/application~1json/schema") {
                    for field in top_level_fields(root, schema) {
                        items.insert(format!("body:{field}"));
                    }
                }
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
                        has_body,
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
    /// operation, a query parameter or body field the operation does not declare, a body where
    /// none is declared, a body that is not JSON.
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
                    for field in json_fields(&json) {
                        items.insert(format!("body:{field}"));
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

/// The property names of a body schema: an object's properties (through `allOf`), or, for an
/// array body (a JSON Patch document), its items' properties.
fn top_level_fields(root: &Value, schema: &Value) -> BTreeSet<String> {
    let schema = resolve(root, schema);
    let mut fields = BTreeSet::new();
    if let Some(props) = schema["properties"].as_object() {
        fields.extend(props.keys().cloned());
    }
    for part in schema["allOf"].as_array().into_iter().flatten() {
        fields.extend(top_level_fields(root, part));
    }
    if schema["type"] == "array" {
        fields.extend(top_level_fields(root, &schema["items"]));
    }
    fields
}

/// The top-level keys of a JSON body: an object's keys, or the keys of an array's objects.
fn json_fields(json: &Value) -> BTreeSet<String> {
    match json {
        Value::Object(map) => map.keys().cloned().collect(),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|m| m.keys().cloned())
            .collect(),
        _ => BTreeSet::new(),
    }
}
