//! Scrubbing secrets out of what an error kept of a response.
//!
//! A gateway or a debugging proxy may echo the request back: an HTML page listing the request
//! headers, a JSON error quoting `Authorization`, a redirect whose `Location` carries the query.
//! An [`Error`] keeps the response's headers and body (they are how a user finds out what went
//! wrong), and its `Debug` and `Display` show parts of them, so before an error leaves the
//! client every secret the client sent is replaced there with [`REDACTED`]. Only the error
//! path pays for this; successful responses are not scanned.

use bytes::Bytes;
use http::{HeaderMap, HeaderValue};
use memchr::memmem;

use super::{Error, ErrorKind, OryErrorBody, UnexpectedResponse};

/// What replaces a secret in an error: `[REDACTED]`.
pub const REDACTED: &str = "[REDACTED]";

/// Secrets shorter than this are not searched for: replacing every occurrence of a two-letter
/// "key" would mangle the body, and no real key is that short.
const MIN_SECRET_LEN: usize = 8;

/// `text` with every occurrence of each secret replaced, or `None` when none occurs.
fn scrub_bytes(text: &[u8], secrets: &[&[u8]]) -> Option<Vec<u8>> {
    let mut current: Option<Vec<u8>> = None;
    for secret in secrets {
        let source = current.as_deref().unwrap_or(text);
        let finder = memmem::Finder::new(secret);
        let mut hits = finder.find_iter(source).peekable();
        if hits.peek().is_none() {
            continue;
        }
        let mut out = Vec::with_capacity(source.len());
        let mut at = 0;
        for hit in hits {
            // `find_iter` may report overlapping matches; skip those inside a replaced one.
            if hit < at {
                continue;
            }
            out.extend_from_slice(&source[at..hit]);
            out.extend_from_slice(REDACTED.as_bytes());
            at = hit + secret.len();
        }
        out.extend_from_slice(&source[at..]);
        current = Some(out);
    }
    current
}

fn scrub_body(body: &mut Bytes, secrets: &[&[u8]]) -> bool {
    match scrub_bytes(body, secrets) {
        Some(clean) => {
            *body = Bytes::from(clean);
            true
        }
        None => false,
    }
}

fn scrub_string(text: &mut String, secrets: &[&[u8]]) {
    if let Some(clean) = scrub_bytes(text.as_bytes(), secrets) {
        // Secrets are header values (visible ASCII), so a match never splits a UTF-8
        // character and the result is still UTF-8; `from_utf8_lossy` only guards that.
        *text = String::from_utf8_lossy(&clean).into_owned();
    }
}

fn scrub_headers(headers: &mut HeaderMap, secrets: &[&[u8]]) {
    for value in headers.values_mut() {
        if let Some(clean) = scrub_bytes(value.as_bytes(), secrets) {
            let sensitive = value.is_sensitive();
            // The secret and `[REDACTED]` are both valid in a header value, so this cannot
            // fail; if it did, the whole value is replaced.
            *value = HeaderValue::from_bytes(&clean)
                .unwrap_or_else(|_| HeaderValue::from_static(REDACTED));
            value.set_sensitive(sensitive);
        }
    }
}

impl Error {
    /// Replaces every secret `config` sends (the API key, default header values marked
    /// sensitive) with [`REDACTED`] in what this error kept of the response.
    ///
    /// [`operation::execute`](crate::operation::execute), the retry layer and
    /// [`Client`](crate::Client) do this for every error they return; call it yourself when you run
    /// [`Operation::parse_response`](crate::Operation::parse_response) on your own.
    ///
    /// ```
    /// use bytes::Bytes;
    /// use ory_core::{Config, Error};
    ///
    /// let config = Config::builder("https://example.com").api_key("ory_pat_s3cr3t_k3y").build()?;
    /// // A gateway that echoes the request headers into its error page.
    /// let response = http::Response::builder()
    ///     .status(502)
    ///     .body(Bytes::from("<pre>Authorization: Bearer ory_pat_s3cr3t_k3y</pre>"))?;
    /// let err = Error::from_response(response).redact_secrets(&config);
    /// assert_eq!(
    ///     err.body().unwrap(),
    ///     &Bytes::from("<pre>Authorization: Bearer [REDACTED]</pre>")
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn redact_secrets(self, config: &crate::Config) -> Self {
        self.scrub(config.secrets())
    }

    /// Replaces every occurrence of each of `secrets` (the API key, sensitive default header
    /// values) in what this error kept of the response: headers, body, Ory's parsed error,
    /// a decode error's message and path, the request id.
    ///
    /// An Ory error body is parsed again from the scrubbed text; in the unlikely case it no
    /// longer parses (a secret containing a quote), the error becomes
    /// [`ErrorKind::UnexpectedResponse`] with the scrubbed body, so nothing is lost but the
    /// secret.
    pub(crate) fn scrub<'a>(mut self, secrets: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let secrets: Vec<&[u8]> = secrets
            .into_iter()
            .filter(|s| s.len() >= MIN_SECRET_LEN)
            .collect();
        if secrets.is_empty() {
            return self;
        }
        if let Some(id) = &mut self.inner.request_id {
            scrub_string(id, &secrets);
        }
        let kind = &mut self.inner.kind;
        match kind {
            ErrorKind::Api(api) => {
                scrub_headers(&mut api.headers, &secrets);
                if scrub_body(&mut api.raw, &secrets) {
                    match OryErrorBody::parse(&api.raw) {
                        Some(body) => api.body = body,
                        None => {
                            *kind = ErrorKind::UnexpectedResponse(UnexpectedResponse {
                                status: api.status,
                                headers: std::mem::take(&mut api.headers),
                                body: api.raw.clone(),
                            });
                        }
                    }
                }
            }
            ErrorKind::UnexpectedResponse(unexpected) => {
                scrub_headers(&mut unexpected.headers, &secrets);
                scrub_body(&mut unexpected.body, &secrets);
            }
            ErrorKind::Decode(decode) => {
                scrub_headers(&mut decode.headers, &secrets);
                scrub_body(&mut decode.body, &secrets);
                scrub_string(&mut decode.message, &secrets);
                scrub_string(&mut decode.path, &secrets);
            }
            // Nothing of a response: a transport error's message is the transport's, a
            // build error's never contains a key (configuration errors do not echo it).
            ErrorKind::Build(_) | ErrorKind::Transport(_) => {}
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"ory_pat_0123456789";

    #[test]
    fn every_occurrence_is_replaced_and_the_rest_kept() {
        let text = b"a ory_pat_0123456789 b Bearer ory_pat_0123456789ory_pat_0123456789.";
        let clean = scrub_bytes(text, &[KEY]).unwrap();
        assert_eq!(
            String::from_utf8(clean).unwrap(),
            "a [REDACTED] b Bearer [REDACTED][REDACTED]."
        );
        assert_eq!(scrub_bytes(b"nothing here", &[KEY]), None);
        assert_eq!(scrub_bytes(b"", &[KEY]), None);
    }

    #[test]
    fn overlapping_matches_are_replaced_once() {
        let clean = scrub_bytes(b"xaaaaaaaaaaaax", &[b"aaaaaaaa"]).unwrap();
        assert_eq!(clean, b"x[REDACTED]aaaax");
    }

    #[test]
    fn several_secrets() {
        let clean = scrub_bytes(
            b"k=ory_pat_0123456789 h=header-secret-1",
            &[KEY, b"header-secret-1"],
        )
        .unwrap();
        assert_eq!(clean, b"k=[REDACTED] h=[REDACTED]");
    }

    #[test]
    fn short_secrets_are_not_searched_for() {
        let err = Error::from_response(
            http::Response::builder()
                .status(502)
                .body(Bytes::from_static(b"abc abc"))
                .unwrap(),
        )
        .scrub([&b"abc"[..]]);
        assert_eq!(err.body().unwrap(), &Bytes::from_static(b"abc abc"));
    }

    #[test]
    fn an_ory_body_that_no_longer_parses_becomes_unexpected_with_the_scrubbed_body() {
        // A "secret" with quotes in it, found in the JSON's structure: replacing it breaks the
        // JSON, so the error keeps the scrubbed text as an unexpected response.
        let secret: &[u8] = b"\"code\":401";
        let err = Error::from_response(
            http::Response::builder()
                .status(401)
                .body(Bytes::from_static(
                    b"{\"error\":{\"code\":401,\"message\":\"m\"}}",
                ))
                .unwrap(),
        );
        assert!(matches!(err.kind(), ErrorKind::Api(_)));
        let err = err.scrub([secret]);
        assert!(
            matches!(err.kind(), ErrorKind::UnexpectedResponse(_)),
            "{err:?}"
        );
        assert_eq!(err.status(), Some(http::StatusCode::UNAUTHORIZED));
        assert_eq!(
            err.body().unwrap(),
            &Bytes::from_static(b"{\"error\":{[REDACTED],\"message\":\"m\"}}")
        );
    }

    #[test]
    fn an_ory_body_is_parsed_again_from_the_scrubbed_text() {
        let err = Error::from_response(
            http::Response::builder()
                .status(401)
                .header("x-echo", "Bearer ory_pat_0123456789")
                .body(Bytes::from_static(
                    b"{\"error\":{\"code\":401,\"message\":\"bad key ory_pat_0123456789\",\"reason\":\"Bearer ory_pat_0123456789\"}}",
                ))
                .unwrap(),
        )
        .with_request_id_if_absent(Some("req-ory_pat_0123456789"))
        .scrub([KEY]);
        let ErrorKind::Api(api) = err.kind() else {
            panic!("{err:?}")
        };
        assert_eq!(api.message(), "bad key [REDACTED]");
        assert_eq!(api.reason(), Some("Bearer [REDACTED]"));
        assert_eq!(api.headers()["x-echo"], "Bearer [REDACTED]");
        assert_eq!(err.request_id(), Some("req-[REDACTED]"));
        assert!(!format!("{err:?} {err}").contains("0123456789"));
    }
}
