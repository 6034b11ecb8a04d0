//! `POST /admin/recovery/code` (createRecoveryCodeForIdentity).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::error::Error;
use crate::models::{CreateRecoveryCodeForIdentityBody, RecoveryCodeForIdentity};
use crate::operation::{json_body, parse_json, request, Operation};

/// Creates a recovery code (and the link to enter it) for an identity:
/// `POST /admin/recovery/code` with a [`CreateRecoveryCodeForIdentityBody`].
///
/// Success is 201. An empty `identity_id` or an `expires_in` that is not a duration such as
/// `1h30m` fails to build. Ory documents 400 and 404 (unknown identity).
///
/// ```
/// use ory_core::identity::CreateRecoveryCodeForIdentity;
/// use ory_core::models::CreateRecoveryCodeForIdentityBody;
/// use ory_core::{Config, Operation};
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let body = CreateRecoveryCodeForIdentityBody::new("b7b2").expires_in("15m");
/// let request = CreateRecoveryCodeForIdentity::new(body).build_request(&config)?;
/// assert_eq!(request.uri().path(), "/admin/recovery/code");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateRecoveryCodeForIdentity {
    body: CreateRecoveryCodeForIdentityBody,
}

impl CreateRecoveryCodeForIdentity {
    /// Creates a recovery code as `body` describes.
    pub fn new(body: CreateRecoveryCodeForIdentityBody) -> Self {
        CreateRecoveryCodeForIdentity { body }
    }

    /// The body.
    pub fn body(&self) -> &CreateRecoveryCodeForIdentityBody {
        &self.body
    }
}

impl From<CreateRecoveryCodeForIdentityBody> for CreateRecoveryCodeForIdentity {
    fn from(body: CreateRecoveryCodeForIdentityBody) -> Self {
        CreateRecoveryCodeForIdentity::new(body)
    }
}

impl Operation for CreateRecoveryCodeForIdentity {
    type Output = RecoveryCodeForIdentity;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        self.body.validate()?;
        json_body(
            request(config, Method::POST, "/admin/recovery/code"),
            &self.body,
        )
    }

    fn parse_response(
        &self,
        response: http::Response<Bytes>,
    ) -> Result<RecoveryCodeForIdentity, Error> {
        parse_json(response)
    }
}
