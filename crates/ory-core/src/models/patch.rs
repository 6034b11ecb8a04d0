//! JSON Patch (RFC 6902) for one identity, and batch patches of identities.

use serde::{Deserialize, Serialize};

use super::enums::BatchPatchAction;
use super::identity_body::CreateIdentityBody;
use super::raw_json::{JsonInput, RawJson};
use super::serde_util::null_as_default;
use crate::error::{BuildError, OryErrorBody};

/// The most items one batch patch accepts.
pub const BATCH_PATCH_MAX_IDENTITIES: usize = 1000;

/// A JSON Patch operation's kind (RFC 6902).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JsonPatchOp {
    /// `add`.
    Add,
    /// `remove`.
    Remove,
    /// `replace`.
    Replace,
    /// `move`.
    Move,
    /// `copy`.
    Copy,
    /// `test`.
    Test,
}

impl JsonPatchOp {
    /// The wire string.
    pub fn as_str(self) -> &'static str {
        match self {
            JsonPatchOp::Add => "add",
            JsonPatchOp::Remove => "remove",
            JsonPatchOp::Replace => "replace",
            JsonPatchOp::Move => "move",
            JsonPatchOp::Copy => "copy",
            JsonPatchOp::Test => "test",
        }
    }
}

impl std::fmt::Display for JsonPatchOp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One JSON Patch operation (`jsonPatch`); `PATCH /admin/identities/{id}` takes a list.
///
/// Paths are JSON Pointers (`/traits/email`). The constructors send exactly the members each
/// operation has: `value` for add, replace and test (even when it is `null`), `from` for move
/// and copy.
///
/// ```
/// use ory_core::models::JsonPatch;
/// use serde_json::json;
///
/// let patch = vec![
///     JsonPatch::replace("/traits/email", &"new@example.com"),
///     JsonPatch::remove("/metadata_public/beta"),
/// ];
/// assert_eq!(serde_json::to_value(&patch)?, json!([
///     {"op": "replace", "path": "/traits/email", "value": "new@example.com"},
///     {"op": "remove", "path": "/metadata_public/beta"},
/// ]));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JsonPatch {
    op: JsonPatchOp,
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<JsonInput>,
}

impl JsonPatch {
    fn with_value<T: Serialize + ?Sized>(op: JsonPatchOp, path: String, value: &T) -> Self {
        JsonPatch {
            op,
            path,
            from: None,
            value: Some(JsonInput::new(value)),
        }
    }

    /// Adds `value` at `path`.
    pub fn add<T: Serialize + ?Sized>(path: impl Into<String>, value: &T) -> Self {
        JsonPatch::with_value(JsonPatchOp::Add, path.into(), value)
    }

    /// Removes the value at `path`.
    pub fn remove(path: impl Into<String>) -> Self {
        JsonPatch {
            op: JsonPatchOp::Remove,
            path: path.into(),
            from: None,
            value: None,
        }
    }

    /// Replaces the value at `path` with `value`.
    pub fn replace<T: Serialize + ?Sized>(path: impl Into<String>, value: &T) -> Self {
        JsonPatch::with_value(JsonPatchOp::Replace, path.into(), value)
    }

    /// Moves the value at `from` to `path`.
    pub fn move_to(from: impl Into<String>, path: impl Into<String>) -> Self {
        JsonPatch {
            op: JsonPatchOp::Move,
            path: path.into(),
            from: Some(from.into()),
            value: None,
        }
    }

    /// Copies the value at `from` to `path`.
    pub fn copy_to(from: impl Into<String>, path: impl Into<String>) -> Self {
        JsonPatch {
            op: JsonPatchOp::Copy,
            path: path.into(),
            from: Some(from.into()),
            value: None,
        }
    }

    /// Fails the whole patch unless the value at `path` equals `value`.
    pub fn test<T: Serialize + ?Sized>(path: impl Into<String>, value: &T) -> Self {
        JsonPatch::with_value(JsonPatchOp::Test, path.into(), value)
    }

    /// The operation.
    pub fn op(&self) -> JsonPatchOp {
        self.op
    }

    /// The target path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The source path (move and copy).
    pub fn from_path(&self) -> Option<&str> {
        self.from.as_deref()
    }

    /// The serialized value (add, replace, test), if serializing it succeeded.
    pub fn value(&self) -> Option<&RawJson> {
        self.value.as_ref().and_then(JsonInput::json)
    }

    /// Checks that `path` (and `from`) are JSON Pointers (empty or starting with `/`) and
    /// reports a value that could not be serialized.
    pub fn validate(&self) -> Result<(), BuildError> {
        let pointer = |name: &'static str, value: &str| {
            if value.is_empty() || value.starts_with('/') {
                Ok(())
            } else {
                Err(BuildError::InvalidParameter {
                    name,
                    reason: format!("{value:?} is not a JSON Pointer (it must start with `/`)"),
                })
            }
        };
        pointer("path", &self.path)?;
        if let Some(from) = &self.from {
            pointer("from", from)?;
        }
        match &self.value {
            Some(value) => value.check("value"),
            None => Ok(()),
        }
    }
}

/// The body of `PATCH /admin/identities` (`patchIdentitiesBody`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PatchIdentitiesBody {
    identities: Vec<IdentityPatch>,
}

impl PatchIdentitiesBody {
    /// A batch of patches.
    pub fn new(identities: Vec<IdentityPatch>) -> Self {
        PatchIdentitiesBody { identities }
    }

    /// Adds one patch.
    pub fn push(mut self, patch: IdentityPatch) -> Self {
        self.identities.push(patch);
        self
    }

    /// The patches.
    pub fn identities(&self) -> &[IdentityPatch] {
        &self.identities
    }

    /// Checks the batch size (1 to [`BATCH_PATCH_MAX_IDENTITIES`]) and every free-form part.
    pub fn validate(&self) -> Result<(), BuildError> {
        if self.identities.is_empty() || self.identities.len() > BATCH_PATCH_MAX_IDENTITIES {
            return Err(BuildError::InvalidParameter {
                name: "identities",
                reason: format!(
                    "has {} items, 1 to {BATCH_PATCH_MAX_IDENTITIES} are accepted",
                    self.identities.len()
                ),
            });
        }
        self.identities
            .iter()
            .filter_map(|patch| patch.create.as_ref())
            .try_for_each(CreateIdentityBody::validate)
    }
}

impl FromIterator<IdentityPatch> for PatchIdentitiesBody {
    fn from_iter<I: IntoIterator<Item = IdentityPatch>>(iter: I) -> Self {
        PatchIdentitiesBody::new(iter.into_iter().collect())
    }
}

/// One item of a batch patch (`identityPatch`): an identity to create.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdentityPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    create: Option<CreateIdentityBody>,
    #[serde(skip_serializing_if = "Option::is_none")]
    patch_id: Option<String>,
}

impl IdentityPatch {
    /// Creates an identity.
    pub fn create(body: CreateIdentityBody) -> Self {
        IdentityPatch {
            create: Some(body),
            patch_id: None,
        }
    }

    /// Sets an id (a UUID) that the response repeats, to correlate results.
    pub fn patch_id(mut self, patch_id: impl Into<String>) -> Self {
        self.patch_id = Some(patch_id.into());
        self
    }

    /// The identity to create.
    pub fn body(&self) -> Option<&CreateIdentityBody> {
        self.create.as_ref()
    }
}

impl From<CreateIdentityBody> for IdentityPatch {
    fn from(body: CreateIdentityBody) -> Self {
        IdentityPatch::create(body)
    }
}

/// The answer of `PATCH /admin/identities` (`batchPatchIdentitiesResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BatchPatchIdentitiesResponse {
    /// One result per patch, in order.
    #[serde(default, deserialize_with = "null_as_default")]
    pub identities: Vec<IdentityPatchResponse>,
}

/// The result of one batch patch item (`identityPatchResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IdentityPatchResponse {
    /// What happened: `create` or `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<BatchPatchAction>,
    /// The created identity's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    /// The patch id given in the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch_id: Option<String>,
    /// Why this item failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<OryErrorBody>,
}
