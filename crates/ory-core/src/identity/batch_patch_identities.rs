//! `PATCH /admin/identities` (batchPatchIdentities).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::error::Error;
use crate::models::{BatchPatchIdentitiesResponse, PatchIdentitiesBody};
use crate::operation::{json_body, parse_json, request, Operation};

/// Creates up to 1000 identities in one call: `PATCH /admin/identities` with a
/// [`PatchIdentitiesBody`].
///
/// The answer is 200 when at least one item succeeded; each item of the response says
/// `action: create` or `error` (with the error), so **check every item**. Ory answers 400 or 409
/// only when all items fail. An empty batch or one of more than
/// [`BATCH_PATCH_MAX_IDENTITIES`](crate::models::BATCH_PATCH_MAX_IDENTITIES) items fails to build.
///
/// ```
/// use ory_core::identity::BatchPatchIdentities;
/// use ory_core::models::{CreateIdentityBody, IdentityPatch, PatchIdentitiesBody};
/// use ory_core::{Config, Operation};
/// use serde_json::json;
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let body: PatchIdentitiesBody = ["a@example.com", "b@example.com"]
///     .into_iter()
///     .map(|email| CreateIdentityBody::new("default", &json!({"email": email})))
///     .map(IdentityPatch::create)
///     .collect();
/// let request = BatchPatchIdentities::new(body).build_request(&config)?;
/// assert_eq!(request.method(), "PATCH");
/// assert_eq!(request.uri().path(), "/admin/identities");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BatchPatchIdentities {
    body: PatchIdentitiesBody,
}

impl BatchPatchIdentities {
    /// Applies the batch `body`.
    pub fn new(body: PatchIdentitiesBody) -> Self {
        BatchPatchIdentities { body }
    }

    /// The body.
    pub fn body(&self) -> &PatchIdentitiesBody {
        &self.body
    }
}

impl From<PatchIdentitiesBody> for BatchPatchIdentities {
    fn from(body: PatchIdentitiesBody) -> Self {
        BatchPatchIdentities::new(body)
    }
}

impl Operation for BatchPatchIdentities {
    type Output = BatchPatchIdentitiesResponse;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        self.body.validate()?;
        json_body(
            request(config, Method::PATCH, "/admin/identities"),
            &self.body,
        )
    }

    fn parse_response(
        &self,
        response: http::Response<Bytes>,
    ) -> Result<BatchPatchIdentitiesResponse, Error> {
        parse_json(response)
    }
}
