//! Login flows (as created by `POST /admin/test-login-flows`) and the UI they carry.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use time::OffsetDateTime;

use super::enums::{
    AuthenticatorAssuranceLevel, CredentialType, FlowType, LoginFlowState, UiNodeGroup,
    UiNodeInputAutocomplete, UiNodeInputType, UiNodeType, UiTextType, WebAuthnTrigger,
};
use super::raw_json::RawJson;
use super::serde_util::{null_as_default, string_or_none};
use crate::error::BuildError;

/// The longest provider id `createTestLoginFlow` accepts.
pub const TEST_LOGIN_FLOW_PROVIDER_ID_MAX_LEN: usize = 255;

/// The body of `POST /admin/test-login-flows` (`createTestLoginFlowBody`): a login flow that
/// tests one OpenID Connect provider.
///
/// ```
/// use ory_core::models::CreateTestLoginFlowBody;
///
/// let body = CreateTestLoginFlowBody::new("google");
/// assert_eq!(serde_json::to_string(&body)?, r#"{"provider_id":"google"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateTestLoginFlowBody {
    provider_id: String,
}

impl CreateTestLoginFlowBody {
    /// Tests the provider `provider_id` (as configured on the project).
    pub fn new(provider_id: impl Into<String>) -> Self {
        CreateTestLoginFlowBody {
            provider_id: provider_id.into(),
        }
    }

    /// The provider id.
    pub fn provider_id(&self) -> &str {
        &self.provider_id
    }

    /// Checks that the provider id is 1 to 255 characters.
    pub fn validate(&self) -> Result<(), BuildError> {
        let len = self.provider_id.chars().count();
        if len == 0 || len > TEST_LOGIN_FLOW_PROVIDER_ID_MAX_LEN {
            return Err(BuildError::InvalidParameter {
                name: "provider_id",
                reason: format!(
                    "has {len} characters, 1 to {TEST_LOGIN_FLOW_PROVIDER_ID_MAX_LEN} are accepted"
                ),
            });
        }
        Ok(())
    }
}

/// A login flow (`loginFlow`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LoginFlow {
    /// The flow's id (a UUID).
    pub id: String,
    /// `api` or `browser`.
    #[serde(rename = "type")]
    pub flow_type: FlowType,
    /// When the flow expires.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// When the flow started.
    #[serde(with = "time::serde::rfc3339")]
    pub issued_at: OffsetDateTime,
    /// The URL that started the flow.
    #[serde(default)]
    pub request_url: String,
    /// The form to render.
    pub ui: UiContainer,
    /// The flow's state (experimental in Ory). The specs declare no type for it; the server
    /// sends a string, and a value of any other type reads as `None`.
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub state: Option<LoginFlowState>,
    /// The login method used, once one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<CredentialType>,
    /// The assurance level requested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_aal: Option<AuthenticatorAssuranceLevel>,
    /// Whether the flow forces re-authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh: Option<bool>,
    /// The requested `return_to` URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_to: Option<String>,
    /// The identity schema used by the flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_schema: Option<String>,
    /// The organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// The Ory OAuth2 login challenge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth2_login_challenge: Option<String>,
    /// The Ory OAuth2 login request (raw JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth2_login_request: Option<RawJson>,
    /// The code that exchanges for a session token once the flow completes (API flows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_token_exchange_code: Option<String>,
    /// The test context, set on flows created by `createTestLoginFlow`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_context: Option<LoginFlowTestContext>,
    /// Data passed to hooks and email templates (raw JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transient_payload: Option<RawJson>,
    /// When the flow was created.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub created_at: Option<OffsetDateTime>,
    /// When the flow was last updated.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub updated_at: Option<OffsetDateTime>,
}

/// The test context of a login flow created by `createTestLoginFlow` (`loginFlowTestContext`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LoginFlowTestContext {
    /// The OpenID Connect provider under test.
    #[serde(default)]
    pub provider_id: String,
    /// What the test round-trip captured (claims, Jsonnet input and output, errors), raw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debug_payload: Option<RawJson>,
}

/// A form (`uiContainer`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UiContainer {
    /// The form's action URL.
    #[serde(default)]
    pub action: String,
    /// The form's method (for example `POST`).
    #[serde(default)]
    pub method: String,
    /// The form's elements.
    #[serde(default, deserialize_with = "null_as_default")]
    pub nodes: Vec<UiNode>,
    /// Messages about the whole form.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub messages: Vec<UiText>,
}

/// One element of a form (`uiNode`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UiNode {
    /// The element's type.
    #[serde(rename = "type")]
    pub node_type: UiNodeType,
    /// The method (group) the element belongs to.
    pub group: UiNodeGroup,
    /// The element's attributes.
    pub attributes: UiNodeAttributes,
    /// Messages about the element.
    #[serde(default, deserialize_with = "null_as_default")]
    pub messages: Vec<UiText>,
    /// Rendering hints (label).
    #[serde(default, deserialize_with = "null_as_default")]
    pub meta: UiNodeMeta,
}

/// A node's rendering hints (`uiNodeMeta`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UiNodeMeta {
    /// The label to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<UiText>,
}

/// A message (`uiText`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UiText {
    /// The message id, stable across languages (for example `1010001`).
    pub id: i64,
    /// The message in American English.
    #[serde(default)]
    pub text: String,
    /// `info`, `error` or `success`.
    #[serde(rename = "type")]
    pub text_type: UiTextType,
    /// Values for customizing the message (raw JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<RawJson>,
}

/// A node's attributes (`uiNodeAttributes`), told apart by their `node_type`.
///
/// A `node_type` this crate does not know parses into [`UiNodeAttributes::Unknown`] with the
/// attributes kept raw, so a new kind of node never breaks a flow.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum UiNodeAttributes {
    /// `input`.
    Input(UiNodeInputAttributes),
    /// `text`.
    Text(UiNodeTextAttributes),
    /// `img`.
    Image(UiNodeImageAttributes),
    /// `a`.
    Anchor(UiNodeAnchorAttributes),
    /// `script`.
    Script(UiNodeScriptAttributes),
    /// `div`.
    Division(UiNodeDivisionAttributes),
    /// Any other `node_type`, with the attributes as sent.
    Unknown {
        /// The `node_type` sent (empty when absent).
        node_type: String,
        /// The whole attributes object.
        raw: RawJson,
    },
}

impl UiNodeAttributes {
    /// The `node_type` string.
    pub fn node_type(&self) -> &str {
        match self {
            UiNodeAttributes::Input(_) => "input",
            UiNodeAttributes::Text(_) => "text",
            UiNodeAttributes::Image(_) => "img",
            UiNodeAttributes::Anchor(_) => "a",
            UiNodeAttributes::Script(_) => "script",
            UiNodeAttributes::Division(_) => "div",
            UiNodeAttributes::Unknown { node_type, .. } => node_type,
        }
    }

    /// The element's id (`name` for inputs).
    pub fn id(&self) -> Option<&str> {
        match self {
            UiNodeAttributes::Input(a) => Some(&a.name),
            UiNodeAttributes::Text(a) => Some(&a.id),
            UiNodeAttributes::Image(a) => Some(&a.id),
            UiNodeAttributes::Anchor(a) => Some(&a.id),
            UiNodeAttributes::Script(a) => Some(&a.id),
            UiNodeAttributes::Division(a) => Some(&a.id),
            UiNodeAttributes::Unknown { .. } => None,
        }
    }
}

impl Serialize for UiNodeAttributes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Tagged<'a, T> {
            node_type: &'static str,
            #[serde(flatten)]
            attributes: &'a T,
        }
        fn tagged<S: Serializer, T: Serialize>(
            serializer: S,
            node_type: &'static str,
            attributes: &T,
        ) -> Result<S::Ok, S::Error> {
            Tagged {
                node_type,
                attributes,
            }
            .serialize(serializer)
        }
        match self {
            UiNodeAttributes::Input(a) => tagged(serializer, "input", a),
            UiNodeAttributes::Text(a) => tagged(serializer, "text", a),
            UiNodeAttributes::Image(a) => tagged(serializer, "img", a),
            UiNodeAttributes::Anchor(a) => tagged(serializer, "a", a),
            UiNodeAttributes::Script(a) => tagged(serializer, "script", a),
            UiNodeAttributes::Division(a) => tagged(serializer, "div", a),
            UiNodeAttributes::Unknown { raw, .. } => raw.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for UiNodeAttributes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Keep the object raw, read its tag, then decode it once more into the variant.
        // (serde's internally tagged enums buffer values in a way raw JSON cannot survive.)
        #[derive(Deserialize)]
        struct Tag<'a> {
            #[serde(default, borrow)]
            node_type: Option<Cow<'a, str>>,
        }
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        let text = raw.get();
        let tag: Tag<'_> = serde_json::from_str(text).map_err(D::Error::custom)?;
        fn decode<'a, T: Deserialize<'a>, E: serde::de::Error>(text: &'a str) -> Result<T, E> {
            serde_json::from_str(text).map_err(E::custom)
        }
        Ok(match tag.node_type.as_deref() {
            Some("input") => UiNodeAttributes::Input(decode(text)?),
            Some("text") => UiNodeAttributes::Text(decode(text)?),
            Some("img") => UiNodeAttributes::Image(decode(text)?),
            Some("a") => UiNodeAttributes::Anchor(decode(text)?),
            Some("script") => UiNodeAttributes::Script(decode(text)?),
            Some("div") => UiNodeAttributes::Division(decode(text)?),
            other => UiNodeAttributes::Unknown {
                node_type: other.unwrap_or_default().to_owned(),
                raw: RawJson::from(raw),
            },
        })
    }
}

/// The attributes of an input node (`uiNodeInputAttributes`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UiNodeInputAttributes {
    /// The input's name (the field to submit).
    #[serde(default)]
    pub name: String,
    /// The input's type.
    #[serde(rename = "type")]
    pub input_type: UiNodeInputType,
    /// The input's value, if any (any JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<RawJson>,
    /// Whether the input is disabled.
    #[serde(default)]
    pub disabled: bool,
    /// Whether the input is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// The autocomplete hint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autocomplete: Option<UiNodeInputAutocomplete>,
    /// The input's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<UiText>,
    /// The maximum length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maxlength: Option<i64>,
    /// The pattern the value must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// The allowed values, when the schema defines an `enum` (render a select).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub options: Vec<UiNodeInputAttributesOption>,
    /// JavaScript to run on click (deprecated by Ory: use `onclick_trigger`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onclick: Option<String>,
    /// The Ory function to run on click.
    #[serde(
        rename = "onclickTrigger",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub onclick_trigger: Option<WebAuthnTrigger>,
    /// JavaScript to run on load (deprecated by Ory: use `onload_trigger`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onload: Option<String>,
    /// The Ory function to run on load.
    #[serde(
        rename = "onloadTrigger",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub onload_trigger: Option<WebAuthnTrigger>,
}

/// One allowed value of an input (`uiNodeInputAttributesOption`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UiNodeInputAttributesOption {
    /// The value (a JSON scalar), raw.
    pub value: RawJson,
}

/// The attributes of a text node (`uiNodeTextAttributes`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UiNodeTextAttributes {
    /// The element's id.
    #[serde(default)]
    pub id: String,
    /// The text.
    pub text: UiText,
}

/// The attributes of an image node (`uiNodeImageAttributes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UiNodeImageAttributes {
    /// The element's id.
    #[serde(default)]
    pub id: String,
    /// The image URL (often a `data:` URL, for example a TOTP QR code).
    #[serde(default)]
    pub src: String,
    /// The width.
    #[serde(default)]
    pub width: i64,
    /// The height.
    #[serde(default)]
    pub height: i64,
}

/// The attributes of an anchor node (`uiNodeAnchorAttributes`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UiNodeAnchorAttributes {
    /// The element's id.
    #[serde(default)]
    pub id: String,
    /// The link's destination.
    #[serde(default)]
    pub href: String,
    /// The link's text.
    pub title: UiText,
}

/// The attributes of a script node (`uiNodeScriptAttributes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UiNodeScriptAttributes {
    /// The element's id.
    #[serde(default)]
    pub id: String,
    /// The script URL.
    #[serde(default)]
    pub src: String,
    /// Whether the script loads asynchronously.
    #[serde(rename = "async", default)]
    pub is_async: bool,
    /// The referrer policy.
    #[serde(default)]
    pub referrerpolicy: String,
    /// The cross-origin policy.
    #[serde(default)]
    pub crossorigin: String,
    /// The subresource integrity hash.
    #[serde(default)]
    pub integrity: String,
    /// The script MIME type.
    #[serde(rename = "type", default)]
    pub script_type: String,
    /// A CSP nonce.
    #[serde(default)]
    pub nonce: String,
}

/// The attributes of a division node (`uiNodeDivisionAttributes`): a hook for interactive
/// widgets (captcha...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UiNodeDivisionAttributes {
    /// The element's id.
    #[serde(default)]
    pub id: String,
    /// A class name to render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Key-value pairs for `data-...` attributes.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub data: BTreeMap<String, String>,
}
