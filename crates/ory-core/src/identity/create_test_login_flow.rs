//! `POST /admin/test-login-flows` (createTestLoginFlow, Ory Network only).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::error::Error;
use crate::models::{CreateTestLoginFlowBody, LoginFlow};
use crate::operation::{json_body, parse_json, request, Operation};

/// Creates a login flow that tests one OIDC provider of the project:
/// `POST /admin/test-login-flows` with a [`CreateTestLoginFlowBody`] (Ory Network; self-hosted
/// Kratos has no such endpoint).
///
/// Success is 201 with the login flow. A provider id that is empty or longer than 255
/// characters fails to build. Ory documents 400 and 404 (unknown provider).
///
/// ```
/// use ory_core::identity::CreateTestLoginFlow;
/// use ory_core::{Config, Operation};
///
/// let config = Config::new("https://playground.projects.oryapis.com")?;
/// let request = CreateTestLoginFlow::new("google").build_request(&config)?;
/// assert_eq!(request.uri().path(), "/admin/test-login-flows");
/// assert_eq!(request.body().as_ref(), br#"{"provider_id":"google"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateTestLoginFlow {
    body: CreateTestLoginFlowBody,
}

impl CreateTestLoginFlow {
    /// Tests the OIDC provider `provider_id`.
    pub fn new(provider_id: impl Into<String>) -> Self {
        CreateTestLoginFlow {
            body: CreateTestLoginFlowBody::new(provider_id),
        }
    }

    /// The body.
    pub fn body(&self) -> &CreateTestLoginFlowBody {
        &self.body
    }
}

impl From<CreateTestLoginFlowBody> for CreateTestLoginFlow {
    fn from(body: CreateTestLoginFlowBody) -> Self {
        CreateTestLoginFlow { body }
    }
}

impl From<&str> for CreateTestLoginFlow {
    fn from(provider_id: &str) -> Self {
        CreateTestLoginFlow::new(provider_id)
    }
}

impl From<String> for CreateTestLoginFlow {
    fn from(provider_id: String) -> Self {
        CreateTestLoginFlow::new(provider_id)
    }
}

impl Operation for CreateTestLoginFlow {
    type Output = LoginFlow;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        self.body.validate()?;
        json_body(
            request(config, Method::POST, "/admin/test-login-flows"),
            &self.body,
        )
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<LoginFlow, Error> {
        parse_json(response)
    }
}
