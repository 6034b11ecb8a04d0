//! [`HyperTransport`]: the [`HttpTransport`] over a pooled hyper-util client.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Body;
use hyper_util::client::legacy::connect::Connect;
use hyper_util::client::legacy::{Client, ResponseFuture};
use ory_core::transport::{HttpTransport, TransportError};

use crate::builder::{HyperTransportBuilder, DEFAULT_MAX_BODY_SIZE, DEFAULT_TIMEOUT};
use crate::connector::Connector;
use crate::error;

/// An [`HttpTransport`] over one pooled `hyper_util` client.
///
/// - Connections are pooled and reused: HTTP/1.1 keep-alive, and HTTP/2 when an `https`
///   server picks it by ALPN. `http://` URLs (loopback, an in-cluster Kratos admin port) use
///   plain TCP.
/// - TLS is rustls with the `ring` provider, trusting the Mozilla roots built into the binary
///   plus any you add (see [`HyperTransportBuilder`]). Verification cannot be turned off.
/// - Redirects are **never** followed: a `307` is returned as the response (which
///   `ory-core` reports as an error), so the API key never reaches another location.
/// - Every request has a time limit covering connect, send, response head and the whole
///   body, and every response body a size limit.
///
/// Cloning is cheap (one reference count): clones share the connection pool.
///
/// Sending needs a Tokio runtime with I/O and time enabled (`#[tokio::main]`,
/// `Builder::enable_all()`); building does not.
///
/// ```no_run
/// use ory_core::{Client, Config};
/// use ory_hyper::HyperTransport;
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client = Client::new(Config::from_env()?, HyperTransport::new());
/// client.disable_session("9f425a8d-7b3f-4c8e-9a51-0c3f2b6a1d7e").await?;
/// # Ok(())
/// # }
/// ```
///
/// With a client you built yourself (a proxy connector, a custom resolver), use
/// [`HyperTransport::from_client`].
pub struct HyperTransport<C = Connector> {
    client: Arc<Client<C, Full<Bytes>>>,
    timeout: Duration,
    max_body_size: usize,
}

impl HyperTransport {
    /// A transport with the defaults: 30 s per request, 10 s to connect, 16 MiB per response
    /// body, idle connections kept 30 s, HTTP/2 offered by ALPN, the built-in Mozilla roots.
    ///
    /// Infallible: only custom root certificates can make
    /// [`HyperTransportBuilder::build`] fail, and the defaults have none.
    pub fn new() -> Self {
        match HyperTransportBuilder::new().build() {
            Ok(transport) => transport,
            // The built-in roots are non-empty and parse, and the ring provider supports the
            // default protocol versions; the `defaults_build` test keeps it that way.
            Err(err) => unreachable!("the default HyperTransport configuration failed: {err}"),
        }
    }

    /// Starts a [`HyperTransportBuilder`].
    pub fn builder() -> HyperTransportBuilder {
        HyperTransportBuilder::new()
    }
}

impl Default for HyperTransport {
    fn default() -> Self {
        HyperTransport::new()
    }
}

impl<C> HyperTransport<C>
where
    C: Connect + Clone + Send + Sync + 'static,
{
    /// Wraps a `hyper_util` client you built, with the default request timeout (30 s) and
    /// body limit (16 MiB); change them with [`with_timeout`](Self::with_timeout) and
    /// [`with_max_body_size`](Self::with_max_body_size).
    ///
    /// The legacy client never follows redirects. Connect timeouts, TLS and pool settings
    /// are the client's own.
    ///
    /// ```
    /// use bytes::Bytes;
    /// use http_body_util::Full;
    /// use hyper_util::client::legacy::{Client, ResponseFuture};
    /// use hyper_util::rt::TokioExecutor;
    /// use ory_hyper::HyperTransport;
    ///
    /// // Plain HTTP only, for a Kratos admin port on loopback.
    /// let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    /// let transport = HyperTransport::from_client(client)
    ///     .with_timeout(std::time::Duration::from_secs(5));
    /// # drop(transport);
    /// ```
    pub fn from_client(client: Client<C, Full<Bytes>>) -> Self {
        HyperTransport {
            client: Arc::new(client),
            timeout: DEFAULT_TIMEOUT,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
        }
    }
}

impl<C> HyperTransport<C> {
    /// Sets the time limit for a whole request (connect, send, response head and body).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the largest response body accepted, in bytes.
    pub fn with_max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// The time limit for a whole request.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The largest response body accepted, in bytes.
    pub fn max_body_size(&self) -> usize {
        self.max_body_size
    }
}

impl<C> Clone for HyperTransport<C> {
    fn clone(&self) -> Self {
        HyperTransport {
            client: Arc::clone(&self.client),
            timeout: self.timeout,
            max_body_size: self.max_body_size,
        }
    }
}

impl<C> fmt::Debug for HyperTransport<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport")
            .field("timeout", &self.timeout)
            .field("max_body_size", &self.max_body_size)
            .finish_non_exhaustive()
    }
}

// Written out instead of with `#[async_trait]` (the signature is the one the macro gives the
// trait): the request goes to hyper-util before the future is boxed, so the boxed future
// holds neither the request nor `&self`, which keeps it at about half the size.
impl<C> HttpTransport for HyperTransport<C>
where
    C: Connect + Clone + Send + Sync + 'static,
{
    fn send<'life0, 'async_trait>(
        &'life0 self,
        request: http::Request<Bytes>,
    ) -> Pin<
        Box<
            dyn Future<Output = Result<http::Response<Bytes>, TransportError>>
                + Send
                + 'async_trait,
        >,
    >
    where
        'life0: 'async_trait,
        Self: 'async_trait,
    {
        // `request` checks the URI and sets up hyper-util's future; no I/O happens before
        // the first poll, which is inside the time limit.
        let response = self.client.request(request.map(Full::new));
        Box::pin(within(self.timeout, response, self.max_body_size))
    }
}

/// [`receive`] under the time limit. (Taking the parts rather than a ready-made future keeps
/// a second copy of that future out of this one.)
async fn within(
    timeout: Duration,
    response: ResponseFuture,
    limit: usize,
) -> Result<http::Response<Bytes>, TransportError> {
    match tokio::time::timeout(timeout, receive(response, limit)).await {
        Ok(result) => result,
        Err(_) => Err(error::timed_out(timeout)),
    }
}

/// Waits for the response head, then reads the whole body within `limit` bytes.
async fn receive(
    response: ResponseFuture,
    limit: usize,
) -> Result<http::Response<Bytes>, TransportError> {
    let response = response.await.map_err(error::from_client_error)?;
    let (parts, body) = response.into_parts();
    // A declared length over the limit is refused before reading a byte.
    let declared = body.size_hint().lower();
    if declared > u64::try_from(limit).unwrap_or(u64::MAX) {
        return Err(error::body_too_large(limit, Some(declared)));
    }
    let body = Limited::new(body, limit)
        .collect()
        .await
        .map_err(|e| error::from_body_error(e, limit))?
        .to_bytes();
    Ok(http::Response::from_parts(parts, body))
}
