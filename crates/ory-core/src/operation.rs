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
    let mut request = operation.build_request(config)?;
    let request_id = crate::request_id::ensure(request.headers_mut());
    match transport.send(request).await {
        Ok(response) => operation
            .parse_response(response)
            .map_err(|e| e.with_request_id_if_absent(Some(&request_id))),
        Err(e) => Err(Error::from(e).with_request_id_if_absent(Some(&request_id))),
    }
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
    let mut request = operation.build_request(config)?;
    let request_id = crate::request_id::ensure(request.headers_mut());
    match transport.send(request).await {
        Ok(response) => {
            let meta = ResponseMeta::new(response.status(), response.headers().clone());
            operation
                .parse_response(response)
                .map(|output| (output, meta))
                .map_err(|e| e.with_request_id_if_absent(Some(&request_id)))
        }
        Err(e) => Err(Error::from(e).with_request_id_if_absent(Some(&request_id))),
    }
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
pub fn decode_json<T: DeserializeOwned>(
    status: http::StatusCode,
    headers: http::HeaderMap,
    body: Bytes,
) -> Result<T, Error> {
    match serde_json::from_slice::<T>(&body) {
        Ok(value) => Ok(value),
        Err(first) => {
            let mut de = serde_json::Deserializer::from_slice(&body);
            let (path, message) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
                // A failure under an empty key has an empty path; show it as the root.
                Err(e) => match e.path().to_string() {
                    path if path.is_empty() => (".".to_owned(), e.into_inner().to_string()),
                    path => (path, e.into_inner().to_string()),
                },
                Ok(_) => (".".to_owned(), first.to_string()),
            };
            Err(Error::decode(status, headers, body, path, message))
        }
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
}
