//! Sessions and bulk session management.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::enums::{AuthenticatorAssuranceLevel, CredentialType, ManageSessionsAction};
use super::identity::Identity;
use super::serde_util::null_as_default;
use crate::error::BuildError;

/// A session (`session`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Session {
    /// The session's id (a UUID).
    pub id: String,
    /// Whether the session is active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// When the session expires.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub expires_at: Option<OffsetDateTime>,
    /// When the last factor was authenticated.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub authenticated_at: Option<OffsetDateTime>,
    /// When the session was issued.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub issued_at: Option<OffsetDateTime>,
    /// The assurance level reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticator_assurance_level: Option<AuthenticatorAssuranceLevel>,
    /// The authenticators used, in order.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub authentication_methods: Vec<SessionAuthenticationMethod>,
    /// Where the session was used (present when expanded with `expand=devices`).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub devices: Vec<SessionDevice>,
    /// The session's identity (present when expanded with `expand=identity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Box<Identity>>,
    /// The tokenized (for example JWT) form of the session, when requested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokenized: Option<String>,
}

/// A device a session was used from (`sessionDevice`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SessionDevice {
    /// The device record's id (a UUID).
    pub id: String,
    /// The client's IP address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// The geographic location of the IP address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The client's user agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
}

/// One authenticator used to authenticate a session (`sessionAuthenticationMethod`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SessionAuthenticationMethod {
    /// The method used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<CredentialType>,
    /// The assurance level this factor gave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aal: Option<AuthenticatorAssuranceLevel>,
    /// When the challenge was completed.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub completed_at: Option<OffsetDateTime>,
    /// The OIDC or SAML provider id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The organization id used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// The upstream OIDC provider's `acr` claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_acr: Option<String>,
    /// The upstream OIDC provider's `amr` claim.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub upstream_amr: Vec<String>,
}

/// The most ids one `manageSessions` call accepts.
pub const MANAGE_SESSIONS_MAX_IDS: usize = 500;

/// The body of `POST /admin/sessions` (`manageSessionsBody`): an action on the sessions of some
/// identities, or on some sessions. Exactly one of the two lists is sent, so the constructors
/// choose it.
///
/// ```
/// use ory_core::models::{ManageSessionsAction, ManageSessionsBody};
///
/// let body = ManageSessionsBody::for_sessions(ManageSessionsAction::Disable, ["a", "b"]);
/// assert_eq!(
///     serde_json::to_value(&body)?,
///     serde_json::json!({"action": "disable", "sessions": ["a", "b"]}),
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManageSessionsBody {
    action: ManageSessionsAction,
    #[serde(skip_serializing_if = "Option::is_none")]
    identities: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sessions: Option<Vec<String>>,
}

impl ManageSessionsBody {
    /// Acts on every session of the given identities.
    pub fn for_identities<I, S>(action: ManageSessionsAction, identities: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ManageSessionsBody {
            action,
            identities: Some(identities.into_iter().map(Into::into).collect()),
            sessions: None,
        }
    }

    /// Acts on the given sessions.
    pub fn for_sessions<I, S>(action: ManageSessionsAction, sessions: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ManageSessionsBody {
            action,
            identities: None,
            sessions: Some(sessions.into_iter().map(Into::into).collect()),
        }
    }

    /// Acts on every session of the project (`identities: ["*"]`). The server processes a
    /// batch per call: repeat while the response says `more`.
    pub fn all_sessions(action: ManageSessionsAction) -> Self {
        ManageSessionsBody::for_identities(action, ["*"])
    }

    /// The action.
    pub fn action(&self) -> &ManageSessionsAction {
        &self.action
    }

    /// The identity ids, when the body targets identities.
    pub fn identities(&self) -> Option<&[String]> {
        self.identities.as_deref()
    }

    /// The session ids, when the body targets sessions.
    pub fn sessions(&self) -> Option<&[String]> {
        self.sessions.as_deref()
    }

    /// Checks what the server would refuse: an empty list, more than
    /// [`MANAGE_SESSIONS_MAX_IDS`] ids, an empty id, the wildcard `*` mixed with ids or used
    /// for sessions.
    pub fn validate(&self) -> Result<(), BuildError> {
        let (name, ids) = match (&self.identities, &self.sessions) {
            (Some(ids), None) => ("identities", ids),
            (None, Some(ids)) => ("sessions", ids),
            _ => {
                return Err(BuildError::InvalidParameter {
                    name: "identities",
                    reason: "exactly one of `identities` and `sessions` must be set".into(),
                })
            }
        };
        let invalid = |reason: String| Err(BuildError::InvalidParameter { name, reason });
        if ids.is_empty() {
            return invalid("must not be empty".into());
        }
        if ids.len() > MANAGE_SESSIONS_MAX_IDS {
            return invalid(format!(
                "has {} ids, at most {MANAGE_SESSIONS_MAX_IDS} are accepted",
                ids.len()
            ));
        }
        if ids.iter().any(String::is_empty) {
            return invalid("must not contain an empty id".into());
        }
        if ids.iter().any(|id| id == "*") {
            if name == "sessions" {
                return invalid("does not accept the wildcard `*`; target identities".into());
            }
            if ids.len() > 1 {
                return invalid("the wildcard `*` must appear alone".into());
            }
        }
        Ok(())
    }
}

/// The answer of `POST /admin/sessions` (`manageSessionsResponse`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ManageSessionsResponse {
    /// How many sessions this call processed.
    #[serde(default, deserialize_with = "null_as_default")]
    pub processed: i64,
    /// Whether matching sessions may remain (wildcard calls): repeat the call while `true`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub more: bool,
}
