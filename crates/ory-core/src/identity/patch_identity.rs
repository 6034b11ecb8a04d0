//! `PATCH /admin/identities/{id}` (patchIdentity, RFC 6902 JSON Patch).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::encode::push_segment;
use crate::error::{BuildError, Error};
use crate::models::{Identity, JsonPatch, JsonPatchOp};
use crate::operation::{json_body, parse_json, request, Operation};

/// The identity fields a patch cannot change (their JSON Pointer's first segment).
const READ_ONLY: &[&str] = &["id", "credentials", "state_changed_at"];

/// Changes parts of an identity with a JSON Patch (RFC 6902): `PATCH /admin/identities/{id}`.
///
/// The patch is applied to the identity's JSON, so paths look like `/traits/email`,
/// `/metadata_admin`, `/state`. The server refuses changes to `id`, `credentials` and
/// `state_changed_at`; a patch whose `add`, `remove`, `replace`, `copy` or `move` touches them
/// fails to build with [`BuildError::InvalidParameter`] (a `test` may read them).
///
/// Ory documents 400, 404 and 409.
///
/// ```
/// use ory_core::identity::PatchIdentity;
/// use ory_core::models::JsonPatch;
/// use ory_core::{Config, Operation};
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let request = PatchIdentity::new("b7b2")
///     .op(JsonPatch::replace("/traits/email", "new@example.com"))
///     .op(JsonPatch::remove("/metadata_public"))
///     .build_request(&config)?;
/// assert_eq!(request.method(), "PATCH");
/// assert_eq!(
///     serde_json::from_slice::<serde_json::Value>(request.body())?,
///     serde_json::json!([
///         {"op": "replace", "path": "/traits/email", "value": "new@example.com"},
///         {"op": "remove", "path": "/metadata_public"}
///     ])
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PatchIdentity {
    id: String,
    patch: Vec<JsonPatch>,
}

impl PatchIdentity {
    /// An empty patch of identity `id`; add operations with [`PatchIdentity::op`].
    pub fn new(id: impl Into<String>) -> Self {
        PatchIdentity {
            id: id.into(),
            patch: Vec::new(),
        }
    }

    /// The patch `patch` of identity `id`.
    pub fn with_patch(id: impl Into<String>, patch: impl IntoIterator<Item = JsonPatch>) -> Self {
        PatchIdentity {
            id: id.into(),
            patch: patch.into_iter().collect(),
        }
    }

    /// Appends one operation to the patch.
    pub fn op(mut self, operation: JsonPatch) -> Self {
        self.patch.push(operation);
        self
    }

    /// The identity id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The patch operations.
    pub fn patch(&self) -> &[JsonPatch] {
        &self.patch
    }

    fn check(&self) -> Result<(), BuildError> {
        for (index, operation) in self.patch.iter().enumerate() {
            operation.validate()?;
            let mut touched = Vec::with_capacity(2);
            match operation.op() {
                JsonPatchOp::Test => {}
                JsonPatchOp::Move => {
                    touched.push(operation.path());
                    touched.extend(operation.from_path());
                }
                _ => touched.push(operation.path()),
            }
            for pointer in touched {
                let first = pointer
                    .strip_prefix('/')
                    .map(|rest| rest.split('/').next().unwrap_or(""));
                if let Some(field) = first.filter(|f| READ_ONLY.contains(f)) {
                    return Err(BuildError::InvalidParameter {
                        name: "path",
                        reason: format!(
                            "patch operation {index} changes `{pointer}`, but `{field}` cannot \
                             be changed by a patch (read-only: id, credentials, \
                             state_changed_at)"
                        ),
                    });
                }
            }
        }
        Ok(())
    }
}

impl Operation for PatchIdentity {
    type Output = Identity;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        self.check()?;
        let mut path = String::with_capacity(20 + self.id.len() * 3);
        path.push_str("/admin/identities");
        push_segment(&mut path, "id", &self.id)?;
        json_body(request(config, Method::PATCH, &path), &self.patch)
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<Identity, Error> {
        parse_json(response)
    }
}
