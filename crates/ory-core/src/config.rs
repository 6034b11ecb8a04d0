//! Client configuration: where the API is, how to authenticate, and what every request carries.
//!
//! A [`Config`] is validated once, when it is built; building a request afterwards never has to
//! re-parse the base URL or re-validate the key. The API key is held as a sensitive header value
//! and is never shown by `Debug`.

use std::fmt;

use http::header::{HeaderMap, HeaderName, HeaderValue};

/// The environment variable that holds the base URL, as in Ory's own tooling.
pub const ENV_SDK_URL: &str = "ORY_SDK_URL";
/// The environment variable that holds the project API key (Ory CLI, Terraform).
pub const ENV_PROJECT_API_KEY: &str = "ORY_PROJECT_API_KEY";
/// The fallback environment variable for the API key (Ory's documentation examples).
pub const ENV_API_KEY: &str = "ORY_API_KEY";

/// The `User-Agent` sent when none is configured: `ory-rs/<version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("ory-rs/", env!("CARGO_PKG_VERSION"));

/// Validated client configuration. Cheap to share: wrap it in an `Arc` or hand it to a
/// [`Client`](crate::Client), which does.
///
/// ```
/// use ory_core::Config;
///
/// let config = Config::builder("https://playground.projects.oryapis.com/")
///     .api_key("ory_apikey_example")
///     .build()?;
/// assert_eq!(config.base_url(), "https://playground.projects.oryapis.com");
/// assert!(!format!("{config:?}").contains("ory_apikey_example"));
///
/// // A self-hosted Kratos admin port needs no key.
/// let kratos = Config::new("http://127.0.0.1:4434")?;
/// assert!(!kratos.has_api_key());
/// # Ok::<(), ory_core::ConfigError>(())
/// ```
#[derive(Clone)]
pub struct Config {
    /// `scheme://authority[/prefix]`, never ending in `/`.
    base_url: String,
    /// `Bearer <key>`, marked sensitive.
    authorization: Option<HeaderValue>,
    user_agent: HeaderValue,
    default_headers: HeaderMap,
}

impl Config {
    /// A configuration for `base_url` with no API key and the default user agent.
    pub fn new(base_url: &str) -> Result<Config, ConfigError> {
        Config::builder(base_url).build()
    }

    /// Starts a builder for `base_url`.
    pub fn builder(base_url: impl Into<String>) -> ConfigBuilder {
        ConfigBuilder {
            base_url: base_url.into(),
            api_key: None,
            user_agent: None,
            headers: Vec::new(),
        }
    }

    /// Reads `ORY_SDK_URL` and `ORY_PROJECT_API_KEY` (falling back to `ORY_API_KEY`).
    ///
    /// The URL is required. The key is optional only when both key variables are unset (a
    /// self-hosted Kratos admin port needs none); a key variable that is set but empty or
    /// malformed is an error naming that variable.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var_os(name))
    }

    /// Like [`Config::from_env`], reading variables through `lookup` (for tests and for
    /// callers with their own configuration source).
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<std::ffi::OsString>,
    ) -> Result<Config, ConfigError> {
        let read = |var: &'static str| -> Result<Option<String>, ConfigError> {
            match lookup(var) {
                None => Ok(None),
                Some(value) => value
                    .into_string()
                    .map(Some)
                    .map_err(|_| ConfigError::InvalidEnv {
                        var,
                        reason: "is not valid UTF-8".into(),
                    }),
            }
        };
        let url = match read(ENV_SDK_URL)? {
            Some(url) if !url.trim().is_empty() => url,
            Some(_) => {
                return Err(ConfigError::InvalidEnv {
                    var: ENV_SDK_URL,
                    reason: "is empty".into(),
                })
            }
            None => return Err(ConfigError::MissingEnv { var: ENV_SDK_URL }),
        };
        let mut builder = Config::builder(url.trim());
        let key = match read(ENV_PROJECT_API_KEY)? {
            Some(key) => Some((ENV_PROJECT_API_KEY, key)),
            None => read(ENV_API_KEY)?.map(|key| (ENV_API_KEY, key)),
        };
        if let Some((var, key)) = key {
            builder = builder.api_key(key);
            return builder.build().map_err(|err| match err {
                ConfigError::InvalidApiKey { reason } => ConfigError::InvalidEnv { var, reason },
                ConfigError::InvalidBaseUrl { reason, .. } => ConfigError::InvalidEnv {
                    var: ENV_SDK_URL,
                    reason,
                },
                other => other,
            });
        }
        builder.build().map_err(|err| match err {
            ConfigError::InvalidBaseUrl { reason, .. } => ConfigError::InvalidEnv {
                var: ENV_SDK_URL,
                reason,
            },
            other => other,
        })
    }

    /// The base URL, without a trailing slash (`https://example.com/ory`).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// True when an API key is configured.
    pub fn has_api_key(&self) -> bool {
        self.authorization.is_some()
    }

    /// The `Authorization` header value (`Bearer <key>`), marked sensitive.
    pub fn authorization(&self) -> Option<&HeaderValue> {
        self.authorization.as_ref()
    }

    /// The secrets this configuration sends: the API key and the values of default headers
    /// marked sensitive. Errors are scrubbed of them ([`crate::error::REDACTED`]).
    pub fn secrets(&self) -> impl Iterator<Item = &[u8]> {
        let key = self.authorization.as_ref().map(|value| {
            value
                .as_bytes()
                .strip_prefix(b"Bearer ")
                .unwrap_or(value.as_bytes())
        });
        let headers = self
            .default_headers
            .values()
            .filter(|value| value.is_sensitive())
            .map(HeaderValue::as_bytes);
        key.into_iter().chain(headers)
    }

    /// The `User-Agent` header value.
    pub fn user_agent(&self) -> &HeaderValue {
        &self.user_agent
    }

    /// Extra headers sent with every request.
    pub fn default_headers(&self) -> &HeaderMap {
        &self.default_headers
    }

    /// Starts a request for `path_and_query` (which must begin with `/`) with every header the
    /// configuration adds: `Accept`, `User-Agent`, `Authorization` when a key is set, and the
    /// default headers. Operations use this; it is public so that users building their own
    /// requests get the same headers.
    pub fn request_builder(
        &self,
        method: http::Method,
        path_and_query: &str,
    ) -> http::request::Builder {
        let mut uri = String::with_capacity(self.base_url.len() + path_and_query.len());
        uri.push_str(&self.base_url);
        uri.push_str(path_and_query);
        let mut builder = http::Request::builder().method(method).uri(uri);
        if let Some(headers) = builder.headers_mut() {
            headers.reserve(4 + self.default_headers.len());
            // Default headers first, so that one of them (an `Accept`, say) replaces the
            // client's own value instead of being sent next to it.
            for (name, value) in &self.default_headers {
                headers.append(name.clone(), value.clone());
            }
            if self.default_headers.is_empty() || !headers.contains_key(http::header::ACCEPT) {
                headers.insert(
                    http::header::ACCEPT,
                    HeaderValue::from_static("application/json"),
                );
            }
            headers.insert(http::header::USER_AGENT, self.user_agent.clone());
            if let Some(auth) = &self.authorization {
                headers.insert(http::header::AUTHORIZATION, auth.clone());
            }
        }
        builder
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("base_url", &self.base_url)
            .field(
                "api_key",
                &self.authorization.as_ref().map(|_| "<redacted>"),
            )
            .field("user_agent", &self.user_agent)
            .field("default_headers", &RedactedHeaders(&self.default_headers))
            .finish()
    }
}

/// Shows header names, and values only for headers that are not sensitive.
pub(crate) struct RedactedHeaders<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if value.is_sensitive() || is_secret_header(name) {
                map.entry(name, &"<redacted>");
            } else {
                map.entry(name, value);
            }
        }
        map.finish()
    }
}

/// Headers whose values are credentials whatever their sensitivity flag says.
pub(crate) fn is_secret_header(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "authorization" | "proxy-authorization" | "cookie" | "set-cookie" | "x-session-token"
    ) || name.as_str().contains("api-key")
        || name.as_str().contains("apikey")
}

/// Builds a [`Config`]; nothing is checked until [`ConfigBuilder::build`].
#[derive(Clone)]
pub struct ConfigBuilder {
    base_url: String,
    api_key: Option<String>,
    user_agent: Option<String>,
    headers: Vec<(String, String)>,
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("base_url", &redact_url(&self.base_url))
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("user_agent", &self.user_agent)
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl ConfigBuilder {
    /// The project API key (`ory_apikey_...`), sent as `Authorization: Bearer <key>`.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Replaces the default `User-Agent` (`ory-rs/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Adds a header sent with every request. `Host`, `Content-Length`, `Transfer-Encoding`,
    /// `Authorization` and `User-Agent` cannot be set this way.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Validates everything and returns the configuration.
    pub fn build(self) -> Result<Config, ConfigError> {
        let base_url = parse_base_url(&self.base_url)?;
        let authorization = match self.api_key {
            None => None,
            Some(key) => Some(bearer(&key)?),
        };
        let user_agent = match self.user_agent {
            None => HeaderValue::from_static(DEFAULT_USER_AGENT),
            Some(agent) => {
                if agent.trim().is_empty() {
                    return Err(ConfigError::InvalidUserAgent {
                        reason: "is empty".into(),
                    });
                }
                header_value(&agent).map_err(|reason| ConfigError::InvalidUserAgent {
                    reason: reason.into(),
                })?
            }
        };
        let mut default_headers = HeaderMap::new();
        for (name, value) in self.headers {
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                ConfigError::InvalidHeader {
                    name: name.clone(),
                    reason: "is not a valid header name".into(),
                }
            })?;
            if matches!(
                header_name.as_str(),
                "host"
                    | "content-length"
                    | "transfer-encoding"
                    | "authorization"
                    | "user-agent"
                    | "connection"
            ) {
                return Err(ConfigError::InvalidHeader {
                    name,
                    reason: "is set by the client and cannot be a default header".into(),
                });
            }
            let mut header_value =
                header_value(&value).map_err(|reason| ConfigError::InvalidHeader {
                    name: name.clone(),
                    reason: reason.into(),
                })?;
            if is_secret_header(&header_name) {
                header_value.set_sensitive(true);
            }
            default_headers.append(header_name, header_value);
        }
        Ok(Config {
            base_url,
            authorization,
            user_agent,
            default_headers,
        })
    }
}

/// Checks a header value: visible ASCII and spaces/tabs only, no CR, LF, NUL or other controls.
pub(crate) fn header_value(value: &str) -> Result<HeaderValue, &'static str> {
    if value.bytes().any(|b| b == b'\r' || b == b'\n') {
        return Err("contains CR or LF");
    }
    if value.bytes().any(|b| b == 0) {
        return Err("contains a NUL byte");
    }
    if value.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return Err("contains a control character");
    }
    if !value.is_ascii() {
        return Err("contains non-ASCII characters");
    }
    HeaderValue::from_str(value).map_err(|_| "is not a valid header value")
}

fn bearer(key: &str) -> Result<HeaderValue, ConfigError> {
    if key.is_empty() {
        return Err(ConfigError::InvalidApiKey {
            reason: "is empty".into(),
        });
    }
    // Control characters first: a key with `\r\n` is an injection attempt, and the error
    // should say so rather than "contains whitespace".
    header_value(key).map_err(|reason| ConfigError::InvalidApiKey {
        reason: reason.into(),
    })?;
    if key.bytes().any(|b| b == b' ' || b == b'\t') {
        return Err(ConfigError::InvalidApiKey {
            reason: "contains whitespace".into(),
        });
    }
    let mut value = HeaderValue::from_str(&format!("Bearer {key}")).map_err(|_| {
        ConfigError::InvalidApiKey {
            reason: "is not a valid header value".into(),
        }
    })?;
    value.set_sensitive(true);
    Ok(value)
}

fn parse_base_url(input: &str) -> Result<String, ConfigError> {
    let fail = |reason: &str| ConfigError::InvalidBaseUrl {
        url: redact_url(input),
        reason: reason.to_owned(),
    };
    if input.is_empty() {
        return Err(fail("is empty"));
    }
    if input
        .bytes()
        .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
    {
        return Err(fail("contains whitespace or control characters"));
    }
    if input.contains('#') {
        return Err(fail("must not contain a fragment"));
    }
    let uri: http::Uri = input.parse().map_err(|_| fail("is not a valid URL"))?;
    let scheme = match uri.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("https") => "https",
        Some(s) if s.eq_ignore_ascii_case("http") => "http",
        Some(_) => return Err(fail("must use http or https")),
        None => return Err(fail("must be absolute, starting with http:// or https://")),
    };
    let authority = uri.authority().ok_or_else(|| fail("has no host"))?;
    if authority.as_str().contains('@') {
        return Err(fail(
            "must not contain credentials; use the API key instead",
        ));
    }
    if authority.host().is_empty() {
        return Err(fail("has no host"));
    }
    if uri.query().is_some() {
        return Err(fail("must not contain a query"));
    }
    let prefix = uri.path().trim_end_matches('/');
    Ok(format!(
        "{scheme}://{}{prefix}",
        authority.as_str().to_ascii_lowercase()
    ))
}

/// `url` with the parts that may hold a secret replaced by `<redacted>`: the user info
/// (`user:password@`), the query and the fragment. For showing a URL the configuration refuses
/// (a key pasted into it must not end up in logs).
fn redact_url(url: &str) -> String {
    const REDACTED: &str = "<redacted>";
    let (rest, fragment) = match url.split_once('#') {
        Some((rest, _)) => (rest, true),
        None => (url, false),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((rest, _)) => (rest, true),
        None => (rest, false),
    };
    let (scheme, after_scheme) = match rest.split_once("://") {
        Some((scheme, after)) => (Some(scheme), after),
        None => (None, rest),
    };
    let authority_end = after_scheme.find('/').unwrap_or(after_scheme.len());
    let (authority, path) = after_scheme.split_at(authority_end);
    let mut out = String::with_capacity(url.len());
    if let Some(scheme) = scheme {
        out.push_str(scheme);
        out.push_str("://");
    }
    match authority.rsplit_once('@') {
        Some((_, host)) => {
            out.push_str(REDACTED);
            out.push('@');
            out.push_str(host);
        }
        None => out.push_str(authority),
    }
    out.push_str(path);
    if query {
        out.push('?');
        out.push_str(REDACTED);
    }
    if fragment {
        out.push('#');
        out.push_str(REDACTED);
    }
    out
}

/// Why a [`Config`] could not be made. Never contains the API key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// The base URL is not an absolute http(s) URL.
    InvalidBaseUrl {
        /// The URL as given, with any user info, query and fragment replaced by `<redacted>`
        /// (they may hold a secret).
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The API key cannot be sent in a header.
    InvalidApiKey {
        /// What is wrong with it (the key itself is never included).
        reason: String,
    },
    /// The user agent cannot be sent in a header.
    InvalidUserAgent {
        /// What is wrong with it.
        reason: String,
    },
    /// A default header has a bad name or value.
    InvalidHeader {
        /// The header name as given.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A required environment variable is not set.
    MissingEnv {
        /// The variable's name.
        var: &'static str,
    },
    /// An environment variable is set but unusable.
    InvalidEnv {
        /// The variable's name.
        var: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::InvalidBaseUrl { url, reason } => {
                write!(f, "invalid base URL {url:?}: {reason}")
            }
            ConfigError::InvalidApiKey { reason } => write!(f, "invalid API key: it {reason}"),
            ConfigError::InvalidUserAgent { reason } => {
                write!(f, "invalid user agent: it {reason}")
            }
            ConfigError::InvalidHeader { name, reason } => {
                write!(f, "invalid default header {name:?}: it {reason}")
            }
            ConfigError::MissingEnv { var } => {
                if *var == ENV_SDK_URL {
                    write!(
                        f,
                        "{var} is not set: set it to your Ory project URL \
                         (https://<slug>.projects.oryapis.com) or a Kratos admin URL"
                    )
                } else {
                    write!(f, "{var} is not set")
                }
            }
            ConfigError::InvalidEnv { var, reason } => {
                write!(f, "environment variable {var} is invalid: it {reason}")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_forms() {
        for (input, expected) in [
            (
                "https://playground.projects.oryapis.com",
                "https://playground.projects.oryapis.com",
            ),
            (
                "https://playground.projects.oryapis.com/",
                "https://playground.projects.oryapis.com",
            ),
            ("http://127.0.0.1:4434", "http://127.0.0.1:4434"),
            ("https://gw.example.com/ory", "https://gw.example.com/ory"),
            ("https://gw.example.com/ory/", "https://gw.example.com/ory"),
            ("HTTPS://GW.example.com/Ory//", "https://gw.example.com/Ory"),
            ("http://[::1]:4434/", "http://[::1]:4434"),
        ] {
            assert_eq!(Config::new(input).unwrap().base_url(), expected, "{input}");
        }
    }

    #[test]
    fn bad_base_urls() {
        for input in [
            "",
            "playground.projects.oryapis.com",
            "ftp://example.com",
            "https://",
            "https://example.com/?a=b",
            "https://example.com/#x",
            "https://user:pw@example.com",
            "https://exa mple.com",
            "https://example.com\r\n",
            "/relative",
        ] {
            let err = Config::new(input).unwrap_err();
            assert!(
                matches!(err, ConfigError::InvalidBaseUrl { .. }),
                "{input}: {err:?}"
            );
        }
    }

    #[test]
    fn secrets_in_a_refused_url_are_not_echoed() {
        for (input, shown) in [
            (
                "https://user:ory_apikey_SECRET@x.example/ory",
                "https://<redacted>@x.example/ory",
            ),
            ("https://SECRET@x.example", "https://<redacted>@x.example"),
            (
                "https://a@b:SECRET@x.example",
                "https://<redacted>@x.example",
            ),
            (
                "https://x.example/ory?api_key=SECRET",
                "https://x.example/ory?<redacted>",
            ),
            ("https://x.example/#SECRET", "https://x.example/#<redacted>"),
            ("x.example?k=SECRET#f", "x.example?<redacted>#<redacted>"),
            ("ftp://x.example/p", "ftp://x.example/p"),
        ] {
            let builder = Config::builder(input).api_key("ory_apikey_SECRET");
            assert!(!format!("{builder:?}").contains("SECRET"), "{builder:?}");
            let err = builder.build().unwrap_err();
            match &err {
                ConfigError::InvalidBaseUrl { url, .. } => assert_eq!(url, shown, "{input}"),
                other => panic!("{input}: {other:?}"),
            }
            assert!(!format!("{err} {err:?}").contains("SECRET"), "{err}");
        }
        assert_eq!(redact_url(""), "");
        assert_eq!(redact_url("https://"), "https://");
        assert_eq!(redact_url("@?#"), "<redacted>@?<redacted>#<redacted>");
    }

    #[test]
    fn key_with_control_characters_is_refused_and_not_echoed() {
        for key in [
            "ory_apikey_x\r\nX-Evil: 1",
            "ory_apikey_x\n",
            "a\0b",
            "",
            "two words",
            "ünïcode",
        ] {
            let err = Config::builder("https://x.example")
                .api_key(key)
                .build()
                .unwrap_err();
            assert!(matches!(err, ConfigError::InvalidApiKey { .. }), "{key:?}");
            if key.contains(['\r', '\n']) {
                assert!(err.to_string().contains("CR or LF"), "{key:?}: {err}");
            }
            if !key.is_empty() {
                assert!(!err.to_string().contains(key));
                assert!(!format!("{err:?}").contains(key));
            }
        }
    }

    #[test]
    fn debug_redacts_key() {
        let config = Config::builder("https://x.example")
            .api_key("ory_apikey_SECRET")
            .header("X-Api-Key", "other-SECRET")
            .header("X-Tenant", "blue")
            .build()
            .unwrap();
        let debug = format!(
            "{config:?} {:?}",
            Config::builder("https://x").api_key("ory_apikey_SECRET")
        );
        assert!(!debug.contains("SECRET"), "{debug}");
        assert!(debug.contains("blue"));
        assert!(config.authorization().unwrap().is_sensitive());
        assert_eq!(config.authorization().unwrap(), "Bearer ory_apikey_SECRET");
    }

    #[test]
    fn default_accept_replaces_the_clients_own() {
        let config = Config::builder("http://x")
            .header("Accept", "application/problem+json")
            .header("X-Tenant", "a")
            .header("X-Tenant", "b")
            .build()
            .unwrap();
        let request = config
            .request_builder(http::Method::GET, "/admin/identities")
            .body(())
            .unwrap();
        let accept: Vec<_> = request.headers().get_all("accept").iter().collect();
        assert_eq!(accept, ["application/problem+json"]);
        let tenants: Vec<_> = request.headers().get_all("x-tenant").iter().collect();
        assert_eq!(tenants, ["a", "b"]);
    }

    #[test]
    fn user_agent_and_headers_are_checked() {
        assert_eq!(
            Config::new("http://x").unwrap().user_agent(),
            DEFAULT_USER_AGENT
        );
        assert!(matches!(
            Config::builder("http://x").user_agent("a\r\nb").build(),
            Err(ConfigError::InvalidUserAgent { .. })
        ));
        assert!(matches!(
            Config::builder("http://x").header("X-A", "v\n").build(),
            Err(ConfigError::InvalidHeader { .. })
        ));
        assert!(matches!(
            Config::builder("http://x").header("Bad Name", "v").build(),
            Err(ConfigError::InvalidHeader { .. })
        ));
        assert!(matches!(
            Config::builder("http://x").header("Host", "evil").build(),
            Err(ConfigError::InvalidHeader { .. })
        ));
    }

    #[test]
    fn from_env_names_the_variable() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| std::ffi::OsString::from(*v))
            }
        };
        let err = Config::from_lookup(env(&[])).unwrap_err();
        assert_eq!(err, ConfigError::MissingEnv { var: ENV_SDK_URL });
        assert!(err.to_string().contains("ORY_SDK_URL"));

        let err = Config::from_lookup(env(&[("ORY_SDK_URL", "nope")])).unwrap_err();
        assert!(matches!(
            err,
            ConfigError::InvalidEnv {
                var: ENV_SDK_URL,
                ..
            }
        ));

        let config = Config::from_lookup(env(&[("ORY_SDK_URL", "http://127.0.0.1:4434")])).unwrap();
        assert!(!config.has_api_key());

        let config = Config::from_lookup(env(&[
            ("ORY_SDK_URL", "https://p.projects.oryapis.com"),
            ("ORY_API_KEY", "ory_apikey_fallback"),
        ]))
        .unwrap();
        assert_eq!(
            config.authorization().unwrap(),
            "Bearer ory_apikey_fallback"
        );

        let config = Config::from_lookup(env(&[
            ("ORY_SDK_URL", "https://p.projects.oryapis.com"),
            ("ORY_PROJECT_API_KEY", "ory_apikey_project"),
            ("ORY_API_KEY", "ory_apikey_fallback"),
        ]))
        .unwrap();
        assert_eq!(config.authorization().unwrap(), "Bearer ory_apikey_project");

        let err = Config::from_lookup(env(&[
            ("ORY_SDK_URL", "https://p.projects.oryapis.com"),
            ("ORY_PROJECT_API_KEY", "bad\nkey"),
        ]))
        .unwrap_err();
        assert!(matches!(
            err,
            ConfigError::InvalidEnv {
                var: ENV_PROJECT_API_KEY,
                ..
            }
        ));
        assert!(!err.to_string().contains("bad\nkey"));
    }
}
