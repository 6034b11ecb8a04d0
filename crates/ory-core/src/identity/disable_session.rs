//! `DELETE /admin/sessions/{id}` (disableSession).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::encode::push_segment;
use crate::error::Error;
use crate::operation::{empty_body, parse_empty, request, Operation};

/// Disables a session: `DELETE /admin/sessions/{id}`.
///
/// Success is 204 (any 2xx is accepted). Ory documents 400 and 401 with its error body; any
/// other status becomes an [`Error`] too.
///
/// ```
/// use ory_core::{identity::DisableSession, Config, Operation};
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let request = DisableSession::new("a/b?c#d e").build_request(&config)?;
/// assert_eq!(request.uri().path(), "/admin/sessions/a%2Fb%3Fc%23d%20e");
/// assert!(request.body().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisableSession {
    id: String,
}

impl DisableSession {
    /// Disables the session `id`.
    pub fn new(id: impl Into<String>) -> Self {
        DisableSession { id: id.into() }
    }

    /// The session id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl From<&str> for DisableSession {
    fn from(id: &str) -> Self {
        DisableSession::new(id)
    }
}

impl From<String> for DisableSession {
    fn from(id: String) -> Self {
        DisableSession::new(id)
    }
}

impl From<&String> for DisableSession {
    fn from(id: &String) -> Self {
        DisableSession::new(id.as_str())
    }
}

impl Operation for DisableSession {
    type Output = ();

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        let mut path = String::with_capacity(16 + self.id.len() * 3);
        path.push_str("/admin/sessions");
        push_segment(&mut path, "id", &self.id)?;
        empty_body(request(config, Method::DELETE, &path))
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<(), Error> {
        parse_empty(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{BuildError, ErrorKind};
    use crate::testing::{RequestAssertions, ResponseBuilder};

    fn config() -> Config {
        Config::builder("https://playground.projects.oryapis.com")
            .api_key("ory_apikey_x")
            .build()
            .unwrap()
    }

    #[test]
    fn request_shape() {
        let req = DisableSession::new("abc").build_request(&config()).unwrap();
        req.assert_method(Method::DELETE)
            .assert_uri("https://playground.projects.oryapis.com/admin/sessions/abc")
            .assert_header("accept", "application/json")
            .assert_header("authorization", "Bearer ory_apikey_x")
            .assert_header("user-agent", crate::config::DEFAULT_USER_AGENT)
            .assert_no_header("content-type")
            .assert_no_body();
        assert_eq!(req.headers().len(), 3, "{:?}", req.headers());
    }

    #[test]
    fn ids_stay_in_one_segment() {
        for (id, encoded) in [
            ("abc", "abc"),
            ("a/b?c#d e", "a%2Fb%3Fc%23d%20e"),
            ("é+%~!*'()", "%C3%A9%2B%25~%21%2A%27%28%29"),
            ("../identities", "..%2Fidentities"),
            ("%2e%2e", "%252e%252e"),
            ("a/../../b", "a%2F..%2F..%2Fb"),
        ] {
            let req = DisableSession::new(id).build_request(&config()).unwrap();
            assert_eq!(
                req.uri().path(),
                format!("/admin/sessions/{encoded}"),
                "{id}"
            );
            assert_eq!(req.uri().query(), None);
        }
    }

    #[test]
    fn base_url_variants() {
        for (base, uri) in [
            (
                "http://127.0.0.1:4434",
                "http://127.0.0.1:4434/admin/sessions/s1",
            ),
            (
                "http://127.0.0.1:4434/",
                "http://127.0.0.1:4434/admin/sessions/s1",
            ),
            (
                "https://gw.example.com/ory",
                "https://gw.example.com/ory/admin/sessions/s1",
            ),
            (
                "https://gw.example.com/ory/",
                "https://gw.example.com/ory/admin/sessions/s1",
            ),
        ] {
            let config = Config::new(base).unwrap();
            let req = DisableSession::new("s1").build_request(&config).unwrap();
            req.assert_uri(uri).assert_no_header("authorization");
        }
    }

    #[test]
    fn refused_ids() {
        for (id, expected) in [
            ("", BuildError::EmptyPathParameter { name: "id" }),
            (
                ".",
                BuildError::DotSegment {
                    name: "id",
                    value: ".".into(),
                },
            ),
            (
                "..",
                BuildError::DotSegment {
                    name: "id",
                    value: "..".into(),
                },
            ),
        ] {
            let err = DisableSession::new(id)
                .build_request(&config())
                .unwrap_err();
            match err.kind() {
                ErrorKind::Build(b) => assert_eq!(b, &expected),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn responses() {
        let op = DisableSession::new("abc");
        op.parse_response(ResponseBuilder::new(204).build())
            .unwrap();
        op.parse_response(ResponseBuilder::new(200).build())
            .unwrap();

        let err = op
            .parse_response(
                ResponseBuilder::new(400)
                    .json(
                        &serde_json::json!({"error": {"code": 400, "status": "Bad Request",
                        "message": "The request was malformed or contained invalid parameters",
                        "reason": "session id is not a uuid", "request": "r-1"}}),
                    )
                    .build(),
            )
            .unwrap_err();
        assert!(err.is_bad_request());
        assert_eq!(err.request_id(), Some("r-1"));
        assert_eq!(
            err.to_string(),
            "Ory API error 400 Bad Request: The request was malformed or contained invalid \
             parameters (reason: session id is not a uuid) (request id r-1)"
        );

        let err = op
            .parse_response(
                ResponseBuilder::new(401)
                    .json(&serde_json::json!({"error": {"status_code": 401, "error": "Unauthorized",
                        "error_description": "Access credentials are invalid", "id": "security_identity_mismatch"}}))
                    .build(),
            )
            .unwrap_err();
        assert!(err.is_unauthorized());
        assert_eq!(
            err.ory_error().unwrap().error_description.as_deref(),
            Some("Access credentials are invalid")
        );

        let err = op
            .parse_response(
                ResponseBuilder::new(500)
                    .json(
                        &serde_json::json!({"error": {"id": "brand_new_error", "code": 500,
                        "message": "boom", "unexpected": {"nested": [1]}}}),
                    )
                    .build(),
            )
            .unwrap_err();
        assert_eq!(
            err.ory_error().unwrap().id.as_deref(),
            Some("brand_new_error")
        );
        assert!(err.ory_error().unwrap().extra.contains_key("unexpected"));

        let err = op
            .parse_response(
                ResponseBuilder::new(502)
                    .header("content-type", "text/html")
                    .body("<html><h1>502 Bad Gateway</h1></html>")
                    .build(),
            )
            .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::UnexpectedResponse(_)));
        assert_eq!(
            err.body().unwrap().as_ref(),
            b"<html><h1>502 Bad Gateway</h1></html>"
        );

        let err = op
            .parse_response(ResponseBuilder::new(401).build())
            .unwrap_err();
        assert!(err.is_unauthorized());
        assert!(matches!(err.kind(), ErrorKind::UnexpectedResponse(_)));

        let err = op
            .parse_response(
                ResponseBuilder::new(307)
                    .header("location", "http://x/")
                    .build(),
            )
            .unwrap_err();
        assert!(err.to_string().contains("not followed"), "{err}");
    }
}
