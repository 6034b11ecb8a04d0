//! The transport seam: how a built request reaches the server.
//!
//! `ory-core` never performs I/O. An [`HttpTransport`] takes the `http::Request<Bytes>` an
//! operation built and returns the `http::Response<Bytes>` the server sent, or a
//! [`TransportError`] when nothing usable came back. `ory-hyper` provides one implementation;
//! any other HTTP stack plugs into the same trait.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

use bytes::Bytes;

/// Sends one HTTP request and returns the complete response.
///
/// Implementations must not follow redirects (a redirect would carry the API key to another
/// location) and should bound the time of every request and the size of every body.
/// The trait is object safe: `Arc<dyn HttpTransport>` and `Box<dyn HttpTransport>` work.
///
/// ```
/// use bytes::Bytes;
/// use ory_core::transport::{HttpTransport, TransportError};
///
/// /// Answers every request with 204, for example in a test.
/// struct AlwaysNoContent;
///
/// #[async_trait::async_trait]
/// impl HttpTransport for AlwaysNoContent {
///     async fn send(
///         &self,
///         _request: http::Request<Bytes>,
///     ) -> Result<http::Response<Bytes>, TransportError> {
///         Ok(http::Response::builder().status(204).body(Bytes::new()).unwrap())
///     }
/// }
/// ```
#[async_trait::async_trait]
pub trait HttpTransport: Send + Sync {
    /// Sends `request` and returns the response with its whole body.
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError>;
}

#[async_trait::async_trait]
impl<T: HttpTransport + ?Sized> HttpTransport for &T {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        (**self).send(request).await
    }
}

#[async_trait::async_trait]
impl<T: HttpTransport + ?Sized> HttpTransport for Arc<T> {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        (**self).send(request).await
    }
}

#[async_trait::async_trait]
impl<T: HttpTransport + ?Sized> HttpTransport for Box<T> {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        (**self).send(request).await
    }
}

/// What kind of failure a [`TransportError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (refused, DNS failure, connect time limit, a connection
    /// lost during the TLS handshake). Nothing of the request reached the server, so it is
    /// always safe to retry.
    Connect,
    /// The TLS handshake was refused: the server's certificate is not trusted for this host
    /// (unknown issuer, another name, expired) or no protocol version or cipher suite was
    /// agreed. Nothing of the request reached the server, and sending it again will not help,
    /// so it is not retried.
    Tls,
    /// The request did not complete within the time limit. The server may have acted on it.
    Timeout,
    /// The connection failed after it was made (reset, closed early, truncated body). The
    /// server may have acted on the request.
    Io,
    /// The response body exceeded the configured size limit.
    BodyTooLarge,
    /// The server answered with something that is not valid HTTP.
    Protocol,
    /// Anything else.
    Other,
}

impl TransportErrorKind {
    fn as_str(self) -> &'static str {
        match self {
            TransportErrorKind::Connect => "connection failed",
            TransportErrorKind::Tls => "TLS handshake failed",
            TransportErrorKind::Timeout => "request timed out",
            TransportErrorKind::Io => "connection error",
            TransportErrorKind::BodyTooLarge => "response body too large",
            TransportErrorKind::Protocol => "HTTP protocol error",
            TransportErrorKind::Other => "transport error",
        }
    }
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A transport failure: no usable response came back.
pub struct TransportError {
    kind: TransportErrorKind,
    message: Option<String>,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

impl TransportError {
    /// A new error of `kind` with no further detail.
    pub fn new(kind: TransportErrorKind) -> Self {
        TransportError {
            kind,
            message: None,
            source: None,
        }
    }

    /// A new error of `kind` caused by `source`.
    pub fn with_source(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn StdError + Send + Sync + 'static>>,
    ) -> Self {
        TransportError {
            kind,
            message: None,
            source: Some(source.into()),
        }
    }

    /// Adds a human-readable detail, shown after the kind in `Display`.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The detail message, if one was given.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// True when the request certainly never reached the server ([`TransportErrorKind::Connect`]).
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }

    /// True when the TLS handshake was refused ([`TransportErrorKind::Tls`]): nothing was
    /// sent either.
    pub fn is_tls(&self) -> bool {
        self.kind == TransportErrorKind::Tls
    }

    /// True for [`TransportErrorKind::Timeout`].
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }

    /// True for [`TransportErrorKind::BodyTooLarge`].
    pub fn is_body_too_large(&self) -> bool {
        self.kind == TransportErrorKind::BodyTooLarge
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.as_str())?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_object_safe(_: &dyn HttpTransport) {}

    struct Fixed;

    #[async_trait::async_trait]
    impl HttpTransport for Fixed {
        async fn send(
            &self,
            _request: http::Request<Bytes>,
        ) -> Result<http::Response<Bytes>, TransportError> {
            Err(TransportError::new(TransportErrorKind::Timeout).with_message("after 30s"))
        }
    }

    #[tokio::test]
    async fn blanket_impls_forward() {
        let fixed = Fixed;
        assert_object_safe(&fixed);
        let arc: Arc<dyn HttpTransport> = Arc::new(Fixed);
        let boxed: Box<dyn HttpTransport> = Box::new(Fixed);
        for t in [&fixed as &dyn HttpTransport, &arc, &boxed, &&fixed] {
            let err = t.send(http::Request::new(Bytes::new())).await.unwrap_err();
            assert!(err.is_timeout());
            assert_eq!(err.to_string(), "request timed out: after 30s");
        }
    }

    #[test]
    fn source_is_exposed() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let err = TransportError::with_source(TransportErrorKind::Connect, io);
        assert!(err.is_connect());
        assert!(err.source().is_some());
        assert_eq!(err.to_string(), "connection failed: refused");
    }
}
