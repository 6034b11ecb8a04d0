//! `POST /admin/identities` (createIdentity).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::error::Error;
use crate::models::{CreateIdentityBody, Identity};
use crate::operation::{json_body, parse_json, request, Operation};

/// Creates an identity: `POST /admin/identities` with a [`CreateIdentityBody`].
///
/// Success is 201 with the new identity; the server also sends its URL in `Location`, which
/// [`Client::execute_with_meta`](crate::Client::execute_with_meta) returns with the headers.
/// Ory documents 400 (for example traits that do not match the schema) and 409 (an identifier
/// that another identity already uses; see [`Error::is_conflict`]).
///
/// ```
/// use ory_core::identity::CreateIdentity;
/// use ory_core::models::CreateIdentityBody;
/// use ory_core::{Config, Operation};
/// use serde_json::json;
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let body = CreateIdentityBody::new("default", &json!({"email": "alice@example.com"}));
/// let request = CreateIdentity::new(body).build_request(&config)?;
/// assert_eq!(request.method(), "POST");
/// assert_eq!(request.uri().path(), "/admin/identities");
/// assert_eq!(
///     serde_json::from_slice::<serde_json::Value>(request.body())?,
///     json!({"schema_id": "default", "traits": {"email": "alice@example.com"}})
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CreateIdentity {
    body: CreateIdentityBody,
}

impl CreateIdentity {
    /// Creates the identity described by `body`.
    pub fn new(body: CreateIdentityBody) -> Self {
        CreateIdentity { body }
    }

    /// The body.
    pub fn body(&self) -> &CreateIdentityBody {
        &self.body
    }
}

impl From<CreateIdentityBody> for CreateIdentity {
    fn from(body: CreateIdentityBody) -> Self {
        CreateIdentity::new(body)
    }
}

impl Operation for CreateIdentity {
    type Output = Identity;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        self.body.validate()?;
        json_body(
            request(config, Method::POST, "/admin/identities"),
            &self.body,
        )
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<Identity, Error> {
        parse_json(response)
    }
}
