//! Recovery codes and links created by an administrator.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::enums::FlowType;
use crate::error::BuildError;

/// A recovery code for an identity (`recoveryCodeForIdentity`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RecoveryCodeForIdentity {
    /// The link that opens the recovery UI (with an empty code field).
    pub recovery_link: String,
    /// The code to enter.
    pub recovery_code: String,
    /// When the code expires.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub expires_at: Option<OffsetDateTime>,
}

/// A recovery link for an identity (`recoveryLinkForIdentity`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RecoveryLinkForIdentity {
    /// The link that recovers the account.
    pub recovery_link: String,
    /// When the link expires.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub expires_at: Option<OffsetDateTime>,
}

/// Formats a duration the way Go's `time.ParseDuration` reads it (`"90s"`, `"1500ms"`).
pub(crate) fn go_duration(duration: Duration) -> String {
    let nanos = duration.as_nanos();
    if nanos % 1_000_000_000 == 0 {
        format!("{}s", duration.as_secs())
    } else if nanos % 1_000_000 == 0 {
        format!("{}ms", duration.as_millis())
    } else if nanos % 1_000 == 0 {
        format!("{}us", duration.as_micros())
    } else {
        format!("{nanos}ns")
    }
}

/// Whether `value` is a Go duration as the recovery bodies take it:
/// `^([0-9]+([.][0-9]+)?(ns|us|µs|ms|s|m|h))+$` (for example `1h30m`, `1.5h`, `90s`).
pub(crate) fn is_go_duration(value: &str) -> bool {
    let mut rest = value;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        if let Some(after_dot) = rest.strip_prefix('.') {
            let fraction = after_dot.bytes().take_while(u8::is_ascii_digit).count();
            if fraction == 0 {
                return false;
            }
            rest = &after_dot[fraction..];
        }
        // Longest units first: `ms` before `m`.
        let Some(unit) = ["ns", "us", "µs", "ms", "s", "m", "h"]
            .into_iter()
            .find(|unit| rest.starts_with(unit))
        else {
            return false;
        };
        rest = &rest[unit.len()..];
    }
    true
}

/// Checks what both recovery bodies share: a non-empty identity id and a well-formed lifetime.
fn validate_recovery(identity_id: &str, expires_in: Option<&str>) -> Result<(), BuildError> {
    if identity_id.is_empty() {
        return Err(BuildError::MissingParameter {
            name: "identity_id",
        });
    }
    match expires_in {
        Some(value) if !is_go_duration(value) => Err(BuildError::InvalidParameter {
            name: "expires_in",
            reason: format!(
                "{value:?} is not a duration such as \"1h\", \"30m\" or \"1h30m\" \
                 (units: ns, us, µs, ms, s, m, h)"
            ),
        }),
        _ => Ok(()),
    }
}

/// The body of `POST /admin/recovery/code` (`createRecoveryCodeForIdentityBody`).
///
/// ```
/// use std::time::Duration;
/// use ory_core::models::CreateRecoveryCodeForIdentityBody;
///
/// let body = CreateRecoveryCodeForIdentityBody::new("e4b4a9ee")
///     .expires_after(Duration::from_secs(3600));
/// assert_eq!(
///     serde_json::to_value(&body)?,
///     serde_json::json!({"identity_id": "e4b4a9ee", "expires_in": "3600s"}),
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateRecoveryCodeForIdentityBody {
    identity_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_in: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    flow_type: Option<FlowType>,
}

impl CreateRecoveryCodeForIdentityBody {
    /// A recovery code for the identity `identity_id`.
    pub fn new(identity_id: impl Into<String>) -> Self {
        CreateRecoveryCodeForIdentityBody {
            identity_id: identity_id.into(),
            expires_in: None,
            flow_type: None,
        }
    }

    /// Sets the lifetime as a Go duration string such as `"1h"`, `"1.5h"` or `"15m30s"`
    /// (checked by `validate`).
    pub fn expires_in(mut self, expires_in: impl Into<String>) -> Self {
        self.expires_in = Some(expires_in.into());
        self
    }

    /// Sets the lifetime.
    pub fn expires_after(mut self, duration: Duration) -> Self {
        self.expires_in = Some(go_duration(duration));
        self
    }

    /// Sets the type of the recovery flow the code is for (`api` or `browser`).
    pub fn flow_type(mut self, flow_type: FlowType) -> Self {
        self.flow_type = Some(flow_type);
        self
    }

    /// The identity's id.
    pub fn identity_id(&self) -> &str {
        &self.identity_id
    }

    /// The lifetime as sent, if set.
    pub fn expires_in_value(&self) -> Option<&str> {
        self.expires_in.as_deref()
    }

    /// Checks that the identity id is not empty and that the lifetime, when set, is a Go
    /// duration (`^([0-9]+([.][0-9]+)?(ns|us|µs|ms|s|m|h))+$`).
    pub fn validate(&self) -> Result<(), BuildError> {
        validate_recovery(&self.identity_id, self.expires_in.as_deref())
    }
}

/// The body of `POST /admin/recovery/link` (`createRecoveryLinkForIdentityBody`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateRecoveryLinkForIdentityBody {
    identity_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_in: Option<String>,
}

impl CreateRecoveryLinkForIdentityBody {
    /// A recovery link for the identity `identity_id`.
    pub fn new(identity_id: impl Into<String>) -> Self {
        CreateRecoveryLinkForIdentityBody {
            identity_id: identity_id.into(),
            expires_in: None,
        }
    }

    /// Sets the lifetime as a Go duration string such as `"1h"`, `"1.5h"` or `"15m30s"`
    /// (checked by `validate`).
    pub fn expires_in(mut self, expires_in: impl Into<String>) -> Self {
        self.expires_in = Some(expires_in.into());
        self
    }

    /// Sets the lifetime.
    pub fn expires_after(mut self, duration: Duration) -> Self {
        self.expires_in = Some(go_duration(duration));
        self
    }

    /// The identity's id.
    pub fn identity_id(&self) -> &str {
        &self.identity_id
    }

    /// The lifetime as sent, if set.
    pub fn expires_in_value(&self) -> Option<&str> {
        self.expires_in.as_deref()
    }

    /// Checks that the identity id is not empty and that the lifetime, when set, is a Go
    /// duration (`^([0-9]+([.][0-9]+)?(ns|us|µs|ms|s|m|h))+$`).
    pub fn validate(&self) -> Result<(), BuildError> {
        validate_recovery(&self.identity_id, self.expires_in.as_deref())
    }
}
