//! `POST /admin/recovery/link` (createRecoveryLinkForIdentity).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::encode::Query;
use crate::error::Error;
use crate::models::{CreateRecoveryLinkForIdentityBody, RecoveryLinkForIdentity};
use crate::operation::{json_body, parse_json, request, Operation};

/// Creates a recovery link for an identity: `POST /admin/recovery/link` with a
/// [`CreateRecoveryLinkForIdentityBody`], optionally `?return_to=` (where the browser goes once
/// recovery is done).
///
/// Success is 200 (this one is not 201). An empty `identity_id` or an `expires_in` that is not a
/// duration such as `1h30m` fails to build. Ory documents 400 and 404 (unknown identity).
///
/// ```
/// use ory_core::identity::CreateRecoveryLinkForIdentity;
/// use ory_core::models::CreateRecoveryLinkForIdentityBody;
/// use ory_core::{Config, Operation};
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let request = CreateRecoveryLinkForIdentity::new(CreateRecoveryLinkForIdentityBody::new("b7b2"))
///     .return_to("https://app.example.com/welcome back")
///     .build_request(&config)?;
/// assert_eq!(
///     request.uri().path_and_query().unwrap(),
///     "/admin/recovery/link?return_to=https%3A%2F%2Fapp.example.com%2Fwelcome%20back"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateRecoveryLinkForIdentity {
    body: CreateRecoveryLinkForIdentityBody,
    return_to: Option<String>,
}

impl CreateRecoveryLinkForIdentity {
    /// Creates a recovery link as `body` describes.
    pub fn new(body: CreateRecoveryLinkForIdentityBody) -> Self {
        CreateRecoveryLinkForIdentity {
            body,
            return_to: None,
        }
    }

    /// `return_to`: where to send the browser after recovery.
    pub fn return_to(mut self, return_to: impl Into<String>) -> Self {
        self.return_to = Some(return_to.into());
        self
    }

    /// The body.
    pub fn body(&self) -> &CreateRecoveryLinkForIdentityBody {
        &self.body
    }
}

impl From<CreateRecoveryLinkForIdentityBody> for CreateRecoveryLinkForIdentity {
    fn from(body: CreateRecoveryLinkForIdentityBody) -> Self {
        CreateRecoveryLinkForIdentity::new(body)
    }
}

impl Operation for CreateRecoveryLinkForIdentity {
    type Output = RecoveryLinkForIdentity;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        self.body.validate()?;
        let mut path = String::from("/admin/recovery/link");
        Query::new(&mut path).push_opt("return_to", self.return_to.as_deref());
        json_body(request(config, Method::POST, &path), &self.body)
    }

    fn parse_response(
        &self,
        response: http::Response<Bytes>,
    ) -> Result<RecoveryLinkForIdentity, Error> {
        parse_json(response)
    }
}
