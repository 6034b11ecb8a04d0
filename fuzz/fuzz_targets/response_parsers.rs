//! Any status, headers and body into every response parser and the error type.
//!
//! Input format (so seeds can be written by hand): the first line is the status (digits; folded
//! into 100-999), each following line up to an empty line is `name: value`, the rest is the
//! body. Lines that are not valid headers are skipped.
//!
//! Checks, beyond "no panic": a parser succeeds only on 2xx; an error keeps the status and the
//! raw body; `Error::from_response` is `Api` exactly when `OryErrorBody::parse` accepts the body;
//! every query method, `Display` and `Debug` run; the retry decision on the response never
//! waits longer than the policy allows.
#![no_main]

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use libfuzzer_sys::fuzz_target;
use ory_core::error::ErrorKind;
use ory_core::identity::DisableSession;
use ory_core::meta::{self, RateLimit, ResponseMeta};
use ory_core::retry::{Attempt, Decision, Outcome, RetryPolicy};
use ory_core::{operation, Error, Operation, OryErrorBody};

type Parser = fn(http::Response<Bytes>) -> Result<(), Error>;

/// Every response parser. New operations join here (and in crates/ory-core/tests/proptest.rs).
fn parsers() -> [(&'static str, Parser); 4] {
    [
        ("DisableSession", |r| {
            DisableSession::new("x").parse_response(r)
        }),
        ("operation::parse_empty", operation::parse_empty),
        ("operation::parse_json::<Value>", |r| {
            operation::parse_json::<serde_json::Value>(r).map(drop)
        }),
        ("Error::from_response", |r| Err(Error::from_response(r))),
    ]
}

fn split(data: &[u8]) -> (StatusCode, HeaderMap, Bytes) {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (data, &[][..]),
    };
    let mut lines = head.split(|b| *b == b'\n');
    let status = lines
        .next()
        .and_then(|l| std::str::from_utf8(l).ok())
        .and_then(|l| l.trim().parse::<u32>().ok())
        .map_or(200, |n| {
            if (100..=999).contains(&n) {
                n
            } else {
                100 + n % 900
            }
        });
    let status = StatusCode::from_u16(status as u16).expect("100..=999 is a valid status");
    let mut headers = HeaderMap::new();
    for line in lines {
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        let (name, value) = (line[..colon].trim_ascii(), line[colon + 1..].trim_ascii());
        if let (Ok(name), Ok(value)) =
            (HeaderName::from_bytes(name), HeaderValue::from_bytes(value))
        {
            headers.append(name, value);
        }
    }
    (status, headers, Bytes::copy_from_slice(body))
}

fn response(status: StatusCode, headers: &HeaderMap, body: &Bytes) -> http::Response<Bytes> {
    let mut r = http::Response::new(body.clone());
    *r.status_mut() = status;
    *r.headers_mut() = headers.clone();
    r
}

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

fuzz_target!(|data: &[u8]| {
    let (status, headers, body) = split(data);

    for (name, parse) in parsers() {
        match parse(response(status, &headers, &body)) {
            Ok(()) => assert!(status.is_success(), "{name} accepted {status}"),
            Err(err) => {
                exercise(&err);
                assert_eq!(err.status(), Some(status), "{name}");
                assert_eq!(err.body(), Some(&body), "{name}");
            }
        }
    }

    let err = Error::from_response(response(status, &headers, &body));
    let is_ory = OryErrorBody::parse(&body).is_some();
    assert_eq!(matches!(err.kind(), ErrorKind::Api(_)), is_ory);

    let _ = operation::decode_json::<serde_json::Value>(status, headers.clone(), body.clone());

    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
    let _ = meta::retry_after(&headers, now);
    let _ = meta::request_id(&headers);
    let meta = ResponseMeta::new(status, headers.clone());
    assert_eq!(meta.rate_limit(), RateLimit::from_headers(&headers));

    let policy = RetryPolicy::default();
    let outcome = Outcome::Response {
        status,
        headers: &headers,
    };
    for method in [Method::GET, Method::POST] {
        let attempt = Attempt::new(&method, outcome, 1, Duration::ZERO, now, 0.5);
        if let Decision::Retry { after } = policy.decide(&attempt) {
            assert!(after <= policy.max_delay());
            assert!(after >= outcome.server_delay(now).unwrap_or_default());
        }
    }
});
