//! The default connector: DNS + TCP + optional TLS, bounded by the connect timeout, and a cap
//! on the connections open at once.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_rustls::{HttpsConnector, MaybeHttpsStream};
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, TryAcquireError};

type BoxError = Box<dyn StdError + Send + Sync>;

/// The connector [`HyperTransport`](crate::HyperTransport) uses by default.
///
/// It resolves the host, opens a TCP connection (`TCP_NODELAY` set) and, for `https` URLs,
/// performs the rustls handshake, offering HTTP/2 and HTTP/1.1 by ALPN unless HTTP/2 was
/// turned off. `http` URLs get plain TCP (for loopback or in-cluster Kratos admin ports).
/// The whole of it, DNS and TLS included, is bounded by the connect timeout; running out
/// of time is reported as a connect failure, since nothing of the request was sent.
///
/// With a connection limit ([`HyperTransportBuilder::max_concurrent_requests`]), every
/// connection holds one slot of its host from the moment it starts connecting until it is
/// closed, so no more than that many are ever open to one host at once. A connection that
/// finds every slot of its host taken waits for one, at most the connect timeout, and then
/// fails as a connect failure.
///
/// [`HyperTransportBuilder::max_concurrent_requests`]: crate::HyperTransportBuilder::max_concurrent_requests
///
/// Build one through [`HyperTransportBuilder`](crate::HyperTransportBuilder); the type is
/// public only so that it can name the default of [`HyperTransport`](crate::HyperTransport)'s
/// type parameter.
///
/// Cloning is one reference count: hyper-util clones its connector for every request, even
/// when a pooled connection serves it, so the parts are cloned only for a real connect.
#[derive(Clone)]
pub struct Connector {
    inner: Arc<Inner>,
}

struct Inner {
    https: HttpsConnector<HttpConnector>,
    connect_timeout: Duration,
    slots: Option<Arc<Slots>>,
}

/// The connection limit: per host (`scheme://authority`), one permit per open connection.
///
/// Per host, like the pool itself: with one count for all hosts, idle connections to hosts
/// no longer called would hold slots that a new host needs until they expire.
pub(crate) struct Slots {
    max: usize,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
    closed: AtomicBool,
}

impl Slots {
    pub(crate) fn new(max: usize) -> Arc<Slots> {
        Arc::new(Slots {
            // `Semaphore::new` panics above MAX_PERMITS.
            max: max.clamp(1, Semaphore::MAX_PERMITS),
            hosts: Mutex::new(HashMap::new()),
            closed: AtomicBool::new(false),
        })
    }

    /// The most connections per host.
    pub(crate) fn max(&self) -> usize {
        self.max
    }

    /// The count of `host`, made on first use. Counts that nobody holds (no connection open,
    /// none waiting) are dropped on the way, so the map holds only hosts with connections.
    fn host(&self, host: &str) -> Option<Arc<Semaphore>> {
        let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        // Checked under the lock, so `close` misses no count made after it.
        if self.closed.load(Ordering::SeqCst) {
            return None;
        }
        // A count is cloned only here, under the lock, or by a holder of a clone; one held
        // by the map alone has every permit free and can go.
        hosts.retain(|_, semaphore| Arc::strong_count(semaphore) > 1);
        let semaphore = hosts
            .entry(host.to_owned())
            .or_insert_with(|| Arc::new(Semaphore::new(self.max)));
        Some(Arc::clone(semaphore))
    }

    /// Ends every wait for a slot, now and later (the transport was dropped).
    pub(crate) fn close(&self) {
        let hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        self.closed.store(true, Ordering::SeqCst);
        for semaphore in hosts.values() {
            semaphore.close();
        }
    }

    #[cfg(test)]
    pub(crate) fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    #[cfg(test)]
    fn hosts(&self) -> usize {
        self.hosts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

impl Connector {
    pub(crate) fn new(
        https: HttpsConnector<HttpConnector>,
        connect_timeout: Duration,
        slots: Option<Arc<Slots>>,
    ) -> Self {
        Connector {
            inner: Arc::new(Inner {
                https,
                connect_timeout,
                slots,
            }),
        }
    }
}

impl fmt::Debug for Connector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connector")
            .field("connect_timeout", &self.inner.connect_timeout)
            .field(
                "max_connections_per_host",
                &self.inner.slots.as_ref().map(|slots| slots.max),
            )
            .finish_non_exhaustive()
    }
}

impl tower_service::Service<Uri> for Connector {
    type Response = ConnectorStream;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        // Readiness is asked of the clone that makes the connection, in `call`.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let inner = Arc::clone(&self.inner);
        Box::pin(async move {
            let limit = inner.connect_timeout;
            // The slot is taken before connecting and travels with the stream, so it is given
            // back when the connection is closed, not when the request that opened it ends.
            let slot = match &inner.slots {
                None => None,
                Some(slots) => Some(take_slot(slots, &dst, limit).await?),
            };
            let mut https = inner.https.clone();
            let connecting = async move {
                std::future::poll_fn(|cx| https.poll_ready(cx)).await?;
                https.call(dst).await
            };
            match tokio::time::timeout(limit, connecting).await {
                Ok(Ok(stream)) => Ok(ConnectorStream {
                    inner: stream,
                    _slot: slot,
                }),
                Ok(Err(err)) => Err(err),
                Err(_) => Err(Box::new(ConnectTimeout(limit)) as BoxError),
            }
        })
    }
}

/// Waits for a slot of `dst`'s host, at most `wait`.
///
/// hyper-util's pool races a new connection against a connection coming back to the pool
/// and, when the pool wins, finishes the new one in the background. The request limit alone
/// therefore does not bound connections; this does. A background connection that finds no
/// slot gives up after `wait`; a request's own connection finds one soon, since with as many
/// requests as slots in flight, some open connection to its host is idle or on its way back
/// to the pool.
async fn take_slot(
    slots: &Slots,
    dst: &Uri,
    wait: Duration,
) -> Result<OwnedSemaphorePermit, BoxError> {
    let host = format!(
        "{}://{}",
        dst.scheme_str().unwrap_or(""),
        dst.authority().map_or("", |a| a.as_str())
    );
    let Some(semaphore) = slots.host(&host) else {
        return Err(Box::new(TransportDropped));
    };
    match Arc::clone(&semaphore).try_acquire_owned() {
        Ok(permit) => return Ok(permit),
        Err(TryAcquireError::Closed) => return Err(Box::new(TransportDropped)),
        Err(TryAcquireError::NoPermits) => {}
    }
    match tokio::time::timeout(wait, semaphore.acquire_owned()).await {
        Ok(Ok(permit)) => Ok(permit),
        Ok(Err(_closed)) => Err(Box::new(TransportDropped)),
        Err(_) => Err(Box::new(NoConnectionSlot {
            max: slots.max,
            waited: wait,
        })),
    }
}

/// A connection made by [`Connector`]: TCP, with TLS for `https` URLs. It holds one slot of
/// its host's connection limit until it is dropped, which is when hyper closes the
/// connection.
pub struct ConnectorStream {
    inner: MaybeHttpsStream<TokioIo<TcpStream>>,
    _slot: Option<OwnedSemaphorePermit>,
}

impl fmt::Debug for ConnectorStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectorStream")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

impl Connection for ConnectorStream {
    fn connected(&self) -> Connected {
        // Carries the ALPN result: HTTP/2 is used only when the server picked it.
        self.inner.connected()
    }
}

impl Read for ConnectorStream {
    #[inline]
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<Result<(), io::Error>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl Write for ConnectorStream {
    #[inline]
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<Result<usize, io::Error>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    #[inline]
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), io::Error>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    #[inline]
    fn poll_shutdown(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Result<(), io::Error>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    #[inline]
    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    #[inline]
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<Result<usize, io::Error>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }
}

/// Every connection slot stayed taken for as long as a new connection may wait.
#[derive(Debug)]
pub(crate) struct NoConnectionSlot {
    max: usize,
    waited: Duration,
}

impl fmt::Display for NoConnectionSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "all {} connections to the host stayed busy for {:?} (max_concurrent_requests)",
            self.max, self.waited
        )
    }
}

impl StdError for NoConnectionSlot {}

/// The transport was dropped while a background connection waited for a slot.
#[derive(Debug)]
pub(crate) struct TransportDropped;

impl fmt::Display for TransportDropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the transport was dropped")
    }
}

impl StdError for TransportDropped {}

/// The connect timeout ran out before the connection (TLS included) was ready.
#[derive(Debug)]
pub(crate) struct ConnectTimeout(pub(crate) Duration);

impl fmt::Display for ConnectTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "connect timed out after {:?}", self.0)
    }
}

impl StdError for ConnectTimeout {}

#[cfg(test)]
mod tests {
    use hyper_rustls::HttpsConnectorBuilder;
    use rustls::{ClientConfig, RootCertStore};
    use tower_service::Service;

    use super::*;

    fn connector(slots: Option<Arc<Slots>>) -> Connector {
        let tls =
            ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_root_certificates(RootCertStore::from_iter(
                    webpki_roots::TLS_SERVER_ROOTS.iter().cloned(),
                ))
                .with_no_client_auth();
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        let https = HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        Connector::new(https, Duration::from_millis(200), slots)
    }

    async fn listen() -> (Uri, tokio::task::JoinHandle<()>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let uri = format!("http://{}", listener.local_addr().unwrap())
            .parse()
            .unwrap();
        let server = tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                held.push(stream);
            }
        });
        (uri, server)
    }

    #[tokio::test]
    async fn a_connection_holds_its_slot_until_it_is_closed() {
        let (uri, server) = listen().await;
        let slots = Slots::new(2);
        let mut connector = connector(Some(Arc::clone(&slots)));

        let first = connector.call(uri.clone()).await.unwrap();
        let second = connector.call(uri.clone()).await.unwrap();

        // A third finds no slot within the connect timeout: a connect error, nothing sent.
        let err = connector.call(uri.clone()).await.unwrap_err();
        assert!(err.is::<NoConnectionSlot>(), "{err}");
        assert_eq!(
            err.to_string(),
            "all 2 connections to the host stayed busy for 200ms (max_concurrent_requests)"
        );

        // Closing a connection frees its slot, for a waiting connection too.
        drop(first);
        let third = connector.call(uri.clone()).await.unwrap();
        let waiting = tokio::spawn({
            let mut connector = connector.clone();
            let uri = uri.clone();
            async move { connector.call(uri).await }
        });
        drop(second);
        let fourth = waiting.await.unwrap().unwrap();

        // A closed limit (the transport was dropped) ends the wait at once.
        let waiting = tokio::spawn({
            let mut connector = connector.clone();
            let uri = uri.clone();
            async move { connector.call(uri).await }
        });
        slots.close();
        let err = waiting.await.unwrap().unwrap_err();
        assert!(err.is::<TransportDropped>(), "{err}");
        drop((third, fourth));
        // ... and refuses new connections, even with free slots.
        let err = connector.call(uri).await.unwrap_err();
        assert!(err.is::<TransportDropped>(), "{err}");
        server.abort();
    }

    #[tokio::test]
    async fn each_host_has_its_own_slots() {
        let (a, server_a) = listen().await;
        let (b, server_b) = listen().await;
        let slots = Slots::new(1);
        let mut connector = connector(Some(Arc::clone(&slots)));

        // An open (say idle) connection to one host does not keep another from connecting.
        let to_a = connector.call(a.clone()).await.unwrap();
        let to_b = connector.call(b.clone()).await.unwrap();
        assert_eq!(slots.hosts(), 2);
        let err = connector.call(a.clone()).await.unwrap_err();
        assert!(err.is::<NoConnectionSlot>(), "{err}");

        // Hosts without connections are forgotten.
        drop(to_a);
        drop(to_b);
        let again = connector.call(b).await.unwrap();
        assert_eq!(slots.hosts(), 1);
        drop(again);
        server_a.abort();
        server_b.abort();
    }

    #[tokio::test]
    async fn without_a_limit_connections_are_not_counted() {
        let (uri, server) = listen().await;
        let mut connector = connector(None);
        let mut streams = Vec::new();
        for _ in 0..8 {
            streams.push(connector.call(uri.clone()).await.unwrap());
        }
        let text = format!("{connector:?}");
        assert!(text.contains("max_connections_per_host: None"), "{text}");
        server.abort();
    }
}
