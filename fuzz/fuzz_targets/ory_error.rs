//! Any bytes as an Ory error body.
//!
//! Checks, beyond "no panic": what `OryErrorBody::parse` accepts serializes, and its text and
//! integer fields survive a round trip; `Error::from_response` on the same body agrees with it
//! and its `Display` names the status.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use ory_core::{Error, OryErrorBody};

fuzz_target!(|data: &[u8]| {
    let parsed = OryErrorBody::parse(data);
    if let Some(body) = &parsed {
        let text = serde_json::to_vec(body).expect("an error body serializes");
        let again: OryErrorBody = serde_json::from_slice(&text).expect("and parses back");
        assert_eq!(again.id, body.id);
        assert_eq!(again.code, body.code);
        assert_eq!(again.status, body.status);
        assert_eq!(again.reason, body.reason);
        assert_eq!(again.request, body.request);
        assert_eq!(again.message, body.message);
        assert_eq!(again.status_code, body.status_code);
        assert_eq!(again.error, body.error);
        assert_eq!(again.error_description, body.error_description);
    }

    let mut response = http::Response::new(Bytes::copy_from_slice(data));
    *response.status_mut() = http::StatusCode::BAD_REQUEST;
    let err = Error::from_response(response);
    assert_eq!(err.ory_error().is_some(), parsed.is_some());
    let shown = err.to_string();
    assert!(shown.contains("400"), "{shown}");
    let _ = format!("{err:?}");
});
