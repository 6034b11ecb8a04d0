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
use tokio::sync::Semaphore;

use crate::builder::{
    HyperTransportBuilder, DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_TIMEOUT,
};
use crate::connector::{Connector, Slots};
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
/// - At most [`DEFAULT_MAX_CONCURRENT_REQUESTS`] (64) requests are in flight at once, and at
///   most as many connections are open to one host; more requests wait their turn (see
///   [`HyperTransportBuilder::max_concurrent_requests`]).
///
/// Cloning is cheap (two reference counts): clones share the connection pool and the
/// request limit.
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
    shared: Arc<Shared<C>>,
    timeout: Duration,
    max_body_size: usize,
    /// Requests in flight: one permit each, from the first poll until the body is read.
    requests: Option<Limit>,
}

/// What every clone shares: the client (and so the pool), and the connection limit of the
/// built-in connector.
struct Shared<C> {
    client: Client<C, Full<Bytes>>,
    connections: Option<Arc<Slots>>,
}

impl<C> Drop for Shared<C> {
    fn drop(&mut self) {
        // Background connections still waiting for a slot give up now instead of connecting
        // for a pool that is gone.
        if let Some(slots) = &self.connections {
            slots.close();
        }
    }
}

#[derive(Clone)]
struct Limit {
    semaphore: Arc<Semaphore>,
    max: usize,
}

impl Limit {
    fn new(max: usize) -> Limit {
        // `Semaphore::new` panics above MAX_PERMITS; no caller can have that many requests.
        let max = max.clamp(1, Semaphore::MAX_PERMITS);
        Limit {
            semaphore: Arc::new(Semaphore::new(max)),
            max,
        }
    }
}

impl HyperTransport {
    /// A transport with the defaults: 30 s per request, 10 s to connect, 16 MiB per response
    /// body, 64 requests (and connections per host) at once, idle connections kept 30 s, HTTP/2
    /// offered by ALPN, the built-in Mozilla roots.
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
    /// Wraps a `hyper_util` client you built, with the default request timeout (30 s), body
    /// limit (16 MiB) and request limit (64 in flight); change them with
    /// [`with_timeout`](Self::with_timeout), [`with_max_body_size`](Self::with_max_body_size)
    /// and [`with_max_concurrent_requests`](Self::with_max_concurrent_requests).
    ///
    /// The legacy client never follows redirects. Connect timeouts, TLS and pool settings
    /// are the client's own. So is the number of connections: the request limit bounds how
    /// many are busy at once, but hyper-util's pool may open a few more than that when a new
    /// connection loses the race to one coming back to the pool; only the built-in
    /// [`Connector`] caps connections exactly.
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
        HyperTransport::assemble(client, None, Some(DEFAULT_MAX_CONCURRENT_REQUESTS))
    }

    /// The builder's way in: `connections` is the built-in connector's limit, if any.
    pub(crate) fn assemble(
        client: Client<C, Full<Bytes>>,
        connections: Option<Arc<Slots>>,
        max_concurrent_requests: Option<usize>,
    ) -> Self {
        HyperTransport {
            shared: Arc::new(Shared {
                client,
                connections,
            }),
            timeout: DEFAULT_TIMEOUT,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            requests: None,
        }
        .with_max_concurrent_requests(max_concurrent_requests)
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

    /// Sets the most requests in flight at once: `Some(n)` (0 is taken as 1) or `None` for no
    /// limit. Requests over the limit wait their turn, first come first served, and the wait
    /// counts against their time limit.
    ///
    /// This value and the clones made from it from now on share the new limit; clones made
    /// before keep the old one. On a transport from [`HyperTransportBuilder`], the builder's
    /// [`max_concurrent_requests`](HyperTransportBuilder::max_concurrent_requests) also caps
    /// connections and stays the ceiling here: a larger value, or `None`, is taken as the
    /// builder's.
    pub fn with_max_concurrent_requests(mut self, max: impl Into<Option<usize>>) -> Self {
        let ceiling = self.shared.connections.as_ref().map(|slots| slots.max());
        let max = match (max.into(), ceiling) {
            (Some(n), Some(c)) => Some(n.min(c)),
            (Some(n), None) => Some(n),
            (None, c) => c,
        };
        self.requests = max.map(Limit::new);
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

    /// The most requests in flight at once, `None` without a limit.
    pub fn max_concurrent_requests(&self) -> Option<usize> {
        self.requests.as_ref().map(|limit| limit.max)
    }

    /// The most connections open to one host at once, when the built-in [`Connector`]
    /// enforces a limit (`None` without a limit or with a client from
    /// [`from_client`](HyperTransport::from_client)).
    pub fn max_connections_per_host(&self) -> Option<usize> {
        self.shared.connections.as_ref().map(|slots| slots.max())
    }
}

impl<C> Clone for HyperTransport<C> {
    fn clone(&self) -> Self {
        HyperTransport {
            shared: Arc::clone(&self.shared),
            timeout: self.timeout,
            max_body_size: self.max_body_size,
            requests: self.requests.clone(),
        }
    }
}

impl<C> fmt::Debug for HyperTransport<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport")
            .field("timeout", &self.timeout)
            .field("max_body_size", &self.max_body_size)
            .field("max_concurrent_requests", &self.max_concurrent_requests())
            .field("max_connections_per_host", &self.max_connections_per_host())
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
        // the first poll, which is inside the time limit and after a request slot is taken.
        let response = self.shared.client.request(request.map(Full::new));
        Box::pin(within(
            self.timeout,
            self.requests.clone(),
            response,
            self.max_body_size,
        ))
    }
}

/// Takes a request slot, then runs [`receive`], all under the time limit. The slot is held
/// until the body is read. (Taking the parts rather than a ready-made future keeps a second
/// copy of that future out of this one.)
async fn within(
    timeout: Duration,
    slots: Option<Limit>,
    response: ResponseFuture,
    limit: usize,
) -> Result<http::Response<Bytes>, TransportError> {
    let mut queued = false;
    let run = async {
        let _slot = match &slots {
            None => None,
            // Fast path: one compare-and-swap when a slot is free.
            Some(slots) => match slots.semaphore.try_acquire() {
                Ok(permit) => Some(permit),
                Err(_) => {
                    queued = true;
                    let permit = slots
                        .semaphore
                        .acquire()
                        .await
                        .map_err(|_| error::limit_closed())?;
                    queued = false;
                    Some(permit)
                }
            },
        };
        receive(response, limit).await
    };
    let outcome = tokio::time::timeout(timeout, run).await;
    match outcome {
        Ok(result) => result,
        Err(_) if queued => Err(error::queued_too_long(
            timeout,
            slots.as_ref().map_or(0, |s| s.max),
        )),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropping_the_last_clone_closes_the_connection_limit() {
        let transport = HyperTransport::builder()
            .max_concurrent_requests(3)
            .build()
            .unwrap();
        let slots = transport.shared.connections.clone().unwrap();
        assert_eq!(slots.max(), 3);
        let clone = transport.clone();
        drop(transport);
        assert!(!slots.is_closed(), "a clone is still alive");
        drop(clone);
        assert!(slots.is_closed());
    }
}
