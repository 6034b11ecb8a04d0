//! The operation model: an API call as a value that builds its request and parses its response.
//!
//! Every Ory endpoint is a type implementing [`Operation`]. Building needs only a [`Config`];
//! parsing needs only the response. Neither performs I/O, so both can be tested with a plain
//! `#[test]`, and any [`HttpTransport`] can carry the request in between ([`execute`]).

use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_TYPE};
use http::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::config::Config;
use crate::error::{BuildError, Error};
use crate::meta::ResponseMeta;
use crate::transport::HttpTransport;

/// One API call: builds its `http::Request` and parses the matching `http::Response`.
///
/// ```
/// use ory_core::{identity::DisableSession, Config, Operation};
///
/// let config = Config::builder("https://playground.projects.oryapis.com")
///     .api_key("ory_apikey_example")
///     .build()?;
/// let request = DisableSession::new("a/b").build_request(&config)?;
/// assert_eq!(request.method(), http::Method::DELETE);
/// assert_eq!(request.uri(), "https://playground.projects.oryapis.com/admin/sessions/a%2Fb");
///
/// let response = http::Response::builder().status(204).body(bytes::Bytes::new())?;
/// assert!(DisableSession::new("a/b").parse_response(response).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Operation {
    /// What a successful call returns.
    type Output;

    /// Builds the request. Fails, before anything is sent, when a parameter is invalid.
    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error>;

    /// Parses the response: success statuses into [`Self::Output`], everything else into an
    /// [`Error`].
    fn parse_response(&self, response: http::Response<Bytes>) -> Result<Self::Output, Error>;
}

/// Builds `operation`'s request, sends it through `transport` and parses the response.
///
/// This is all a user with their own transport needs. A request without an `X-Request-ID`
/// gets a fresh one, and that id is attached to any error.
pub async fn execute<O, T>(
    transport: &T,
    config: &Config,
    operation: &O,
) -> Result<O::Output, Error>
where
    O: Operation + ?Sized,
    T: HttpTransport + ?Sized,
{
    send_and_parse(transport, config, operation, |op: &O, r| {
        op.parse_response(r)
    })
    .await
}

/// Like [`execute`], and also returns the response's status and headers.
pub async fn execute_with_meta<O, T>(
    transport: &T,
    config: &Config,
    operation: &O,
) -> Result<(O::Output, ResponseMeta), Error>
where
    O: Operation + ?Sized,
    T: HttpTransport + ?Sized,
{
    send_and_parse(transport, config, operation, parse_with_meta).await
}

/// The one body of [`execute`] and [`execute_with_meta`]: build, add a request id, send, turn
/// the response into `R` with `parse`, and finish any error with [`finish_error`].
async fn send_and_parse<O, T, R>(
    transport: &T,
    config: &Config,
    operation: &O,
    parse: impl FnOnce(&O, http::Response<Bytes>) -> Result<R, Error>,
) -> Result<R, Error>
where
    O: Operation + ?Sized,
    T: HttpTransport + ?Sized,
{
    let mut request = operation.build_request(config)?;
    let request_id = crate::request_id::ensure(request.headers_mut());
    let result = match transport.send(request).await {
        Ok(response) => parse(operation, response),
        Err(e) => Err(Error::from(e)),
    };
    result.map_err(|e| finish_error(e, request_id.to_str().ok(), config))
}

/// Parses `response` with `operation`, keeping its status and headers.
pub(crate) fn parse_with_meta<O: Operation + ?Sized>(
    operation: &O,
    response: http::Response<Bytes>,
) -> Result<(O::Output, ResponseMeta), Error> {
    let meta = ResponseMeta::new(response.status(), response.headers().clone());
    operation
        .parse_response(response)
        .map(|output| (output, meta))
}

/// What every error of a sent request gets before it reaches the caller: the request id (when
/// the response named none) and the configuration's secrets scrubbed from what it kept.
pub(crate) fn finish_error(error: Error, request_id: Option<&str>, config: &Config) -> Error {
    error
        .with_request_id_if_absent(request_id)
        .scrub(config.secrets())
}

/// Finishes a request that has no body (no `Content-Type` either).
pub fn empty_body(builder: http::request::Builder) -> Result<http::Request<Bytes>, Error> {
    builder
        .body(Bytes::new())
        .map_err(|e| Error::from(BuildError::from(e)))
}

/// Finishes a request with `body` serialized as JSON.
pub fn json_body<B: Serialize + ?Sized>(
    builder: http::request::Builder,
    body: &B,
) -> Result<http::Request<Bytes>, Error> {
    let bytes = serde_json::to_vec(body).map_err(|e| {
        Error::from(BuildError::Serialize {
            message: e.to_string(),
        })
    })?;
    builder
        .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
        .body(Bytes::from(bytes))
        .map_err(|e| Error::from(BuildError::from(e)))
}

/// Starts a request for `method` and `path_and_query` with the configuration's headers.
pub fn request(config: &Config, method: Method, path_and_query: &str) -> http::request::Builder {
    config.request_builder(method, path_and_query)
}

/// Parses a response whose success carries no body (204, or any 2xx).
pub fn parse_empty(response: http::Response<Bytes>) -> Result<(), Error> {
    if response.status().is_success() {
        Ok(())
    } else {
        Err(Error::from_response(response))
    }
}

/// Parses a 2xx response's JSON body into `T`; other statuses become errors.
pub fn parse_json<T: DeserializeOwned>(response: http::Response<Bytes>) -> Result<T, Error> {
    if !response.status().is_success() {
        return Err(Error::from_response(response));
    }
    let (parts, body) = response.into_parts();
    decode_json(parts.status, parts.headers, body)
}

/// Decodes `body` as JSON into `T`. On failure the error names the JSON path that failed and
/// keeps the raw body. The fast path decodes once; only a failure is decoded again to find the
/// path.
///
/// The body is checked as UTF-8 once and then parsed as text, which spares serde_json a UTF-8
/// check per string (JSON is UTF-8, RFC 8259). A body that is not UTF-8 is decoded from its
/// bytes as before, so invalid bytes in a part the model ignores are still tolerated; when that
/// fails too, the error says where the body stops being UTF-8.
pub fn decode_json<T: DeserializeOwned>(
    status: http::StatusCode,
    headers: http::HeaderMap,
    body: Bytes,
) -> Result<T, Error> {
    let (path, message) = match std::str::from_utf8(&body) {
        Ok(text) => match serde_json::from_str::<T>(text) {
            Ok(value) => return Ok(value),
            Err(first) => {
                failure_path::<T, _>(&mut serde_json::Deserializer::from_str(text), first, None)
            }
        },
        Err(utf8) => match serde_json::from_slice::<T>(&body) {
            Ok(value) => return Ok(value),
            Err(first) => failure_path::<T, _>(
                &mut serde_json::Deserializer::from_slice(&body),
                first,
                Some(utf8.valid_up_to()),
            ),
        },
    };
    Err(Error::decode(status, headers, body, path, message))
}

/// Decodes again, tracking the path, to name where `first` happened. `not_utf8_from` notes
/// where the body stops being UTF-8.
#[cold]
fn failure_path<'de, T: DeserializeOwned, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
    first: serde_json::Error,
    not_utf8_from: Option<usize>,
) -> (String, String) {
    let (path, message) = match serde_path_to_error::deserialize::<_, T>(de) {
        // A failure under an empty key has an empty path; show it as the root.
        Err(e) => match e.path().to_string() {
            path if path.is_empty() => (".".to_owned(), e.into_inner().to_string()),
            path => (path, e.into_inner().to_string()),
        },
        Ok(_) => (".".to_owned(), first.to_string()),
    };
    match not_utf8_from {
        Some(at) => (
            path,
            format!("{message} (the body is not valid UTF-8 from byte {at})"),
        ),
        None => (path, message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        n: u32,
    }

    #[test]
    fn decode_failure_names_the_path_and_keeps_the_body() {
        let body = Bytes::from_static(br#"{"items":[{"id":"a","n":1},{"id":"b","n":"x"}]}"#);
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Page {
            items: Vec<Item>,
        }
        let err = decode_json::<Page>(http::StatusCode::OK, Default::default(), body.clone())
            .unwrap_err();
        let ErrorKind::Decode(d) = err.kind() else {
            panic!("{err:?}")
        };
        assert_eq!(d.path(), "items[1].n");
        assert_eq!(d.body(), &body);
        assert!(err.to_string().contains("items[1].n"), "{err}");
    }

    #[test]
    fn decode_failure_on_non_json() {
        let err = decode_json::<Item>(
            http::StatusCode::OK,
            Default::default(),
            Bytes::from_static(b"<html>"),
        )
        .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Decode(_)));
        assert_eq!(err.body().unwrap(), &Bytes::from_static(b"<html>"));
    }

    #[test]
    fn decode_failure_on_invalid_utf8_names_the_path_and_the_byte() {
        let body = Bytes::from_static(b"{\"id\":\"a\xff\",\"n\":1}");
        let err = decode_json::<Item>(http::StatusCode::OK, Default::default(), body.clone())
            .unwrap_err();
        let ErrorKind::Decode(d) = err.kind() else {
            panic!("{err:?}")
        };
        assert_eq!(d.path(), "id");
        assert!(
            err.to_string().contains("not valid UTF-8 from byte 8"),
            "{err}"
        );
        assert_eq!(d.body(), &body);
    }

    #[test]
    fn invalid_utf8_in_an_ignored_field_still_decodes() {
        // As before the text fast path: bytes the model never reads are not checked.
        let body = Bytes::from_static(b"{\"id\":\"a\",\"extra\":\"\xff\",\"n\":1}");
        let item = decode_json::<Item>(http::StatusCode::OK, Default::default(), body).unwrap();
        assert_eq!(item.id, "a");
        assert_eq!(item.n, 1);
    }

    #[test]
    fn decode_failure_in_text_names_the_path() {
        let body = Bytes::from_static("{\"id\":\"é\",\"n\":-1}".as_bytes());
        let err = decode_json::<Item>(http::StatusCode::OK, Default::default(), body).unwrap_err();
        let ErrorKind::Decode(d) = err.kind() else {
            panic!("{err:?}")
        };
        assert_eq!(d.path(), "n");
        assert!(!err.to_string().contains("UTF-8"), "{err}");
    }
}

/// An operation sent with extra headers for this call only; see [`OperationExt`].
///
/// Header names and values are checked when they are added; a bad one (CR, LF, NUL, other
/// control characters, a header the client owns) makes [`Operation::build_request`] fail with
/// [`BuildError::InvalidHeader`], so nothing is sent.
#[derive(Clone)]
pub struct WithHeaders<O> {
    inner: O,
    headers: http::HeaderMap,
    error: Option<BuildError>,
}

impl<O> WithHeaders<O> {
    /// Adds another header (replacing an earlier value of the same name).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if self.error.is_some() {
            return self;
        }
        match checked_header(name, value) {
            Ok((name, value)) => {
                self.headers.insert(name, value);
            }
            Err(err) => self.error = Some(err),
        }
        self
    }

    /// The wrapped operation.
    pub fn inner(&self) -> &O {
        &self.inner
    }
}

impl<O: std::fmt::Debug> std::fmt::Debug for WithHeaders<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WithHeaders")
            .field("inner", &self.inner)
            .field("headers", &crate::config::RedactedHeaders(&self.headers))
            .field("error", &self.error)
            .finish()
    }
}

/// Headers a caller cannot set per call: the client or the HTTP layer owns them.
const RESERVED_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "upgrade",
    "te",
    "trailer",
    "authorization",
];

fn checked_header(name: &str, value: &str) -> Result<(http::HeaderName, HeaderValue), BuildError> {
    let header_name =
        http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| BuildError::InvalidHeader {
            name: name.to_owned(),
            reason: "is not a valid header name".into(),
        })?;
    if RESERVED_HEADERS.contains(&header_name.as_str()) {
        return Err(BuildError::InvalidHeader {
            name: name.to_owned(),
            reason: "is set by the client or the HTTP layer and cannot be set per call".into(),
        });
    }
    let mut header_value =
        crate::config::header_value(value).map_err(|reason| BuildError::InvalidHeader {
            name: name.to_owned(),
            reason: reason.into(),
        })?;
    if crate::config::is_secret_header(&header_name) {
        header_value.set_sensitive(true);
    }
    Ok((header_name, header_value))
}

impl<O: Operation> Operation for WithHeaders<O> {
    type Output = O::Output;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        if let Some(err) = &self.error {
            return Err(Error::from(err.clone()));
        }
        let mut request = self.inner.build_request(config)?;
        for (name, value) in &self.headers {
            request.headers_mut().insert(name.clone(), value.clone());
        }
        Ok(request)
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<Self::Output, Error> {
        self.inner.parse_response(response)
    }
}

/// Per-call additions to any [`Operation`].
///
/// ```
/// use ory_core::identity::DisableSession;
/// use ory_core::operation::OperationExt;
/// use ory_core::{Config, Operation};
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let op = DisableSession::new("s-1").with_request_id("trace-42").header("X-Tenant", "blue");
/// let request = op.build_request(&config)?;
/// assert_eq!(request.headers()["x-request-id"], "trace-42");
///
/// // A value that would inject a header is refused before anything is sent.
/// let bad = DisableSession::new("s-1").with_request_id("x\r\nAuthorization: Bearer stolen");
/// assert!(bad.build_request(&config).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait OperationExt: Operation + Sized {
    /// Sends `name: value` with this call (replacing a configured default of the same name).
    fn with_header(self, name: &str, value: &str) -> WithHeaders<Self> {
        WithHeaders {
            inner: self,
            headers: http::HeaderMap::new(),
            error: None,
        }
        .header(name, value)
    }

    /// Sends `X-Request-ID: id` with this call instead of a generated one; Ory echoes it in
    /// error bodies, and retries keep it.
    fn with_request_id(self, id: &str) -> WithHeaders<Self> {
        self.with_header("x-request-id", id)
    }
}

impl<O: Operation + Sized> OperationExt for O {}

#[cfg(test)]
mod header_tests {
    use super::*;
    use crate::identity::DisableSession;
    use crate::ErrorKind;

    #[test]
    fn injection_is_refused_before_anything_is_built() {
        let config = Config::new("http://127.0.0.1:4434").unwrap();
        for (name, value) in [
            ("x-request-id", "a\r\nX-Evil: 1"),
            ("x-request-id", "a\nb"),
            ("x-request-id", "a\0b"),
            ("x-custom", "tab\tis\tfine\u{7f}"),
            ("bad name", "v"),
            ("host", "evil.example"),
            ("authorization", "Bearer other"),
        ] {
            let err = DisableSession::new("s")
                .with_header(name, value)
                .build_request(&config)
                .unwrap_err();
            assert!(
                matches!(
                    err.kind(),
                    ErrorKind::Build(BuildError::InvalidHeader { .. })
                ),
                "{name}: {value:?}: {err:?}"
            );
        }
    }

    #[test]
    fn headers_are_added_and_replace_defaults() {
        let config = Config::builder("http://127.0.0.1:4434")
            .header("X-Tenant", "default")
            .build()
            .unwrap();
        let request = DisableSession::new("s")
            .with_header("X-Tenant", "blue")
            .header("X-Api-Key", "secret-value")
            .build_request(&config)
            .unwrap();
        let tenants: Vec<_> = request.headers().get_all("x-tenant").iter().collect();
        assert_eq!(tenants, ["blue"]);
        assert!(request.headers()["x-api-key"].is_sensitive());
        let debug = format!(
            "{:?}",
            DisableSession::new("s").with_header("X-Api-Key", "secret-value")
        );
        assert!(!debug.contains("secret-value"), "{debug}");
    }
}
