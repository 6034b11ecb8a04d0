//! Mapping hyper's and hyper-util's errors to [`TransportError`] kinds.
//!
//! The original error is kept as the source (wrapped so that `Display` reads as the actual
//! cause, such as "tcp connect error: Connection refused", rather than hyper-util's
//! "client error (Connect)"); walking `source()` reaches the hyper-util or hyper error and
//! below it the `io::Error` or `rustls::Error`.

use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::time::Duration;

use http_body_util::LengthLimitError;
use ory_core::transport::{TransportError, TransportErrorKind};

use crate::connector::ConnectTimeout;

type BoxError = Box<dyn StdError + Send + Sync>;

/// Maps an error from `hyper_util::client::legacy::Client::request` (before any response
/// head arrived).
pub(crate) fn from_client_error(err: hyper_util::client::legacy::Error) -> TransportError {
    let kind = if err.is_connect() {
        // Refused, DNS, TLS handshake and the connect timeout: nothing of the request was
        // sent. A handshake that rustls refused (unknown issuer, another name, no common
        // version) is told apart: it will fail the same way if tried again.
        if chain(err.source()).any(|e| e.is::<rustls::Error>()) {
            TransportErrorKind::Tls
        } else {
            TransportErrorKind::Connect
        }
    } else {
        classify(err.source())
    };
    let description = describe(&err, true);
    TransportError::with_source(
        kind,
        Cause {
            description,
            error: Box::new(err),
        },
    )
}

/// Maps an error from reading the response body (through `http_body_util::Limited`).
pub(crate) fn from_body_error(err: BoxError, limit: usize) -> TransportError {
    if err.is::<LengthLimitError>() {
        return body_too_large(limit, None);
    }
    let kind = classify(Some(&*err));
    let description = describe(&*err, false);
    TransportError::with_source(
        kind,
        Cause {
            description,
            error: err,
        },
    )
}

pub(crate) fn body_too_large(limit: usize, content_length: Option<u64>) -> TransportError {
    let message = match content_length {
        Some(length) => {
            format!("the response declares {length} bytes, more than the limit of {limit} bytes")
        }
        None => format!("the response body exceeds the limit of {limit} bytes"),
    };
    TransportError::new(TransportErrorKind::BodyTooLarge).with_message(message)
}

pub(crate) fn timed_out(limit: Duration) -> TransportError {
    TransportError::new(TransportErrorKind::Timeout)
        .with_message(format!("no complete response within {limit:?}"))
}

/// The time limit ran out while the request waited for a slot: nothing was sent.
pub(crate) fn queued_too_long(limit: Duration, max: usize) -> TransportError {
    TransportError::new(TransportErrorKind::Timeout).with_message(format!(
        "no complete response within {limit:?}: the request waited for one of the \
         {max} request slots all that time and was not sent (max_concurrent_requests)"
    ))
}

/// The request limit's semaphore was closed; it never is, but no `unwrap` either.
pub(crate) fn limit_closed() -> TransportError {
    TransportError::new(TransportErrorKind::Other).with_message("the request limit was closed")
}

/// Classifies the errors below the top-level one.
fn classify(first: Option<&(dyn StdError + 'static)>) -> TransportErrorKind {
    let mut saw_hyper_or_io = false;
    for err in chain(first) {
        if err.is::<LengthLimitError>() {
            return TransportErrorKind::BodyTooLarge;
        }
        if err.is::<ConnectTimeout>() {
            return TransportErrorKind::Connect;
        }
        if err.is::<rustls::Error>() {
            // A TLS failure after the handshake (bad record, unexpected alert): the
            // connection broke.
            return TransportErrorKind::Io;
        }
        if let Some(hyper_err) = err.downcast_ref::<hyper::Error>() {
            saw_hyper_or_io = true;
            if hyper_err.is_timeout() {
                return TransportErrorKind::Timeout;
            }
            if hyper_err.is_parse() {
                return TransportErrorKind::Protocol;
            }
            if hyper_err.is_user() {
                return TransportErrorKind::Other;
            }
            // Closed, canceled, incomplete message, body errors: look below for the
            // `io::Error`, default to `Io`.
            continue;
        }
        if let Some(io_err) = err.downcast_ref::<io::Error>() {
            saw_hyper_or_io = true;
            match io_err.kind() {
                io::ErrorKind::TimedOut => return TransportErrorKind::Timeout,
                // hyper's body decoder reports a malformed chunked encoding or a bad length
                // this way; a broken TLS record has a `rustls::Error` inside and is handled
                // above when the chain reaches it.
                io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput
                    if !io_err.get_ref().is_some_and(|e| e.is::<rustls::Error>()) =>
                {
                    return TransportErrorKind::Protocol
                }
                _ => {}
            }
        }
    }
    if saw_hyper_or_io {
        TransportErrorKind::Io
    } else {
        TransportErrorKind::Other
    }
}

/// Iterates over an error chain. An `io::Error` wrapping a custom error shows that error's
/// `Display` but skips it in `source()`, so the walk steps into it explicitly.
fn chain<'a>(
    first: Option<&'a (dyn StdError + 'static)>,
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    let mut next = first;
    std::iter::from_fn(move || {
        let current = next?;
        next = match current.downcast_ref::<io::Error>() {
            Some(io_err) => match io_err.get_ref() {
                Some(inner) => Some(inner as &(dyn StdError + 'static)),
                None => current.source(),
            },
            None => current.source(),
        };
        Some(current)
    })
}

/// "tcp connect error: Connection refused (os error 111)": the messages of the chain, each
/// once, without hyper-util's uninformative "client error (...)" when there is more below.
fn describe(top: &(dyn StdError + 'static), skip_top: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    let start = if skip_top { top.source() } else { Some(top) };
    for err in chain(start) {
        // An `io::Error` with a custom payload displays as that payload, which comes next.
        if err
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.get_ref().is_some())
        {
            continue;
        }
        let text = err.to_string();
        if text.is_empty() || parts.iter().any(|p| p.ends_with(&text)) {
            continue;
        }
        parts.push(text);
    }
    if parts.is_empty() {
        top.to_string()
    } else {
        parts.join(": ")
    }
}

/// The source of a [`TransportError`] made here: displays the cause chain's messages and
/// exposes the original hyper or hyper-util error as its `source()`.
struct Cause {
    description: String,
    error: BoxError,
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.description)
    }
}

impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.error, f)
    }
}

impl StdError for Cause {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_kinds() {
        let reset: BoxError = Box::new(io::Error::from(io::ErrorKind::ConnectionReset));
        assert_eq!(classify(Some(&*reset)), TransportErrorKind::Io);
        let bad_chunk: BoxError = Box::new(io::Error::new(
            io::ErrorKind::InvalidInput,
            "invalid chunk size line",
        ));
        assert_eq!(classify(Some(&*bad_chunk)), TransportErrorKind::Protocol);
        let tls: BoxError = Box::new(io::Error::new(
            io::ErrorKind::InvalidData,
            rustls::Error::DecryptError,
        ));
        assert_eq!(classify(Some(&*tls)), TransportErrorKind::Io);
        let other: BoxError = "something".into();
        assert_eq!(classify(Some(&*other)), TransportErrorKind::Other);
    }

    #[test]
    fn descriptions_step_into_io_errors() {
        let inner = io::Error::new(
            io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer),
        );
        let outer: BoxError = Box::new(io::Error::other(inner));
        let err = from_body_error(outer, 10);
        assert_eq!(
            err.to_string(),
            "connection error: invalid peer certificate: UnknownIssuer"
        );
        let found = chain(StdError::source(&err)).any(|e| {
            matches!(
                e.downcast_ref::<rustls::Error>(),
                Some(rustls::Error::InvalidCertificate(_))
            )
        });
        assert!(found);
    }
}
