//! `POST /admin/sessions` (manageSessions, Ory Network only).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::error::Error;
use crate::models::{ManageSessionsBody, ManageSessionsResponse};
use crate::operation::{json_body, parse_json, request, Operation};

/// Disables or deletes sessions in bulk: `POST /admin/sessions` with a [`ManageSessionsBody`]
/// (Ory Network; self-hosted Kratos has no such endpoint).
///
/// The body targets either sessions or identities (at most 500 ids), or every session of the
/// project with `identities: ["*"]`. The server always answers 200 with `{processed, more}`:
/// for the wildcard it works in batches and `more` says that matching sessions remain, so the
/// same request must be repeated;
/// [`Client::manage_sessions_until_done`](crate::Client::manage_sessions_until_done) does that.
/// A body the server would refuse (both or neither list, an empty list, more than
/// 500 ids, a misplaced wildcard) fails to build. Ory documents 400 and 401.
///
/// ```
/// use ory_core::identity::ManageSessions;
/// use ory_core::models::{ManageSessionsAction, ManageSessionsBody};
/// use ory_core::{Config, Operation};
///
/// let config = Config::new("https://playground.projects.oryapis.com")?;
/// let op = ManageSessions::new(ManageSessionsBody::all_sessions(ManageSessionsAction::Disable));
/// let request = op.build_request(&config)?;
/// assert_eq!(request.method(), "POST");
/// assert_eq!(
///     serde_json::from_slice::<serde_json::Value>(request.body())?,
///     serde_json::json!({"action": "disable", "identities": ["*"]})
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManageSessions {
    body: ManageSessionsBody,
}

impl ManageSessions {
    /// Acts on sessions as `body` describes.
    pub fn new(body: ManageSessionsBody) -> Self {
        ManageSessions { body }
    }

    /// The body.
    pub fn body(&self) -> &ManageSessionsBody {
        &self.body
    }
}

impl From<ManageSessionsBody> for ManageSessions {
    fn from(body: ManageSessionsBody) -> Self {
        ManageSessions::new(body)
    }
}

impl Operation for ManageSessions {
    type Output = ManageSessionsResponse;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        self.body.validate()?;
        json_body(request(config, Method::POST, "/admin/sessions"), &self.body)
    }

    fn parse_response(
        &self,
        response: http::Response<Bytes>,
    ) -> Result<ManageSessionsResponse, Error> {
        parse_json(response)
    }
}
