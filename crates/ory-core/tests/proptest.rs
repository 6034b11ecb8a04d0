//! Property tests: bad input never panics, and what is accepted is what was meant.
//!
//! - every response parser, given any status (100-999), headers and body, returns `Ok` or an
//!   error, and errors keep the status and body;
//! - every path parameter stays one segment and decodes back to the input;
//! - `Config` refuses control and non-ASCII characters in the key, user agent and header
//!   values, accepts everything else, and never shows the key;
//! - the retry decision never waits longer than the policy allows and never retries what is
//!   unsafe to repeat.
//!
//! New operations join the lists in [`response_parsers`] and [`path_builders`]: one line each.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use ory_core::error::{BuildError, ErrorKind};
use ory_core::identity::DisableSession;
use ory_core::meta::{self, RateLimit, ResponseMeta};
use ory_core::operation;
use ory_core::retry::{self, Attempt, Decision, Jitter, Outcome, RetryPolicy, Stop};
use ory_core::transport::TransportErrorKind;
use ory_core::{Config, ConfigError, Error, Operation, OryErrorBody};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// The lists. Add new operations here.
// ---------------------------------------------------------------------------------------------

/// A response parser under test: `Ok(is_success_output)` or the error.
type Parser = fn(http::Response<Bytes>) -> Result<(), Error>;

fn parser(name: &'static str, parse: Parser) -> (&'static str, Parser) {
    (name, parse)
}

/// Every response parser, by name.
fn response_parsers() -> Vec<(&'static str, Parser)> {
    vec![
        parser("DisableSession", |r| {
            DisableSession::new("x").parse_response(r)
        }),
        parser("operation::parse_empty", operation::parse_empty),
        parser("operation::parse_json::<Value>", |r| {
            operation::parse_json::<Value>(r).map(drop)
        }),
        parser("Error::from_response", |r| Err(Error::from_response(r))),
    ]
}

/// Builds a request with the string under test as one path parameter.
type PathBuilder = fn(&Config, &str) -> Result<http::Request<Bytes>, Error>;

fn path_builder(
    name: &'static str,
    template: &'static str,
    build: PathBuilder,
) -> (&'static str, &'static str, PathBuilder) {
    (name, template, build)
}

/// Every operation with a path parameter: its path template, `{}` standing for the parameter
/// under test (other parameters get fixed values written into the template).
fn path_builders() -> Vec<(&'static str, &'static str, PathBuilder)> {
    vec![path_builder(
        "DisableSession",
        "/admin/sessions/{}",
        |config, value| DisableSession::new(value).build_request(config),
    )]
}

// ---------------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------------

const HEADER_NAMES: &[&str] = &[
    "content-type",
    "retry-after",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-request-id",
    "location",
    "link",
    "content-length",
];

fn header_name() -> impl Strategy<Value = HeaderName> {
    prop_oneof![
        3 => proptest::sample::select(HEADER_NAMES).prop_map(HeaderName::from_static),
        1 => "[a-z0-9!#$%&'*+.^_`|~-]{1,16}".prop_filter_map("valid name", |n| {
            HeaderName::from_bytes(n.as_bytes()).ok()
        }),
    ]
}

fn header_value() -> impl Strategy<Value = HeaderValue> {
    // Shapes the parsers look for, and near misses.
    let shaped = prop_oneof![
        "[0-9]{0,25}",
        "-?[0-9]{0,4}(\\.[0-9]{0,12})?(e[+-]?[0-9]{1,4})?",
        "(NaN|inf|-inf|\\+5| 3 |-0|0x10|1_000|18446744073709551616)",
        "(Mon|Sun|Fri), [0-9]{2} (Jan|Nov|Feb) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT",
        "[0-9]{1,3}(, [0-9]{1,3};w=[0-9]{1,3}){0,3}",
        "(application/json|text/html|application/json; charset=utf-8)",
    ]
    .prop_filter_map("valid value", |s| HeaderValue::from_str(&s).ok());
    // Anything a header value may hold, obs-text (0x80-0xff) included: the bytes HTTP forbids
    // are replaced.
    let raw = vec(any::<u8>(), 0..40).prop_filter_map("valid value", |mut bytes| {
        for b in &mut bytes {
            if (*b < 0x20 && *b != b'\t') || *b == 0x7f {
                *b = b'x';
            }
        }
        HeaderValue::from_bytes(&bytes).ok()
    });
    prop_oneof![3 => shaped, 1 => raw]
}

fn headers() -> impl Strategy<Value = HeaderMap> {
    vec((header_name(), header_value()), 0..6).prop_map(|pairs| {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(name, value);
        }
        map
    })
}

const ORY_KEYS: &[&str] = &[
    "error",
    "id",
    "code",
    "status",
    "reason",
    "request",
    "message",
    "details",
    "debug",
    "status_code",
    "error_description",
];

fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(ORY_KEYS).prop_map(str::to_owned),
        "\\PC{0,8}",
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from), // NaN and infinities become null
        "\\PC{0,16}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            btree_map(json_key(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Bodies: random bytes, any JSON, Ory-error-shaped JSON, and JSON cut short.
fn body() -> impl Strategy<Value = Bytes> {
    prop_oneof![
        vec(any::<u8>(), 0..256).prop_map(Bytes::from),
        json().prop_map(|v| Bytes::from(serde_json::to_vec(&v).unwrap())),
        btree_map(json_key(), json(), 0..6).prop_map(|fields| {
            let inner: serde_json::Map<String, Value> = fields.into_iter().collect();
            Bytes::from(serde_json::to_vec(&serde_json::json!({ "error": inner })).unwrap())
        }),
        (json(), any::<proptest::sample::Index>()).prop_map(|(v, cut)| {
            let text = serde_json::to_vec(&v).unwrap();
            let at = cut.index(text.len() + 1);
            Bytes::copy_from_slice(&text[..at])
        }),
    ]
}

fn status() -> impl Strategy<Value = StatusCode> {
    prop_oneof![
        (100u16..=999).prop_map(|s| StatusCode::from_u16(s).unwrap()),
        proptest::sample::select(vec![
            200u16, 201, 204, 400, 401, 404, 409, 429, 500, 502, 503
        ])
        .prop_map(|s| StatusCode::from_u16(s).unwrap()),
    ]
}

fn response(status: StatusCode, headers: &HeaderMap, body: &Bytes) -> http::Response<Bytes> {
    let mut r = http::Response::new(body.clone());
    *r.status_mut() = status;
    *r.headers_mut() = headers.clone();
    r
}

/// Calls every query method of an error; none may panic.
fn exercise(err: &Error) {
    let _ = err.to_string();
    let _ = format!("{err:?}");
    let _ = (err.status(), err.headers(), err.body(), err.ory_error());
    let _ = (err.request_id(), err.attempts(), err.is_retryable());
    let _ = (err.retry_after(), err.rate_limit());
    if let ErrorKind::Api(api) = err.kind() {
        let _ = (api.message(), api.reason());
    }
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parsers_never_panic(status in status(), headers in headers(), body in body()) {
        for (name, parse) in response_parsers() {
            match parse(response(status, &headers, &body)) {
                Ok(()) => prop_assert!(status.is_success(), "{name} accepted {status}"),
                Err(err) => {
                    exercise(&err);
                    // An error from a response keeps its status and body.
                    prop_assert_eq!(err.status(), Some(status), "{}", name);
                    prop_assert_eq!(err.body(), Some(&body), "{}", name);
                }
            }
        }
        // Non-success statuses are errors, Ory-shaped ones as Api.
        let err = Error::from_response(response(status, &headers, &body));
        let is_ory = OryErrorBody::parse(&body).is_some();
        prop_assert_eq!(matches!(err.kind(), ErrorKind::Api(_)), is_ory);
        prop_assert_eq!(matches!(err.kind(), ErrorKind::UnexpectedResponse(_)), !is_ory);
        prop_assert_eq!(
            DisableSession::new("x").parse_response(response(status, &headers, &body)).is_ok(),
            status.is_success()
        );
    }

    #[test]
    fn decode_json_of_any_body(status in status(), headers in headers(), body in body()) {
        let parsed = operation::decode_json::<Value>(status, headers.clone(), body.clone());
        prop_assert_eq!(parsed.is_ok(), serde_json::from_slice::<Value>(&body).is_ok());
        if let Err(err) = parsed {
            exercise(&err);
            prop_assert!(matches!(err.kind(), ErrorKind::Decode(_)));
            prop_assert_eq!(err.body(), Some(&body));
        }
        // A typed target fails at a named path, without panicking.
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Typed { id: String, items: Vec<u32> }
        if let Err(err) = operation::decode_json::<Typed>(status, headers, body) {
            let ErrorKind::Decode(d) = err.kind() else { panic!("{err:?}") };
            prop_assert!(!d.path().is_empty());
            exercise(&err);
        }
    }

    #[test]
    fn ory_error_body_parse(body in body()) {
        if let Some(parsed) = OryErrorBody::parse(&body) {
            // What was parsed serializes, and its text fields survive a round trip.
            let text = serde_json::to_vec(&parsed).unwrap();
            let again: OryErrorBody = serde_json::from_slice(&text).unwrap();
            prop_assert_eq!(&again.id, &parsed.id);
            prop_assert_eq!(&again.message, &parsed.message);
            prop_assert_eq!(&again.reason, &parsed.reason);
            prop_assert_eq!(again.code, parsed.code);
        }
    }

    #[test]
    fn header_metadata_never_panics(headers in headers(), secs in 0u64..4_000_000_000) {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(secs);
        let _ = meta::retry_after(&headers, now);
        let _ = meta::request_id(&headers);
        let rl = RateLimit::from_headers(&headers);
        let meta = ResponseMeta::new(StatusCode::OK, headers.clone());
        prop_assert_eq!(meta.rate_limit(), rl.clone());
        let readable = [meta::X_RATELIMIT_LIMIT, meta::X_RATELIMIT_REMAINING, meta::X_RATELIMIT_RESET]
            .iter()
            .any(|n| headers.get(n).is_some_and(|v| v.to_str().is_ok()));
        prop_assert_eq!(rl.is_some(), readable);
    }

    #[test]
    fn path_parameters_stay_one_segment(value in path_value(), prefix in "(|/ory|/a/b)") {
        let base = format!("https://gw.example.com{prefix}");
        let config = Config::new(&base).unwrap();
        for (name, template, build) in path_builders() {
            match build(&config, &value) {
                Ok(request) => {
                    prop_assert!(!matches!(value.as_str(), "" | "." | ".."), "{name} {value:?}");
                    prop_assert_eq!(request.uri().query(), None);
                    let path = request.uri().path();
                    let segments: Vec<&str> = path.split('/').collect();
                    let want = format!("{prefix}{template}");
                    let want: Vec<&str> = want.split('/').collect();
                    prop_assert_eq!(segments.len(), want.len(), "{} {:?} -> {}", name, value, path);
                    for (got, want) in segments.iter().zip(&want) {
                        if *want == "{}" {
                            prop_assert!(got.bytes().all(|b| b.is_ascii_alphanumeric()
                                || b"-._~%".contains(&b)), "{got}");
                            let decoded = percent_encoding::percent_decode_str(got)
                                .decode_utf8()
                                .unwrap();
                            prop_assert_eq!(decoded.as_ref(), value.as_str());
                        } else {
                            prop_assert_eq!(got, want);
                        }
                    }
                }
                Err(err) => {
                    let ErrorKind::Build(b) = err.kind() else { panic!("{err:?}") };
                    match value.as_str() {
                        "" => prop_assert!(matches!(b, BuildError::EmptyPathParameter { .. }), "{b:?}"),
                        "." | ".." => prop_assert!(matches!(b, BuildError::DotSegment { .. }), "{b:?}"),
                        _ => prop_assert!(false, "{name} refused {value:?}: {err}"),
                    }
                }
            }
        }
    }

    #[test]
    fn config_refuses_or_accepts_and_never_shows_the_key(
        key in config_text(),
        user_agent in proptest::option::of(config_text()),
        value in config_text(),
    ) {
        let key = format!("ory_apikey_{key}");
        let mut builder = Config::builder("https://p.projects.oryapis.com")
            .api_key(key.clone())
            .header("x-tenant", value.clone());
        if let Some(ua) = &user_agent {
            builder = builder.user_agent(ua.clone());
        }
        let builder_debug = format!("{builder:?}");
        let result = builder.build();

        let key_ok = allowed(&key) && !key.contains([' ', '\t']);
        let ua_ok = user_agent.as_deref().is_none_or(|ua| allowed(ua) && !ua.trim().is_empty());
        let value_ok = allowed(&value);
        let key_elsewhere = user_agent.as_deref().is_some_and(|ua| ua.contains(&key)) || value.contains(&key);
        let escaped = format!("{key:?}");
        let escaped = &escaped[1..escaped.len() - 1];

        match &result {
            Ok(config) => {
                prop_assert!(key_ok && ua_ok && value_ok, "accepted {key:?} {user_agent:?} {value:?}");
                let request = config.request_builder(Method::GET, "/x").body(()).unwrap();
                prop_assert_eq!(&request.headers()["authorization"], &format!("Bearer {key}"));
                prop_assert!(request.headers()["authorization"].is_sensitive());
                prop_assert_eq!(&request.headers()["x-tenant"], value.as_str());
                if let Some(ua) = &user_agent {
                    prop_assert_eq!(&request.headers()["user-agent"], ua.as_str());
                }
                let debug = format!("{config:?}");
                if !key_elsewhere {
                    prop_assert!(!debug.contains(&key) && !debug.contains(escaped), "{debug}");
                }
            }
            Err(err) => {
                prop_assert!(!(key_ok && ua_ok && value_ok), "refused valid input: {err}");
                match err {
                    ConfigError::InvalidApiKey { .. } => prop_assert!(!key_ok),
                    ConfigError::InvalidUserAgent { .. } => prop_assert!(!ua_ok),
                    ConfigError::InvalidHeader { .. } => prop_assert!(!value_ok),
                    other => prop_assert!(false, "unexpected {other:?}"),
                }
                if !key_elsewhere {
                    let shown = format!("{err} {err:?}");
                    prop_assert!(!shown.contains(&key) && !shown.contains(escaped), "{shown}");
                }
            }
        }
        if !key_elsewhere {
            prop_assert!(!builder_debug.contains(&key) && !builder_debug.contains(escaped));
        }
    }

    #[test]
    fn any_header_name_is_refused_or_sent(name in "\\PC{0,12}|[A-Za-z0-9-]{1,12}", value in "[ -~]{0,12}") {
        match Config::builder("http://127.0.0.1:4434").header(name.clone(), value.clone()).build() {
            Ok(config) => {
                let request = config.request_builder(Method::GET, "/x").body(()).unwrap();
                let sent: Vec<&[u8]> = request
                    .headers()
                    .get_all(name.as_str())
                    .iter()
                    .map(|v| v.as_bytes())
                    .collect();
                prop_assert!(sent.contains(&value.as_bytes()), "{name:?}: {sent:?}");
            }
            Err(err) => prop_assert!(matches!(err, ConfigError::InvalidHeader { .. }), "{err:?}"),
        }
    }

    #[test]
    fn retry_decisions_stay_within_the_policy(
        max_attempts in 0u32..8,
        base_ms in 0u64..10_000,
        max_ms in 0u64..60_000,
        budget_ms in proptest::option::of(0u64..120_000),
        jitter_mode in proptest::sample::select(vec![Jitter::Equal, Jitter::Full, Jitter::Off]),
        method in proptest::sample::select(vec![
            Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::POST, Method::PATCH,
        ]),
        outcome in outcome(),
        number in 0u32..12,
        elapsed_ms in 0u64..200_000,
        jitter in prop_oneof![0.0..=1.0, any::<f64>()],
    ) {
        let mut policy = RetryPolicy::default()
            .with_max_attempts(max_attempts)
            .with_base_delay(Duration::from_millis(base_ms))
            .with_max_delay(Duration::from_millis(max_ms))
            .with_jitter(jitter_mode);
        policy = match budget_ms {
            Some(ms) => policy.with_budget(Duration::from_millis(ms)),
            None => policy.without_budget(),
        };
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        let elapsed = Duration::from_millis(elapsed_ms);
        let (kind, status, headers) = &outcome;
        let outcome = match kind {
            Some(kind) => Outcome::Transport(*kind),
            None => Outcome::Response { status: *status, headers },
        };
        let decision = policy.decide(&Attempt::new(&method, outcome, number, elapsed, now, jitter));
        let retryable = retry::is_retryable(&method, &outcome);
        let unsafe_to_repeat = !retry::is_idempotent(&method)
            && (matches!(kind, Some(TransportErrorKind::Timeout | TransportErrorKind::Io))
                || (kind.is_none() && (502..=504).contains(&status.as_u16())));
        if unsafe_to_repeat {
            prop_assert!(!retryable);
        }
        match decision {
            Decision::Retry { after } => {
                prop_assert!(retryable);
                prop_assert!(number < policy.max_attempts());
                prop_assert!(after <= policy.max_delay());
                if let Some(budget) = policy.budget() {
                    prop_assert!(elapsed < budget);
                    prop_assert!(after <= budget - elapsed);
                }
                if let Some(asked) = outcome.server_delay(now) {
                    prop_assert!(after >= asked, "waited {after:?}, server asked {asked:?}");
                }
            }
            Decision::Stop(Stop::Final) => prop_assert!(!retryable),
            Decision::Stop(Stop::AttemptsExhausted) => {
                prop_assert!(retryable && number >= policy.max_attempts());
            }
            Decision::Stop(Stop::ServerDelayTooLong { requested }) => {
                prop_assert!(requested > policy.max_delay());
            }
            Decision::Stop(_) => prop_assert!(policy.budget().is_some()),
        }
    }
}

fn outcome() -> impl Strategy<Value = (Option<TransportErrorKind>, StatusCode, HeaderMap)> {
    let kind = proptest::sample::select(vec![
        TransportErrorKind::Connect,
        TransportErrorKind::Timeout,
        TransportErrorKind::Io,
        TransportErrorKind::BodyTooLarge,
        TransportErrorKind::Protocol,
        TransportErrorKind::Other,
    ]);
    (proptest::option::of(kind), status(), headers())
}

/// Path parameter values: anything, with the characters that could break a path made likely.
fn path_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<String>(),
        4 => "[./%?#+ &=;:@a-zA-Z0-9é\\\\]{0,8}",
        1 => Just(String::new()),
        1 => Just(".".to_owned()),
        1 => Just("..".to_owned()),
    ]
}

/// Text for configuration values: anything, with control characters made likely.
fn config_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => "[ -~]{0,16}",
        2 => "[ -~\t\r\n\0\u{1}\u{7f}é]{0,16}",
        1 => any::<String>(),
    ]
}

/// Visible ASCII, space and tab only.
fn allowed(s: &str) -> bool {
    s.bytes().all(|b| b == b'\t' || (0x20..=0x7e).contains(&b))
}
