//! The crate's one error type.
//!
//! [`Error`] keeps apart the five ways an operation can fail, each as an [`ErrorKind`]:
//! the request could not be built ([`BuildError`]), the transport failed
//! ([`TransportError`]), Ory answered with its JSON error body ([`ApiError`]), the answer was not
//! what the API promises ([`UnexpectedResponse`], such as a gateway's HTML page, kept raw), or a
//! success body did not decode ([`DecodeError`], with the JSON path and the raw body).
//! Query methods answer the common questions without matching.

use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};

use crate::config::RedactedHeaders;
use crate::meta::{self, RateLimit};
use crate::transport::{TransportError, TransportErrorKind};

mod scrub;

pub use scrub::REDACTED;

/// An error from building, sending or parsing an Ory API call.
///
/// ```
/// # use ory_core::{Error, ErrorKind};
/// fn describe(err: &Error) -> String {
///     if err.is_not_found() {
///         return "gone".to_owned();
///     }
///     match err.kind() {
///         ErrorKind::Api(api) => format!("Ory said {}: {}", api.status(), api.message()),
///         ErrorKind::Transport(t) => format!("network: {t}"),
///         _ => err.to_string(),
///     }
/// }
/// ```
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    request_id: Option<String>,
    attempts: u32,
}

/// What went wrong; see [`Error::kind`].
// `Error` boxes its inner state, so the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request could not be built (bad parameter, serialization failure). Nothing was sent.
    Build(BuildError),
    /// The transport failed; no usable response came back.
    Transport(TransportError),
    /// Ory answered with a non-success status and its JSON error body.
    Api(ApiError),
    /// The server answered with something the API does not promise: a non-success status whose
    /// body is not an Ory error (HTML from a gateway, plain text, empty), or a redirect.
    UnexpectedResponse(UnexpectedResponse),
    /// A success response's body could not be decoded into the expected type.
    Decode(DecodeError),
}

impl Error {
    fn new(kind: ErrorKind) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                request_id: None,
                attempts: 1,
            }),
        }
    }

    /// Turns a non-success response into an error: [`ErrorKind::Api`] when the body is an Ory
    /// error, [`ErrorKind::UnexpectedResponse`] otherwise. Operations call this for every status
    /// they do not treat as success.
    pub fn from_response(response: http::Response<Bytes>) -> Error {
        let (parts, body) = response.into_parts();
        let request_id = meta::request_id(&parts.headers).map(str::to_owned);
        let mut err = match OryErrorBody::parse(&body) {
            Some(ory) => {
                let request_id = ory.request.clone().filter(|r| !r.is_empty()).or(request_id);
                let mut err = Error::new(ErrorKind::Api(ApiError {
                    status: parts.status,
                    body: ory,
                    headers: parts.headers,
                    raw: body,
                }));
                err.inner.request_id = request_id;
                err
            }
            None => {
                let mut err = Error::new(ErrorKind::UnexpectedResponse(UnexpectedResponse {
                    status: parts.status,
                    headers: parts.headers,
                    body,
                }));
                err.inner.request_id = request_id;
                err
            }
        };
        err.inner.attempts = 1;
        err
    }

    /// An error for a success response whose body did not decode.
    pub fn decode(
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        path: String,
        message: String,
    ) -> Error {
        let request_id = meta::request_id(&headers).map(str::to_owned);
        let mut err = Error::new(ErrorKind::Decode(DecodeError {
            status,
            headers,
            body,
            path,
            message,
        }));
        err.inner.request_id = request_id;
        err
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// Consumes the error and returns what went wrong.
    pub fn into_kind(self) -> ErrorKind {
        self.inner.kind
    }

    /// The HTTP status, when a response came back.
    pub fn status(&self) -> Option<StatusCode> {
        match &self.inner.kind {
            ErrorKind::Api(e) => Some(e.status),
            ErrorKind::UnexpectedResponse(e) => Some(e.status),
            ErrorKind::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The response headers, when a response came back.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match &self.inner.kind {
            ErrorKind::Api(e) => Some(&e.headers),
            ErrorKind::UnexpectedResponse(e) => Some(&e.headers),
            ErrorKind::Decode(e) => Some(&e.headers),
            _ => None,
        }
    }

    /// The raw response body, when a response came back.
    pub fn body(&self) -> Option<&Bytes> {
        match &self.inner.kind {
            ErrorKind::Api(e) => Some(&e.raw),
            ErrorKind::UnexpectedResponse(e) => Some(&e.body),
            ErrorKind::Decode(e) => Some(&e.body),
            _ => None,
        }
    }

    /// Ory's parsed error body, when Ory sent one.
    pub fn ory_error(&self) -> Option<&OryErrorBody> {
        match &self.inner.kind {
            ErrorKind::Api(e) => Some(&e.body),
            _ => None,
        }
    }

    /// The request id: Ory's `error.request`, else the response's `X-Request-ID`, else the id
    /// the client sent.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// Sets the request id if none is known yet (the client calls this with the id it sent).
    pub fn with_request_id_if_absent(mut self, request_id: Option<&str>) -> Self {
        if self.inner.request_id.is_none() {
            self.inner.request_id = request_id.filter(|s| !s.is_empty()).map(str::to_owned);
        }
        self
    }

    /// How many attempts were made before this error (1 without retries).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// Records how many attempts were made (the retry layer calls this).
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.inner.attempts = attempts.max(1);
        self
    }

    /// 400 Bad Request.
    pub fn is_bad_request(&self) -> bool {
        self.status() == Some(StatusCode::BAD_REQUEST)
    }

    /// 401 Unauthorized: the API key is missing, wrong or revoked.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED)
    }

    /// 403 Forbidden.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(StatusCode::FORBIDDEN)
    }

    /// 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// 409 Conflict (for example a duplicate identifier on create).
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(StatusCode::CONFLICT)
    }

    /// 429 Too Many Requests.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// A transport timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(&self.inner.kind, ErrorKind::Transport(t) if t.is_timeout())
    }

    /// A connection failure (nothing was sent).
    pub fn is_connect(&self) -> bool {
        matches!(&self.inner.kind, ErrorKind::Transport(t) if t.is_connect())
    }

    /// The TLS handshake was refused, for example a certificate from an unknown issuer
    /// (nothing was sent). See [`TransportErrorKind::Tls`].
    pub fn is_tls(&self) -> bool {
        matches!(&self.inner.kind, ErrorKind::Transport(t) if t.is_tls())
    }

    /// A transport failure of any kind.
    pub fn is_transport(&self) -> bool {
        matches!(&self.inner.kind, ErrorKind::Transport(_))
    }

    /// The failure is of a kind that may go away when the same request is sent again:
    /// connection failures, timeouts, I/O errors, 429, 502, 503 and 504. Whether a retry is
    /// *safe* also depends on the method; see [`crate::retry`].
    pub fn is_retryable(&self) -> bool {
        match &self.inner.kind {
            ErrorKind::Transport(t) => matches!(
                t.kind(),
                TransportErrorKind::Connect | TransportErrorKind::Timeout | TransportErrorKind::Io
            ),
            _ => matches!(
                self.status().map(|s| s.as_u16()),
                Some(429) | Some(502) | Some(503) | Some(504)
            ),
        }
    }

    /// The delay the server asked for with `Retry-After` (seconds or an HTTP date), or else
    /// with `x-ratelimit-reset` on a 429.
    pub fn retry_after(&self) -> Option<Duration> {
        let headers = self.headers()?;
        meta::retry_after(headers, SystemTime::now()).or_else(|| {
            if self.is_rate_limited() {
                RateLimit::from_headers(headers).and_then(|r| r.reset)
            } else {
                None
            }
        })
    }

    /// The `x-ratelimit-*` headers of the response, when present.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(self.headers()?)
    }
}

impl From<BuildError> for Error {
    fn from(err: BuildError) -> Self {
        Error::new(ErrorKind::Build(err))
    }
}

impl From<TransportError> for Error {
    fn from(err: TransportError) -> Self {
        Error::new(ErrorKind::Transport(err))
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.inner.kind)
            .field("request_id", &self.inner.request_id)
            .field("attempts", &self.inner.attempts)
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.kind {
            ErrorKind::Build(e) => write!(f, "could not build the request: {e}")?,
            ErrorKind::Transport(e) => write!(f, "{e}")?,
            ErrorKind::Api(e) => write!(f, "{e}")?,
            ErrorKind::UnexpectedResponse(e) => write!(f, "{e}")?,
            ErrorKind::Decode(e) => write!(f, "{e}")?,
        }
        let show_id = !matches!(&self.inner.kind, ErrorKind::Build(_));
        match (&self.inner.request_id, self.inner.attempts) {
            (Some(id), n) if n > 1 && show_id => {
                write!(f, " (request id {id}, after {n} attempts)")
            }
            (Some(id), _) if show_id => write!(f, " (request id {id})"),
            (_, n) if n > 1 => write!(f, " (after {n} attempts)"),
            _ => Ok(()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.inner.kind {
            ErrorKind::Build(e) => Some(e),
            ErrorKind::Transport(e) => Some(e),
            _ => None,
        }
    }
}

/// Why a request could not be built. Nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// A required path parameter is empty.
    EmptyPathParameter {
        /// The parameter's name in the API.
        name: &'static str,
    },
    /// A path parameter is `.` or `..`, which servers and proxies would resolve.
    DotSegment {
        /// The parameter's name in the API.
        name: &'static str,
        /// The value given.
        value: String,
    },
    /// A required parameter or body is missing.
    MissingParameter {
        /// The parameter's name in the API.
        name: &'static str,
    },
    /// A parameter has a value the API does not accept.
    InvalidParameter {
        /// The parameter's name in the API.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A caller-supplied header has a bad name or value (CR, LF, NUL...).
    InvalidHeader {
        /// The header's name.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The request body could not be serialized.
    Serialize {
        /// The serializer's message.
        message: String,
    },
    /// The `http` crate refused the request (for example a URI it cannot parse).
    Http {
        /// The `http` crate's message.
        message: String,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::EmptyPathParameter { name } => {
                write!(f, "path parameter `{name}` is empty")
            }
            BuildError::DotSegment { name, value } => {
                write!(f, "path parameter `{name}` cannot be {value:?}")
            }
            BuildError::MissingParameter { name } => {
                write!(f, "required parameter `{name}` is missing")
            }
            BuildError::InvalidParameter { name, reason } => {
                write!(f, "parameter `{name}` is invalid: {reason}")
            }
            BuildError::InvalidHeader { name, reason } => {
                write!(f, "header `{name}` is invalid: it {reason}")
            }
            BuildError::Serialize { message } => {
                write!(f, "could not serialize the body: {message}")
            }
            BuildError::Http { message } => write!(f, "invalid request: {message}"),
        }
    }
}

impl std::error::Error for BuildError {}

impl From<http::Error> for BuildError {
    fn from(err: http::Error) -> Self {
        BuildError::Http {
            message: err.to_string(),
        }
    }
}

/// Ory answered with an error status and its JSON error body.
#[derive(Clone)]
pub struct ApiError {
    status: StatusCode,
    body: OryErrorBody,
    headers: HeaderMap,
    raw: Bytes,
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Ory's error body.
    pub fn body(&self) -> &OryErrorBody {
        &self.body
    }

    /// Ory's message (or the spec's `error_description`, or the status text).
    pub fn message(&self) -> &str {
        self.body
            .message
            .as_deref()
            .or(self.body.error_description.as_deref())
            .or(self.body.error.as_deref())
            .or(self.status.canonical_reason())
            .unwrap_or("")
    }

    /// Ory's reason, when given.
    pub fn reason(&self) -> Option<&str> {
        self.body.reason.as_deref().filter(|r| !r.is_empty())
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw body.
    pub fn raw_body(&self) -> &Bytes {
        &self.raw
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("body", &self.body)
            .field("headers", &RedactedHeaders(&self.headers))
            .finish_non_exhaustive()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Ory API error {}: {}",
            StatusDisplay(self.status),
            self.message()
        )?;
        if let Some(reason) = self.reason() {
            write!(f, " (reason: {reason})")?;
        }
        if let Some(id) = self.body.id.as_deref().filter(|i| !i.is_empty()) {
            write!(f, " [{id}]")?;
        }
        Ok(())
    }
}

struct StatusDisplay(StatusCode);

impl fmt::Display for StatusDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.canonical_reason() {
            Some(reason) => write!(f, "{} {reason}", self.0.as_u16()),
            None => write!(f, "{}", self.0.as_u16()),
        }
    }
}

/// A response the API does not promise: a non-success status without an Ory error body, or a
/// redirect. The body is kept raw.
#[derive(Clone)]
pub struct UnexpectedResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl UnexpectedResponse {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn body_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

impl fmt::Debug for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnexpectedResponse")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &Snippet(&self.body))
            .finish()
    }
}

impl fmt::Display for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unexpected response {}", StatusDisplay(self.status))?;
        if self.status.is_redirection() {
            if let Some(location) = self
                .headers
                .get(http::header::LOCATION)
                .and_then(|l| l.to_str().ok())
            {
                write!(
                    f,
                    " redirecting to {location:?} (redirects are not followed)"
                )?;
            }
        }
        let content_type = self
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|c| c.to_str().ok())
            .unwrap_or("no content type");
        if self.body.is_empty() {
            write!(f, " with an empty body")
        } else {
            write!(
                f,
                " ({content_type}, {} bytes): {}",
                self.body.len(),
                Snippet(&self.body)
            )
        }
    }
}

/// The first 200 characters of a body, on one line.
struct Snippet<'a>(&'a [u8]);

impl fmt::Display for Snippet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = String::from_utf8_lossy(self.0);
        for (shown, c) in text.chars().enumerate() {
            if shown == 200 {
                return f.write_str("...");
            }
            let c = if c.is_control() { ' ' } else { c };
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Snippet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

/// A success response whose body did not decode.
#[derive(Clone)]
pub struct DecodeError {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    path: String,
    message: String,
}

impl DecodeError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The JSON path where decoding failed (`items[3].created_at`; `.` for the root).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The decoder's message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The raw body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("path", &self.path)
            .field("message", &self.message)
            .field("body", &Snippet(&self.body))
            .finish_non_exhaustive()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the {} response body at `{}`: {} ({} bytes)",
            StatusDisplay(self.status),
            self.path,
            self.message,
            self.body.len()
        )
    }
}

/// Ory's error object (the `error` member of the body).
///
/// Holds the union of the fields the server sends (`id`, `code`, `status`, `reason`, `request`,
/// `message`, `details`, `debug`) and those the Ory Network spec lists (`status_code`, `error`,
/// `error_description`); any other field is kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OryErrorBody {
    /// A stable error id such as `session_inactive` (free string).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_string"
    )]
    pub id: Option<String>,
    /// The HTTP status code.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_int"
    )]
    pub code: Option<i64>,
    /// The HTTP status text.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_string"
    )]
    pub status: Option<String>,
    /// Why the error happened.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_string"
    )]
    pub reason: Option<String>,
    /// The request id.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_string"
    )]
    pub request: Option<String>,
    /// The error message.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_string"
    )]
    pub message: Option<String>,
    /// Further details (any JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
    /// Debug information, when the server is in debug mode (any JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debug: Option<serde_json::Value>,
    /// The spec's `status_code`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_int"
    )]
    pub status_code: Option<i64>,
    /// The spec's `error` name.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_string"
    )]
    pub error: Option<String>,
    /// The spec's `error_description`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_string"
    )]
    pub error_description: Option<String>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

const ORY_ERROR_FIELDS: &[&str] = &[
    "id",
    "code",
    "status",
    "reason",
    "request",
    "message",
    "status_code",
    "error",
    "error_description",
];

impl OryErrorBody {
    /// Parses an Ory error body: `{"error": {...}}`, or the flat error object. `None` when the
    /// body is not JSON or not shaped like an Ory error.
    pub fn parse(body: &[u8]) -> Option<OryErrorBody> {
        let first = body.iter().find(|b| !b.is_ascii_whitespace())?;
        if *first != b'{' {
            return None;
        }
        let value: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(body).ok()?;
        if let Some(serde_json::Value::Object(inner)) = value.get("error") {
            return OryErrorBody::deserialize(serde_json::Value::Object(inner.clone())).ok();
        }
        if ORY_ERROR_FIELDS.iter().any(|f| value.contains_key(*f)) {
            return OryErrorBody::deserialize(serde_json::Value::Object(value)).ok();
        }
        None
    }
}

/// Accepts a string, a number or a boolean as text, and null as absent: an error body must
/// never fail to parse because a field changed type.
fn lenient_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    })
}

/// Accepts an integer, or a string holding one; anything else is absent.
fn lenient_int<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => n.as_i64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(
        status: u16,
        content_type: Option<&str>,
        body: &'static str,
    ) -> http::Response<Bytes> {
        let mut b = http::Response::builder().status(status);
        if let Some(ct) = content_type {
            b = b.header("content-type", ct);
        }
        b.body(Bytes::from_static(body.as_bytes())).unwrap()
    }

    #[test]
    fn server_field_set() {
        let err = Error::from_response(response(
            401,
            Some("application/json"),
            r#"{"error":{"id":"session_inactive","code":401,"status":"Unauthorized","reason":"No valid session credentials found.","request":"9f1e-req","message":"The request could not be authorized","details":{"a":1},"extra_field":true}}"#,
        ));
        assert!(err.is_unauthorized());
        let ory = err.ory_error().unwrap();
        assert_eq!(ory.id.as_deref(), Some("session_inactive"));
        assert_eq!(ory.code, Some(401));
        assert_eq!(
            ory.extra.get("extra_field"),
            Some(&serde_json::Value::Bool(true))
        );
        assert_eq!(err.request_id(), Some("9f1e-req"));
        let text = err.to_string();
        assert_eq!(
            text,
            "Ory API error 401 Unauthorized: The request could not be authorized \
             (reason: No valid session credentials found.) [session_inactive] (request id 9f1e-req)"
        );
    }

    #[test]
    fn spec_field_set() {
        let err = Error::from_response(response(
            400,
            None,
            r#"{"error":{"status_code":400,"error":"invalid_request","error_description":"The id is malformed","id":"some_unknown_id"}}"#,
        ));
        let ErrorKind::Api(api) = err.kind() else {
            panic!("{err:?}")
        };
        assert_eq!(api.message(), "The id is malformed");
        assert_eq!(api.body().status_code, Some(400));
        assert_eq!(api.body().id.as_deref(), Some("some_unknown_id"));
    }

    #[test]
    fn non_ory_bodies_are_kept_raw() {
        let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        let err = Error::from_response(response(502, Some("text/html"), html));
        let ErrorKind::UnexpectedResponse(u) = err.kind() else {
            panic!("{err:?}")
        };
        assert_eq!(u.body_text(), html);
        assert!(err.is_retryable());
        assert!(err.to_string().contains("502 Bad Gateway"), "{err}");
        assert!(err.to_string().contains("text/html"));

        let err = Error::from_response(response(401, None, ""));
        assert!(matches!(err.kind(), ErrorKind::UnexpectedResponse(_)));
        assert!(err.is_unauthorized());
        assert_eq!(
            err.to_string(),
            "unexpected response 401 Unauthorized with an empty body"
        );

        for body in ["null", "[1,2]", "{\"foo\":1}", "{", "plain text"] {
            let err = Error::from_response(response(500, None, body));
            assert!(
                matches!(err.kind(), ErrorKind::UnexpectedResponse(_)),
                "{body}"
            );
        }
    }

    #[test]
    fn odd_field_types_do_not_lose_the_error() {
        let err = Error::from_response(response(
            500,
            None,
            r#"{"error":{"id":12,"code":"500","message":null,"reason":["x"],"debug":{"stack":1}}}"#,
        ));
        let ory = err.ory_error().unwrap();
        assert_eq!(ory.id.as_deref(), Some("12"));
        assert_eq!(ory.code, Some(500));
        assert_eq!(ory.message, None);
        assert!(err.to_string().contains("500 Internal Server Error"));
    }

    #[test]
    fn request_id_falls_back_to_header_then_sent_id() {
        let mut r = response(500, None, r#"{"error":{"message":"boom"}}"#);
        r.headers_mut()
            .insert("x-request-id", "hdr-id".parse().unwrap());
        assert_eq!(Error::from_response(r).request_id(), Some("hdr-id"));
        let err = Error::from_response(response(500, None, "oops"))
            .with_request_id_if_absent(Some("sent"));
        assert_eq!(err.request_id(), Some("sent"));
    }

    #[test]
    fn error_is_small() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }
}
