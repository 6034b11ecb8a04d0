//! `PUT /admin/identities/{id}` (updateIdentity).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::encode::push_segment;
use crate::error::Error;
use crate::models::{Identity, UpdateIdentityBody};
use crate::operation::{json_body, parse_json, request, Operation};

/// Replaces an identity: `PUT /admin/identities/{id}` with an [`UpdateIdentityBody`]
/// (`schema_id`, `state` and `traits` are required; fields not set are not sent, and the
/// server keeps or clears them as its update semantics say). To change single fields, see
/// [`PatchIdentity`](crate::identity::PatchIdentity).
///
/// Ory documents 400, 404 and 409.
///
/// ```
/// use ory_core::identity::UpdateIdentity;
/// use ory_core::models::{IdentityState, UpdateIdentityBody};
/// use ory_core::{Config, Operation};
/// use serde_json::json;
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let body = UpdateIdentityBody::new("default", IdentityState::Inactive, &json!({"email": "a@b.c"}));
/// let request = UpdateIdentity::new("b7b2", body).build_request(&config)?;
/// assert_eq!(request.method(), "PUT");
/// assert_eq!(request.uri().path(), "/admin/identities/b7b2");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateIdentity {
    id: String,
    body: UpdateIdentityBody,
}

impl UpdateIdentity {
    /// Replaces the identity `id` with `body`.
    pub fn new(id: impl Into<String>, body: UpdateIdentityBody) -> Self {
        UpdateIdentity {
            id: id.into(),
            body,
        }
    }

    /// The identity id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The body.
    pub fn body(&self) -> &UpdateIdentityBody {
        &self.body
    }
}

impl Operation for UpdateIdentity {
    type Output = Identity;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        self.body.validate()?;
        let mut path = String::with_capacity(20 + self.id.len() * 3);
        path.push_str("/admin/identities");
        push_segment(&mut path, "id", &self.id)?;
        json_body(request(config, Method::PUT, &path), &self.body)
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<Identity, Error> {
        parse_json(response)
    }
}
